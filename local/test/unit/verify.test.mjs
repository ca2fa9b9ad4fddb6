// make verify's pure parts: the context it reads the stack name from, the
// comparisons of what the site serves with the stack outputs, the security
// headers' rules, passwords, the report lines, the ledger's helpers, the
// composite CRC32, the settings' extension point, and the sharing module's
// pure parts (URLs, the drop's form, shares in the ledger and their revoking).
import assert from "node:assert/strict";
import { test } from "node:test";
import { compositeCrc32 } from "../../verify/checks/isolation.mjs";
import { settingChecks, settingOn } from "../../verify/checks/index.mjs";
import { afterScan } from "../../verify/checks/scan.mjs";
import { dropForm, isPresigned, listUrl, shareApi, siteUrl, unknownShareId } from "../../verify/checks/share.mjs";
import { contextFromArgs, DEFAULT_STACK_NAME, splitArgs, stackFromContext } from "../../verify/context.mjs";
import { batches, distinct, Inflight, Ledger, revokeShares } from "../../verify/ledger.mjs";
import { amplifyProblems, configProblems, headerProblems, missingOutputs, outputsOf, parseCsp } from "../../verify/outputs.mjs";
import { throwawayEmail, throwawayPassword } from "../../verify/password.mjs";
import { formatLine, Report } from "../../verify/report.mjs";
import { ownerIdOf } from "../../verify/users.mjs";
import { parseArgs } from "../../verify/verify.mjs";
import { passwordProblems } from "../../src/users.mjs";

const OUTPUTS = {
  SiteUrl: "https://d1.cloudfront.net/",
  UserPoolId: "eu-west-1_Abc",
  UserPoolClientId: "client",
  IdentityPoolId: "eu-west-1:pool",
  DataBucketName: "data",
  Region: "eu-west-1",
  AmplifyOutputs: JSON.stringify({ version: "1.4" }),
};

test("the stack name and region come from cdk.json's context, CDK_ARGS winning, as cdk reads them", () => {
  assert.deepEqual(stackFromContext({}, ""), { stackName: DEFAULT_STACK_NAME, region: undefined });
  assert.deepEqual(stackFromContext({ context: { stackName: "Files", region: "eu-west-1" } }, ""), { stackName: "Files", region: "eu-west-1" });
  assert.deepEqual(stackFromContext({ context: { stackName: "Files" } }, '-c stackName=Other --context region=us-east-1 -c "x=a b"'), { stackName: "Other", region: "us-east-1" });
  assert.deepEqual(splitArgs(`-c 'a=b c' --context=d=e`), ["-c", "a=b c", "--context=d=e"]);
  assert.deepEqual(contextFromArgs(["--context=d=e", "-c", "noequals", "--profile", "p"]), { d: "e" });
});

test("command line: --stack, --region, --local take a value; anything else is refused by name", () => {
  assert.deepEqual(parseArgs(["--stack", "S", "--region", "eu-west-1"]), { stack: "S", region: "eu-west-1" });
  assert.deepEqual(parseArgs(["--local", "f.json"]), { local: "f.json" });
  assert.throws(() => parseArgs(["--stack"]), /--stack needs a value/);
  assert.throws(() => parseArgs(["--stak", "S"]), /unknown argument "--stak"/);
});

test("stack outputs: read from DescribeStacks, the required ones named when missing", () => {
  const outputs = outputsOf({ Outputs: [{ OutputKey: "SiteUrl", OutputValue: "https://x/" }] });
  assert.deepEqual(outputs, { SiteUrl: "https://x/" });
  assert.deepEqual(missingOutputs(outputs), ["UserPoolId", "UserPoolClientId", "IdentityPoolId", "DataBucketName", "Region", "AmplifyOutputs"]);
  assert.deepEqual(missingOutputs(OUTPUTS), []);
});

