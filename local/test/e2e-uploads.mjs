// End-to-end tests of uploads: the real web app in Chromium against the
// local stand-in, with real folders dropped from disk (the DevTools
// protocol's Input.dispatchDragEvent with file paths, as a drag from the
// desktop: the page gets real FileSystemEntry trees and File System Access
// handles). Big files are made on the fly in a temporary folder.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { S3Error } from "../src/s3store.mjs";
import { startStandIn } from "../src/standin.mjs";
import { credentialsFor, idTokenOf, launchBrowser, newPage, rows, runCases, signUp, waitForNames } from "./helpers.mjs";

const PASSWORD = "Local-Pass1";
const MIB = 1024 * 1024;

/** Calls listener(req, res) first for every request to the stand-in's S3 port (plain and TLS); returns the unsubscribe. */
export function watchRequests(s, listener) {
  const servers = s.servers.s3.httpServers ?? [s.servers.s3];
  for (const h of servers) h.prependListener("request", listener);
  return () => {
    for (const h of servers) h.off("request", listener);
  };
}

/** Drops files or folders from disk on the app (Chromium's own drag data: real entries and handles). */
export async function dropPaths(page, paths) {
  const cdp = await page.context().newCDPSession(page);
  const box = await page.locator("main#main").boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(box.height / 2, 200);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ["dragEnter", "dragOver", "drop"]) await cdp.send("Input.dispatchDragEvent", { type, x, y, data });
  await cdp.detach();
}

/** The upload panel's figures once nothing is running (at least `total` items): { done, total, summary, problems }. */
export async function uploadsSettled(page, total, timeout = 120000) {
  await page.waitForFunction(
    (n) => {
      const u = document.querySelector(".uploads");
      return u && u.dataset.active === "false" && Number(u.dataset.total) >= n;
    },
    total,
    { timeout, polling: 100 },
  );
  return panel(page);
}

