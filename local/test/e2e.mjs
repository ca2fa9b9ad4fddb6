// End-to-end tests: the real web app (web/dist) in Debian's Chromium,
// driven by playwright-core, against the local stand-in configured from
// the synthesized template. One browser; a context per user.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { startStandIn } from "../src/standin.mjs";
import { readTemplate } from "../src/template.mjs";
import { action, credentialsFor, dropFiles, idTokenOf, launchBrowser, newPage, rows, runCases, s3For, signIn, signUp, waitForNames, waitUploadsDone } from "./helpers.mjs";
import { browseTests } from "./e2e-browse.mjs";
import { isolationViolations } from "./isolation.mjs";

const PASSWORD = "Local-Pass1";
const XSS_NAME = "<img src=x onerror=alert(1)>.txt";
/** A "*" is an ordinary character of an S3 key (the IAM evaluator once read it as a wildcard and denied the upload). */
const STAR_NAME = "draft*final (v2).txt";

/**
 * opts: { template (file), webDist, artifacts (dir), docsScreenshot (file or null), log }
 * Returns [{ name, ok, ms, error }].
 */
export async function runE2E(opts) {
  const { log } = opts;
  fs.mkdirSync(opts.artifacts, { recursive: true });
  for (const f of fs.readdirSync(opts.artifacts)) if (f.endsWith(".png")) fs.rmSync(path.join(opts.artifacts, f));
  const decisions = [];
  const s = await startStandIn({ template: opts.template, webDist: opts.webDist, onDecision: (d) => decisions.push(d), log: () => {} });
  const browser = await launchBrowser();
  const shot = (page, name) => page.screenshot({ path: path.join(opts.artifacts, `${name}.png`) });
  const st = {}; // state shared by the tests, in order
  const results = [];

  const tests = [
    [
      "A signs up through the login pages and sees an empty folder",
      async () => {
        st.a = await newPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
        const { page } = st.a;
        // A crafted sign-in error link: a fixed message per error code, never the link's description.
        await page.goto(s.urls.site + "/?error=access_denied&error_description=Your+account+is+locked.+Call+555-0100&state=x");
        await page.getByText("Sign-in was cancelled or refused").waitFor();
        assert.ok(!(await page.locator("main").innerText()).includes("555-0100"), "the link's error_description is not shown");
        assert.equal(new URL(page.url()).search, "", "error parameters removed from the address bar");
        await page.goto(s.urls.site + "/");
        await page.getByRole("button", { name: "Sign in" }).waitFor();
        await shot(page, "01-signed-out");
        await page.getByRole("button", { name: "Create an account" }).click();
        await page.getByRole("heading", { name: "Create an account" }).waitFor();
        assert.ok(page.url().startsWith(s.urls.login + "/interaction/"), `sign-up page on the login domain: ${page.url()}`);
        // The password policy of the template's user pool applies.
        await page.fill("#email", "alice@example.com");
        await page.fill("#password", "short");
        await page.fill("#confirm", "short");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.getByText("Password did not conform with policy").waitFor();
        await shot(page, "02-sign-up");
        await page.fill("#password", PASSWORD);
        await page.fill("#confirm", PASSWORD);
        await page.getByRole("button", { name: "Create account" }).click();
        await page.getByRole("button", { name: "Upload files" }).waitFor({ timeout: 15000 });
        await page.getByText("This folder is empty").waitFor();
        await page.getByText("alice@example.com").waitFor();
        assert.equal(new URL(page.url()).search, "", "callback parameters removed from the address bar");
        st.aToken = await idTokenOf(page);
        const claims = JSON.parse(Buffer.from(st.aToken.split(".")[1], "base64url").toString());
        assert.equal(claims.token_use, "id");
        assert.equal(claims.email, "alice@example.com");
        assert.equal(claims.aud, s.ids.clientId);
        assert.equal(claims.iss, s.config.oidcIssuer);
        st.aId = (await credentialsFor(s, st.aToken)).identityId;
        assert.match(st.aId, /^eu-west-1:[0-9a-f-]{36}$/);
      },
    ],
    [
      "A uploads files by picker and by drag-and-drop (12 MB multipart) and sees their sizes",
      async () => {
        const { page } = st.a;
        st.files = {
          "hello.txt": Buffer.from("Hello from the local stand-in!\n"),
          "photo.jpg": crypto.randomBytes(300 * 1024),
          "big.bin": crypto.randomBytes(12 * 1024 * 1024),
          "notes.md": Buffer.from("# Notes\n\n- dropped, not picked\n"),
          "report.csv": Buffer.from("a,b\n1,2\n"),
        };
        const picked = ["hello.txt", "photo.jpg", "big.bin"];
        const mark = decisions.length;
        const chooser = page.waitForEvent("filechooser");
        await page.getByRole("button", { name: "Upload files" }).click();
        await (await chooser).setFiles(picked.map((name) => ({ name, mimeType: "application/octet-stream", buffer: st.files[name] })));
        await page.waitForFunction(() => document.querySelector(".upload-list"));
        await shot(page, "03-uploading");
        await waitUploadsDone(page, 3);
        await dropFiles(page, [
          { name: "notes.md", mimeType: "text/markdown", buffer: st.files["notes.md"] },
          { name: "report.csv", mimeType: "text/csv", buffer: st.files["report.csv"] },
        ]);
        const items = await waitUploadsDone(page, 5);
        assert.ok(items.every((i) => /\bdone\b/.test(i.cls)), `all uploads done: ${JSON.stringify(items)}`);
        await waitForNames(page, Object.keys(st.files));
        const sizes = Object.fromEntries((await rows(page)).map((r) => [r.name, r.size]));
        assert.deepEqual(sizes, { "hello.txt": "31 B", "photo.jpg": "300 KiB", "big.bin": "12.0 MiB", "notes.md": "31 B", "report.csv": "8 B" });
        const big = decisions.slice(mark).filter((d) => d.url.includes("big.bin") && d.decision === "Allowed").map((d) => d.operation);
        assert.ok(big.includes("CreateMultipartUpload") && big.filter((o) => o === "UploadPart").length === 2 && big.includes("CompleteMultipartUpload"), `big.bin went multipart: ${big.join(", ")}`);
        const stored = s.store.get(s.model.dataBucket.name, `private/${st.aId}/big.bin`);
        assert.ok(stored.body.equals(st.files["big.bin"]), "stored bytes of big.bin");
        assert.match(stored.checksums.crc32 ?? "", /-2$/, "composite CRC32 of the two parts");
        assert.ok(page.workers().some((w) => /\/assets\/crc32\.worker-[\w-]+\.js$/.test(w.url())), `CRC32 computed in the app's worker: ${page.workers().map((w) => w.url())}`);
        await page.getByRole("button", { name: "Clear list" }).click();
        await shot(page, "04-file-list");
      },
    ],
    [
      "A cancels a multipart upload while 4 parts are in flight: the upload is aborted, nothing is stored",
      async () => {
        const { page } = st.a;
        const key = `private/${st.aId}/cancel-me.bin`;
        const arn = `${s.model.dataBucket.arn}/${key}`;
        // Holds every UploadPart of that key at its IAM evaluation (the first
        // s3:PutObject on it is CreateMultipartUpload, which goes through).
        let puts = 0;
        const held = [];
        let release;
        const gate = new Promise((r) => (release = r));
        const evaluate = s.model.evaluate;
        s.model.evaluate = async (req) => {
          if (req.action === "s3:PutObject" && req.resource === arn && ++puts > 1) {
            held.push(req);
            await gate;
          }
          return evaluate.call(s.model, req);
        };
        const mark = decisions.length;
        const tmpFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "e2e-cancel-")), "cancel-me.bin");
        try {
          const chooser = page.waitForEvent("filechooser");
          await page.getByRole("button", { name: "Upload files" }).click();
          // 5 parts of 8 MiB, from a file on disk (a buffer would travel over the DevTools protocol).
          fs.writeFileSync(tmpFile, crypto.randomBytes(40 * 1024 * 1024));
          await (await chooser).setFiles(tmpFile);
          const deadline = Date.now() + 20000;
          while (held.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
          assert.equal(held.length, 4, "4 parts in flight at once (queueSize)");
          await page.getByRole("button", { name: "Cancel upload of cancel-me.bin" }).click();
          const items = await waitUploadsDone(page, 1);
          assert.match(items.at(-1).cls, /\bcancelled\b/, `cancelled: ${JSON.stringify(items)}`);
          const deadline2 = Date.now() + 10000;
          const aborted = () => decisions.slice(mark).some((d) => d.url.includes("cancel-me.bin") && d.operation === "AbortMultipartUpload" && d.decision === "Allowed");
          while (!aborted() && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
          assert.ok(aborted(), "AbortMultipartUpload sent");
        } finally {
          release();
          s.model.evaluate = evaluate;
          fs.rmSync(path.dirname(tmpFile), { recursive: true, force: true });
        }
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(held.length, 4, "no part was started after the cancel");
        const b = s.store.bucket(s.model.dataBucket.name);
        assert.deepEqual([...b.uploads.values()].filter((u) => u.key === key), [], "no multipart upload left");
        assert.equal(s.store.has(s.model.dataBucket.name, key), false, "no object stored");
        await page.getByRole("button", { name: "Clear list" }).click();
      },
    ],
    [
      "A downloads a file and the bytes match",
      async () => {
        const { page } = st.a;
        const dl = page.waitForEvent("download");
        await action(page, "Download photo.jpg").click();
        const d = await dl;
        assert.equal(d.suggestedFilename(), "photo.jpg");
        const file = await d.path();
        assert.ok(fs.readFileSync(file).equals(st.files["photo.jpg"]), "downloaded bytes");
      },
    ],
    [
      "A creates a folder, moves a file into it, renames and deletes",
      async () => {
        const { page } = st.a;
        await page.getByRole("button", { name: "New folder" }).click();
        await page.fill("#new-folder-name", "archive");
        await page.getByRole("button", { name: "Create", exact: true }).click();
        await waitForNames(page, [...Object.keys(st.files), "archive"]);
        await action(page, "Rename or move hello.txt").click();
        await page.fill("#rename-path", "archive/hello.txt");
        await shot(page, "05-move-dialog");
        await page.getByRole("button", { name: "Rename", exact: true }).click();
        await waitForNames(page, ["photo.jpg", "big.bin", "notes.md", "report.csv", "archive"]);
        await action(page, "Open folder archive").click();
        await waitForNames(page, ["hello.txt"]);
        await action(page, "Rename or move hello.txt").click();
        await page.fill("#rename-path", "archive/greeting.txt");
        await page.getByRole("button", { name: "Rename", exact: true }).click();
        await waitForNames(page, ["greeting.txt"]);
        const moved = s.store.get(s.model.dataBucket.name, `private/${st.aId}/archive/greeting.txt`);
        assert.ok(moved.body.equals(st.files["hello.txt"]), "moved bytes");
        await page.getByRole("button", { name: "My files" }).click();
        await waitForNames(page, ["photo.jpg", "big.bin", "notes.md", "report.csv", "archive"]);
        await action(page, "Delete report.csv").click();
        await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
        await waitForNames(page, ["photo.jpg", "big.bin", "notes.md", "archive"]);
        assert.equal(s.store.has(s.model.dataBucket.name, `private/${st.aId}/report.csv`), false);
      },
    ],
    [
      "A copies a share link and fetching it returns the file",
      async () => {
        const { page } = st.a;
        await action(page, "Share notes.md").click();
        await page.getByRole("button", { name: "Create link" }).click();
        await page.locator("#share-url").waitFor();
        await page.getByRole("button", { name: "Copy link" }).click();
        await page.getByText("Link copied to the clipboard.").waitFor();
        await shot(page, "06-share-dialog");
        const url = await page.evaluate(() => navigator.clipboard.readText());
        assert.equal(url, await page.inputValue("#share-url"));
        assert.ok(url.startsWith(s.urls.s3 + "/") && url.includes("X-Amz-Security-Token=") && url.includes("X-Amz-Signature="), url);
        const res = await fetch(url);
        assert.equal(res.status, 200);
        assert.ok(Buffer.from(await res.arrayBuffer()).equals(st.files["notes.md"]), "shared bytes");
        const tampered = await fetch(url.replace("notes.md", "big.bin"));
        assert.equal(tampered.status, 403, "a link edited to another key fails its signature");
        assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
        await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
        await page.getByRole("dialog").waitFor({ state: "detached" });
        await page.mouse.move(0, 0);
        if (opts.docsScreenshot) {
          fs.mkdirSync(path.dirname(opts.docsScreenshot), { recursive: true });
          await page.screenshot({ path: opts.docsScreenshot });
        }
      },
    ],
    [
      "Odd file names: one like markup shows as text and runs nothing; one with a * uploads and downloads",
      async () => {
        const { page, problems } = st.a;
        const chooser = page.waitForEvent("filechooser");
        await page.getByRole("button", { name: "Upload files" }).click();
        await (await chooser).setFiles([
          { name: XSS_NAME, mimeType: "text/plain", buffer: Buffer.from("just text") },
          { name: STAR_NAME, mimeType: "text/plain", buffer: Buffer.from("a star is a character") },
        ]);
        const items = await waitUploadsDone(page, 2);
        assert.ok(items.every((i) => /\bdone\b/.test(i.cls)), `both uploads done: ${JSON.stringify(items)}`);
        await waitForNames(page, ["photo.jpg", "big.bin", "notes.md", "archive", XSS_NAME, STAR_NAME]);
        assert.equal(s.store.get(s.model.dataBucket.name, `private/${st.aId}/${STAR_NAME}`).body.toString(), "a star is a character");
        const dl = page.waitForEvent("download");
        await action(page, `Download ${STAR_NAME}`).click();
        assert.equal(fs.readFileSync(await (await dl).path(), "utf8"), "a star is a character", "downloaded bytes of the * file");
        assert.equal(await page.locator("table.files img:not(.thumb img)").count(), 0, "no <img> element in the list but thumbnails");
        assert.equal(await page.locator("table.files img[onerror]").count(), 0, "no element from a name");
        await page.getByText(XSS_NAME, { exact: true }).first().waitFor();
        await page.waitForTimeout(300);
        assert.deepEqual(problems, [], "no dialog, script error or CSP violation");
        await page.getByRole("button", { name: "Clear list" }).click();
        await page.mouse.move(0, 0);
        await shot(page, "07-file-list-final");
      },
    ],
    [
      "B signs in and sees none of A's files; B's credentials get AccessDenied on A's folder",
      async () => {
        st.b = await newPage(browser);
        const { page } = st.b;
        await signUp(page, s.urls.site, "bob@example.com", PASSWORD);
        await page.getByText("This folder is empty").waitFor();
        assert.deepEqual(await rows(page), []);
        const { identityId, credentials } = await credentialsFor(s, await idTokenOf(page));
        assert.notEqual(identityId, st.aId);
        const s3 = s3For(s, credentials);
        const v = await isolationViolations(s3, { bucket: s.config.bucket, ownId: identityId, otherId: st.aId, otherKey: `private/${st.aId}/notes.md` });
        assert.deepEqual(v, [], "B is isolated from A");
        // The 403s are S3's XML AccessDenied.
        const res = await fetch(`${s.urls.s3}/${s.config.bucket}/private/${encodeURIComponent(st.aId)}/notes.md`);
        assert.equal(res.status, 403);
        assert.match(await res.text(), /^<\?xml[^>]*>\s*<Error><Code>AccessDenied<\/Code><Message>/);
        // A's file is intact.
        assert.ok(s.store.get(s.config.bucket, `private/${st.aId}/notes.md`).body.equals(st.files["notes.md"]));
        s3.destroy();
        assert.deepEqual(st.b.problems, []);
      },
    ],
    [
      "Expired session: the app renews with the refresh token, and asks to sign in again when it cannot, naming the uploads that did not finish",
      async () => {
        // Short lives for everything issued from now on.
        Object.assign(s.settings, { idTokenTtl: 4, accessTokenTtl: 4, credentialsTtl: 4 });
        const c = await newPage(browser);
        try {
          const { page } = c;
          await signUp(page, s.urls.site, "carol@example.com", PASSWORD);
          const token1 = await idTokenOf(page);
          await page.waitForTimeout(5500); // ID token, access token and credentials have all expired
          const chooser = page.waitForEvent("filechooser");
          await page.getByRole("button", { name: "Upload files" }).click();
          await (await chooser).setFiles([{ name: "after-expiry.txt", mimeType: "text/plain", buffer: Buffer.from("still signed in") }]);
          const items = await waitUploadsDone(page, 1);
          assert.match(items[0].cls, /\bdone\b/, `upload after expiry: ${items[0].text}`);
          await waitForNames(page, ["after-expiry.txt"]);
          assert.notEqual(await idTokenOf(page), token1, "the ID token was renewed");

          // Now the session ends for good (tokens revoked, credentials expired).
          await s.signOutEverywhere("carol@example.com");
          const chooser2 = page.waitForEvent("filechooser");
          await page.getByRole("button", { name: "Upload files" }).click();
          await (await chooser2).setFiles([
            { name: "lost-1.txt", mimeType: "text/plain", buffer: Buffer.from("one") },
            { name: "lost-2.txt", mimeType: "text/plain", buffer: Buffer.from("two") },
          ]);
          await page.getByRole("heading", { name: "Your session has expired" }).waitFor({ timeout: 20000 });
          const text = await page.locator("main").innerText();
          for (const n of ["lost-1.txt", "lost-2.txt"]) assert.ok(text.includes(n), `the expired page names ${n}: ${text}`);
          await shot(page, "08-session-expired");
          Object.assign(s.settings, { idTokenTtl: 3600, accessTokenTtl: 3600, credentialsTtl: 3600 });
          await signIn(page, "carol@example.com", PASSWORD, "Sign in again");
          await waitForNames(page, ["after-expiry.txt"]);
          assert.deepEqual(c.problems, []);
        } finally {
          Object.assign(s.settings, { idTokenTtl: 3600, accessTokenTtl: 3600, credentialsTtl: 3600 });
          await c.context.close();
        }
      },
    ],
    [
      "Harness self-test: a broken policy (owner may list private/) makes the isolation check fail",
      async () => {
        const broken = readTemplate(opts.template);
        let patched = 0;
        for (const r of Object.values(broken.Resources)) {
          if (r.Type !== "AWS::IAM::ManagedPolicy") continue;
          for (const stmt of r.Properties.PolicyDocument.Statement) {
            const actions = [stmt.Action].flat();
            const like = stmt.Condition?.StringLike?.["s3:prefix"];
            if (actions.includes("s3:ListBucket") && like) {
              stmt.Condition.StringLike["s3:prefix"] = [...[like].flat(), "private/"];
              patched++;
            }
          }
        }
        assert.equal(patched, 1, "patched the owner policy's list statement");
        const bad = await startStandIn({ template: broken, templateDir: path.dirname(opts.template), webDist: opts.webDist, log: () => {} });
        const pa = await newPage(browser);
        const pb = await newPage(browser);
        try {
          await signUp(pa.page, bad.urls.site, "alice@example.com", PASSWORD);
          const a = await credentialsFor(bad, await idTokenOf(pa.page));
          const s3a = s3For(bad, a.credentials);
          await s3a.send(new PutObjectCommand({ Bucket: bad.config.bucket, Key: `private/${a.identityId}/secret.txt`, Body: "secret" }));
          await signUp(pb.page, bad.urls.site, "bob@example.com", PASSWORD);
          const b = await credentialsFor(bad, await idTokenOf(pb.page));
          const s3b = s3For(bad, b.credentials);
          const v = await isolationViolations(s3b, { bucket: bad.config.bucket, ownId: b.identityId, otherId: a.identityId, otherKey: `private/${a.identityId}/secret.txt` });
          assert.ok(
            v.some((x) => x.startsWith('ListObjectsV2 prefix "private/": allowed and saw ' + a.identityId)),
            `the isolation check catches the broken policy: ${JSON.stringify(v)}`,
          );
          const listed = await s3b.send(new ListObjectsV2Command({ Bucket: bad.config.bucket, Prefix: "private/", Delimiter: "/" }));
          assert.ok(listed.CommonPrefixes.some((p) => p.Prefix === `private/${a.identityId}/`));
          // Objects stay protected: only listing was widened.
          await assert.rejects(s3b.send(new GetObjectCommand({ Bucket: bad.config.bucket, Key: `private/${a.identityId}/secret.txt` })), { name: "AccessDenied" });
          s3a.destroy();
          s3b.destroy();
        } finally {
          await pa.context.close();
          await pb.context.close();
          await bad.stop();
        }
      },
    ],
    [
      "Sign out revokes the session and returns to the signed-out page",
      async () => {
        const { page } = st.a;
        const refreshToken = await page.evaluate(() => {
          const k = Object.keys(sessionStorage).find((x) => x.startsWith("oidc.user:"));
          return JSON.parse(sessionStorage.getItem(k)).refresh_token;
        });
        assert.ok(refreshToken, "the app holds a refresh token (issued without offline_access)");
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByRole("button", { name: "Create an account" }).waitFor();
        assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("oidc.user:")).length), 0);
        // The app revoked its refresh token.
        const r = await fetch(`${s.urls.login}/oauth2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: s.ids.clientId }),
        });
        assert.equal(r.status, 400);
        assert.equal((await r.json()).error, "invalid_grant");
        // The managed-login session ended too: signing in asks for the password.
        await signIn(page, "alice@example.com", PASSWORD);
        await waitForNames(page, ["photo.jpg", "big.bin", "notes.md", "archive", XSS_NAME, STAR_NAME]);
        assert.deepEqual(st.a.problems, [], "no CSP violation or script error during the whole session");
      },
    ],
    ...browseTests({ s, browser, shot, opts, log }),
  ];

  try {
    results.push(
      ...(await runCases(tests, {
        log,
        onFail: async (n) => {
          for (const p of [st.a, st.b].filter(Boolean)) await p.page.screenshot({ path: path.join(opts.artifacts, `failure-${n}.png`) }).catch(() => {});
        },
      })),
    );
  } finally {
    await browser.close();
    await s.stop();
  }
  return results;
}
