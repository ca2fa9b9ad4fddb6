// The small test runner of the scripts that are not node --test (Amplify,
// Storage Browser): each case prints "ok"/"FAIL" with its time and note,
// and finish() ends with "N passed, N failed" (exit 1 on any failure).

/** onFail(error, count): called after a failure is printed (screenshots and the like). */
export function createRunner({ onFail = async () => {} } = {}) {
  const started = Date.now();
  const results = [];
  const indent = (text, lines) => String(text).split("\n").slice(0, lines).join("\n      ");
  return {
    results,
    async test(name, fn) {
      const t0 = Date.now();
      try {
        const note = await fn();
        results.push({ name, ok: true });
        console.log(`ok    ${name} (${Date.now() - t0} ms)${note ? `\n      ${indent(note, Infinity)}` : ""}`);
      } catch (e) {
        results.push({ name, ok: false });
        console.log(`FAIL  ${name} (${Date.now() - t0} ms)\n      ${indent(e?.stack ?? e, 25)}`);
        await onFail(e, results.length);
      }
    },
    /** Records a failure outside any case (preparation). */
    fail(name) {
      results.push({ name, ok: false });
    },
    finish() {
      const passed = results.filter((r) => r.ok).length;
      const failed = results.length - passed;
      console.log(`total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
}
