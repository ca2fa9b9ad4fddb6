// sharing: the share service (docs/sharing-api.md) on the site's origin,
// as a person and a stranger meet it: a link share of one of A's files
// serves the exact bytes through /s/<id> without sign-in, and once revoked
// answers the same 404 page as an id that never existed; a named share is
// readable by its recipient B and by no one without a token; a file drop
// takes a file from a stranger into A's folder without letting them list;
// a password link refuses a wrong password. Every share made is recorded
// in the ledger (the cleanup revokes it, also after Ctrl-C), every object
// version written too.

import crypto from "node:crypto";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterScan } from "./scan.mjs";

/** The site's URL for a path ("api/shares", "s/<id>"): SiteUrl ends with "/". */
export function siteUrl(site, p) {
  return new URL(p, site.endsWith("/") ? site : `${site}/`).toString();
}

/** A share id that was never made: 128 random bits in base64url (22 characters), as the service makes them. */
export function unknownShareId() {
  return crypto.randomBytes(16).toString("base64url");
}

/** Is url a presigned S3 GET (SigV4 query string), not a page of the site? */
export function isPresigned(url) {
  try {
    return new URL(url).searchParams.has("X-Amz-Signature");
  } catch {
    return false;
  }
}

/** A presigned POST's form: the fields exactly as returned, in order, then `file` (S3 takes no field after it). */
export function dropForm(fields, name, body) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([body]), name);
  return form;
}

/** The anonymous ListObjectsV2 URL of a folder in the bucket whose URL a drop's upload answer gave. */
export function listUrl(bucketUrl, prefix) {
  const u = new URL(bucketUrl);
  u.searchParams.set("list-type", "2");
  u.searchParams.set("prefix", prefix);
  return u.toString();
}

/** An error named like the SDK's, so afterScan retries a read refused before the scan. */
function httpError(what, r) {
  const name = r.status === 403 ? "AccessDenied" : `HTTP${r.status}`;
  return Object.assign(new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`), { name, $metadata: { httpStatusCode: r.status } });
}

/** The share service's routes, as one user (idToken) or none (undefined), through ctx.clients.fetch. */
export function shareApi(ctx, idToken) {
  const site = ctx.target.outputs.SiteUrl;
  const call = (method, p, body, headers = {}) =>
    ctx.clients.fetch(siteUrl(site, p), {
      method,
      redirect: "manual",
      headers: { ...(idToken ? { authorization: `Bearer ${idToken}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    call,
    /** POST /api/shares; records the share (and the token that may revoke it) before returning it. */
    async create(body) {
      const r = await call("POST", "api/shares", body);
      if (r.status !== 201) throw httpError("POST /api/shares", r);
      const { share } = JSON.parse(r.text);
      ctx.ledger.shares.push({ id: share.id, siteUrl: site, idToken });
      return share;
    },
    revoke: (id) => call("DELETE", `api/shares/${encodeURIComponent(id)}`),
  };
}

/** Fetches a URL's bytes; an error unless 200 (403: AccessDenied, so afterScan waits for the scan). */
async function bytesOf(ctx, url, what) {
  const r = await ctx.clients.fetch(url, { redirect: "manual" });
  if (r.status !== 200) throw httpError(what, r);
  return r.body;
}

/** Runs a check: PASS with fn's detail, FAIL with what went wrong. */
async function check(ctx, name, fn) {
  try {
    return ctx.report.pass(name, (await fn()) ?? "ok");
  } catch (e) {
    return ctx.report.fail(name, `${e.name}: ${e.message}`);
  }
}

function expectStatus(r, status, what) {
  if (r.status !== status) throw Object.assign(new Error(`${what} answered ${r.status}, expected ${status}: ${r.text.slice(0, 200)}`), { name: "Unexpected" });
}

function expectSame(got, want, what) {
  if (!Buffer.from(got).equals(Buffer.from(want))) throw Object.assign(new Error(`${what}: ${got.length} bytes differ from the ${want.length} uploaded`), { name: "Mismatch" });
}

