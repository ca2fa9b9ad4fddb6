// The capacity recorder (issue 17, docs/capacity.md): one user's session
// of the real app against the stand-in — sign in, browse 5 folders, upload
// 10 files, share one — with every request counted at the stand-in, by
// service and operation. bench/capacity.mjs turns the counts into the
// per-user figures and the quota and cost table.
//
//   node local/test/e2e-capacity.mjs           record, compare with bench/capacity/session.json
//   node local/test/e2e-capacity.mjs --write   record and write bench/capacity/session.json
//
// The share is the app's share link. The session runs with `sharing` on
// (the template run.mjs passes, and this file's own, are sharing's): the
// app's Share makes the link through the share service, whose requests
// (/api/* and /s/* on the site's origin) are counted as "share"; without
// it the link is presigned in the browser and only its download reaches a
// service.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startStandIn } from "../src/standin.mjs";
import { readTemplate } from "../src/template.mjs";
import { action, credentialsFor, dropFiles, idTokenOf, launchBrowser, newPage, s3For, signIn, signUp, waitForNames, waitUploadsDone } from "./helpers.mjs";

const PASSWORD = "Local-Pass1";
const EMAIL = "capacity@example.com";
/** The recorded session's shape, as docs/capacity.md states it. */
export const SESSION = { folders: 5, uploads: 10, uploadBytes: 64 * 1024, shares: 1 };
export const SESSION_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bench/capacity/session.json");

/** The S3 operation of a request, as S3 bills and names it. */
export function s3Operation(method, url, headers = {}) {
  const q = new URL(url, "http://s3").searchParams;
  if (method === "OPTIONS") return "OPTIONS (CORS preflight)";
  if (method === "HEAD") return "HeadObject";
  if (method === "DELETE") return q.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
  if (method === "POST") return q.has("uploads") ? "CreateMultipartUpload" : q.has("uploadId") ? "CompleteMultipartUpload" : q.has("delete") ? "DeleteObjects" : "POST";
  if (method === "PUT") return q.has("partNumber") ? "UploadPart" : headers["x-amz-copy-source"] ? "CopyObject" : "PutObject";
  if (q.get("list-type") === "2") return "ListObjectsV2";
  if (q.has("versions")) return "ListObjectVersions";
  if (q.has("uploads")) return "ListMultipartUploads";
  if (q.has("uploadId")) return "ListParts";
  return "GetObject";
}

/** A path with its ids (long random segments) replaced by ":id", so operations group. */
export function pathShape(url) {
  const p = new URL(url, "http://x").pathname;
  return p
    .split("/")
    .map((seg) => (seg.length >= 16 || /^[\w-]+_[\w]{9}$/.test(seg) || /\d/.test(seg) && seg.length >= 8 ? ":id" : seg))
    .join("/");
}

/** The operation a request asks of a stand-in server (server: site, login, idp, identity, s3, or a service's). */
export function operationOf(server, req) {
  const target = req.headers["x-amz-target"];
  if (server === "s3") return s3Operation(req.method, req.url, req.headers);
  if (target) return target.split(".").pop();
  if (server === "site") return `${req.method} ${/\.(js|css|svg|png|ico|woff2?|json|html|webmanifest)$/.test(new URL(req.url, "http://x").pathname) ? "asset" : "page"}`;
  return `${req.method} ${pathShape(req.url)}`;
}

/**
 * The service a request reaches: the site origin's /api/* and /s/* go on
 * to the share service (CloudFront's behaviors in AWS, the stand-in's
 * forwarding locally), counted as "share".
 */
export function serviceOf(server, req) {
  return server === "site" && /^\/(api|s)\//.test(new URL(req.url, "http://x").pathname) ? "share" : server;
}

