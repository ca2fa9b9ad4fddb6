// docs/capacity.md is computed, not written: its tables are what
// bench/capacity.mjs makes of the recorded session (bench/capacity/
// session.json, from local/test/e2e-capacity.mjs), so neither can drift;
// and the recorder's classification of requests is the one S3 and Cognito use.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { BEGIN, DOC_FILE, END, perUser, quotaTable, render, ruleFor, SESSION_FILE, withTables } from "../../../bench/capacity.mjs";
import { countDiff, operationOf, s3Operation, serviceOf } from "../e2e-capacity.mjs";

const session = JSON.parse(fs.readFileSync(SESSION_FILE, "utf8"));

test("fails when docs/capacity.md's tables are not the script's output for the recorded session", () => {
  const doc = fs.readFileSync(DOC_FILE, "utf8");
  assert.equal(doc, withTables(doc, render(session)), "run: node bench/capacity.mjs --write");
  assert.ok(doc.includes(BEGIN) && doc.includes(END));
});

test("fails when the recorded session lacks a service the app uses", () => {
  for (const server of ["site", "login", "identity", "s3"]) assert.ok(Object.keys(session.requests[server] ?? {}).length > 0, server);
  assert.ok(session.requests.identity.GetId >= 1, "a GetId at sign-in");
  assert.ok(session.requests.s3.PutObject >= session.session.uploads, "every upload is a PUT");
});

test("fails when a recorded request has no quota or price rule", () => {
  for (const [server, ops] of Object.entries(session.requests)) for (const op of Object.keys(ops)) ruleFor(server, op);
  assert.throws(() => ruleFor("s3", "SelectObjectContent"), /no rule in OPERATIONS for the recorded request s3 "SelectObjectContent"/);
});

test("fails when the quotas are not ordered by when they bind", () => {
  const q = quotaTable(perUser(session));
  for (let i = 1; i < q.length; i++) assert.ok(q[i - 1].raiseAtDau <= q[i].raiseAtDau);
});

test("fails when S3 requests are classified otherwise than S3 names them", () => {
  assert.equal(s3Operation("GET", "/b/private/x/?list-type=2&prefix=a"), "ListObjectsV2");
  assert.equal(s3Operation("GET", "/b/k?versions&prefix=a"), "ListObjectVersions");
  assert.equal(s3Operation("PUT", "/b/k?partNumber=1&uploadId=u"), "UploadPart");
  assert.equal(s3Operation("PUT", "/b/k", { "x-amz-copy-source": "/b/j" }), "CopyObject");
  assert.equal(s3Operation("POST", "/b/k?uploads"), "CreateMultipartUpload");
  assert.equal(s3Operation("POST", "/b/k?uploadId=u"), "CompleteMultipartUpload");
  assert.equal(s3Operation("DELETE", "/b/k?uploadId=u"), "AbortMultipartUpload");
  assert.equal(s3Operation("GET", "/b/k?X-Amz-Signature=s"), "GetObject");
  assert.equal(operationOf("identity", { method: "POST", url: "/", headers: { "x-amz-target": "AWSCognitoIdentityService.GetCredentialsForIdentity" } }), "GetCredentialsForIdentity");
  assert.equal(operationOf("login", { method: "POST", url: "/interaction/AbCdEfGhIjKlMnOpQrSt/login", headers: {} }), "POST /interaction/:id/login");
  assert.deepEqual(countDiff({ s3: { PutObject: 10 } }, { s3: { PutObject: 11 }, site: { "GET page": 1 } }), ["s3 PutObject: 10 → 11", "site GET page: 0 → 1"]);
});

test("the share service's requests on the site's origin are counted as the share service's, the app's files as the site's", () => {
  const req = (url) => ({ method: "GET", url, headers: {} });
  assert.equal(serviceOf("site", req("/api/shares")), "share");
  assert.equal(serviceOf("site", req("/s/AAAAAAAAAAAAAAAAAAAAAA")), "share");
  assert.equal(serviceOf("site", req("/assets/index.js")), "site");
  assert.equal(serviceOf("site", req("/shared/AAAAAAAAAAAAAAAAAAAAAA")), "site", "the app's page for a named share is the site's");
  assert.equal(serviceOf("s3", req("/api/x")), "s3");
});