/** A's file to share, written with A's credentials (recorded in the ledger). */
async function putOwnFile(ctx, user, name, body) {
  const Key = `${user.prefix}verify-${ctx.runId}/share/${name}`;
  const s3 = ctx.clients.s3As(user.credentials);
  ctx.ledger.wrote(Key, await s3.send(new PutObjectCommand({ Bucket: ctx.target.outputs.DataBucketName, Key, Body: body })));
  return Key;
}

/** Link share: /s/<id> redirects a stranger to a presigned GET of the exact bytes; revoked, it is the unknown id's 404. */
async function linkChecks(ctx, a, api, anon) {
  const body = Buffer.from(`shared by make verify ${ctx.runId}\n`);
  const key = await putOwnFile(ctx, a, "link.txt", body);
  let share;
  const made = await check(ctx, "sharing: a link share of an own file (POST /api/shares)", async () => {
    share = await api.create({ key, kind: "link", expiresInDays: 1 });
    return `${share.id}, expires ${share.expiresAt}`;
  });
  if (!made) return;
  await check(ctx, "sharing: /s/<id> without sign-in redirects to a presigned GET of the exact bytes", async () => {
    const got = await afterScan(ctx, async () => {
      const r = await anon.call("GET", `s/${share.id}`);
      if (r.status !== 302 || !isPresigned(r.location)) throw httpError(`GET /s/${share.id} (expected 302 to a presigned URL, Location ${r.location})`, r);
      return bytesOf(ctx, r.location, "the presigned GET");
    });
    expectSame(got, body, "the presigned GET");
    return `${got.length} bytes`;
  });
  await check(ctx, "sharing: a revoked link answers the same 404 as an unknown id", async () => {
    expectStatus(await api.revoke(share.id), 204, `DELETE /api/shares/${share.id}`);
    const revoked = await anon.call("GET", `s/${share.id}`);
    const unknown = await anon.call("GET", `s/${unknownShareId()}`);
    expectStatus(revoked, 404, `GET /s/<revoked id>`);
    expectStatus(unknown, 404, `GET /s/<unknown id>`);
    if (!revoked.body.equals(unknown.body)) throw Object.assign(new Error("the two 404 bodies differ: a revoked id can be told from an unknown one"), { name: "Mismatch" });
    return "404, byte-identical";
  });
}

/** Named share: B (the recipient, verified email) reads it through the API; no token, a bad token, A, /s/: not the file. */
async function namedChecks(ctx, a, b, api, anon) {
  const body = Buffer.from(`for ${b.email} only\n`);
  const key = await putOwnFile(ctx, a, "named.txt", body);
  let share;
  const made = await check(ctx, "sharing: a named share to user b (recipients)", async () => {
    share = await api.create({ key, kind: "link", expiresInDays: 1, recipients: [b.email] });
    return share.id;
  });
  if (!made) return;
  const urlPath = `api/shared-with-me/${share.id}/url`;
  await check(ctx, "sharing: the recipient reads a named share (GET /api/shared-with-me/<id>/url)", async () => {
    const got = await afterScan(ctx, async () => {
      const r = await shareApi(ctx, b.idToken).call("GET", urlPath);
      if (r.status !== 200) throw httpError(`GET /${urlPath} as b`, r);
      return bytesOf(ctx, JSON.parse(r.text).url, "the presigned GET");
    });
    expectSame(got, body, "the recipient's download");
    return `${got.length} bytes`;
  });
  await check(ctx, "sharing: a named share without a token, or with a forged one, is 401", async () => {
    expectStatus(await anon.call("GET", urlPath), 401, `GET /${urlPath} without Authorization`);
    expectStatus(await shareApi(ctx, `${b.idToken.split(".").slice(0, 2).join(".")}.forged`).call("GET", urlPath), 401, `GET /${urlPath} with a forged signature`);
    return "401, 401";
  });
  await check(ctx, "sharing: a named share is not served to its owner nor by its /s/ link", async () => {
    expectStatus(await api.call("GET", urlPath), 404, `GET /${urlPath} as a (not a recipient)`);
    const r = await anon.call("GET", `s/${share.id}`);
    if (isPresigned(r.location ?? "") || r.status === 200) throw Object.assign(new Error(`GET /s/${share.id} answered ${r.status} ${r.location ?? ""}`), { name: "Served" });
    return `owner 404; /s/ ${r.status} ${r.location ?? ""}`.trim();
  });
}

