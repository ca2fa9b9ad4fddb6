// Upload throughput: one big file (UPLOAD_MIB MiB, random bytes) uploaded
// through the app's file picker in headless Chromium, against the local
// stand-in (SigV4 checked and the template's IAM evaluated on every request),
// compared in the same run with the AWS CLI uploading the same file to the
// same endpoint with the same user's identity-pool credentials and the
// app's part size. Runs alternate (app, CLI, CLI at the app's parallelism),
// RUNS times; medians are printed.
//
// App: from the moment the file is handed to the picker to the upload shown
// "done" (HeadObject overwrite check, CreateMultipartUpload, the parts,
// CompleteMultipartUpload). CLI: the wall time of `aws s3 cp`, process
// start-up included (printed apart as upload_cli_startup).
//
// PROFILE=1 adds one untimed app upload with the DevTools CPU profiler on and
// logs the page's top functions by self time (stderr).
//
//   BENCH_TMP=<dir> node local/bench/upload.mjs   (env: UPLOAD_MIB=256, RUNS=3, AWS_CLI=/usr/bin/aws, PROFILE=0, BENCH_TIMEOUT=1200)

import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO } from "../src/prepare.mjs";
import { awsCliEnv, coldPage, runTimed, instrument, log, logProfile, median, metric, round, setUp, watchdog } from "./common.mjs";

const MIB = 1024 * 1024;
const SIZE = Number(process.env.UPLOAD_MIB ?? 256) * MIB;
const RUNS = Number(process.env.RUNS ?? 3);
const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";
const TMP = process.env.BENCH_TMP ?? fs.mkdtempSync(path.join((await import("node:os")).tmpdir(), "bench-upload-"));
watchdog(Number(process.env.BENCH_TIMEOUT ?? 1200), "upload");

// The app's part size and parallelism, read from its sources.
function appSettings() {
  const format = fs.readFileSync(path.join(REPO, "web/src/lib/format.ts"), "utf8");
  const s3 = fs.readFileSync(path.join(REPO, "web/src/aws/s3.ts"), "utf8");
  const min = /export function partSizeFor\(size: number, min = (\d+) \* MIB\)/.exec(format);
  const maxParts = /export const MAX_PARTS = ([\d_]+);/.exec(format);
  const queue = /\bqueueSize:\s*(\d+)/.exec(s3);
  if (!min || !maxParts || !queue || !/partSize:\s*partSizeFor\(file\.size\)/.test(s3)) {
    throw new Error("could not read the part size (web/src/lib/format.ts partSizeFor) or queueSize (web/src/aws/s3.ts): update local/bench/upload.mjs");
  }
  const m = Number(min[1]) * MIB;
  const needed = Math.ceil(SIZE / Number(maxParts[1].replace(/_/g, "")));
  return { partSize: Math.max(m, Math.ceil(needed / MIB) * MIB), queueSize: Number(queue[1]) };
}


/** Logs where the page's main thread spent an upload: the top functions by self time. */
const { partSize, queueSize } = appSettings();
log(`app settings (web/src): part size ${partSize / MIB} MiB, queueSize ${queueSize}`);
if (!fs.existsSync(AWS)) throw new Error(`AWS CLI not found at ${AWS} (Debian: apt-get install -y awscli; or set AWS_CLI)`);
log(`AWS CLI: ${spawnSync(AWS, ["--version"], { encoding: "utf8" }).stdout.trim()}`);

