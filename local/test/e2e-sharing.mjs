// End-to-end tests of sharing (issue 15): the web app in Chromium against
// the stand-in with the share service on (the template synthesized with
// -c sharing=true; the real Go handler behind the site's /api and /s, its
// table in dynalite). Links that outlive the session and can be revoked, a
// share named to one person, a password, and a file drop from someone who
// is not signed in. Every download's bytes are compared; axe checks the
// sharing views and dialogs.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { prepareTemplate, SHARING_VARIANT } from "../src/prepare.mjs";
import { startStandIn } from "../src/standin.mjs";
import { action, credentialsFor, idTokenOf, launchBrowser, newPage, runTests, s3For, signUp, waitForNames } from "./helpers.mjs";

const PASSWORD = "Local-Pass1";
const LINK_PASSWORD = "correct horse battery";

/** axe-core on the page as it is: [] or the violations, named. */
async function axeViolations(page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
}

/** The bytes of the download `start()` triggers in page (a click, or a navigation that ends in one). */
async function downloadOf(page, start) {
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 15000 }), start().catch((e) => (/Download is starting|ERR_ABORTED/.test(e.message) ? null : Promise.reject(e)))]);
  return fs.readFileSync(await dl.path());
}

/** Creates a link in the Share dialog of `name` (fields: label → value) and returns its URL. */
async function shareLink(page, name, fields = {}) {
  await action(page, `Share ${name}`).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole("button", { name: "Create link" }).click();
  const url = await dialog.getByLabel("Link", { exact: true }).inputValue({ timeout: 15000 });
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });
  return url;
}

/**
 * The tests, in order. env: { s (stand-in), browser, shot(page, name), log }.
 */
