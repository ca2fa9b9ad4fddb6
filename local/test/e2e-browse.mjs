// End-to-end tests of browsing, previews, history and selections (issue
// 14), in the same Chromium and stand-in as e2e.mjs, with their own users:
// deep links (Back/Forward, reload, a new sign-in and one after the
// session expired), previews (image, PDF, text; HTML never rendered),
// restoring a deleted file and an overwritten version (bytes checked), the
// zip of a selection (unzipped and compared), recursive search, and
// axe-core at desktop width and at 390 px.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import { BlobReader, Uint8ArrayWriter, ZipReader } from "@zip.js/zip.js";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { action, consoleErrors, credentialsFor, idTokenOf, newPage, rows, s3For, signIn, signUp, waitForNames } from "./helpers.mjs";
import { watchRequests } from "./e2e-uploads.mjs";

const PASSWORD = "Local-Pass1";
/** A folder name that needs every escape a link has: unicode, space, #, ? and %. */
const ODD = "Ünï #?% docs";

/** A small PNG (w x h, a colour gradient), made here: no fixture files. */
export function png(w = 24, h = 16) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set([(x * 255) / w, (y * 255) / h, 128], y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** A one-page PDF saying `text` (a black bar under it, so the drawing does not depend on fonts). */
export function pdf(text) {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET 72 690 400 12 re f`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** axe-core on the page as it is: [] or the violations, named. */
async function axeViolations(page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
}

/** Waits until the app shows `heading` as the open folder. */
const inFolder = (page, heading) => page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor({ timeout: 15000 });

/**
 * The tests, in order. env: { s (stand-in), browser, shot(page, name), opts (runE2E's), log }.
 */
export function browseTests(env) {
  const { s, browser, shot } = env;
  const st = {};
  const key = (rel) => `private/${st.id}/${rel}`;
  const stored = (rel) => s.store.get(s.config.bucket, key(rel)).body;
  // The README's screenshots: written when asked (--update-screenshot) or missing.
  const docsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "docs");
  const docShot = async (page, name) => {
    const file = path.join(docsDir, name);
    if (env.opts.docsScreenshot || !fs.existsSync(file)) await page.screenshot({ path: file });
  };

  return [
    [
      "Browse: D's files are set up (a folder named with unicode, #, ? and %, a file three levels down, an image, a PDF, text and HTML)",
      async () => {
        st.d = await newPage(browser);
        const { page } = st.d;
        st.consoleErrors = consoleErrors(page, s.urls.login);
        await signUp(page, s.urls.site, "dave@example.com", PASSWORD);
        const c = await credentialsFor(s, await idTokenOf(page));
        st.id = c.identityId;
        st.s3 = s3For(s, c.credentials);
        st.files = {
          [`${ODD}/notes.md`]: Buffer.from("# Notes\n\nA *Markdown* file, shown as text.\n"),
          [`${ODD}/picture.png`]: png(),
          [`${ODD}/paper.pdf`]: pdf("Hello from a PDF"),
          [`${ODD}/page.html`]: Buffer.from('<h1 id="pwned">rendered!</h1><script>window.pwned = 1</script><img src=x onerror="window.pwned=2">'),
          [`${ODD}/report.txt`]: Buffer.from("version 1\n"),
          "deep/a/b/c/Needle Report.TXT": Buffer.from("found me"),
          "keep.txt": Buffer.from("keep"),
        };
        for (const [rel, body] of Object.entries(st.files)) {
          await st.s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: key(rel), Body: body, ChecksumAlgorithm: "CRC32" }));
        }
        await page.getByRole("button", { name: "Refresh" }).click();
        await waitForNames(page, [ODD, "deep", "keep.txt"]);
      },
    ],
    [
      "Deep links: the folder and the preview are in the URL (unicode, #, ? and % encoded); Back and Forward move between them; a reload comes back to the same place",
      async () => {
        const { page } = st.d;
        await action(page, `Open folder ${ODD}`).click();
        await inFolder(page, ODD);
        const folderHash = "#/%C3%9Cn%C3%AF%20%23%3F%25%20docs/";
        assert.equal(new URL(page.url()).hash, folderHash);
        await action(page, "Preview notes.md").click();
        await page.locator("pre.preview-text").getByText("A *Markdown* file, shown as text.").waitFor();
        assert.equal(new URL(page.url()).hash, `${folderHash}notes.md`);
        await page.reload();
        await page.locator("pre.preview-text").getByText("A *Markdown* file, shown as text.").waitFor({ timeout: 15000 });
        await page.goBack();
        await page.getByRole("dialog").waitFor({ state: "detached" });
        await inFolder(page, ODD);
        await page.goBack();
        await inFolder(page, "My files");
        await waitForNames(page, [ODD, "deep", "keep.txt"]);
        await page.goForward();
        await inFolder(page, ODD);
        assert.equal(new URL(page.url()).hash, folderHash);
        await page.reload();
        await inFolder(page, ODD);
        await waitForNames(page, ["notes.md", "picture.png", "paper.pdf", "page.html", "report.txt"]);
      },
    ],
    [
      "Deep links: a crafted link is only ever a path inside the own folder",
      async () => {
        const { page } = st.d;
        for (const crafted of ["#/../", "#/%2E%2E/private/", "#/a%2F..%2F..%2F/"]) {
          await page.goto(`${s.urls.site}/${crafted}`);
          await page.getByText(/links cannot reach/).waitFor({ timeout: 15000 });
          await inFolder(page, "My files");
          assert.equal(new URL(page.url()).hash, "#/");
        }
        // A link to another identity's folder names a folder inside the own one (which does not exist): nothing of theirs is listed.
        await page.goto(`${s.urls.site}/#/private/eu-west-1%3A00000000-0000-4000-8000-000000000000/`);
        await inFolder(page, "eu-west-1:00000000-0000-4000-8000-000000000000");
        await page.getByText("This folder is empty").waitFor();
        assert.deepEqual(st.d.problems, []);
      },
    ],
    [
      "Deep links: signing in from a link, and signing in again after the session expired, return to the same place",
      async () => {
        const link = `${s.urls.site}/#/${encodeURIComponent(ODD)}/paper.pdf`;
        const fresh = await newPage(browser);
        try {
          await fresh.page.goto(link);
          await signIn(fresh.page, "dave@example.com", PASSWORD);
          await inFolder(fresh.page, ODD);
          await fresh.page.locator(".pdf canvas").waitFor({ timeout: 15000 });
          assert.equal(new URL(fresh.page.url()).hash, `#/${encodeURIComponent(ODD).replace(/%20/g, "%20")}/paper.pdf`);
        } finally {
          await fresh.context.close();
        }
        // Expiry: short lives, then the session ends for good while the user is in a subfolder.
        Object.assign(s.settings, { idTokenTtl: 4, accessTokenTtl: 4, credentialsTtl: 4 });
        const e = await newPage(browser);
        try {
          await signUp(e.page, s.urls.site, "erin@example.com", PASSWORD);
          await e.page.getByRole("button", { name: "New folder" }).click();
          await e.page.fill("#new-folder-name", "Projects 2026");
          await e.page.getByRole("button", { name: "Create", exact: true }).click();
          await action(e.page, "Open folder Projects 2026").click();
          await inFolder(e.page, "Projects 2026");
          await e.page.waitForTimeout(5000);
          await s.signOutEverywhere("erin@example.com");
          // The app may notice on its own (its background renewal fails) before the click does.
          await e.page.getByRole("button", { name: "Refresh" }).click({ timeout: 3000 }).catch(() => {});
          await e.page.getByRole("heading", { name: "Your session has expired" }).waitFor({ timeout: 20000 });
          Object.assign(s.settings, { idTokenTtl: 3600, accessTokenTtl: 3600, credentialsTtl: 3600 });
          await signIn(e.page, "erin@example.com", PASSWORD, "Sign in again");
          await inFolder(e.page, "Projects 2026");
          assert.equal(new URL(e.page.url()).hash, "#/Projects%202026/");
          assert.deepEqual(e.problems, []);
        } finally {
          Object.assign(s.settings, { idTokenTtl: 3600, accessTokenTtl: 3600, credentialsTtl: 3600 });
          await e.context.close();
        }
      },
    ],
    [
      "Previews: an image (and its thumbnail), a PDF and a text file show; an HTML file is shown as its source and never rendered",
      async () => {
        const { page, problems } = st.d;
        await page.goto(`${s.urls.site}/#/${encodeURIComponent(ODD)}/`);
        await inFolder(page, ODD);
        await page.waitForFunction(() => [...document.querySelectorAll("table.files .thumb img")].some((i) => i.complete && i.naturalWidth === 24), null, { timeout: 15000 });
        await action(page, "Preview picture.png").click();
        const img = page.locator("img.preview-image");
        await img.waitFor();
        await page.waitForFunction(() => document.querySelector("img.preview-image")?.naturalWidth === 24, null, { timeout: 15000 });
        assert.match(await img.getAttribute("src"), /response-content-type=image%2Fpng/, "served as image/png whatever was stored");
        // Next goes through the folder's files in the order shown (name order).
        await page.getByRole("button", { name: "Next: report.txt" }).click();
        await page.locator("pre.preview-text").getByText("version 1").waitFor();
        await page.getByRole("button", { name: "Close", exact: true }).click();
        await action(page, "Preview paper.pdf").click();
        const inked = () =>
          page.evaluate(() => {
            const c = document.querySelector(".pdf canvas");
            if (!c || !c.width) return 0;
            const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            let dark = 0;
            // Dark and opaque: an undrawn canvas is transparent black.
            for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 100 && d[i + 1] < 100 && d[i + 2] < 100) dark++;
            return dark;
          });
        const deadline = Date.now() + 20000;
        while ((await inked()) < 500 && Date.now() < deadline) await page.waitForTimeout(200);
        assert.ok((await inked()) >= 500, "the PDF page is drawn");
        await docShot(page, "preview.png");
        await shot(page, "20-preview-pdf");
        await page.getByRole("button", { name: "Previous: page.html" }).click();
        await page.getByText("Shown as its source text").waitFor();
        await page.locator("pre.preview-text").getByText('<h1 id="pwned">rendered!</h1>', { exact: false }).waitFor();
        assert.equal(await page.locator("#pwned").count(), 0, "no element of the HTML file in the page");
        assert.equal(await page.locator("iframe, object, embed").count(), 0, "no frame, object or embed");
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate(() => window.pwned), undefined, "no script of the file ran");
        await page.getByRole("button", { name: "Close", exact: true }).click();
        assert.deepEqual(problems, [], "no CSP violation or script error");
      },
    ],
    [
      "History: an overwritten version and a deleted file are restored, bytes checked; the delete dialog says how long",
      async () => {
        const { page } = st.d;
        await st.s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: key(`${ODD}/report.txt`), Body: "version 2\n", ChecksumAlgorithm: "CRC32" }));
        await page.getByRole("button", { name: "Refresh" }).click();
        await action(page, "Versions of report.txt").click();
        const dialog = page.getByRole("dialog", { name: "Versions of report.txt" });
        await dialog.getByText("current").waitFor();
        assert.equal(await dialog.locator("tbody tr").count(), 2);
        await docShot(page, "versions.png");
        await shot(page, "21-versions");
        await dialog.getByRole("button", { name: /^Restore this version/ }).click();
        await dialog.waitFor({ state: "detached" });
        assert.equal(stored(`${ODD}/report.txt`).toString(), "version 1\n", "the old version is current again");
        assert.equal(s.store.versions(s.config.bucket, key(`${ODD}/report.txt`)).length, 3, "by a new version: nothing was destroyed");

        await action(page, "Delete notes.md").click();
        const del = page.getByRole("dialog");
        await del.getByText(/restored from “Recently deleted” for 30 days/).waitFor();
        await del.getByRole("button", { name: "Delete", exact: true }).click();
        await waitForNames(page, ["picture.png", "paper.pdf", "page.html", "report.txt"]);
        await page.getByRole("button", { name: "Recently deleted" }).click();
        const trash = page.getByRole("dialog", { name: `Recently deleted in ${ODD}` });
        await trash.getByRole("button", { name: "Restore notes.md" }).click();
        await trash.getByText("Nothing was deleted here recently.").waitFor();
        await trash.getByRole("button", { name: "Close" }).click();
        await waitForNames(page, ["notes.md", "picture.png", "paper.pdf", "page.html", "report.txt"]);
        assert.ok(stored(`${ODD}/notes.md`).equals(st.files[`${ODD}/notes.md`]), "restored bytes");
      },
    ],
    [
      "Selection: the zip of two files and a folder streams to a file (File System Access) and through the service worker, and unzips to the same bytes",
      async () => {
        const { page } = st.d;
        const want = Object.fromEntries(Object.keys(st.files).map((rel) => [rel, stored(rel)]));
        const unzip = async (bytes) => {
          const zip = new ZipReader(new BlobReader(new Blob([bytes])));
          const got = {};
          for (const e of await zip.getEntries()) if (!e.directory) got[e.filename] = Buffer.from(await e.getData(new Uint8ArrayWriter()));
          await zip.close();
          assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
          for (const [n, b] of Object.entries(want)) assert.ok(got[n].equals(b), `bytes of ${n}`);
        };
        const selectAndZip = async () => {
          await waitForNames(page, [ODD, "deep", "keep.txt"]);
          for (const n of ["keep.txt", "deep", ODD]) await page.getByRole("checkbox", { name: `Select ${n}`, exact: true }).check();
          await page.getByRole("button", { name: "Download as zip (3)" }).click();
        };
        // 1. Where the browser can save to a file: the save dialog (answered here by a stand-in that keeps the chunks) gets a writable stream.
        await page.goto(`${s.urls.site}/#/`);
        await page.evaluate(() => {
          window.savedChunks = [];
          window.showSaveFilePicker = async (opts) => {
            window.savedName = opts.suggestedName;
            return { createWritable: async () => new WritableStream({ write: (c) => void window.savedChunks.push(Array.from(c)) }) };
          };
        });
        await selectAndZip();
        await page.getByText(/^Saved My files\.zip: /).waitFor({ timeout: 30000 });
        const saved = await page.evaluate(() => ({ name: window.savedName, chunks: window.savedChunks.length, bytes: window.savedChunks.flat() }));
        assert.equal(saved.name, "My files.zip");
        assert.ok(saved.chunks > 1, `written as a stream, in ${saved.chunks} chunks`);
        await unzip(Buffer.from(saved.bytes));
        await page.getByRole("button", { name: "Close" }).click();
        // 2. Elsewhere: the app's service worker streams it as a download.
        await page.addInitScript(() => {
          delete Window.prototype.showSaveFilePicker;
          delete window.showSaveFilePicker;
        });
        await page.reload();
        const dl = page.waitForEvent("download", { timeout: 30000 });
        await selectAndZip();
        const d = await dl;
        assert.equal(d.suggestedFilename(), "My files.zip");
        const file = await d.path();
        await page.getByText(/^Saved My files\.zip: /).waitFor({ timeout: 30000 });
        await unzip(fs.readFileSync(file));
        assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), "the download went through the app's service worker");
        await page.getByRole("button", { name: "Close" }).click();
      },
    ],
    [
      "Selection: a copy to a folder, then again (skipped: already there, found without a 404), with a summary",
      async () => {
        const { page } = st.d;
        await page.goto(`${s.urls.site}/#/`);
        await waitForNames(page, [ODD, "deep", "keep.txt"]);
        for (const round of [1, 2]) {
          await action(page, "Copy keep.txt").click();
          await page.fill("#transfer-dest", "deep");
          await page.getByRole("dialog").getByRole("button", { name: "Copy", exact: true }).click();
          if (round === 1) await page.getByRole("dialog").waitFor({ state: "detached" });
          else {
            await page.getByText("Copied 0 files to deep. Skipped 1 already there: keep.txt.").waitFor();
            await page.getByRole("button", { name: "Done" }).click();
          }
        }
        assert.ok(stored("deep/keep.txt").equals(st.files["keep.txt"]), "copied bytes");
        assert.ok(stored("keep.txt").equals(st.files["keep.txt"]), "the original stays");
        assert.deepEqual(st.consoleErrors, [], "no red console error (existence checks list, they do not 404)");
      },
    ],
    [
      "Search: case-insensitive, in every subfolder, finds a file three levels down and names its folder",
      async () => {
        const { page } = st.d;
        await page.fill("#search", "NEEDLE report");
        await page.getByRole("status").getByText(/^0 matches/).waitFor();
        await page.getByRole("combobox", { name: "Where to search" }).selectOption("subfolders");
        await page.getByText("1 match for “NEEDLE report” in My files and its subfolders").waitFor({ timeout: 15000 });
        const folder = page.getByRole("button", { name: "Open the folder deep/a/b/c, where Needle Report.TXT is" });
        await folder.waitFor();
        await shot(page, "22-search");
        await folder.click();
        await inFolder(page, "c");
        await waitForNames(page, ["Needle Report.TXT"]);
        assert.equal(new URL(page.url()).hash, "#/deep/a/b/c/");
      },
    ],
    [
      "Storage used: the own folder and a subfolder add up to the byte and the file, cached with the time computed; a long name is cut with an ellipsis and stays whole in its tooltip and name",
      async () => {
        const { page } = st.d;
        st.longName = `${"A very long file name that goes on and on ".repeat(5)}and ends here.txt`;
        // An empty folder's marker ("usage/empty/") is not a file.
        const known = { "usage/one.bin": crypto.randomBytes(1000), "usage/inner/two.bin": crypto.randomBytes(2345), [`usage/${st.longName}`]: Buffer.from("long"), "usage/empty/": Buffer.alloc(0) };
        for (const [rel, body] of Object.entries(known)) await st.s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: key(rel), Body: body }));
        let lists = 0;
        const unwatch = watchRequests(s, (req) => void (req.url.includes("list-type=2") && lists++));
        // The dialog's figures: exact bytes, files, and when they were computed.
        const figures = async (label) => {
          const dialog = page.getByRole("dialog", { name: `Storage used by ${label}` });
          await dialog.locator("time").waitFor({ timeout: 15000 });
          const [size, files] = await dialog.locator("dl.usage dd").allInnerTexts();
          const computedAt = Date.parse(await dialog.locator("time").getAttribute("datetime"));
          return { dialog, bytes: Number(/\(([\d,]+) bytes\)/.exec(size)[1].replace(/,/g, "")), files: Number(files.replace(/,/g, "")), computedAt };
        };
        const close = async (dialog) => {
          await dialog.getByRole("button", { name: "Close" }).click();
          await dialog.waitFor({ state: "detached" });
        };
        try {
          await page.goto(`${s.urls.site}/#/`);
          await inFolder(page, "My files");
          const all = s.store.list(s.config.bucket, { prefix: key(""), maxKeys: 1e6 }).contents.filter((o) => !o.key.endsWith("/"));
          const want = { bytes: all.reduce((n, o) => n + o.size, 0), files: all.length };
          const t0 = Date.now();
          await page.getByRole("button", { name: "Storage used" }).click();
          const home = await figures("My files");
          assert.deepEqual({ bytes: home.bytes, files: home.files }, want, "the own folder");
          assert.ok(home.computedAt >= t0 - 1000 && home.computedAt <= Date.now(), "computed now");
          await close(home.dialog);
          const seen = lists;
          await page.getByRole("button", { name: "Storage used" }).click();
          const again = await figures("My files");
          assert.equal(again.computedAt, home.computedAt, "the cached figures, with their time");
          assert.equal(lists, seen, "no listing for a cached figure");
          await close(again.dialog);

          const usageBytes = 1000 + 2345 + 4;
          await action(page, "Size of usage").click();
          const sub = await figures("usage");
          assert.deepEqual({ bytes: sub.bytes, files: sub.files }, { bytes: usageBytes, files: 3 }, "the subfolder");
          await close(sub.dialog);
          await st.s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: key("usage/inner/three.bin"), Body: Buffer.alloc(500) }));
          await action(page, "Size of usage").click();
          const cached = await figures("usage");
          assert.deepEqual({ bytes: cached.bytes, files: cached.files, computedAt: cached.computedAt }, { bytes: usageBytes, files: 3, computedAt: sub.computedAt }, "cached until computed again");
          await cached.dialog.getByRole("button", { name: "Compute again" }).click();
          await page.waitForFunction((n) => document.querySelector("dl.usage dd:nth-of-type(2)")?.textContent === String(n), 4, { timeout: 15000 });
          const fresh = await figures("usage");
          assert.deepEqual({ bytes: fresh.bytes, files: fresh.files }, { bytes: usageBytes + 500, files: 4 });
          assert.ok(fresh.computedAt >= sub.computedAt, "a new time");
          await close(fresh.dialog);
        } finally {
          unwatch();
        }

        // The long name: one line, cut with an ellipsis; the tooltip and the accessible name hold all of it.
        await action(page, "Open folder usage").click();
        await inFolder(page, "usage");
        const button = page.getByRole("button", { name: `Preview ${st.longName}`, exact: true });
        await button.waitFor();
        assert.equal(await button.getAttribute("title"), st.longName);
        const text = await button.locator(".name-text").evaluate((el) => ({ overflow: getComputedStyle(el).textOverflow, cut: el.scrollWidth > el.clientWidth, lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || "20")) }));
        assert.deepEqual({ overflow: text.overflow, cut: text.cut }, { overflow: "ellipsis", cut: true }, JSON.stringify(text));
        const rowHeights = await page.$$eval("table.files tbody tr", (trs) => trs.map((tr) => tr.getBoundingClientRect().height));
        assert.ok(Math.max(...rowHeights) < 2 * Math.min(...rowHeights), `the long name's row is no taller than the others: ${rowHeights}`);
      },
    ],
    [
      "Selection: select all across pages (60 files, 50 a page), then copy and move them all, with progress and a summary; bytes checked, the originals gone after the move",
      async () => {
        const { page } = st.d;
        const names = Array.from({ length: 60 }, (_, i) => `f${String(i).padStart(3, "0")}.bin`);
        const bodies = Object.fromEntries(names.map((n, i) => [n, crypto.randomBytes(100 + i)]));
        for (let i = 0; i < names.length; i += 10) {
          await Promise.all(names.slice(i, i + 10).map((n) => st.s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: key(`pages/${n}`), Body: bodies[n] }))));
        }
        const keysUnder = (rel) => s.store.list(s.config.bucket, { prefix: key(rel), maxKeys: 1e6 }).contents.map((o) => o.key.slice(key(rel).length)).sort();
        const selectEverything = async (first) => {
          await page.getByRole("checkbox", { name: "Select all on this page" }).check();
          if (first) {
            await page.getByText("All 50 items on this page are selected.").waitFor();
            await page.getByRole("button", { name: "Copy to… (50)" }).waitFor();
          }
          await page.getByRole("button", { name: /^Select all \d+\+? items in this folder$/ }).click();
          await page.getByRole("button", { name: "Copy to… (60)" }).waitFor({ timeout: 15000 });
        };
        await page.goto(`${s.urls.site}/#/pages/`);
        await inFolder(page, "pages");
        await page.getByLabel("Per page").selectOption("50");
        await page.getByText(/^1–50 of \d+\+ \(more on the next pages\)$/).waitFor({ timeout: 15000 });
        await selectEverything(true);

        // Copy: the copies wait at the stand-in until the progress has shown.
        const evaluate = s.model.evaluate;
        let release;
        const gate = new Promise((r) => (release = r));
        s.model.evaluate = async (req) => {
          if (req.action === "s3:PutObject" && req.resource.includes("/copies/")) await gate;
          return evaluate.call(s.model, req);
        };
        try {
          await page.getByRole("button", { name: "Copy to… (60)" }).click();
          const dialog = page.getByRole("dialog", { name: "Copy 60 items" });
          await dialog.locator("#transfer-dest").fill("copies");
          await dialog.getByRole("button", { name: "Copy", exact: true }).click();
          await dialog.locator("progress").waitFor({ timeout: 15000 });
          await dialog.getByText(/^Copied \d+ of 60 files…$/).waitFor();
        } finally {
          release();
          s.model.evaluate = evaluate;
        }
        await page.getByRole("dialog").getByText("Copied 60 files to copies.", { exact: true }).waitFor({ timeout: 30000 });
        await page.getByRole("button", { name: "Done" }).click();
        assert.deepEqual(keysUnder("copies/"), names, "every file copied");
        for (const n of names) assert.ok(stored(`copies/${n}`).equals(bodies[n]) && stored(`pages/${n}`).equals(bodies[n]), `bytes of ${n} (copy and original)`);

        // Move: the same selection, every page.
        await selectEverything(false);
        await page.getByRole("button", { name: "Move to… (60)" }).click();
        const dialog = page.getByRole("dialog", { name: "Move 60 items" });
        await dialog.locator("#transfer-dest").fill("moved");
        await dialog.getByRole("button", { name: "Move", exact: true }).click();
        await dialog.getByText("Moved 60 files to moved.", { exact: true }).waitFor({ timeout: 30000 });
        await page.getByRole("button", { name: "Done" }).click();
        assert.deepEqual(keysUnder("pages/"), [], "the originals are gone");
        assert.deepEqual(keysUnder("moved/"), names, "every file moved");
        for (const n of names) assert.ok(stored(`moved/${n}`).equals(bodies[n]), `bytes of ${n} (moved)`);
        await page.getByText("This folder is empty").waitFor({ timeout: 15000 });
      },
    ],
    [
      "Accessibility: axe-core finds no violation at desktop width and at 390 px (listing, row menu, preview, dialogs)",
      async () => {
        const { page } = st.d;
        const found = [];
        const check = async (what) => {
          for (const v of await axeViolations(page)) found.push(`${what}: ${v}`);
        };
        for (const [w, h] of [[1280, 720], [390, 844]]) {
          await page.setViewportSize({ width: w, height: h });
          await page.goto(`${s.urls.site}/#/${encodeURIComponent(ODD)}/`);
          await waitForNames(page, ["notes.md", "picture.png", "paper.pdf", "page.html", "report.txt"]);
          await check(`${w}px listing`);
          if (w === 390) {
            // One line a file: name, size and date, and the menu.
            const heights = await page.$$eval("table.files tbody tr", (trs) => trs.map((tr) => tr.getBoundingClientRect().height));
            assert.ok(heights.every((x) => x < 56), `one line a file at 390 px: ${heights}`);
            assert.ok(await page.locator("tbody .row-meta").first().isVisible(), "size and date on the row");
            await shot(page, "23-phone");
          }
          await page.getByRole("button", { name: "Actions for report.txt" }).click();
          await page.getByRole("menu").waitFor();
          await check(`${w}px row menu`);
          await page.keyboard.press("Escape");
          await page.getByRole("menu").waitFor({ state: "detached" });
          await action(page, "Preview notes.md").click();
          await page.locator("pre.preview-text").waitFor();
          await check(`${w}px preview`);
          await page.getByRole("button", { name: "Close", exact: true }).click();
          await page.getByRole("button", { name: "Recently deleted" }).click();
          await page.getByText("Nothing was deleted here recently.").waitFor();
          await check(`${w}px recently deleted`);
          await page.keyboard.press("Escape");
        }
        await page.setViewportSize({ width: 1280, height: 720 });
        assert.deepEqual(found, []);
        assert.deepEqual(st.d.problems, [], "no CSP violation or script error in the whole session");
        assert.deepEqual(st.consoleErrors, [], "no red console error in the whole session");
        assert.ok((await rows(page)).length > 0);
        st.s3.destroy();
      },
    ],
  ];
}