test("config.json and amplify_outputs.json must carry the stack's ids; each difference names the field and both values", () => {
  const config = { region: "eu-west-1", userPoolId: "eu-west-1_Abc", userPoolClientId: "client", identityPoolId: "eu-west-1:pool", bucket: "data" };
  assert.deepEqual(configProblems(config, OUTPUTS), []);
  assert.deepEqual(configProblems({ ...config, bucket: "old" }, OUTPUTS), ['config.json bucket is "old", stack output DataBucketName is "data"']);
  const amplify = {
    version: "1.4",
    auth: { user_pool_id: "eu-west-1_Abc", user_pool_client_id: "client", identity_pool_id: "eu-west-1:pool", aws_region: "eu-west-1" },
    storage: { bucket_name: "data" },
  };
  assert.deepEqual(amplifyProblems(amplify, OUTPUTS), []);
  assert.deepEqual(amplifyProblems({ ...amplify, auth: { ...amplify.auth, user_pool_client_id: "stale" } }, OUTPUTS), [
    'amplify_outputs.json auth.user_pool_client_id is "stale", stack output UserPoolClientId is "client"',
  ]);
  assert.deepEqual(amplifyProblems(amplify, { ...OUTPUTS, AmplifyOutputs: "{" }), ["stack output AmplifyOutputs is not JSON"]);
});

test("security headers: CSP (default-src and frame-ancestors 'none', no unsafe script), HSTS of a year or more, X-Frame-Options DENY, nosniff", () => {
  const good = new Headers({
    "content-security-policy": "default-src 'none'; script-src 'self'; frame-ancestors 'none'",
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
  });
  assert.deepEqual(headerProblems(good), []);
  assert.deepEqual(parseCsp("default-src 'none'; img-src 'self' data:")["img-src"], ["'self'", "data:"]);
  const bad = new Headers({ "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'", "strict-transport-security": "max-age=300", "x-frame-options": "SAMEORIGIN" });
  assert.deepEqual(headerProblems(bad), [
    `CSP default-src is "'self'", want 'none'`,
    'CSP frame-ancestors is "unset", want \'none\'',
    "CSP script-src allows 'unsafe-inline'",
    "Strict-Transport-Security max-age is max-age=300, want at least 31536000",
    'X-Frame-Options is "SAMEORIGIN", want DENY',
    'X-Content-Type-Options is "unset", want nosniff',
  ]);
  assert.deepEqual(headerProblems(new Headers()).slice(0, 2), ["no Content-Security-Policy", "no Strict-Transport-Security"]);
});

test("throwaway passwords meet the strictest Cognito policy and the pool's minimum length; emails are undeliverable", () => {
  const strict = { minLength: 8, lower: true, upper: true, digit: true, symbol: true };
  for (let i = 0; i < 200; i++) assert.deepEqual(passwordProblems(throwawayPassword(), strict), []);
  assert.equal(throwawayPassword({ min_length: 40 }).length, 40);
  assert.notEqual(throwawayPassword(), throwawayPassword());
  assert.equal(throwawayEmail("20260101-ab", "a"), "verify-20260101-ab-a@verify.invalid");
});

test("report: one line per check, details on one line, a summary naming the failures", () => {
  const lines = [];
  const r = new Report((l) => lines.push(l));
  r.pass("own folder: put", "key\nversion 1");
  r.fail("list the bucket root", "allowed, expected AccessDenied");
  assert.deepEqual(lines, ["PASS own folder: put: key version 1", "FAIL list the bucket root: allowed, expected AccessDenied"]);
  assert.equal(r.summary(), "verify: 1 passed, 1 failed (list the bucket root)");
  assert.equal(formatLine("cleanup", true), "PASS cleanup");
});

test("ledger: writes are recorded by their version id; uploads done leave it; batches of 1,000, duplicates once", () => {
  const l = new Ledger();
  l.wrote("k", { VersionId: "v1" });
  l.wrote("k", {});
  assert.deepEqual(l.versions, [{ key: "k", versionId: "v1" }]);
  l.uploads.push({ key: "k", uploadId: "u1" }, { key: "k", uploadId: "u2" });
  l.finished("u1");
  assert.deepEqual(l.uploads, [{ key: "k", uploadId: "u2" }]);
  assert.deepEqual(batches([...Array(2001).keys()]).map((b) => b.length), [1000, 1000, 1]);
  assert.deepEqual(distinct([{ a: 1 }, { a: 2 }, { a: 1 }], (x) => x.a), [{ a: 1 }, { a: 2 }]);
});