export function sharingTests(env) {
  const { s, browser, shot } = env;
  const st = {};
  const key = (rel) => `private/${st.id}/${rel}`;
  const REPORT = Buffer.from("quarterly numbers: 42\n");
  const PLAN = Buffer.from("the plan, for Bob only\n");

  return [
    [
      "Sharing: A, B and C sign up; A has files; the app offers the sharing sections",
      async () => {
        st.a = await newPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
        await signUp(st.a.page, s.urls.site, "ann@example.com", PASSWORD);
        const c = await credentialsFor(s, await idTokenOf(st.a.page));
        st.id = c.identityId;
        const s3 = s3For(s, c.credentials);
        for (const [rel, body] of [["report.txt", REPORT], ["plan.txt", PLAN]]) {
          await s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: key(rel), Body: body }));
        }
        s3.destroy();
        await st.a.page.getByRole("button", { name: "Refresh" }).click();
        await waitForNames(st.a.page, ["report.txt", "plan.txt"]);
        await st.a.page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "My shares" }).waitFor();
        st.b = await newPage(browser);
        await signUp(st.b.page, s.urls.site, "bob@example.com", PASSWORD);
        st.c = await newPage(browser);
        await signUp(st.c.page, s.urls.site, "cat@example.com", PASSWORD);
      },
    ],
    [
      "A link for 7 days: a signed-out browser downloads the file (bytes checked); revoked under My shares, the link answers 404",
      async () => {
        const { page } = st.a;
        await action(page, "Share report.txt").click();
        const dialog = page.getByRole("dialog");
        assert.equal(await dialog.getByLabel("Link expires after (days)").inputValue(), "7", "7 days by default");
        assert.deepEqual(await axeViolations(page), [], "axe: the Share dialog");
        await dialog.getByRole("button", { name: "Cancel" }).click();
        const url = await shareLink(page, "report.txt", { "Link expires after (days)": "7" });
        assert.match(url, new RegExp(`^${s.urls.site}/s/[A-Za-z0-9_-]{22}$`), "a link on the site's own origin");

        const anon = await newPage(browser);
        assert.deepEqual(await downloadOf(anon.page, () => anon.page.goto(url)), REPORT, "the signed-out download's bytes");

        await page.getByRole("link", { name: "My shares" }).click();
        await page.getByRole("heading", { level: 1, name: "My shares" }).waitFor();
        const row = page.locator("tr.share", { hasText: "report.txt" });
        await row.waitFor();
        const expires = new Date(await row.locator(".share-expires time").getAttribute("datetime"));
        const days = (expires.getTime() - Date.now()) / 86400e3;
        assert.ok(days > 6.9 && days < 7.1, `expires in 7 days (${days.toFixed(2)})`);
        assert.deepEqual(await axeViolations(page), [], "axe: My shares");
        await shot(page, "sharing-my-shares");
        await page.getByRole("button", { name: "Revoke report.txt" }).click();
        await row.locator(".share-status", { hasText: "Revoked" }).waitFor();
        const r = await anon.context.request.get(url, { maxRedirects: 0 });
        assert.equal(r.status(), 404, "a revoked link");
        assert.deepEqual(anon.problems, []);
        await anon.context.close();
        await page.getByRole("link", { name: "My files" }).click();
        await waitForNames(page, ["report.txt", "plan.txt"]);
      },
    ],
    [
      "A shares with B's email: B reads it under Shared with me (bytes checked); C, signed in with the link, cannot",
      async () => {
        const url = await shareLink(st.a.page, "plan.txt", { "Share only with these people (optional)": "bob@example.com" });
        const id = url.slice(url.lastIndexOf("/") + 1);
        // The link itself serves nobody's download: it leads to the app.
        const anon = await newPage(browser);
        const r = await anon.context.request.get(url, { maxRedirects: 0 });
        assert.equal(r.status(), 302);
        assert.equal(new URL(r.headers().location, url).pathname, `/shared/${id}`);
        await anon.context.close();

        const b = st.b.page;
        await b.goto(url);
        await b.getByRole("heading", { level: 1, name: "Shared with me" }).waitFor({ timeout: 15000 });
        assert.equal(new URL(b.url()).hash, `#shared/${id}`);
        assert.deepEqual(await downloadOf(b, () => b.getByRole("button", { name: "Download plan.txt" }).click()), PLAN, "B's download");
        assert.deepEqual(await axeViolations(b), [], "axe: Shared with me");
        await shot(b, "sharing-shared-with-me");

        const c = st.c.page;
        await c.goto(url);
        await c.getByRole("heading", { level: 1, name: "Shared with me" }).waitFor({ timeout: 15000 });
        await c.getByText("That share is not shared with you").waitFor();
        assert.equal(await c.getByRole("button", { name: "Download plan.txt" }).count(), 0);
        // Nor through the API, holding the id.
        const token = await idTokenOf(c);
        for (const p of [`/api/shared-with-me/${id}/url`, `/api/shared-with-me/${id}/items`]) {
          const res = await fetch(s.urls.site + p, { headers: { authorization: `Bearer ${token}` } });
          assert.equal(res.status, 404, `C: ${p}`);
        }
        assert.deepEqual([st.b.problems, st.c.problems], [[], []]);
      },
    ],
    [
      "A password-protected link refuses a wrong password and gives the file for the right one",
      async () => {
        const url = await shareLink(st.a.page, "report.txt", { "Password (optional)": LINK_PASSWORD });
        const anon = await newPage(browser);
        const { page } = anon;
        await page.goto(url);
        const field = page.locator('input[name="password"]');
        await field.fill("wrong password");
        const [wrong] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), field.press("Enter")]);
        assert.equal(wrong.status(), 401, "a wrong password");
        await page.goto(url);
        await page.locator('input[name="password"]').fill(LINK_PASSWORD);
        assert.deepEqual(await downloadOf(page, () => page.locator('input[name="password"]').press("Enter")), REPORT, "the bytes, with the right password");
        await anon.context.close();
      },
    ],
    [
      "A file drop: a signed-out browser sends a file into A's folder (A sees it, bytes checked) and can neither list nor read",
      async () => {
        const { page } = st.a;
        await page.getByRole("button", { name: "Create file-drop link" }).click();
        const dialog = page.getByRole("dialog");
        await dialog.getByRole("button", { name: "Create link" }).click();
        const url = await dialog.getByLabel("Link", { exact: true }).inputValue({ timeout: 15000 });
        await dialog.getByRole("button", { name: "Close" }).click();
        const id = url.slice(url.lastIndexOf("/") + 1);

        const anon = await newPage(browser);
        const u = anon.page;
        await u.goto(url);
        await u.getByRole("heading", { level: 1, name: "Send files" }).waitFor({ timeout: 15000 });
        assert.equal(new URL(u.url()).pathname, `/drop/${id}`);
        assert.deepEqual(await axeViolations(u), [], "axe: the file-drop page");
        const SENT = Buffer.from("from someone without an account\n");
        await u.getByLabel("Choose files to send").setInputFiles({ name: "invoice.txt", mimeType: "text/plain", buffer: SENT });
        await u.getByText("1 of 1 sent.").waitFor({ timeout: 15000 });
        await shot(u, "sharing-drop");
        assert.equal(await u.getByRole("button", { name: /Sign in/ }).count(), 0, "no sign-in asked");

        // A sees it in drop/<id>/, with the bytes sent.
        const rel = `drop/${id}/invoice.txt`;
        assert.deepEqual(s.store.get(s.config.bucket, key(rel)).body, SENT, "the bytes stored");
        await page.goto(`${s.urls.site}/#/drop/${id}/`);
        await waitForNames(page, ["invoice.txt"]);

        // The uploader: the drop's page tells only its name, expiry and limits; nothing reads or lists.
        const req = anon.context.request;
        const info = await (await req.get(`${s.urls.site}/api/drops/${id}`)).json();
        assert.deepEqual(Object.keys(info).sort(), ["expiresAt", "maxBytes", "name", "signedInOnly"]);
        const target = await (await req.post(`${s.urls.site}/api/drops/${id}/uploads`, { data: { name: "x.txt", size: 1 } })).json();
        const bucketUrl = target.url.replace(/\/$/, "");
        for (const [what, u2] of [
          ["read the file", `${s.config.endpoints.s3}/${s.config.bucket}/${key(rel)}`],
          ["list the drop", `${s.config.endpoints.s3}/${s.config.bucket}?list-type=2&prefix=${encodeURIComponent(key(`drop/${id}/`))}`],
          ["read through the POST's URL", `${bucketUrl}/${key(rel)}`],
          ["read through the link", `${url}/invoice.txt`],
        ]) {
          const r = await req.get(u2, { maxRedirects: 0 });
          assert.ok(r.status() >= 400 && r.status() !== 500, `the uploader cannot ${what}: HTTP ${r.status()}`);
          assert.ok(!(await r.body()).includes(SENT), `no bytes when trying to ${what}`);
        }
        assert.deepEqual(anon.problems, [], "no CSP violation or script error on the drop page");
        await anon.context.close();
        assert.deepEqual(st.a.problems, [], "no CSP violation or script error for A");
      },
    ],
  ];
}

/**
 * opts: { template (synthesized with sharing on; made here when absent), webDist, artifacts, force, log }
 * Returns [{ name, ok, ms, error }].
 */
export async function runSharingE2E(opts) {
  const { log } = opts;
  fs.mkdirSync(opts.artifacts, { recursive: true });
  const template = opts.template ?? (await prepareTemplate({ variant: SHARING_VARIANT, force: opts.force, log }));
  const s = await startStandIn({ template, webDist: opts.webDist, log: () => {} });
  const browser = await launchBrowser();
  const shot = (page, name) => page.screenshot({ path: path.join(opts.artifacts, `${name}.png`) });
  const onFailure = async (results) => {
    const n = results.length;
    for (const [i, ctx] of browser.contexts().entries()) await ctx.pages()[0]?.screenshot({ path: path.join(opts.artifacts, `failure-sharing-${n}-${i}.png`) }).catch(() => {});
  };
  try {
    return await runTests(sharingTests({ s, browser, shot, log }), { log, onFailure });
  } finally {
    await browser.close();
    await s.stop();
  }
}
