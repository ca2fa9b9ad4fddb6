#!/usr/bin/env node
// npm --prefix local run test:storage-browser — Amplify UI's Storage Browser
// and plain aws-amplify, in Debian's Chromium, against the local stand-in,
// through the same doors a deployed front end uses:
//   - the stack synthesized with this front end's origin in callbackUrls and
//     corsOrigins (the "storageBrowser" configuration of test/amplify);
//   - the front end (app/: React, @aws-amplify/ui-react-storage, aws-amplify,
//     pinned in this folder's package-lock.json) built once with esbuild and
//     served on that origin with the stand-in's amplify_outputs.json;
//   - signInWithRedirect through the stand-in's managed login (sign-up page),
//     the identity pool's credentials, S3 through Amplify's customEndpoint.
// Then, through the Storage Browser UI: exactly one location (the user's own
// folder), upload, list, download (bytes equal), create a folder, delete; a
// second user sees none of it; plain aws-amplify (fetchAuthSession,
// uploadData, list) works in the user's folder and gets AccessDenied outside.
// Ends with "N passed, N failed"; exit 1 on failure. Screenshots of failures
// go to local/artifacts/storage-browser-*.png.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL, toolchainEnv } from "../../src/prepare.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { STORAGE_BROWSER_ORIGIN, synthesizeConfigs } from "../amplify/configs.mjs";
import { launchBrowser } from "../helpers.mjs";
import { createRunner } from "../runner.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PASSWORD = "Local-Pass1";
const artifacts = path.join(LOCAL, "artifacts");
const decode = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
const header = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString());

/** Installs this folder's pinned dependencies when node_modules is missing or older than the lock. */
function installDependencies() {
  const lock = path.join(HERE, "package-lock.json");
  const installed = path.join(HERE, "node_modules", ".package-lock.json");
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log("npm ci (test/storage-browser: React, @aws-amplify/ui-react-storage, aws-amplify, esbuild)...");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: HERE, env: toolchainEnv(console.log), stdio: ["ignore", process.stdout, process.stderr] });
}

const users = {};

const { test, finish, fail } = createRunner({
  onFail: async (_e, n) => {
    for (const [who, u] of Object.entries(users)) {
      await u.page.screenshot({ path: path.join(artifacts, `storage-browser-failure-${n}-${who}.png`) }).catch(() => {});
      if (u.problems.length) console.log(`      ${who}'s page: ${u.problems.join("\n      ")}`);
    }
  },
});

// ---------------------------------------------------------------- prepare
let template, dist;
try {
  console.log("== preparing: the storageBrowser configuration, the front end's build");
  installDependencies();
  ({ storageBrowser: template } = await synthesizeConfigs({ names: ["storageBrowser"], log: console.log }));
  const { buildApp } = await import("./build.mjs");
  const built = await buildApp(path.join(LOCAL, ".cache", "storage-browser", "dist"));
  dist = built.outDir;
  const versions = ["@aws-amplify/ui-react-storage", "aws-amplify", "react"].map((p) => `${p} ${JSON.parse(fs.readFileSync(path.join(HERE, "node_modules", p, "package.json"))).version}`);
  console.log(`Front end: built in ${built.ms} ms with esbuild (${versions.join(", ")}).`);
} catch (e) {
  console.log(`could not prepare: ${e.stack ?? e}`);
  fail("prepare");
  finish();
}

const decisions = [];
let s, app, browser;
try {
  const { serveApp } = await import("./serve.mjs");
  s = await startStandIn({ template, webDist: fs.mkdtempSync(path.join(os.tmpdir(), "pf-sb-")), log: () => {}, onDecision: (d) => decisions.push(d) });
  app = await serveApp({ dist, outputs: s.amplifyOutputs, origin: STORAGE_BROWSER_ORIGIN });
  browser = await launchBrowser();
  fs.mkdirSync(artifacts, { recursive: true });
} catch (e) {
  console.log(`could not start: ${e.stack ?? e}`);
  await s?.stop();
  await app?.close();
  fail("start");
  finish();
}