/** Waits until the panel, settled, reads `want` ({ done, total, problems }); returns what it reads. */
async function panelReads(page, want, timeout = 60000) {
  const deadline = Date.now() + timeout;
  let got;
  while (Date.now() < deadline) {
    got = await page.$$eval(".uploads", (us) => us.map((u) => ({ active: u.dataset.active, done: Number(u.dataset.done), total: Number(u.dataset.total), problems: u.querySelector(".upload-problems")?.textContent ?? "" }))[0]);
    if (got && got.active === "false" && got.done === want.done && got.total === want.total && got.problems === want.problems) return panel(page);
    await page.waitForTimeout(100);
  }
  assert.fail(`the upload panel reads ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
}

function panel(page) {
  return page.$eval(".uploads", (u) => ({
    done: Number(u.dataset.done),
    total: Number(u.dataset.total),
    summary: u.querySelector(".upload-summary")?.textContent ?? "",
    problems: u.querySelector(".upload-problems")?.textContent ?? "",
  }));
}

/** The x-amz-checksum-crc32 value of a string. */
function crc32Of(text) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(zlib.crc32(Buffer.from(text)) >>> 0);
  return b.toString("base64");
}

function writeTree(root, files, dirs = []) {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  for (const d of dirs) fs.mkdirSync(path.join(root, d), { recursive: true });
}

/** A file of random bytes written in 8 MiB pieces; returns { size, crc32 (whole file), partCrcs(partSize) }. */
function bigFile(file, size) {
  const fd = fs.openSync(file, "w");
  for (let off = 0; off < size; off += 8 * MIB) fs.writeSync(fd, crypto.randomBytes(Math.min(8 * MIB, size - off)));
  fs.closeSync(fd);
}

function crcOfFile(file, partSize) {
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(partSize);
  let whole = 0;
  const parts = [];
  for (;;) {
    const n = fs.readSync(fd, buf, 0, partSize, null);
    if (n === 0) break;
    whole = zlib.crc32(buf.subarray(0, n), whole);
    const b = Buffer.alloc(4);
    b.writeUInt32BE(zlib.crc32(buf.subarray(0, n)) >>> 0);
    parts.push(b);
  }
  fs.closeSync(fd);
  const composite = Buffer.alloc(4);
  composite.writeUInt32BE(zlib.crc32(Buffer.concat(parts)) >>> 0);
  return { whole: whole >>> 0, composite: `${composite.toString("base64")}-${parts.length}`, parts: parts.length };
}

/**
 * opts: { template, webDist, artifacts, uploadScreenshot (file or null), log }
 * Returns [{ name, ok, ms, error }].
 */
export async function runUploadE2E(opts) {
  const { log } = opts;
  fs.mkdirSync(opts.artifacts, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-uploads-"));
  const decisions = [];
  const s = await startStandIn({ template: opts.template, webDist: opts.webDist, onDecision: (d) => decisions.push(d), log: () => {} });
  const browser = await launchBrowser();
  const bucket = s.model.dataBucket.name;
  const shot = (page, name) => page.screenshot({ path: path.join(opts.artifacts, `${name}.png`) });
  // Every S3 authorization with its request context (the conditional-write keys included).
  const contexts = [];
  const evaluate = s.model.evaluate.bind(s.model);
  s.model.evaluate = (req) => {
    contexts.push(req);
    return evaluate(req);
  };
  const st = {};
  const results = [];
  const home = () => `private/${st.id}/`;
  const storedKeys = (prefix) => s.store.list(bucket, { prefix: home() + prefix, maxKeys: 100000 }).contents.map((o) => o.key.slice(home().length));
  const clear = async (page) => {
    await page.getByRole("button", { name: "Clear list" }).click();
    await page.locator(".uploads").waitFor({ state: "detached" });
  };

  const tests = [
    [
      "A folder of 2,000 files dropped at once: every file lands with If-None-Match and no request before it; the panel counts them live and the listing shows 2,000",
      async () => {
        st.u = await newPage(browser);
        const { page } = st.u;
        await signUp(page, s.urls.site, "uma@example.com", PASSWORD);
        st.id = (await credentialsFor(s, await idTokenOf(page))).identityId;
        const dir = path.join(tmp, "many");
        writeTree(dir, Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`f${String(i).padStart(4, "0")}.txt`, crypto.randomBytes(512 + (i % 1536))])));
        const mark = contexts.length;
        const t0 = Date.now();
        await dropPaths(page, [dir]);
        // Finished files show while the rest goes on: the folder appears at once, the count grows.
        await page.waitForFunction(() => Number(document.querySelector(".uploads")?.dataset.done) >= 400, null, { timeout: 60000, polling: 50 });
        const mid = await panel(page);
        assert.ok(mid.done < 2000 && mid.total === 2000, `mid-way: ${JSON.stringify(mid)}`);
        assert.match(mid.summary, /^[\d,]+ of 2,000 files · [\d.]+ [KM]iB of [\d.]+ MiB( · [\d.]+ [KM]iB\/s · about .+ left)?$/, mid.summary);
        assert.ok((await rows(page)).some((r) => r.name === "many"), "the folder is in the listing before the upload ends");
        await page.mouse.move(0, 0);
        await shot(page, "10-upload-in-progress");
        if (opts.uploadScreenshot) await page.screenshot({ path: opts.uploadScreenshot });
        const done = await uploadsSettled(page, 2000, 180000);
        log(`    2,000 files in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        assert.equal(done.done, 2000, JSON.stringify(done));
        assert.match(done.summary, /^2,000 of 2,000 files/);
        const mine = contexts.slice(mark).filter((r) => r.resource.includes("/many/"));
        assert.equal(mine.length, 2000, "one request per file: no HeadObject, no GetObject before an upload");
        assert.ok(mine.every((r) => r.action === "s3:PutObject" && r.context["s3:if-none-match"] === "*"), "every PutObject carries If-None-Match: *");
        assert.equal(storedKeys("many/").length, 2000);
        // The listing: open the folder and page to the end.
        await page.getByRole("button", { name: "Open folder many" }).click();
        await page.getByLabel("Per page").selectOption("500");
        for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next" }).click();
        await page.getByText("1501–2000 of 2000").waitFor({ timeout: 15000 });
        assert.equal((await rows(page)).length, 500);
        await page.getByRole("button", { name: "My files" }).click();
        await clear(page);
      },
    ],
    [
      "A nested folder (3 levels and an empty folder) lands at the right keys; a name with a control character is skipped, listed with the reason",
      async () => {
        const { page } = st.u;
        st.trip = path.join(tmp, "trip");
        writeTree(st.trip, { "a.txt": "a1", "day1/b.txt": "b1", "day1/morning/c.txt": "c1", "day1/bad\u0001name.txt": "bad" }, ["empty"]);
        await dropPaths(page, [st.trip]);
        const p = await uploadsSettled(page, 4);
        assert.deepEqual([p.done, p.total], [4, 4], JSON.stringify(p));
        assert.equal(p.problems, "1 skipped");
        assert.deepEqual(storedKeys("trip/").sort(), ["trip/a.txt", "trip/day1/b.txt", "trip/day1/morning/c.txt", "trip/empty/"]);
        assert.equal(s.store.get(bucket, `${home()}trip/day1/morning/c.txt`).body.toString(), "c1");
        await page.getByRole("button", { name: /^Skipped \(1\)$/ }).click();
        const skipped = await page.locator(".upload.skipped").innerText();
        assert.match(skipped, /trip\/day1\/bad.name\.txt/);
        assert.match(skipped, /Skipped: A name cannot contain control characters\./);
        await waitForNames(page, ["many", "trip"]);
        await clear(page);
      },
    ],
    [
      "A conflict prompts once: with 'apply to all', Replace overwrites every existing file of the drop (S3's 412 tells, nothing is checked first)",
      async () => {
        const { page } = st.u;
        writeTree(st.trip, { "a.txt": "a2", "day1/b.txt": "b2", "day1/morning/c.txt": "c2", "d.txt": "d2", "same.txt": "unchanged" });
        s.store.put(bucket, `${home()}trip/same.txt`, Buffer.from("unchanged"), { checksums: { crc32: crc32Of("unchanged") } });
        fs.rmSync(path.join(st.trip, "day1", "bad\u0001name.txt"));
        await page.evaluate(() => {
          window.__dialogs = 0;
          new MutationObserver((ms) => {
            for (const m of ms) for (const n of m.addedNodes) if (n.nodeName === "DIALOG") window.__dialogs++;
          }).observe(document.body, { childList: true, subtree: true });
        });
        const mark = contexts.length;
        await dropPaths(page, [st.trip]);
        const dialog = page.getByRole("dialog", { name: "A file with this name exists" });
        await dialog.waitFor();
        await page.waitForTimeout(300); // the other conflicts arrive while the question is open
        assert.ok(await dialog.getByLabel("Apply to all files of this upload that exist").isChecked());
        await shot(page, "11-conflict");
        await dialog.getByRole("button", { name: "Replace" }).click();
        const p = await uploadsSettled(page, 6);
        assert.deepEqual([p.done, p.total, p.problems], [6, 6, ""], JSON.stringify(p));
        assert.equal(await page.evaluate(() => window.__dialogs), 1, "one question for the whole drop");
        for (const [k, v] of [["a.txt", "a2"], ["day1/b.txt", "b2"], ["day1/morning/c.txt", "c2"], ["d.txt", "d2"]]) {
          assert.equal(s.store.get(bucket, `${home()}trip/${k}`).body.toString(), v, k);
        }
        assert.equal(s.store.versions(bucket, `${home()}trip/a.txt`).length, 2, "the old content stays as a version");
        const puts = contexts.slice(mark).filter((r) => r.resource.includes("/trip/") && r.action === "s3:PutObject");
        const reads = contexts.slice(mark).filter((r) => r.resource.includes("/trip/") && r.action !== "s3:PutObject");
        assert.deepEqual(
          reads.map((r) => `${r.action} ${r.resource.split("/trip/")[1]}`).sort(),
          ["a.txt", "day1/b.txt", "day1/morning/c.txt", "same.txt"].map((k) => `s3:GetObject ${k}`),
          "the only reads: one HeadObject after each 412 (is it this very file?)",
        );
        const count = (k, cond) => puts.filter((r) => r.resource.endsWith(`/trip/${k}`) && r.context["s3:if-none-match"] === cond).length;
        for (const k of ["a.txt", "day1/b.txt", "day1/morning/c.txt"]) assert.deepEqual([count(k, "*"), count(k, undefined)], [1, 1], `${k}: tried with If-None-Match, then replaced`);
        assert.deepEqual([count("d.txt", "*"), count("d.txt", undefined)], [1, 0], "a new file goes once");
        assert.deepEqual([count("same.txt", "*"), count("same.txt", undefined)], [1, 0], "an unchanged file: S3's 412, then HeadObject finds the same CRC32: done, not replaced");
        assert.equal(s.store.versions(bucket, `${home()}trip/same.txt`).length, 1);
        await clear(page);
      },
    ],
    [
      "Progress totals are right after a cancel and after a failure; the failure is listed with its reason and a retry finishes it",
      async () => {
        const { page } = st.u;
        const dir = path.join(tmp, "totals");
        writeTree(dir, { "one.txt": "1".repeat(100), "two.txt": "2".repeat(200), "hold.txt": "h".repeat(300) });
        const holdArn = `${s.model.dataBucket.arn}/${home()}totals/hold.txt`;
        let release;
        const gate = new Promise((r) => (release = r));
        const inner = s.model.evaluate;
        s.model.evaluate = async (req) => {
          if (req.resource === holdArn) await gate;
          return inner(req);
        };
        try {
          await dropPaths(page, [dir]);
          await page.waitForFunction(() => Number(document.querySelector(".uploads")?.dataset.done) === 2);
          await page.getByRole("button", { name: "Cancel upload of hold.txt" }).click();
          const p = await panelReads(page, { done: 2, total: 2, problems: "1 cancelled" });
          assert.equal(p.summary, "2 of 2 files · 300 B of 300 B");
          assert.equal(p.problems, "1 cancelled");
        } finally {
          release();
          s.model.evaluate = inner;
        }
        await clear(page);

        // A failure: S3 refuses one file.
        const failKey = `${home()}totals/two.txt`;
        const put = s.store.put.bind(s.store);
        let refuse = true;
        s.store.put = (b, k, ...rest) => {
          if (refuse && k === failKey) throw new S3Error(400, "InvalidRequest", "Refused by the test");
          return put(b, k, ...rest);
        };
        try {
          fs.rmSync(path.join(dir, "hold.txt"));
          writeTree(dir, { "one.txt": "1".repeat(99) + "!", "two.txt": "2".repeat(199) + "!" }); // changed: a question, not "already there"
          await page.evaluate(() => window.__dialogs = 0);
          await dropPaths(page, [dir]);
          await page.getByRole("dialog").getByRole("button", { name: "Replace" }).click(); // one.txt exists
          const p = await panelReads(page, { done: 1, total: 2, problems: "1 failed" });
          assert.equal(p.summary, "1 of 2 files · 100 B of 300 B");
          await page.getByRole("button", { name: /^Failed \(1\)$/ }).click();
          assert.match(await page.locator(".upload.failed").innerText(), /totals\/two\.txt[\s\S]*Failed: .*Refused by the test/);
          await shot(page, "12-upload-failed");
          refuse = false;
          await page.getByRole("button", { name: "Retry upload of two.txt" }).click();
          await panelReads(page, { done: 2, total: 2, problems: "" });
          assert.equal(s.store.get(bucket, failKey).body.toString(), "2".repeat(199) + "!");
        } finally {
          s.store.put = put;
        }
        await page.getByRole("button", { name: "All (2)" }).click();
        await clear(page);
      },
    ],
    [
      "503 SlowDown and a dropped connection: the app backs off and tries again, and every file lands",
      async () => {
        const { page } = st.u;
        const dir = path.join(tmp, "busy");
        writeTree(dir, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`b${i}.txt`, `busy ${i}`])));
        const put = s.store.put.bind(s.store);
        let slowDowns = 4;
        s.store.put = (b, k, ...rest) => {
          if (k.includes("/busy/") && slowDowns-- > 0) throw new S3Error(503, "SlowDown", "Please reduce your request rate.");
          return put(b, k, ...rest);
        };
        let resets = 0;
        const onRequest = (req) => {
          if (req.url.includes("/busy/b7.txt") && req.method === "PUT" && resets++ === 0) req.socket.destroy();
        };
        const unwatch = watchRequests(s, onRequest);
        try {
          await dropPaths(page, [dir]);
          await panelReads(page, { done: 20, total: 20, problems: "" });
          assert.ok(slowDowns < 0, "S3 said SlowDown");
          assert.equal(resets, 2, "a connection was cut, and the file sent again");
          assert.equal(storedKeys("busy/").length, 20);
        } finally {
          s.store.put = put;
          unwatch();
        }
        await clear(page);
      },
    ],
    [
      "A 300 MiB upload interrupted by a reload resumes: the page warned before leaving, only the missing parts are sent, and the object's CRC32 matches",
      async () => {
        const { page } = st.u;
        const file = path.join(tmp, "big.bin");
        const size = 300 * MIB;
        bigFile(file, size);
        const key = `${home()}big.bin`;
        const arn = `${s.model.dataBucket.arn}/${key}`;
        const inner = s.model.evaluate;
        // Parts take a while, so that the reload lands mid-way.
        s.model.evaluate = async (req) => {
          if (req.resource === arn && req.action === "s3:PutObject") await new Promise((r) => setTimeout(r, 120));
          return inner(req);
        };
        const dialogs = [];
        const onDialog = (d) => {
          dialogs.push(d.type());
          void d.accept();
        };
        try {
          const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Upload files" }).click()]);
          await chooser.setFiles(file);
          const upload = () => [...s.store.bucket(bucket).uploads.values()].find((u) => u.key === key);
          const deadline = Date.now() + 60000;
          while ((upload()?.parts.size ?? 0) < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          assert.ok(upload()?.parts.size >= 12, "parts arrived before the reload");
          page.removeAllListeners("dialog");
          page.on("dialog", onDialog);
          await page.reload();
          assert.deepEqual(dialogs, ["beforeunload"], "the page asked before leaving");
          await page.getByRole("heading", { name: "Unfinished uploads" }).waitFor({ timeout: 15000 });
          await page.waitForTimeout(500); // requests cut by the reload have settled at the stand-in
          const held = new Set(upload().parts.keys());
          const total = Math.ceil(size / (8 * MIB));
          assert.ok(held.size < total, `not all parts before the reload (${held.size} of ${total})`);
          await shot(page, "13-unfinished-upload");
          const mark = decisions.length;
          const [chooser2] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Resume upload of big.bin" }).click()]);
          await chooser2.setFiles(file);
          const p = await uploadsSettled(page, 1, 120000);
          assert.deepEqual([p.done, p.total], [1, 1], JSON.stringify(p));
          const after = decisions.slice(mark).filter((d) => d.url.includes("big.bin") && d.decision === "Allowed");
          const ops = after.map((d) => d.operation);
          assert.equal(ops.filter((o) => o === "ListParts").length, 1, "ListParts reconciles once");
          assert.equal(ops.filter((o) => o === "CreateMultipartUpload").length, 0, "the same upload goes on");
          const sent = after.filter((d) => d.operation === "UploadPart").map((d) => Number(new URL(d.url, "http://x").searchParams.get("partNumber")));
          const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !held.has(n));
          assert.deepEqual(sent.sort((a, b) => a - b), missing, "only the missing parts were sent, each once");
          log(`    resumed: ${held.size} of ${total} parts were at S3, ${sent.length} sent after the reload`);
          const o = s.store.get(bucket, key);
          const crc = crcOfFile(file, 8 * MIB);
          assert.equal(o.size, size);
          assert.equal(o.checksums.crc32, crc.composite, "S3's composite CRC32 of the parts matches the file's");
          assert.equal(zlib.crc32(o.body) >>> 0, crc.whole, "the object's bytes have the file's CRC32");
          // Nothing is left to resume.
          await page.reload();
          await page.getByRole("button", { name: "Upload files" }).waitFor();
          await page.waitForTimeout(500);
          assert.equal(await page.getByRole("heading", { name: "Unfinished uploads" }).count(), 0);
          assert.deepEqual([...s.store.bucket(bucket).uploads.values()].filter((u) => u.key === key), []);
        } finally {
          s.model.evaluate = inner;
          page.off("dialog", onDialog);
          s.store.purge(bucket, key);
          fs.rmSync(file, { force: true });
        }
      },
    ],
    [
      "An unfinished upload can be discarded: AbortMultipartUpload, and nothing is left to resume",
      async () => {
        const { page } = st.u;
        const file = path.join(tmp, "drop-me.bin");
        bigFile(file, 24 * MIB);
        const key = `${home()}drop-me.bin`;
        const arn = `${s.model.dataBucket.arn}/${key}`;
        const inner = s.model.evaluate;
        let parts = 0;
        let release;
        const gate = new Promise((r) => (release = r));
        s.model.evaluate = async (req) => {
          // CreateMultipartUpload and the first part go; the other parts wait until the page has gone.
          if (req.resource === arn && req.action === "s3:PutObject" && ++parts > 2) await gate;
          return inner(req);
        };
        const onDialog = (d) => void d.accept();
        page.on("dialog", onDialog);
        try {
          const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Upload files" }).click()]);
          await chooser.setFiles(file);
          const upload = () => [...s.store.bucket(bucket).uploads.values()].find((u) => u.key === key);
          const deadline = Date.now() + 30000;
          while ((upload()?.parts.size ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          assert.ok(upload()?.parts.size >= 1, "a part is at S3");
          await page.reload();
          release();
          await page.getByRole("heading", { name: "Unfinished uploads" }).waitFor({ timeout: 15000 });
          const mark = decisions.length;
          await page.getByRole("button", { name: "Discard upload of drop-me.bin" }).click();
          await page.getByRole("heading", { name: "Unfinished uploads" }).waitFor({ state: "detached" });
          assert.ok(decisions.slice(mark).some((d) => d.operation === "AbortMultipartUpload" && d.url.includes("drop-me.bin") && d.decision === "Allowed"), "AbortMultipartUpload sent");
          await page.waitForTimeout(300);
          assert.equal(upload(), undefined, "S3 has no upload left");
          assert.equal(s.store.has(bucket, key), false);
          await page.reload();
          await page.getByRole("button", { name: "Upload files" }).waitFor();
          await page.waitForTimeout(500);
          assert.equal(await page.getByRole("heading", { name: "Unfinished uploads" }).count(), 0, "the record is gone too");
        } finally {
          release();
          s.model.evaluate = inner;
          page.off("dialog", onDialog);
          fs.rmSync(file, { force: true });
        }
      },
    ],
  ];

  try {
    results.push(
      ...(await runCases(tests, {
        log,
        onFail: async (n) => {
          if (st.u) await st.u.page.screenshot({ path: path.join(opts.artifacts, `failure-uploads-${n}.png`) }).catch(() => {});
        },
      })),
    );
    if (st.u) assert.deepEqual(st.u.problems.filter((p) => !p.startsWith("dialog (beforeunload)")), [], "no CSP violation, script error or unexpected dialog");
  } catch (e) {
    results.push({ name: "Uploads: no page problems", ok: false, ms: 0, error: e });
    log(`✖ ${e.message}`);
  } finally {
    await browser.close();
    await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