test("in flight: counted through an SDK client's middleware; after stop() new requests are refused and settled() waits for the rest", async () => {
  const handlers = [];
  const client = { middlewareStack: { add: (mw) => handlers.push(mw) } };
  const inflight = new Inflight();
  inflight.track(client);
  let release;
  const slow = handlers[0](() => new Promise((resolve) => (release = resolve)))({});
  assert.equal(inflight.count, 1);
  inflight.stop();
  await assert.rejects(handlers[0](async () => "sent")({}), { name: "Interrupted" });
  let settled = false;
  const waiting = inflight.settled(5000).then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(settled, false, "waits while a request is in flight");
  release("done");
  assert.equal(await slow, "done");
  await waiting;
  assert.equal(inflight.count, 0);
});

test("composite CRC32: the CRC32 of the parts' CRC32s, then -<parts> (S3's value for a multipart object)", () => {
  // Parts "a" and "b": CRC32 e8b7be43 (6Le+Qw==) and 71beeff9 (cb7v+Q==); the CRC32 of those 8 bytes is 7pJxdw==.
  assert.equal(compositeCrc32(["6Le+Qw==", "cb7v+Q=="]), "7pJxdw==-2");
  assert.equal(compositeCrc32(["6Le+Qw=="]).endsWith("-1"), true);
});

test("settings: a module runs when its setting is on; a setting on with no module is a FAIL; off, nothing runs", async () => {
  const lines = [];
  const ran = [];
  const ctx = { config: { sharing: true, malwareScan: false }, target: { outputs: {} }, report: new Report((l) => lines.push(l)) };
  assert.equal(settingOn(ctx, "sharing"), true);
  assert.equal(settingOn(ctx, "malwareScan"), false);
  assert.equal(settingOn({ config: {}, target: { outputs: { MalwareScanTopicArn: "arn" } } }, "malwareScan"), true);
  assert.equal(settingOn({ config: { sharing: { enabled: true } }, target: { outputs: {} } }, "sharing"), true);
  assert.equal(settingOn({ config: { sharing: { enabled: false } }, target: { outputs: {} } }, "sharing"), false);
  await settingChecks(ctx, { sharing: undefined, malwareScan: undefined });
  assert.deepEqual(lines, ["FAIL sharing: checks: sharing is on in this stack but make verify has no checks for it yet"]);
  await settingChecks(ctx, { sharing: { setting: "sharing", enabled: (c) => settingOn(c, "sharing"), run: async () => ran.push("sharing") } });
  assert.deepEqual(ran, ["sharing"]);
});

test("a user's folder is named by the identity id, or with ownerKey userPoolSub by the ID token's sub", () => {
  const idToken = `h.${Buffer.from(JSON.stringify({ sub: "1111-2222" })).toString("base64url")}.s`;
  assert.equal(ownerIdOf({ ownerKey: "identityId" }, "eu-west-1:abc", idToken), "eu-west-1:abc");
  assert.equal(ownerIdOf(undefined, "eu-west-1:abc", idToken), "eu-west-1:abc");
  assert.equal(ownerIdOf({ ownerKey: "userPoolSub" }, "eu-west-1:abc", idToken), "1111-2222");
});

test("malwareScan: a read refused (AccessDenied, or a HEAD's bare 403) is tried again until the scan lets it through; off, once", async () => {
  const refusals = [Object.assign(new Error("denied"), { name: "AccessDenied" }), Object.assign(new Error("UnknownError"), { name: "Unknown", $metadata: { httpStatusCode: 403 } })];
  let calls = 0;
  const read = async () => {
    if (calls < refusals.length) throw refusals[calls++];
    calls++;
    return "body";
  };
  const on = { config: { malwareScan: true }, target: { outputs: {} } };
  assert.equal(await afterScan(on, read, 10000), "body");
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(afterScan({ config: {}, target: { outputs: {} } }, read), { name: "AccessDenied" });
  calls = 0;
  await assert.rejects(afterScan(on, read, -1), { name: "AccessDenied" }, "gives up after the wait");
});

