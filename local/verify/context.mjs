// Which stack to verify: the same context the Makefile's cdk targets read
// (cdk.json's "context", then CDK_ARGS' `-c key=value`), so `make verify`
// finds the stack `make deploy` made. Pure functions, unit-tested.

/** The stack name `cdk deploy` uses when the stackName key is unset (config.DefaultStackName). */
export const DEFAULT_STACK_NAME = "PrivateFolders";

/** Splits CDK_ARGS into words (quotes group words, as a shell would for simple cases). */
export function splitArgs(text = "") {
  const words = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m; (m = re.exec(text)); ) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/** The `-c key=value` / `--context key=value` pairs of cdk arguments. */
export function contextFromArgs(args) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    let pair;
    if (args[i] === "-c" || args[i] === "--context") pair = args[++i];
    else if (args[i].startsWith("--context=")) pair = args[i].slice("--context=".length);
    if (!pair || !pair.includes("=")) continue;
    const eq = pair.indexOf("=");
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/**
 * { stackName, region } from cdk.json's parsed content and CDK_ARGS (the
 * arguments win, as with cdk). region is undefined when the context pins
 * none: the SDK's own (AWS_REGION, the profile) then applies.
 */
export function stackFromContext(cdkJson = {}, cdkArgs = "") {
  const ctx = { ...(cdkJson.context ?? {}), ...contextFromArgs(splitArgs(cdkArgs)) };
  return { stackName: ctx.stackName || DEFAULT_STACK_NAME, region: ctx.region || undefined };
}
