// Helpers for the end-to-end tests: one Chromium, pages that record CSP
// violations and script errors, the sign-up/sign-in flow through the login
// pages, and AWS SDK clients with a signed-in user's own credentials.

import assert from "node:assert/strict";
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from "@aws-sdk/client-cognito-identity";
import { S3Client } from "@aws-sdk/client-s3";
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * The Chromium the tests drive: $CHROMIUM, else $CHROME_PATH, else Debian's
 * /usr/bin/chromium (what `make test` installs when run as root).
 */
export function chromiumPath(env = process.env) {
  return env.CHROMIUM || env.CHROME_PATH || "/usr/bin/chromium";
}

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/**
 * A new browser context and page that record problems: CSP violations,
 * uncaught script errors, dialogs (alert() etc.). problems() lists them.
 */
export async function newPage(browser, { permissions = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  if (permissions.length) await context.grantPermissions(permissions);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    const t = m.text();
    if (/Content Security Policy|Refused to (connect|load|execute|apply)/i.test(t)) problems.push(`CSP: ${t}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", async (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  return { context, page, problems };
}

/** Fills the local login's sign-up form (from the app's "Create an account"). */
export async function signUp(page, siteUrl, email, password) {
  await page.goto(siteUrl + "/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByRole("heading", { name: "Create an account" }).waitFor();
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.fill("#confirm", password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Upload files" }).waitFor({ timeout: 15000 });
}

/** Signs in through the login page (from the app's signed-out or expired page). */
export async function signIn(page, email, password, buttonName = "Sign in") {
  await page.getByRole("button", { name: buttonName }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Upload files" }).waitFor({ timeout: 15000 });
}

/** The signed-in user's ID token, from the app's session storage (oidc-client-ts). */
export async function idTokenOf(page) {
  const t = await page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i);
      if (k.startsWith("oidc.user:")) return JSON.parse(sessionStorage.getItem(k)).id_token;
    }
    return null;
  });
  assert.ok(t, "no signed-in user in session storage");
  return t;
}

/** Identity-pool credentials for an ID token, from the stand-in's identity endpoint, as the app gets them. */
export async function credentialsFor(standIn, idToken) {
  const cfg = standIn.config;
  const client = new CognitoIdentityClient({ region: cfg.region, endpoint: cfg.endpoints.cognitoIdentity, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const logins = { [`cognito-idp.${cfg.region}.amazonaws.com/${cfg.userPoolId}`]: idToken };
  const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: cfg.identityPoolId, Logins: logins }));
  const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  client.destroy();
  return {
    identityId: IdentityId,
    credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken, expiration: Credentials.Expiration },
  };
}

/** An S3 client with credentials the stand-in's identity pool issues for identityId (authenticated role), valid 10 minutes. */
export function s3ForIdentity(standIn, identityId) {
  const c = standIn.credentials.issue({ identityId, identityPoolId: standIn.ids.identityPoolId, roleArn: standIn.model.authenticatedRole.arn, amr: ["authenticated"], sub: "sub" }, 600);
  return s3For(standIn, { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken });
}

export function s3For(standIn, credentials) {
  return new S3Client({ region: standIn.config.region, endpoint: standIn.config.endpoints.s3, forcePathStyle: true, credentials, maxAttempts: 1 });
}

/** Rows of the file list: [{ name, size }]. */
export async function rows(page) {
  return page.$$eval("table.files tbody tr", (trs) =>
    trs.map((tr) => ({ name: tr.querySelector(".name-text")?.textContent ?? "", size: tr.querySelector(".col-size")?.textContent ?? "", kind: tr.className })),
  );
}

/** Waits until the listing shows exactly these names (any order). */
export async function waitForNames(page, names, timeout = 15000) {
  const want = [...names].sort();
  const start = Date.now();
  let got;
  while (Date.now() - start < timeout) {
    got = (await rows(page)).map((r) => r.name).sort();
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(got, want, "file list");
}

/** Drops files on the app's drop zone, as a drag from the desktop would (DataTransfer with Files). */
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType ?? "application/octet-stream", b64: Buffer.from(f.buffer).toString("base64") }));
  const dt = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
  for (const type of ["dragenter", "dragover", "drop"]) await page.dispatchEvent("main#main", type, { dataTransfer: dt });
}

/** Waits for the uploads panel to show every item done; returns its items' texts. */
export async function waitUploadsDone(page, count, timeout = 60000) {
  await page.waitForFunction(
    (n) => {
      const items = [...document.querySelectorAll(".upload-list li")];
      return items.length >= n && items.every((li) => /\b(done|failed|cancelled|skipped)\b/.test(li.className));
    },
    count,
    { timeout },
  );
  return page.$$eval(".upload-list li", (lis) => lis.map((li) => ({ cls: li.className, text: li.textContent })));
}

const ROW_ACTIONS = ["Download as zip", "Download", "Share", "Rename or move", "Delete", "Open folder", "Preview", "Versions of", "Copy", "Size of"];

/**
 * A row's action ("Download a.txt", "Rename or move a.txt", ...): the
 * button in the row when there is one on screen, else the item of the
 * row's "⋯" menu ("Actions for a.txt"), opened first. click() does it.
 */
export function action(page, label) {
  return {
    async click() {
      const direct = page.getByRole("button", { name: label, exact: true });
      if (await direct.first().isVisible().catch(() => false)) return direct.first().click();
      const verb = ROW_ACTIONS.find((v) => label.startsWith(v + " "));
      assert.ok(verb, `no row action "${label}"`);
      await page.getByRole("button", { name: `Actions for ${label.slice(verb.length + 1)}`, exact: true }).click();
      await page.getByRole("menuitem", { name: label, exact: true }).click();
    },
  };
}

/**
 * Runs [name, fn] cases in order, logging ✔/✖ with the time; onFail(results.length) after a failure
 * (screenshots). Returns [{ name, ok, ms, error }].
 */
export async function runCases(tests, { log, onFail = async () => {} }) {
  const results = [];
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - t0 });
      log(`✔ ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ name, ok: false, ms: Date.now() - t0, error: e });
      log(`✖ ${name} (${Date.now() - t0} ms)\n    ${String(e.stack ?? e).split("\n").slice(0, 8).join("\n    ")}`);
      await onFail(results.length);
    }
  }
  return results;
}
