// S3 POST Object (browser-based upload with a SigV4 POST policy): the
// signature, the expiration, the conditions (exact key, starts-with,
// content-length-range), no extra fields, success_action_status, CORS, and
// IAM for the presigner's principal.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { signingKey } from "../../src/sigv4.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { s3For } from "../helpers.mjs";

const ME = "eu-west-1:11111111-2222-4333-8444-555555555555";
let s, creds;

before(async () => {
  const template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist });
  creds = s.credentials.issue({ identityId: ME, identityPoolId: s.ids.identityPoolId, roleArn: s.model.authenticatedRole.arn, amr: ["authenticated"], sub: "sub" }, 600);
});
after(async () => s?.stop());

/** The form fields of a POST policy, signed as the AWS SDKs sign it. */
function presign({ key, conditions = [], expiresIn = 600, secret = creds.secretAccessKey, extra = {} }) {
  const now = new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const credential = `${creds.accessKeyId}/${date}/${s.config.region}/s3/aws4_request`;
  const policy = {
    expiration: new Date(now.getTime() + expiresIn * 1000).toISOString(),
    conditions: [
      { bucket: s.config.bucket },
      { "x-amz-algorithm": "AWS4-HMAC-SHA256" },
      { "x-amz-credential": credential },
      { "x-amz-date": amzDate },
      { "x-amz-security-token": creds.sessionToken },
      ...conditions,
    ],
  };
  const b64 = Buffer.from(JSON.stringify(policy)).toString("base64");
  const signature = crypto.createHmac("sha256", signingKey(secret, date, s.config.region, "s3")).update(b64).digest("hex");
  return { key, "x-amz-algorithm": "AWS4-HMAC-SHA256", "x-amz-credential": credential, "x-amz-date": amzDate, "x-amz-security-token": creds.sessionToken, policy: b64, "x-amz-signature": signature, ...extra };
}

async function post(fields, content = "hello drop") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([content]), "cv.txt");
  return fetch(`${s.urls.s3}/${s.config.bucket}`, { method: "POST", body: form, headers: { Origin: s.urls.site } });
}

const own = `private/${ME}/drop/x/cv.txt`;

test("a signed form uploads exactly its key: 204, CORS for the site, the bytes stored", async () => {
  const r = await post(presign({ key: own, conditions: [{ key: own }, ["content-length-range", 0, 100]] }));
  assert.equal(r.status, 204, await r.text());
  assert.equal(r.headers.get("access-control-allow-origin"), s.urls.site);
  const c = s3For(s, { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken });
  const got = await c.send(new GetObjectCommand({ Bucket: s.config.bucket, Key: own }));
  assert.equal(await got.Body.transformToString(), "hello drop");
  c.destroy();
});

test("success_action_status 201 answers S3's PostResponse XML", async () => {
  const r = await post(presign({ key: own, conditions: [{ key: own }, { success_action_status: "201" }], extra: { success_action_status: "201" } }));
  assert.equal(r.status, 201);
  assert.match(await r.text(), /<PostResponse><Location>.*<Key>private\/.*cv\.txt<\/Key>/);
});

test("fails as S3 does when the form breaks its policy", async () => {
  const cases = [
    ["a key other than the signed one", presign({ key: `private/${ME}/other.txt`, conditions: [{ key: own }] }), 403, /Policy Condition failed/],
    ["a key outside the starts-with prefix", presign({ key: `private/${ME}/x.txt`, conditions: [["starts-with", "$key", `private/${ME}/drop/`]] }), 403, /Policy Condition failed/],
    ["a file over content-length-range", presign({ key: own, conditions: [{ key: own }, ["content-length-range", 0, 3]] }), 400, /EntityTooLarge/],
    ["an expired policy", presign({ key: own, conditions: [{ key: own }], expiresIn: -60 }), 403, /Policy expired/],
    ["a wrong signature", presign({ key: own, conditions: [{ key: own }], secret: "not-the-secret" }), 403, /SignatureDoesNotMatch/],
    ["a field no condition covers", presign({ key: own, conditions: [{ key: own }], extra: { "content-type": "text/html" } }), 403, /Extra input fields: content-type/],
    ["a key the presigner's role may not write (IAM)", presign({ key: "private/eu-west-1:someone-else/x.txt", conditions: [["starts-with", "$key", "private/"]] }), 403, /AccessDenied[\s\S]*s3:PutObject/],
  ];
  for (const [name, fields, status, body] of cases) {
    const r = await post(fields);
    assert.equal(r.status, status, name);
    assert.match(await r.text(), body, name);
  }
});