// The file: random bytes, so nothing compresses.
const file = path.join(TMP, `upload-${SIZE / MIB}MiB.bin`);
const hash = crypto.createHash("sha256");
{
  const fd = fs.openSync(file, "w");
  for (let off = 0; off < SIZE; off += 16 * MIB) {
    const chunk = crypto.randomBytes(Math.min(16 * MIB, SIZE - off));
    hash.update(chunk);
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}
const fileSha = hash.digest("hex");
log(`file: ${file} (${SIZE} bytes)`);

const b = await setUp({ email: "upload@example.com" });
try {
  const { s } = b;
  const bucket = s.config.bucket;
  const probe = instrument(s);
  // Parts stored per upload (sizes), by wrapping this store instance's putPart.
  const parts = [];
  const putPart = s.store.putPart.bind(s.store);
  s.store.putPart = (bk, key, uploadId, n, body, checksums) => {
    parts.push({ key, size: body.length, checksums: Object.keys(checksums) });
    return putPart(bk, key, uploadId, n, body, checksums);
  };
  const check = (key, who) => {
    const o = s.store.get(bucket, key);
    const ok = o.size === SIZE && crypto.createHash("sha256").update(o.body).digest("hex") === fileSha;
    const mine = parts.filter((p) => p.key === key);
    parts.length = 0;
    s.store.purge(bucket, key); // frees the memory (versions too); the next run starts from an empty key
    if (!ok) throw new Error(`${who}: the stored object differs from the file`);
    return { count: mine.length, size: Math.max(...mine.map((p) => p.size)), checksums: [...new Set(mine.flatMap((p) => p.checksums))] };
  };

  // The CLI: the same user's temporary credentials, a config file of its own.
  const awsDir = path.join(TMP, "aws");
  fs.mkdirSync(awsDir, { recursive: true });
  const cliEnv = (config) => awsCliEnv(b, config);
  const configure = (file, settings) => {
    for (const [k, v] of Object.entries(settings)) {
      const r = spawnSync(AWS, ["configure", "set", k, v], { env: cliEnv(file), encoding: "utf8" });
      if (r.status !== 0) throw new Error(`aws configure set ${k} ${v}: ${r.stderr}`);
    }
    log(`${path.basename(file)}:\n${fs.readFileSync(file, "utf8").trim()}`);
  };
  const common = {
    "default.region": s.config.region,
    "default.s3.addressing_style": "path",
    "default.s3.multipart_threshold": String(partSize),
    "default.s3.multipart_chunksize": String(partSize),
    // No aws-chunked (STREAMING-*) bodies, which the stand-in does not take:
    // checksums only when an operation requires them (newer CLIs; 2.9 ignores it and
    // never streams aws-chunked over http), payload signed (SHA-256) as over http anyway.
    "default.request_checksum_calculation": "when_required",
    "default.s3.payload_signing_enabled": "true",
  };
  const cfgDefault = path.join(awsDir, "config-default");
  const cfgQueue = path.join(awsDir, `config-q${queueSize}`);
  configure(cfgDefault, common);
  configure(cfgQueue, { ...common, "default.s3.max_concurrent_requests": String(queueSize) });
  const cli = async (config, key) =>
    run(AWS, ["s3", "cp", file, `s3://${bucket}/${key}`, "--endpoint-url", s.urls.s3, "--no-progress", "--only-show-errors"], cliEnv(config), 600000);

  const startup = [];
  for (let i = 0; i < 3; i++) startup.push(await runTimed(AWS, ["--version"], cliEnv(cfgDefault), 60000));

  const appKey = b.home + path.basename(file);
  const appUpload = async ({ profile = false } = {}) => {
    const { context, page, problems } = await coldPage(b.browser, s.urls.site, b.session);
    let cdp;
    try {
      await page.goto(s.urls.site + "/");
      await page.getByRole("button", { name: "Upload files" }).waitFor({ timeout: 30000 });
      await page.locator("table.files").waitFor();
      await page.waitForFunction(() => document.querySelector("table.files")?.getAttribute("aria-busy") === "false");
      const chooser = page.waitForEvent("filechooser");
      await page.getByRole("button", { name: "Upload files" }).click();
      const fc = await chooser;
      if (profile) {
        cdp = await context.newCDPSession(page);
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
        await cdp.send("Profiler.start");
      }
      const t0 = performance.now();
      await fc.setFiles(file);
      await page.waitForFunction(
        () => {
          const li = document.querySelector(".upload-list li");
          return li && /\b(done|failed|cancelled|skipped)\b/.test(li.className) ? li.className + " " + li.textContent : false;
        },
        null,
        { timeout: 600000, polling: 20 },
      );
      const ms = performance.now() - t0;
      const state = await page.$eval(".upload-list li", (li) => `${li.className}: ${li.textContent}`);
      if (!/\bdone\b/.test(state)) throw new Error(`app upload did not finish: ${state}`);
      // Parts in flight at once, from the page's resource timing.
      const maxInFlight = await page.evaluate(() => {
        const ev = [];
        for (const e of performance.getEntriesByType("resource")) {
          if (!/[?&]partNumber=/.test(e.name)) continue;
          ev.push([e.startTime, 1], [e.responseEnd, -1]);
        }
        ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        let n = 0;
        let max = 0;
        for (const [, d] of ev) max = Math.max(max, (n += d));
        return max;
      });
      if (problems.length) throw new Error(`page problems: ${problems.join("; ")}`);
      if (cdp) logProfile((await cdp.send("Profiler.stop")).profile, ms);
      return { ms, maxInFlight };
    } finally {
      await context.close();
    }
  };

  const rate = (ms) => SIZE / MIB / (ms / 1000);
  const res = { app: [], cli: [], cliQ: [] };
  let appParts, cliParts, cliQParts, inFlight;
  for (let i = 1; i <= RUNS; i++) {
    probe.reset();
    const a = await appUpload();
    appParts = check(appKey, "app");
    inFlight = a.maxInFlight;
    res.app.push(a.ms);
    const appHashes = [...probe.totals().payloadHashes].map(([k, n]) => `${k} x${n}`).join(", ");
    log(`run ${i} app: ${round(a.ms)} ms, ${round(rate(a.ms), 1)} MiB/s, ${appParts.count} parts of ${appParts.size / MIB} MiB (checksums: ${appParts.checksums.join(",") || "none"}), at most ${a.maxInFlight} parts in flight; requests: ${appHashes}`);

    probe.reset();
    const ck = `${b.home}cli-${i}.bin`;
    const c = await cli(cfgDefault, ck);
    cliParts = check(ck, "cli");
    res.cli.push(c);
    const cliHashes = [...probe.totals().payloadHashes].map(([k, n]) => `${k} x${n}`).join(", ");
    log(`run ${i} CLI (default concurrency): ${round(c)} ms, ${round(rate(c), 1)} MiB/s, ${cliParts.count} parts of ${cliParts.size / MIB} MiB (checksums: ${cliParts.checksums.join(",") || "none"}); requests: ${cliHashes}`);

    const cq = await cli(cfgQueue, ck);
    cliQParts = check(ck, "cli");
    res.cliQ.push(cq);
    log(`run ${i} CLI (max_concurrent_requests ${queueSize}): ${round(cq)} ms, ${round(rate(cq), 1)} MiB/s, ${cliQParts.count} parts`);
  }

  if (process.env.PROFILE === "1") {
    await appUpload({ profile: true });
    check(appKey, "app");
  }

  const appRate = rate(median(res.app));
  const cliRate = rate(median(res.cli));
  const cliQRate = rate(median(res.cliQ));
  metric("upload_size", SIZE, "bytes");
  metric("upload_runs", RUNS, "runs");
  metric("upload_part_size", partSize, "bytes");
  metric("upload_app_queue_size", queueSize, "parts");
  metric("upload_app_parts", appParts.count, "parts");
  metric("upload_app_max_in_flight", inFlight, "parts");
  metric("upload_app_median", round(median(res.app)), "ms");
  metric("upload_app_rate", round(appRate, 1), "MiB/s");
  metric("upload_cli_parts", cliParts.count, "parts");
  metric("upload_cli_median", round(median(res.cli)), "ms");
  metric("upload_cli_rate", round(cliRate, 1), "MiB/s");
  metric("upload_app_vs_cli", round(appRate / cliRate, 2), "x");
  metric(`upload_cli_q${queueSize}_median`, round(median(res.cliQ)), "ms");
  metric(`upload_cli_q${queueSize}_rate`, round(cliQRate, 1), "MiB/s");
  metric(`upload_app_vs_cli_q${queueSize}`, round(appRate / cliQRate, 2), "x");
  metric("upload_cli_startup", round(median(startup)), "ms");
} finally {
  await b.stop();
  if (!process.env.BENCH_TMP) fs.rmSync(TMP, { recursive: true, force: true });
  else fs.rmSync(file, { force: true });
}