test("sharing: site URLs, unknown ids like the service's, presigned URLs told from site pages, the drop's form order, the anonymous list URL", async () => {
  assert.equal(siteUrl("https://d1.cloudfront.net/", "s/abc"), "https://d1.cloudfront.net/s/abc");
  assert.equal(siteUrl("http://127.0.0.1:5/", "api/shares"), "http://127.0.0.1:5/api/shares");
  const id = unknownShareId();
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(unknownShareId(), id);
  assert.equal(isPresigned("https://b.s3.eu-west-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab"), true);
  assert.equal(isPresigned("/shared/abc"), false);
  assert.equal(isPresigned("https://d1.cloudfront.net/drop/abc"), false);
  const form = dropForm({ key: "private/x/drop/i/f.txt", policy: "p", "x-amz-signature": "s" }, "f.txt", Buffer.from("hi"));
  const entries = [...form.entries()];
  assert.deepEqual(entries.map(([k]) => k), ["key", "policy", "x-amz-signature", "file"]);
  assert.equal(await entries.at(-1)[1].text(), "hi");
  assert.equal(entries.at(-1)[1].name, "f.txt");
  assert.equal(listUrl("http://127.0.0.1:9/data", "private/a:b/drop/i/"), "http://127.0.0.1:9/data?list-type=2&prefix=private%2Fa%3Ab%2Fdrop%2Fi%2F");
});

test("sharing: a share is in the ledger as soon as it is made (with its owner's token), not when refused", async () => {
  const calls = [];
  const answers = [
    { status: 201, text: JSON.stringify({ share: { id: "s1" } }) },
    { status: 400, text: JSON.stringify({ error: { code: "BadRequest" } }) },
  ];
  const ctx = { target: { outputs: { SiteUrl: "https://site.example/" } }, ledger: new Ledger(), clients: { fetch: async (url, init) => (calls.push({ url, init }), answers.shift()) } };
  const api = shareApi(ctx, "tok");
  assert.equal((await api.create({ key: "k", kind: "link" })).id, "s1");
  await assert.rejects(api.create({ key: "k", kind: "link" }), /400/);
  assert.deepEqual(ctx.ledger.shares, [{ id: "s1", siteUrl: "https://site.example/", idToken: "tok" }]);
  assert.equal(calls[0].url, "https://site.example/api/shares");
  assert.equal(calls[0].init.headers.authorization, "Bearer tok");
});

test("cleanup: every share is revoked with its owner's token (404: already revoked); other answers and errors are named", async () => {
  const seen = [];
  const status = { a: 204, b: 404, c: 500 };
  const fetchFn = async (url, init) => {
    seen.push([url, init.method, init.headers.authorization]);
    const id = url.split("/").at(-1);
    if (id === "d") throw Object.assign(new Error("socket hang up"), { name: "TypeError" });
    return { status: status[id] };
  };
  const site = "https://site.example/";
  const r = await revokeShares(["a", "b", "c", "d"].map((id) => ({ id, siteUrl: site, idToken: `t-${id}` })), fetchFn);
  assert.equal(r.revoked, 2);
  assert.deepEqual(r.problems, ["revoke share c: HTTP 500", "revoke share d: TypeError: socket hang up"]);
  assert.deepEqual(seen[0], ["https://site.example/api/shares/a", "DELETE", "Bearer t-a"]);
});

test("in flight: a plain request (run) is counted and refused after stop(), as an SDK client's", async () => {
  const inflight = new Inflight();
  let release;
  const pending = inflight.run(() => new Promise((r) => (release = r)));
  assert.equal(inflight.count, 1);
  inflight.stop();
  await assert.rejects(inflight.run(async () => "late"), { name: "Interrupted" });
  const settled = inflight.settled();
  release("done");
  assert.equal(await pending, "done");
  await settled;
  assert.equal(inflight.count, 0);
});
