// The deployed stack's facts and what the site serves must agree: pure
// comparisons of the stack outputs (DescribeStacks), /config.json,
// /amplify_outputs.json and the site's security headers. Each returns a
// list of problems (empty = fine), each naming the field and both values.

/** The outputs every verification needs (stacks/stack.go addOutputs). */
export const REQUIRED_OUTPUTS = ["SiteUrl", "UserPoolId", "UserPoolClientId", "IdentityPoolId", "DataBucketName", "Region", "AmplifyOutputs"];

/** { OutputKey: OutputValue } of a DescribeStacks stack. */
export function outputsOf(stack) {
  return Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
}

/** The required outputs a stack lacks. */
export function missingOutputs(outputs) {
  return REQUIRED_OUTPUTS.filter((k) => !outputs[k]);
}

const differ = (what, served, output, expected) => (served === expected ? [] : [`${what} is ${JSON.stringify(served)}, stack output ${output} is ${JSON.stringify(expected)}`]);

/** /config.json against the stack outputs. */
export function configProblems(config, outputs) {
  return [
    ...differ("config.json region", config?.region, "Region", outputs.Region),
    ...differ("config.json userPoolId", config?.userPoolId, "UserPoolId", outputs.UserPoolId),
    ...differ("config.json userPoolClientId", config?.userPoolClientId, "UserPoolClientId", outputs.UserPoolClientId),
    ...differ("config.json identityPoolId", config?.identityPoolId, "IdentityPoolId", outputs.IdentityPoolId),
    ...differ("config.json bucket", config?.bucket, "DataBucketName", outputs.DataBucketName),
  ];
}

/**
 * /amplify_outputs.json against the stack outputs: the ids and names in it
 * must be the stack's (the AmplifyOutputs output is the same document).
 */
export function amplifyProblems(served, outputs) {
  let stackDoc = {};
  try {
    stackDoc = JSON.parse(outputs.AmplifyOutputs ?? "{}");
  } catch {
    return ["stack output AmplifyOutputs is not JSON"];
  }
  const a = served?.auth ?? {};
  const s = served?.storage ?? {};
  return [
    ...differ("amplify_outputs.json auth.user_pool_id", a.user_pool_id, "UserPoolId", outputs.UserPoolId),
    ...differ("amplify_outputs.json auth.user_pool_client_id", a.user_pool_client_id, "UserPoolClientId", outputs.UserPoolClientId),
    ...differ("amplify_outputs.json auth.identity_pool_id", a.identity_pool_id, "IdentityPoolId", outputs.IdentityPoolId),
    ...differ("amplify_outputs.json auth.aws_region", a.aws_region, "Region", outputs.Region),
    ...differ("amplify_outputs.json storage.bucket_name", s.bucket_name, "DataBucketName", outputs.DataBucketName),
    ...differ("amplify_outputs.json version", served?.version, "AmplifyOutputs version", stackDoc.version),
  ];
}

/** HSTS must last at least a year (the template sets two). */
export const MIN_HSTS_SECONDS = 31536000;

/** The CSP's directives: { name: [values] }. */
export function parseCsp(csp = "") {
  const out = {};
  for (const part of csp.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

/**
 * The site's security headers (a Headers-like get(name)): a CSP with
 * default-src 'none', frame-ancestors 'none' and no 'unsafe-inline' or
 * 'unsafe-eval' in script-src; HSTS of at least a year; X-Frame-Options DENY;
 * nosniff.
 */
export function headerProblems(headers) {
  const get = (n) => headers.get(n) ?? "";
  const problems = [];
  const csp = parseCsp(get("content-security-policy"));
  if (!get("content-security-policy")) problems.push("no Content-Security-Policy");
  else {
    if (csp["default-src"]?.join(" ") !== "'none'") problems.push(`CSP default-src is ${JSON.stringify(csp["default-src"]?.join(" ") ?? "unset")}, want 'none'`);
    if (csp["frame-ancestors"]?.join(" ") !== "'none'") problems.push(`CSP frame-ancestors is ${JSON.stringify(csp["frame-ancestors"]?.join(" ") ?? "unset")}, want 'none'`);
    const script = csp["script-src"] ?? csp["default-src"] ?? [];
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "*"]) if (script.includes(bad)) problems.push(`CSP script-src allows ${bad}`);
  }
  const hsts = get("strict-transport-security");
  const maxAge = Number((/max-age=(\d+)/i.exec(hsts) ?? [])[1] ?? NaN);
  if (!hsts) problems.push("no Strict-Transport-Security");
  else if (!(maxAge >= MIN_HSTS_SECONDS)) problems.push(`Strict-Transport-Security max-age is ${hsts}, want at least ${MIN_HSTS_SECONDS}`);
  if (get("x-frame-options").toUpperCase() !== "DENY") problems.push(`X-Frame-Options is ${JSON.stringify(get("x-frame-options") || "unset")}, want DENY`);
  if (get("x-content-type-options").toLowerCase() !== "nosniff") problems.push(`X-Content-Type-Options is ${JSON.stringify(get("x-content-type-options") || "unset")}, want nosniff`);
  return problems;
}