/** Counts requests by server and operation, while on. */
export class RequestCounter {
  constructor() {
    this.on = false;
    this.counts = {};
    this.bytes = {};
  }
  /** Adds n bytes answered by server (as the browser received them: headers and body). */
  addBytes(server, n) {
    if (this.on && n > 0) this.bytes[server] = (this.bytes[server] ?? 0) + n;
  }
  record(server, req) {
    if (!this.on) return;
    server = serviceOf(server, req);
    const op = operationOf(server, req);
    const byOp = (this.counts[server] ??= {});
    byOp[op] = (byOp[op] ?? 0) + 1;
  }
  /** The counts, servers and operations sorted, so the JSON diffs cleanly. */
  sorted() {
    return Object.fromEntries(
      Object.keys(this.counts)
        .sort()
        .map((s) => [s, Object.fromEntries(Object.entries(this.counts[s]).sort(([a], [b]) => a.localeCompare(b)))]),
    );
  }
}

/** Whether the template has the sharing service (an HTTP API). */
export function hasSharing(template) {
  return Object.values(template.Resources ?? {}).some((r) => r.Type === "AWS::ApiGatewayV2::Api");
}

/** The app client's token lifetimes, in minutes, as the template sets them. */
function tokenMinutes(template) {
  const client = Object.values(template.Resources).find((r) => r.Type === "AWS::Cognito::UserPoolClient").Properties;
  const unit = (u) => ({ seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 })[u ?? "hours"];
  const units = client.TokenValidityUnits ?? {};
  return { accessToken: (client.AccessTokenValidity ?? 60) * unit(units.AccessToken), idToken: (client.IdTokenValidity ?? 60) * unit(units.IdToken) };
}

/** Folder i's files, set up before the session (not counted): two small files each. */
const seedFiles = (i) => ({ [`folder-${i + 1}/a.txt`]: Buffer.from(`a${i}`), [`folder-${i + 1}/b.txt`]: Buffer.from(`b${i}`) });

/** The session's uploads: SESSION.uploads files of SESSION.uploadBytes. */
const uploads = () => Array.from({ length: SESSION.uploads }, (_, i) => ({ name: `upload-${i + 1}.bin`, buffer: Buffer.alloc(SESSION.uploadBytes, i + 1) }));

/**
 * Records one session. opts: { template (file), webDist, log }.
 * Returns the session record (see bench/capacity/session.json).
 */
export async function recordSession(opts) {
  const counter = new RequestCounter();
  const template = readTemplate(opts.template);
  const sharing = hasSharing(template);
  const s = await startStandIn({ template: opts.template, webDist: opts.webDist, onRequest: (server, req) => counter.record(server, req), log: () => {} });
  const browser = await launchBrowser();
  try {
    // Set-up, not counted: the account, and five folders with files in them.
    const setup = await newPage(browser);
    await signUp(setup.page, s.urls.site, EMAIL, PASSWORD);
    const c = await credentialsFor(s, await idTokenOf(setup.page));
    const s3 = s3For(s, c.credentials);
    for (let i = 0; i < SESSION.folders; i++) {
      for (const [rel, body] of Object.entries(seedFiles(i))) {
        await s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: `private/${c.identityId}/${rel}`, Body: body }));
      }
    }
    s3.destroy();
    await setup.context.close();

    // The session: a new browser (nothing cached), as a user arriving.
    const { page, context, problems } = await newPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
    const serverOf = Object.fromEntries(Object.entries(s.urls).map(([name, url]) => [new URL(url).origin, name]));
    const sizes = [];
    page.on("requestfinished", (r) => sizes.push(r.sizes().then((z) => counter.addBytes(serverOf[new URL(r.url()).origin] ?? "other", z.responseBodySize + z.responseHeadersSize))));
    counter.on = true;
    await page.goto(s.urls.site + "/");
    await signIn(page, EMAIL, PASSWORD);
    const folders = Array.from({ length: SESSION.folders }, (_, i) => `folder-${i + 1}`);
    await waitForNames(page, folders);
    for (const f of folders) {
      await action(page, `Open folder ${f}`).click();
      await waitForNames(page, ["a.txt", "b.txt"]);
      await page.getByRole("button", { name: "My files" }).click();
      await waitForNames(page, folders);
    }
    await action(page, `Open folder ${folders[0]}`).click();
    await waitForNames(page, ["a.txt", "b.txt"]);
    await dropFiles(page, uploads());
    const items = await waitUploadsDone(page, SESSION.uploads);
    assert.equal(items.filter((i) => /\bdone\b/.test(i.cls)).length, SESSION.uploads, JSON.stringify(items));
    await action(page, "Share a.txt").click();
    await page.getByRole("button", { name: "Create link" }).click();
    await page.locator("#share-url").waitFor();
    const link = await page.inputValue("#share-url");
    const res = await fetch(link); // the recipient opens it
    assert.equal(res.status, 200, `the share link answers ${res.status}`);
    counter.addBytes("s3", (await res.arrayBuffer()).byteLength);
    await Promise.all(sizes);
    counter.on = false;
    assert.deepEqual(problems, [], "the app reported problems");
    await context.close();
    return {
      recorded: new Date().toISOString().slice(0, 10),
      session: { ...SESSION, steps: "sign in (managed login), open 5 folders and come back, drop 10 files, share 1 file and download it by its link" },
      sharing,
      tokenMinutes: tokenMinutes(template),
      credentialsMinutes: s.settings.credentialsTtl / 60,
      requests: counter.sorted(),
      // The browser's received bytes by server (the site's are CloudFront's transfer out); the upload bytes are sent.
      bytesReceived: Object.fromEntries(Object.entries(counter.bytes).sort()),
    };
  } finally {
    await browser.close();
    await s.stop();
  }
}