/** A user's own browser context (self-signed TLS on the stand-in's login and S3 ports accepted) and page. */
async function openApp(who) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  const loginsKeys = new Set(); // the Logins keys Amplify sends to the identity pool
  page.on("request", (r) => {
    if (r.url().startsWith(s.urls.identity) && r.method() === "POST") for (const k of Object.keys(JSON.parse(r.postData() ?? "{}").Logins ?? {})) loginsKeys.add(k);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  users[who] = { context, page, problems, loginsKeys };
  await page.goto(`${STORAGE_BROWSER_ORIGIN}/`);
  return users[who];
}

/** signInWithRedirect from the app's button, then the managed login's sign-up page; back in the app, signed in. */
async function signUpThroughManagedLogin(page, email) {
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.href.startsWith(`https://${s.amplifyOutputs.auth.oauth.domain}/interaction/`));
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await page.fill("#confirm", PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor({ timeout: 20000 });
  assert.equal(new URL(page.url()).origin, STORAGE_BROWSER_ORIGIN);
}

const plain = (page, fn, ...args) => page.evaluate(([f, a]) => window.plainAmplify[f](...a), [fn, args]);
const locationLinks = (page) => page.getByRole("button", { name: /^private\// });

/** From the locations view, opens the user's own location and waits for its listing. */
async function openOwnFolder(page, identityId) {
  await locationLinks(page).first().waitFor();
  await page.getByRole("button", { name: `private/${identityId}/`, exact: true }).click();
  await page.getByRole("heading", { name: `private/${identityId}/` }).waitFor();
}

async function fileNames(page) {
  await page.getByRole("button", { name: "Refresh data" }).click();
  await page.waitForTimeout(300);
  await page.locator("table").last().waitFor();
  return page.$$eval("table tbody tr", (trs) => trs.map((tr) => tr.querySelector("td:nth-child(2)")?.textContent.trim() ?? "").filter(Boolean));
}

async function chooseAction(page, label) {
  await page.getByRole("button", { name: "Menu Toggle" }).click();
  await page.getByRole("menuitem", { name: label }).click();
}

const content = crypto.randomBytes(70 * 1024);
try {
  await test("A signs in with signInWithRedirect through the stand-in's managed login: Cognito-shaped tokens, identity-pool credentials", async () => {
    const { page } = await openApp("a");
    await signUpThroughManagedLogin(page, "sb-a@example.com");
    const session = await plain(page, "session");
    users.a.identityId = session.identityId;
    assert.match(session.identityId, /^eu-west-1:[0-9a-f-]{36}$/);
    assert.match(session.accessKeyId, /^ASIA/);
    const at = decode(session.accessToken);
    const id = decode(session.idToken);
    assert.equal(at.token_use, "access");
    assert.equal(at.client_id, s.ids.clientId);
    assert.equal(at.iss, s.urls.issuer);
    assert.equal(at.username, id["cognito:username"]);
    for (const c of ["sub", "scope", "auth_time", "exp", "iat", "jti", "origin_jti", "event_id"]) assert.ok(at[c] !== undefined, `access token has ${c}`);
    assert.equal(at.aud, undefined, "Cognito's access tokens have no aud");
    assert.equal(id.token_use, "id");
    assert.equal(id.aud, s.ids.clientId);
    assert.equal(id.email, "sb-a@example.com");
    assert.equal(id.origin_jti, at.origin_jti);
    assert.notEqual(header(session.accessToken).kid, header(session.idToken).kid, "access and ID tokens are signed with different keys, as Cognito's");
    const user = await plain(page, "currentUser");
    assert.equal(user.username, at.username, "Amplify's getCurrentUser reads username from the access token");
    await page.getByTestId("username").waitFor();
    const derived = `${new URL(at.iss).host}${new URL(at.iss).pathname}`;
    assert.deepEqual([...users.a.loginsKeys], [derived], "Amplify's Logins key is the ID token's iss without its scheme");
    return `identity ${session.identityId}; Logins key Amplify sent: ${derived}`;
  });

  await test("Storage Browser offers A exactly one location: private/<A's identity id>/, read/write", async () => {
    const { page } = users.a;
    await locationLinks(page).first().waitFor();
    const rows = await page.$$eval("table tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim())));
    assert.deepEqual(rows, [[`private/${users.a.identityId}/`, s.model.dataBucket.name, "Read/Write"]]);
  });

  await test("A uploads a file through Storage Browser; the listing shows it and the stand-in stores the same bytes", async () => {
    const { page } = users.a;
    await openOwnFolder(page, users.a.identityId);
    await chooseAction(page, "Upload");
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Add files" }).click();
    await (await chooser).setFiles({ name: "report.bin", mimeType: "application/octet-stream", buffer: content });
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await page.getByText("All files uploaded").or(page.getByText(/uploaded/i)).first().waitFor({ timeout: 20000 });
    await page.getByRole("button", { name: "Exit" }).click();
    const stored = s.store.get(s.model.dataBucket.name, `private/${users.a.identityId}/report.bin`);
    assert.ok(stored, "not in the stand-in's store");
    assert.ok(Buffer.compare(stored.body, content) === 0, "stored bytes differ");
    assert.deepEqual(await fileNames(page), ["report.bin"]);
  });

  await test("A downloads it through Storage Browser (a presigned GET): the bytes are equal", async () => {
    const { page, context } = users.a;
    const download = new Promise((resolve) => {
      page.on("download", resolve);
      context.on("page", (p) => p.on("download", resolve));
    });
    const mark = decisions.length;
    await page.getByRole("button", { name: "download" }).first().click();
    const d = await Promise.race([download, new Promise((_, reject) => setTimeout(() => reject(new Error("no download within 15 s")), 15000))]);
    const bytes = fs.readFileSync(await d.path());
    assert.ok(Buffer.compare(bytes, content) === 0, `downloaded ${bytes.length} bytes, uploaded ${content.length}`);
    const presigned = decisions.slice(mark).filter((x) => /X-Amz-Signature=/.test(x.url));
    assert.ok(presigned.some((x) => x.decision === "Allowed"), "the download went through a presigned URL the stand-in allowed");
    return `${d.suggestedFilename()}: ${bytes.length} bytes via ${presigned.length} presigned request(s): ${presigned.map((x) => decodeURIComponent(x.url).replace(/X-Amz-(Credential|Security-Token|Signature)=[^&]*/g, "X-Amz-$1=…")).join(" ")}`;
  });

  await test("A creates a folder through Storage Browser and opens it (a listing whose prefix has a space)", async () => {
    const { page } = users.a;
    const own = `private/${users.a.identityId}/`;
    await chooseAction(page, "Create folder");
    await page.getByRole("textbox").last().fill("holiday photos");
    await page.getByRole("button", { name: "Create folder", exact: true }).click();
    await page.getByText(/created/i).first().waitFor({ timeout: 15000 });
    await page.getByRole("button", { name: "Exit" }).click();
    assert.ok(s.store.get(s.model.dataBucket.name, `${own}holiday photos/`), "no folder marker object");
    assert.deepEqual((await fileNames(page)).sort(), ["holiday photos/", "report.bin"].sort());
    // Amplify serializes the query with URLSearchParams: prefix=...holiday+photos%2F, which S3 reads as a space.
    const mark = decisions.length;
    await page.getByRole("button", { name: "holiday photos/", exact: true }).click();
    await page.getByText("No files.").waitFor();
    const listing = decisions.slice(mark).find((d) => /[?&]prefix=[^&]*\+/.test(d.url));
    assert.ok(listing, "a ListObjectsV2 with '+' for the space in its prefix");
    assert.equal(listing.decision, "Allowed");
    await page.getByRole("button", { name: `${s.model.dataBucket.name}/${own.slice(0, -1)}`, exact: true }).click(); // the breadcrumb
    await page.getByRole("heading", { name: own }).waitFor();
  });

  await test("plain aws-amplify in A's page: fetchAuthSession, uploadData and list in A's folder", async () => {
    const { page } = users.a;
    const session = await plain(page, "session");
    assert.equal(session.identityId, users.a.identityId);
    const key = `private/${users.a.identityId}/plain.txt`;
    assert.equal(await plain(page, "upload", key, "uploaded with uploadData"), key);
    const listed = await plain(page, "list", `private/${users.a.identityId}/`);
    assert.ok(listed.includes(key), JSON.stringify(listed));
    assert.equal(await plain(page, "download", key), "uploaded with uploadData");
  });

  await test("B signs in: Storage Browser offers only B's folder and shows none of A's files", async () => {
    const { page } = await openApp("b");
    await signUpThroughManagedLogin(page, "sb-b@example.com");
    users.b.identityId = (await plain(page, "session")).identityId;
    assert.notEqual(users.b.identityId, users.a.identityId);
    await locationLinks(page).first().waitFor();
    const folders = await page.$$eval("table tbody tr td:first-child", (tds) => tds.map((td) => td.textContent.trim()));
    assert.deepEqual(folders, [`private/${users.b.identityId}/`]);
    await openOwnFolder(page, users.b.identityId);
    await page.getByText("No files.").waitFor();
  });

  await test("a request outside private/<own id>/ is AccessDenied (plain aws-amplify in B's page)", async () => {
    const { page } = users.b;
    const a = users.a.identityId;
    const cases = [
      ["list", `private/${a}/`],
      ["list", "private/"],
      ["list", ""],
      ["download", `private/${a}/report.bin`],
      ["upload", `private/${a}/from-b.txt`, "x"],
      ["remove", `private/${a}/report.bin`],
      ["upload", "private/x.txt", "x"],
    ];
    const notes = [];
    for (const [fn, ...args] of cases) {
      const mark = decisions.length;
      const name = await page.evaluate(([f, a]) => window.plainAmplify.errorName(f, ...a), [fn, args]);
      assert.equal(name, "AccessDenied", `${fn}(${JSON.stringify(args[0])}) gave ${name}`);
      const denied = decisions.slice(mark).find((d) => d.decision && d.decision !== "Allowed");
      assert.ok(denied, `${fn}: no denial recorded by the stand-in`);
      notes.push(`${fn} ${JSON.stringify(args[0])}: AccessDenied (${denied.action} ${denied.decision})`);
    }
    assert.ok(s.store.get(s.model.dataBucket.name, `private/${a}/report.bin`), "A's file is still there");
    return notes.join("\n");
  });

  await test("A deletes the file through Storage Browser", async () => {
    const { page } = users.a;
    const box = page.getByRole("checkbox", { name: `Select file private/${users.a.identityId}/report.bin` });
    await page.locator("label").filter({ has: box }).click();
    assert.ok(await box.isChecked());
    await chooseAction(page, "Delete");
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByText(/deleted/i).first().waitFor({ timeout: 15000 });
    await page.getByRole("button", { name: "Exit" }).click();
    assert.equal(s.store.has(s.model.dataBucket.name, `private/${users.a.identityId}/report.bin`), false);
    assert.ok(!(await fileNames(page)).includes("report.bin"));
  });

  await test("A signs out with Amplify: the refresh token is revoked through the user pool endpoint, and the app is signed out", async () => {
    const { page } = users.a;
    const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith("CognitoIdentityServiceProvider."))));
    const refreshToken = Object.entries(stored).find(([k]) => k.endsWith(".refreshToken"))?.[1];
    const accessToken = Object.entries(stored).find(([k]) => k.endsWith(".accessToken"))?.[1];
    assert.ok(refreshToken && accessToken, `Amplify's token store: ${Object.keys(stored).join(", ")}`);
    const revoke = page.waitForRequest((r) => r.url().startsWith(s.urls.idp) && r.headers()["x-amz-target"] === "AWSCognitoIdentityProviderService.RevokeToken");
    await page.getByRole("button", { name: "Sign out" }).click();
    await revoke;
    await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).origin, STORAGE_BROWSER_ORIGIN, "back in the app after the managed login's /logout");
    const refreshed = await fetch(`${s.urls.login}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: s.ids.clientId, refresh_token: refreshToken }).toString(),
    });
    assert.equal((await refreshed.json()).error, "invalid_grant", "the refresh token is revoked");
    await assert.rejects(s.login.tokens.verifyAccessToken(accessToken), /revoked/, "its access token is revoked with it");
  });

  await test("no script errors or dialogs in either page", () => {
    assert.deepEqual([...users.a.problems, ...(users.b?.problems ?? [])], []);
  });
} finally {
  await browser?.close();
  await app?.close();
  await s?.stop();
}
finish();