/** File drop: a stranger's presigned POST lands in A's folder (204); the stranger cannot list or read it. */
async function dropChecks(ctx, a, api, anon) {
  let share;
  const made = await check(ctx, "sharing: a file drop into the own folder (kind drop)", async () => {
    share = await api.create({ kind: "drop", expiresInDays: 1 });
    if (!share.key.startsWith(`${a.prefix}drop/`)) throw Object.assign(new Error(`the drop's folder ${share.key} is not under ${a.prefix}drop/`), { name: "Misplaced" });
    return share.key;
  });
  if (!made) return;
  const body = Buffer.from(`dropped by make verify ${ctx.runId}\n`);
  let upload;
  const dropped = await check(ctx, "sharing: a stranger drops a file (POST /api/drops/<id>/uploads, then the presigned POST: 204)", async () => {
    const r = await anon.call("POST", `api/drops/${share.id}/uploads`, { name: "dropped.txt", size: body.length });
    expectStatus(r, 200, `POST /api/drops/${share.id}/uploads`);
    upload = JSON.parse(r.text);
    const posted = await ctx.clients.fetch(upload.url, { method: "POST", body: dropForm(upload.fields, "dropped.txt", body), redirect: "manual" });
    if (posted.versionId) ctx.ledger.versions.push({ key: upload.key, versionId: posted.versionId });
    expectStatus(posted, 204, "the presigned POST");
    return upload.key;
  });
  if (!dropped) return;
  await check(ctx, "sharing: the dropped file is in the owner's folder, byte for byte", async () => {
    const s3 = ctx.clients.s3As(a.credentials);
    const out = await afterScan(ctx, () => s3.send(new GetObjectCommand({ Bucket: ctx.target.outputs.DataBucketName, Key: upload.key })));
    ctx.ledger.wrote(upload.key, out); // its version, should the POST's answer not have named it
    expectSame(await out.Body.transformToByteArray(), body, upload.key);
    return upload.key;
  });
  await check(ctx, "sharing: the drop's uploader cannot list the drop nor read the file", async () => {
    const list = await ctx.clients.fetch(listUrl(upload.url, share.key), { redirect: "manual" });
    const read = await ctx.clients.fetch(`${upload.url.replace(/\/$/, "")}/${upload.key.split("/").map(encodeURIComponent).join("/")}`, { redirect: "manual" });
    expectStatus(list, 403, "an anonymous list of the drop");
    expectStatus(read, 403, "an anonymous read of the dropped file");
    const info = JSON.parse((await anon.call("GET", `api/drops/${share.id}`)).text);
    if ("items" in info || "key" in info) throw Object.assign(new Error(`GET /api/drops/<id> tells ${Object.keys(info).join(", ")}`), { name: "Disclosed" });
    return "list 403, read 403";
  });
}

/** Password link: a wrong password is 401 (the form again), never the file. */
async function passwordChecks(ctx, a, api, anon) {
  const key = await putOwnFile(ctx, a, "password.txt", "behind a password\n");
  await check(ctx, "sharing: a password link refuses a wrong password (401)", async () => {
    const share = await api.create({ key, kind: "link", expiresInDays: 1, password: crypto.randomBytes(12).toString("base64url") });
    const wrong = await ctx.clients.fetch(siteUrl(ctx.target.outputs.SiteUrl, `s/${share.id}`), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ password: "not-the-password" }).toString(),
    });
    expectStatus(wrong, 401, `POST /s/${share.id} with a wrong password`);
    return `401 (${share.id})`;
  });
}

/** The sharing module: needs the ID tokens of A and B (users.mjs keeps them). */
export async function shareChecks(ctx) {
  const [a, b] = ctx.users;
  const api = shareApi(ctx, a.idToken);
  const anon = shareApi(ctx, undefined);
  await linkChecks(ctx, a, api, anon);
  await namedChecks(ctx, a, b, api, anon);
  await dropChecks(ctx, a, api, anon);
  await passwordChecks(ctx, a, api, anon);
}
