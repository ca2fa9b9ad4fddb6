// Shared parts of the browser benchmarks (bench/first-list.sh, upload.sh,
// listing.sh): a stand-in on free loopback ports, one headless Chromium, a
// signed-up user, cold pages that start already signed in, the metric lines
// and the statistics. Metric lines ("name value unit") go to stdout, every
// other line to stderr.

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { prepareTemplate, prepareWeb } from "../src/prepare.mjs";
import { startStandIn } from "../src/standin.mjs";
import { credentialsFor, idTokenOf, launchBrowser, s3For, signUp } from "../test/helpers.mjs";

export const PASSWORD = "Local-Pass1";

export const log = (m) => process.stderr.write(`${m}\n`);

/** One metric line on stdout: `name value unit`. */
export function metric(name, value, unit) {
  process.stdout.write(`${name} ${value} ${unit}\n`);
}

export function median(xs) {
  const a = [...xs].sort((x, y) => x - y);
  const n = a.length;
  return n % 2 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

/** Nearest-rank percentile (p in 0..100): the smallest value with at least p% of the runs at or below it. */
export function percentile(xs, p) {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.max(0, Math.ceil((p / 100) * a.length) - 1)];
}

export const round = (x, digits = 0) => Number(x.toFixed(digits));

/** Bounds the whole benchmark: exits 124 (like timeout(1)) after `seconds`. */
export function watchdog(seconds, name) {
  const t = setTimeout(() => {
    log(`${name}: gave up after ${seconds} s (BENCH_TIMEOUT)`);
    process.exit(124);
  }, seconds * 1000);
  t.unref();
}

/**
 * Everything a browser benchmark needs: the synthesized template and the web
 * build (prepared as `node local/preview.mjs` does), the stand-in on free
 * loopback ports (0 = any), one Chromium, and one user signed up through the
 * login pages, with the app's session storage (the signed-in state
 * oidc-client-ts keeps) and the user's identity-pool credentials.
 */
export async function setUp({ email = "bench@example.com" } = {}) {
  const template = await prepareTemplate({ log });
  const webDist = prepareWeb({ log });
  const s = await startStandIn({ template, webDist, log: () => {} });
  log(`stand-in: site ${s.urls.site}, S3 ${s.urls.s3}`);
  let browser;
  const stop = async () => {
    await browser?.close().catch(() => {});
    await s.stop();
  };
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await signUp(page, s.urls.site, email, PASSWORD);
    const session = await page.evaluate(() => Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)])));
    const { identityId, credentials } = await credentialsFor(s, await idTokenOf(page));
    await context.close();
    const home = `${s.config.ownerPrefix ?? "private/"}${identityId}/`;
    return { s, browser, session, identityId, credentials, home, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * A new browser context (its own empty HTTP cache and connections) whose
 * pages start with the signed-in user's session storage, as after a reload
 * in the tab that signed in: the app finds its tokens, asks the identity
 * pool for credentials and lists the folder. `initScript(initArg)` runs
 * before the app in every page too.
 */
export async function coldPage(browser, siteUrl, session, initScript, initArg) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(
    ([origin, entries]) => {
      if (location.origin !== origin) return;
      for (const [k, v] of Object.entries(entries)) if (sessionStorage.getItem(k) === null) sessionStorage.setItem(k, v);
    },
    [new URL(siteUrl).origin, session],
  );
  if (initScript) await context.addInitScript(initScript, initArg);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  return { context, page, problems };
}

/** Puts `count` small objects through the S3 endpoint with the user's own credentials, `parallel` at a time. */
export async function seedThroughS3(s, credentials, keys, body = (k) => `bench ${k}\n`, parallel = 8) {
  const s3 = s3For(s, credentials);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < keys.length) {
        const k = keys[next++];
        await s3.send(new PutObjectCommand({ Bucket: s.config.bucket, Key: k, Body: body(k), ContentType: "text/plain" }));
      }
    }),
  );
  s3.destroy();
}

/**
 * Times the stand-in's own work for a benchmark, by wrapping two methods of
 * this stand-in's instances (no source change): the object store's list()
 * and the IAM evaluation of every request. Returns a reader of the totals
 * and the request-context values seen (e.g. x-amz-content-sha256 kinds).
 */
export function instrument(s) {
  const t = { listMs: 0, lists: 0, evalMs: 0, evals: 0, payloadHashes: new Map() };
  const list = s.store.list.bind(s.store);
  s.store.list = (...a) => {
    const t0 = performance.now();
    try {
      return list(...a);
    } finally {
      t.listMs += performance.now() - t0;
      t.lists++;
    }
  };
  const evaluate = s.model.evaluate.bind(s.model);
  s.model.evaluate = async (req) => {
    const t0 = performance.now();
    try {
      return await evaluate(req);
    } finally {
      t.evalMs += performance.now() - t0;
      t.evals++;
      const ph = req.context?.["s3:x-amz-content-sha256"];
      const ua = req.context?.["aws:UserAgent"] ?? "";
      if (ph) {
        const kind = /^[0-9a-f]{64}$/i.test(ph) ? "signed-sha256" : ph;
        const who = /aws-cli|botocore/i.test(ua) ? "cli" : /Mozilla/.test(ua) || /aws-sdk-js/.test(ua) ? "app" : "other";
        const k = `${who}:${req.action}:${kind}`;
        t.payloadHashes.set(k, (t.payloadHashes.get(k) ?? 0) + 1);
      }
    }
  };
  return {
    totals: () => ({ ...t, payloadHashes: new Map(t.payloadHashes) }),
    reset: () => {
      Object.assign(t, { listMs: 0, lists: 0, evalMs: 0, evals: 0 });
      t.payloadHashes.clear();
    },
  };
}

/** Logs the top functions by self time of a DevTools CPU profile of the page's main thread (stderr). */
export function logProfile(profile, ms) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = nodes.get(id).callFrame;
    const k = `${f.functionName || "(anonymous)"} ${f.url ? `${f.url.split("/").pop()}:${f.lineNumber + 1}` : ""}`.trim();
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  log(`profile (${round(ms)} ms with the profiler on), main thread, self time:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) log(`  ${String(round(v)).padStart(6)} ms  ${k}`);
}

/**
 * The environment of the AWS CLI for the benchmark user (`b` from setUp):
 * its identity-pool credentials, `config` as the config file (a
 * credentials file that does not exist beside it), and no other AWS_
 * variable of this process.
 */
export function awsCliEnv(b, config) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
  return {
    ...base,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: path.join(path.dirname(config), "no-credentials"),
    AWS_ACCESS_KEY_ID: b.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: b.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: b.credentials.sessionToken,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
}

/** Writes dir/aws/config for `aws s3 cp` to the stand-in (path-style, signed payloads, checksums only when required); returns its path. */
export function writeCliConfig(dir, region) {
  const awsDir = path.join(dir, "aws");
  fs.mkdirSync(awsDir, { recursive: true });
  const config = path.join(awsDir, "config");
  fs.writeFileSync(config, `[default]\nregion = ${region}\ns3 =\n    addressing_style = path\n    payload_signing_enabled = true\nrequest_checksum_calculation = when_required\n`);
  return config;
}

/** Runs cmd to its end (killed after timeoutMs): resolves with the milliseconds it took, rejects with its output's tail on a non-zero exit. */
export function runTimed(cmd, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
    p.on("error", reject);
    p.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${out.trim().slice(-2000)}`));
      else resolve(performance.now() - t0);
    });
  });
}