/** The operations whose counts differ between two records: [] when the same. */
export function countDiff(a, b) {
  const out = [];
  for (const server of new Set([...Object.keys(a), ...Object.keys(b)])) {
    for (const op of new Set([...Object.keys(a[server] ?? {}), ...Object.keys(b[server] ?? {})])) {
      const x = a[server]?.[op] ?? 0;
      const y = b[server]?.[op] ?? 0;
      if (x !== y) out.push(`${server} ${op}: ${x} → ${y}`);
    }
  }
  return out;
}

/**
 * The check `npm test` runs: a recorded session makes exactly the requests of
 * the committed record, so docs/capacity.md's figures are the app's.
 * opts: { template (file), webDist, log }. Returns [{ name, ok, ms, error }].
 */
export async function runCapacityCheck(opts) {
  const name = "Capacity: a session (sign in, 5 folders, 10 uploads, a share) makes the requests bench/capacity/session.json records";
  const t0 = Date.now();
  try {
    const record = await recordSession(opts);
    const diff = countDiff(JSON.parse(fs.readFileSync(SESSION_FILE, "utf8")).requests, record.requests);
    assert.deepEqual(diff, [], "the app's requests changed: run node local/test/e2e-capacity.mjs --write, then node bench/capacity.mjs --write");
    opts.log(`✔ ${name} (${Date.now() - t0} ms)`);
    return [{ name, ok: true, ms: Date.now() - t0 }];
  } catch (e) {
    opts.log(`✖ ${name} (${Date.now() - t0} ms)\n    ${String(e.stack ?? e).split("\n").slice(0, 12).join("\n    ")}`);
    return [{ name, ok: false, ms: Date.now() - t0, error: e }];
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { prepareTemplate, prepareWeb } = await import("../src/prepare.mjs");
  const { usePinnedNode } = await import("../src/pinned-node.mjs");
  await usePinnedNode(console.log);
  const { SHARING_VARIANT } = await import("../src/prepare.mjs");
  const template = await prepareTemplate({ variant: SHARING_VARIANT, log: console.log });
  const webDist = prepareWeb({ log: console.log });
  const t0 = Date.now();
  const record = await recordSession({ template, webDist, log: console.log });
  console.log(JSON.stringify(record.requests, null, 2));
  console.log(`recorded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (process.argv.includes("--write")) {
    fs.mkdirSync(path.dirname(SESSION_FILE), { recursive: true });
    fs.writeFileSync(SESSION_FILE, JSON.stringify(record, null, 2) + "\n");
    console.log(`written: ${path.relative(process.cwd(), SESSION_FILE)}; now run node bench/capacity.mjs --write`);
  } else {
    const diff = countDiff(JSON.parse(fs.readFileSync(SESSION_FILE, "utf8")).requests, record.requests);
    console.log(diff.length ? `differs from the committed record:\n  ${diff.join("\n  ")}` : "same counts as the committed record");
  }
}
