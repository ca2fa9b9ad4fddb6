// The two shapes of a check: an operation that must work, and one that
// must be refused with S3's AccessDenied. Each prints one report line.

/** Runs fn; PASS with its detail when it works, FAIL with the error when not. */
export async function expectAllowed(ctx, name, fn) {
  try {
    const detail = await fn();
    return ctx.report.pass(name, detail ?? "allowed");
  } catch (e) {
    return ctx.report.fail(name, `${e.name}: ${e.message}`);
  }
}

/** Runs fn; PASS only when it is refused with AccessDenied. */
export async function expectDenied(ctx, name, fn) {
  try {
    await fn();
    return ctx.report.fail(name, "allowed, expected AccessDenied");
  } catch (e) {
    if (e.name === "AccessDenied") return ctx.report.pass(name, "AccessDenied");
    return ctx.report.fail(name, `${e.name} (${e.$metadata?.httpStatusCode ?? "no status"}): ${e.message}, expected AccessDenied`);
  }
}
