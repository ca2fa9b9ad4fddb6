#!/usr/bin/env node
// npm test: the stand-in's unit tests (node --test), then the end-to-end
// tests in headless Chromium (those of malware scanning, test/e2e-malware.mjs,
// on a second template synthesized with malwareScan on, and those of sharing,
// test/e2e-sharing.mjs, on a third with sharing on). Ends with the line "N passed, N failed" and a
// non-zero exit status if anything failed.
//
//   --e2e-only / --unit-only      run one part
//   --uploads-only                of the end-to-end tests, only those of uploads (test/e2e-uploads.mjs)
//   --capacity-only               of the end-to-end tests, only the capacity recorder's check (test/e2e-capacity.mjs)
//   --browse-only                 of the end-to-end tests, only those of browsing (test/e2e-browse.mjs)
//   --sharing-only                of the end-to-end tests, only those of sharing (test/e2e-sharing.mjs)
//   --verify-only                 of the end-to-end tests, only make verify's against the stand-in (test/e2e-verify.mjs)
//   --no-uploads                  of the end-to-end tests, all but those of uploads
//   --update-screenshot           also write docs/screenshot.png, uploads.png, preview.png and versions.png
//   --synth                       synthesize even if local/.cache/synth (and synth-malware) is fresh
//
// Runs on the pinned Node.js of .toolchain/ (re-executes itself with it).
// The browser: $CHROMIUM, else $CHROME_PATH, else /usr/bin/chromium.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { usePinnedNode } from "../src/pinned-node.mjs";
import { LOCAL, MALWARE_VARIANT, prepareTemplate, SHARING_VARIANT, prepareWeb, REPO } from "../src/prepare.mjs";

await usePinnedNode(console.log);

const argv = new Set(process.argv.slice(2));
const started = Date.now();
let passed = 0;
let failed = 0;

// Both parts use the same synthesized template and build (prepared once, before anything runs in parallel).
let template, malwareTemplate, sharingTemplate, webDist;
try {
  console.log("== preparing: the synthesized templates (defaults, malwareScan on, sharing on) and the web app's build");
  template = await prepareTemplate({ force: argv.has("--synth"), log: console.log });
  malwareTemplate = await prepareTemplate({ variant: MALWARE_VARIANT, force: argv.has("--synth"), log: console.log });
  sharingTemplate = await prepareTemplate({ variant: SHARING_VARIANT, force: argv.has("--synth"), log: console.log });
  webDist = prepareWeb({ log: console.log });
} catch (e) {
  console.log(`could not prepare the template or the web app: ${e.stack ?? e}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

if (!argv.has("--e2e-only")) {
  console.log("== unit tests (node --test)");
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...fs.readdirSync(path.join(LOCAL, "test", "unit")).filter((f) => f.endsWith(".test.mjs")).map((f) => path.join(LOCAL, "test", "unit", f))], {
    cwd: LOCAL,
    encoding: "utf8",
    env: { ...process.env, LOCAL_TEMPLATE: template, LOCAL_MALWARE_TEMPLATE: malwareTemplate, LOCAL_SHARING_TEMPLATE: sharingTemplate, LOCAL_WEB_DIST: webDist },
  });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  const count = (k) => Number((new RegExp(`^ℹ ${k} (\\d+)$`, "m").exec(r.stdout) ?? [])[1] ?? 0);
  passed += count("pass");
  failed += count("fail");
  if (r.status !== 0 && count("fail") === 0) failed++;
}

if (!argv.has("--unit-only")) {
  console.log("== end-to-end tests (Chromium)");
  const log = (m) => console.log(m);
  try {
    const { chromiumPath } = await import("./helpers.mjs");
    const chromium = chromiumPath();
    if (!fs.existsSync(chromium)) {
      throw new Error(`Chromium not found at ${chromium}: install Debian's (sudo apt-get install -y chromium), or point CHROMIUM (or CHROME_PATH) at an installed Chromium or Chrome`);
    }
    const docs = path.join(REPO, "docs", "screenshot.png");
    const uploadDocs = path.join(REPO, "docs", "uploads.png");
    const wanted = (f) => (argv.has("--update-screenshot") || !fs.existsSync(f) ? f : null);
    const { runE2E } = await import("./e2e.mjs");
    const { runUploadE2E } = await import("./e2e-uploads.mjs");
    const t0 = Date.now();
    const artifacts = path.join(LOCAL, "artifacts");
    const results = [];
    const only = argv.has("--uploads-only") ? "uploads" : argv.has("--capacity-only") ? "capacity" : argv.has("--browse-only") ? "browse" : argv.has("--verify-only") ? "verify" : argv.has("--sharing-only") ? "sharing" : null;
    if (!only || only === "browse") {
      results.push(...(await runE2E({ template, webDist, artifacts, docsScreenshot: wanted(docs), browseOnly: only === "browse", log })));
    }
    if ((!only && !argv.has("--no-uploads")) || only === "uploads") {
      console.log("== end-to-end tests of uploads (Chromium)");
      results.push(...(await runUploadE2E({ template, webDist, artifacts, uploadScreenshot: wanted(uploadDocs), log })));
    }
    if (!only) {
      console.log("== end-to-end tests of malware scanning (Chromium, malwareScan on)");
      const { runMalwareE2E } = await import("./e2e-malware.mjs");
      results.push(...(await runMalwareE2E({ template: malwareTemplate, webDist, artifacts, log })));
    }
    if (!only || only === "sharing") {
      console.log("== end-to-end tests of sharing (Chromium, sharing on)");
      const { runSharingE2E } = await import("./e2e-sharing.mjs");
      results.push(...(await runSharingE2E({ template: sharingTemplate, webDist, artifacts, log })));
    }
    if (!only || only === "verify") {
      console.log("== make verify against the stand-in (verify/local.mjs)");
      const { runVerifyE2E } = await import("./e2e-verify.mjs");
      results.push(...(await runVerifyE2E({ template, malwareTemplate, sharingTemplate, webDist, log })));
    }
    if (!only || only === "capacity") {
      console.log("== capacity: the recorded session's requests (Chromium)");
      const { runCapacityCheck } = await import("./e2e-capacity.mjs");
      results.push(...(await runCapacityCheck({ template: sharingTemplate, webDist, log })));
    }
    console.log(`end-to-end: ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in local/artifacts/`);
    passed += results.filter((r) => r.ok).length;
    failed += results.filter((r) => !r.ok).length;
  } catch (e) {
    console.log(`end-to-end tests could not run: ${e.stack ?? e}`);
    failed++;
  }
}

console.log(`total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
