// The share service through the stand-in (no browser): the real Go handler
// (cmd/share-local) behind the site origin's /api/* and /s/*, its table in
// dynalite as the template defines it, and its S3 calls and presigned URLs
// evaluated under the template's function-role policy. Drives
// docs/sharing-api.md: links (create, list, revoke, download, uniform 404),
// named shares, passwords, and file drops (presigned POST; the uploader can
// neither list nor read).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { prepareTemplate, prepareWeb, SHARING_VARIANT } from "../../src/prepare.mjs";
import { createTableInput, dynamodb, shareServiceOf } from "../../src/share.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { oidcSignIn } from "../amplify/oidc.mjs";
import { credentialsFor, s3For } from "../helpers.mjs";

const PASSWORD = "Local-Pass1";
let s, owner, ownerS3, folder, b, c;

/** Signs up a user; resolves { idToken, identityId, s3 }. */
async function user(email) {
  const u = await oidcSignIn(s, { email, password: PASSWORD, signUp: true });
  const creds = await credentialsFor(s, u.idToken);
  return { ...u, identityId: creds.identityId, s3: s3For(s, creds.credentials) };
}

/** A request to the site origin, as the browser (or curl) sends it. */
function site(path, { token, json, ...init } = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers["content-type"] = "application/json";
  return fetch(s.urls.site + path, { redirect: "manual", ...init, headers, body: json !== undefined ? JSON.stringify(json) : init.body });
}

async function createShare(body, token = owner.idToken) {
  const res = await site("/api/shares", { method: "POST", token, json: body });
  const out = await res.json();
  assert.equal(res.status, 201, JSON.stringify(out));
  return out.share;
}

before(async () => {
  const template = process.env.LOCAL_SHARING_TEMPLATE ?? (await prepareTemplate({ variant: SHARING_VARIANT, log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist });
  owner = await user("owner@example.com");
  ownerS3 = owner.s3;
  folder = `private/${owner.identityId}/`;
  await ownerS3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: `${folder}report.txt`, Body: "quarterly numbers\n" }));
  await ownerS3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: `${folder}album/a.txt`, Body: "first\n" }));
  b = await user("b@example.com");
  c = await user("c@example.com");
});
after(async () => s?.stop());

test("the stand-in starts the share service: the template's table (keys, indexes) in dynalite and config.json's sharing flag", async () => {
  const svc = shareServiceOf(s.model.resolver);
  assert.ok(s.share && svc, "share service started");
  const d = (await dynamodb(s.share.dynamodb, s.config.region, "DescribeTable", { TableName: svc.table.name })).Table;
  const want = createTableInput(svc.table.name, svc.table.properties);
  assert.deepEqual(d.KeySchema, want.KeySchema);
  assert.deepEqual(d.GlobalSecondaryIndexes.map((g) => [g.IndexName, g.KeySchema, g.Projection.ProjectionType]).sort(), want.GlobalSecondaryIndexes.map((g) => [g.IndexName, g.KeySchema, g.Projection.ProjectionType]).sort());
  assert.equal((await (await site("/config.json")).json()).sharing, true);
});

test("owner routes need the ID token (API Gateway's JWT authorizer)", async () => {
  const none = await site("/api/shares");
  assert.equal(none.status, 401);
  assert.deepEqual(await none.json(), { message: "Unauthorized" });
  assert.equal((await site("/api/shares", { token: owner.accessToken })).status, 401);
});

test("a link: create, list, /s/<id> 302 to the bytes, revoke, then the same 404 as an unknown id", async () => {
  const share = await createShare({ key: `${folder}report.txt`, kind: "link" });
  assert.equal(share.url, `${s.urls.site}/s/${share.id}`);
  const list = await (await site("/api/shares", { token: owner.idToken })).json();
  assert.ok(list.shares.some((x) => x.id === share.id && x.status === "active"));
  const go = await site(`/s/${share.id}`);
  assert.equal(go.status, 302);
  const location = go.headers.get("location");
  assert.ok(location.startsWith(s.urls.s3 + "/"), location);
  const file = await fetch(location);
  assert.equal(file.status, 200);
  assert.equal(await file.text(), "quarterly numbers\n");
  assert.match(file.headers.get("content-disposition") ?? "", /attachment/);

  // Someone else cannot revoke it; the owner can.
  assert.equal((await site(`/api/shares/${share.id}`, { method: "DELETE", token: c.idToken })).status, 404);
  assert.equal((await site(`/api/shares/${share.id}`, { method: "DELETE", token: owner.idToken })).status, 204);
  const gone = await site(`/s/${share.id}`);
  const unknown = await site(`/s/AAAAAAAAAAAAAAAAAAAAAA`);
  assert.equal(gone.status, 404);
  assert.equal(unknown.status, 404);
  assert.deepEqual(Buffer.from(await gone.arrayBuffer()), Buffer.from(await unknown.arrayBuffer()));
  const after = await (await site("/api/shares", { token: owner.idToken })).json();
  assert.equal(after.shares.find((x) => x.id === share.id).status, "revoked");
});

