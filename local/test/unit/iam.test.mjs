// The IAM evaluator on the synthesized template's own policies: the owner
// policy attached to the identity pool's authenticated role and the data
// bucket's policy, after resolving the template's intrinsics.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { COGNITO_CONTEXT_KEYS, loadPolicyModel, unusedCharacter } from "../../src/iam/index.mjs";
import { prepareTemplate } from "../../src/prepare.mjs";

const ME = "eu-west-1:11111111-2222-4333-8444-555555555555";
const OTHER = "eu-west-1:99999999-2222-4333-8444-555555555555";
let model, B;
const ctx = (extra = {}) => ({
  "cognito-identity.amazonaws.com:sub": ME,
  "cognito-identity.amazonaws.com:aud": "eu-west-1:00000000-0000-4000-8000-000000000000",
  "cognito-identity.amazonaws.com:amr": ["authenticated"],
  "aws:SecureTransport": "true",
  "s3:TlsVersion": "1.3",
  ...extra,
});
const decide = async (action, resource, extra) => (await model.evaluate({ action, resource, context: ctx(extra) })).decision;

before(async () => {
  model = loadPolicyModel(process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} })));
  B = model.dataBucket.arn;
});

test("the model finds the data bucket, its policy and the authenticated role's owner policy", () => {
  assert.equal(model.dataBucket.name, "privatefolders-data-000000000000-eu-west-1");
  assert.equal(B, "arn:aws:s3:::privatefolders-data-000000000000-eu-west-1");
  assert.ok(model.dataBucket.policy.Statement.some((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false"));
  const docs = JSON.stringify(model.authenticatedRole.policies);
  assert.ok(docs.includes(`${B}/private/\${cognito-identity.amazonaws.com:sub}/*`), "intrinsics resolved, policy variable kept");
  assert.match(model.authenticatedRole.arn, /^arn:aws:iam::000000000000:role\//);
});

test("must allow: each identity's own folder (catches a lost ${cognito-identity.amazonaws.com:sub})", async () => {
  for (const a of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]) {
    const r = await model.evaluate({ action: a, resource: `${B}/private/${ME}/docs/a.txt`, context: ctx() });
    assert.equal(r.decision, "Allowed", `${a}: ${r.reason}`);
    assert.deepEqual(r.ignoredContextKeys.filter((k) => COGNITO_CONTEXT_KEYS.includes(k)), [], "the identity key reached the evaluator");
  }
  assert.equal(await decide("s3:ListBucket", B, { "s3:prefix": `private/${ME}/`, "s3:delimiter": "/" }), "Allowed");
  assert.equal(await decide("s3:ListBucket", B, { "s3:prefix": `private/${ME}/photos/2024` }), "Allowed");
  // Old versions of the own folder: read (download, restore by copy) and list, as ListBucket is.
  assert.equal(await decide("s3:GetObjectVersion", `${B}/private/${ME}/a.txt`, { "s3:versionid": "v1" }), "Allowed");
  assert.equal(await decide("s3:ListBucketVersions", B, { "s3:prefix": `private/${ME}/`, "s3:delimiter": "/" }), "Allowed");
});

test("the policy variable is resolved per caller: the same request is denied for another identity", async () => {
  const r = await model.evaluate({ action: "s3:GetObject", resource: `${B}/private/${ME}/a.txt`, context: ctx({ "cognito-identity.amazonaws.com:sub": OTHER }) });
  assert.equal(r.decision, "ImplicitlyDenied");
  // Without the key the variable cannot match anything (what happens when it is dropped).
  const c = ctx();
  delete c["cognito-identity.amazonaws.com:sub"];
  assert.equal((await model.evaluate({ action: "s3:GetObject", resource: `${B}/private/${ME}/a.txt`, context: c })).decision, "ImplicitlyDenied");
});

test("must deny: other identities' folders, listing private/ or the root, versions, ACLs, bucket settings", async () => {
  const denied = [
    ["s3:GetObject", `${B}/private/${OTHER}/a.txt`],
    ["s3:PutObject", `${B}/private/${OTHER}/a.txt`],
    ["s3:DeleteObject", `${B}/private/${OTHER}/a.txt`],
    ["s3:GetObject", `${B}/private/a.txt`],
    ["s3:PutObject", `${B}/public/a.txt`],
    ["s3:ListBucket", B, { "s3:prefix": "private/" }],
    ["s3:ListBucket", B, { "s3:prefix": "" }],
    ["s3:ListBucket", B, {}],
    ["s3:ListBucket", B, { "s3:prefix": `private/${OTHER}/` }],
    ["s3:ListBucket", B, { "s3:prefix": "private/eu-west-1" }],
    ["s3:GetObjectVersion", `${B}/private/${OTHER}/a.txt`],
    ["s3:DeleteObjectVersion", `${B}/private/${ME}/a.txt`],
    ["s3:PutObjectAcl", `${B}/private/${ME}/a.txt`],
    ["s3:PutObjectTagging", `${B}/private/${ME}/a.txt`],
    ["s3:ListBucketVersions", B, { "s3:prefix": `private/${OTHER}/` }],
    ["s3:ListBucketVersions", B, { "s3:prefix": "private/" }],
    ["s3:ListBucketVersions", B, { "s3:prefix": "" }],
    ["s3:ListBucketVersions", B, {}],
    ["s3:ListBucketMultipartUploads", B],
    ["s3:PutBucketPolicy", B],
    ["s3:PutBucketCORS", B],
    ["s3:DeleteBucket", B],
    ["s3:ListAllMyBuckets", "*"],
  ];
  for (const [a, r, extra] of denied) assert.notEqual(await decide(a, r, extra), "Allowed", `${a} on ${r} ${JSON.stringify(extra ?? {})}`);
});

test("a * in the request's key is a literal character, as in S3: only policy patterns are globs", async () => {
  for (const key of ["a*b.txt", "*", "**/x", "notes*"]) {
    for (const a of ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]) {
      const r = await model.evaluate({ action: a, resource: `${B}/private/${ME}/${key}`, context: ctx() });
      assert.equal(r.decision, "Allowed", `${a} on ${key}: ${r.reason}`);
    }
  }
  assert.equal(await decide("s3:ListBucket", B, { "s3:prefix": `private/${ME}/a*b/`, "s3:delimiter": "/" }), "Allowed");
  // A literal * never stands for anything else: not for another identity's folder, not for the folder boundary.
  const denied = [
    ["s3:GetObject", `${B}/private/*/a.txt`],
    ["s3:PutObject", `${B}/private/*`],
    ["s3:GetObject", `${B}/private/${OTHER}/*`],
    ["s3:PutObject", `${B}/private/${ME.slice(0, 10)}*/a.txt`],
    ["s3:GetObject", `${B}/*`],
    ["s3:GetObjectVersion", `${B}/private/*/a*b.txt`],
  ];
  for (const [a, r] of denied) assert.notEqual(await decide(a, r), "Allowed", `${a} on ${r}`);
  assert.notEqual(await decide("s3:ListBucket", B, { "s3:prefix": "private/*" }), "Allowed");
  assert.notEqual(await decide("s3:ListBucket", B, { "s3:prefix": "*" }), "Allowed");
});

test("unusedCharacter picks a character the policies do not contain", () => {
  assert.equal(unusedCharacter("abc"), "\ue000");
  assert.equal(unusedCharacter("a\ue000b\ue001"), "\ue002");
});

test("the bucket policy's TLS deny stays effective: aws:SecureTransport=false is denied explicitly", async () => {
  const r = await model.evaluate({ action: "s3:GetObject", resource: `${B}/private/${ME}/a.txt`, context: ctx({ "aws:SecureTransport": "false" }) });
  assert.equal(r.decision, "ExplicitlyDenied");
  assert.ok(r.denials.some((d) => d.policyType === "resource"), r.reason);
  const old = await model.evaluate({ action: "s3:PutObject", resource: `${B}/private/${ME}/a.txt`, context: ctx({ "s3:TlsVersion": "1.1" }) });
  assert.equal(old.decision, "ExplicitlyDenied", "TLS below 1.2 is denied too");
});

test("the pitfall stays covered: unregistered, iam-simulate 0.1.173 drops cognito-identity.amazonaws.com:sub", async () => {
  const { spawnSync } = await import("node:child_process");
  const code = `
    import { runSimulation } from "@cloud-copilot/iam-simulate";
    const r = await runSimulation({
      request: { principal: "arn:aws:iam::000000000000:role/R", action: "s3:GetObject",
        resource: { resource: "arn:aws:s3:::b/private/x/k", accountId: "000000000000" },
        contextVariables: { "cognito-identity.amazonaws.com:sub": "x" } },
      identityPolicies: [{ name: "p", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/private/\${cognito-identity.amazonaws.com:sub}/*" }] } }],
      serviceControlPolicies: [], resourceControlPolicies: [] }, {});
    console.log(JSON.stringify([r.overallResult, r.result.ignoredContextKeys]));`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: new URL("../..", import.meta.url).pathname, encoding: "utf8" });
  assert.deepEqual(JSON.parse(out.stdout), ["ImplicitlyDenied", ["cognito-identity.amazonaws.com:sub"]], out.stderr);
});