test("a named share: the recipient (verified email) reads it, another user does not, the /s/ link serves nobody", async () => {
  const share = await createShare({ key: `${folder}album/`, kind: "link", recipients: ["b@example.com"] });
  const mine = await (await site("/api/shared-with-me", { token: b.idToken })).json();
  assert.deepEqual(mine.shares.map((x) => x.id), [share.id]);
  const items = await (await site(`/api/shared-with-me/${share.id}/items`, { token: b.idToken })).json();
  assert.deepEqual(items.items.map((i) => i.path), ["a.txt"]);
  const url = await site(`/api/shared-with-me/${share.id}/url?path=a.txt`, { token: b.idToken });
  assert.equal(url.status, 200);
  assert.equal(await (await fetch((await url.json()).url)).text(), "first\n");

  assert.deepEqual((await (await site("/api/shared-with-me", { token: c.idToken })).json()).shares, []);
  assert.equal((await site(`/api/shared-with-me/${share.id}/items`, { token: c.idToken })).status, 404);
  assert.equal((await site(`/api/shared-with-me/${share.id}/url?path=a.txt`, { token: c.idToken })).status, 404);
  const link = await site(`/s/${share.id}`);
  assert.equal(link.status, 302);
  assert.equal(link.headers.get("location"), `/shared/${share.id}`);
});

test("a password link: the form, a wrong password refused (401), the right one gives the file", async () => {
  const share = await createShare({ key: `${folder}report.txt`, kind: "link", password: "correct horse" });
  const form = await site(`/s/${share.id}`);
  assert.equal(form.status, 200);
  assert.match(await form.text(), /name="password"/);
  const post = (password) => site(`/s/${share.id}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ password }).toString() });
  const wrong = await post("wrong password");
  assert.equal(wrong.status, 401);
  const right = await post("correct horse");
  assert.equal(right.status, 302);
  assert.equal(await (await fetch(right.headers.get("location"))).text(), "quarterly numbers\n");
});

test("a file drop: an anonymous upload by presigned POST lands in the owner's folder; the uploader can neither list nor read", async () => {
  const drop = await createShare({ kind: "drop" });
  assert.ok(drop.key.startsWith(`${folder}drop/`), drop.key);
  const info = await site(`/api/drops/${drop.id}`);
  assert.equal(info.status, 200);
  const res = await site(`/api/drops/${drop.id}/uploads`, { method: "POST", json: { name: "hello.txt", size: 6 } });
  const up = await res.json();
  assert.equal(res.status, 200, JSON.stringify(up));
  const body = new FormData();
  for (const [k, v] of Object.entries(up.fields)) body.append(k, v);
  body.append("file", new Blob(["hello\n"]), "hello.txt");
  const posted = await fetch(up.url, { method: "POST", body });
  assert.equal(posted.status, 204, await posted.text());
  const got = await ownerS3.send(new GetObjectCommand({ Bucket: s.config.bucket, Key: up.key }));
  assert.equal(await got.Body.transformToString(), "hello\n");

  // The uploader holds only the form: no route lists or reads the drop, and the bucket does not
  // answer anonymous reads or listings of it.
  for (const path of [`/api/drops/${drop.id}/items`, `/api/shares`]) assert.ok((await site(path)).status >= 400, path);
  assert.equal((await site(`/s/${drop.id}`)).headers.get("location"), `/drop/${drop.id}`);
  assert.equal((await fetch(`${up.url}/${up.key}`)).status, 403);
  assert.equal((await fetch(`${up.url}?list-type=2&prefix=${encodeURIComponent(drop.key)}`)).status, 403);
  // Another signed-in user cannot read it either.
  await assert.rejects(c.s3.send(new GetObjectCommand({ Bucket: s.config.bucket, Key: up.key })));
});
