// Many files: the same folder dropped on the app in headless Chromium (a
// real drag of a folder from disk, through the DevTools protocol) and sent
// with `aws s3 cp --recursive` to the same stand-in (SigV4 checked and the
// template's IAM evaluated on every request) with the same user's
// identity-pool credentials, alternating, RUNS rounds each, for two sets:
// 2,000 files of 4 KiB and 200 files of 1 MiB. Prints files per second for
// both, the ratio app/CLI, and the time from the drop to the first file done
// (medians). Also what bounds the browser: requests in flight at once (its
// connections per host), CORS preflights per file, and the stand-in's own
// time per request.
//
// App: from the drop event in the page to the panel showing every file done
// (performance.now() in the page). CLI: the wall time of `aws s3 cp`,
// process start-up included (printed apart as uploads_cli_startup).
//
// PROFILE=1 adds one untimed app run per set with the DevTools CPU profiler
// on and logs the page's top functions by self time (stderr).
//
//   BENCH_TMP=<dir> node local/bench/uploads-many.mjs   (env: RUNS=3, SETS="2000x4096 200x1048576", AWS_CLI=/usr/bin/aws, PROFILE=0, BENCH_TIMEOUT=1500)

import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dropPaths, watchRequests } from "../test/e2e-uploads.mjs";
import { awsCliEnv, coldPage, runTimed, instrument, log, logProfile, median, metric, round, setUp, watchdog, writeCliConfig } from "./common.mjs";

const RUNS = Number(process.env.RUNS ?? 3);
const SETS = (process.env.SETS ?? "2000x4096 200x1048576").split(/\s+/).filter(Boolean).map((x) => x.split("x").map(Number));
const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";
const TMP = process.env.BENCH_TMP ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-uploads-"));
watchdog(Number(process.env.BENCH_TIMEOUT ?? 1500), "uploads-many");


const TICK_MS = 10; // USER_HZ 100: /proc counts CPU time in hundredths of a second

/** CPU time (ms) of a process: its own and that of its children it has waited for (fields 14-17 of /proc/<pid>/stat). */
function cpuOf(pid, withChildren = true) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    const own = Number(f[11]) + Number(f[12]);
    return (own + (withChildren ? Number(f[13]) + Number(f[14]) : 0)) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU time (ms) of every process below this one (Chromium's browser, renderers, network service...), waited-for children included. */
function cpuOfDescendants() {
  const parent = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      parent.set(Number(d), Number(fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1]));
    } catch {}
  }
  const below = (pid) => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let ms = 0;
  for (const pid of parent.keys()) if (below(pid)) ms += cpuOf(pid);
  return ms;
}

/** This process's own CPU (the stand-in runs in it) and that of its children it has waited for (the CLI). */
function cpuHere() {
  const f = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return { own: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
}

const label = (count, size) => `${count}x${size >= 1048576 ? `${size / 1048576}MiB` : `${size / 1024}KiB`}`;

const b = await setUp({ email: "many@example.com" });
try {
  const { s } = b;
  const bucket = s.config.bucket;
  const probe = instrument(s);
  // Requests at the S3 endpoint: preflights, and the most in flight at once.
  const wire = { options: 0, other: 0, inFlight: 0, maxInFlight: 0 };
  watchRequests(s, (req, res) => {
    if (req.method === "OPTIONS") wire.options++;
    else wire.other++;
    wire.inFlight++;
    wire.maxInFlight = Math.max(wire.maxInFlight, wire.inFlight);
    res.once("close", () => wire.inFlight--);
  });
  const resetWire = () => Object.assign(wire, { options: 0, other: 0, maxInFlight: wire.inFlight });

  const cliEnv = awsCliEnv(b, writeCliConfig(TMP, s.config.region));
  const startup = [];
  for (let i = 0; i < 3; i++) startup.push(await runTimed(AWS, ["--version"], cliEnv, 60000));

  /** Checks that every file landed, then removes them (the next run starts from an empty folder). */
  const landed = (prefix, count, who) => {
    const keys = s.store.list(bucket, { prefix, maxKeys: 1e6 }).contents.map((o) => o.key);
    for (const k of keys) s.store.purge(bucket, k);
    if (keys.length !== count) throw new Error(`${who}: ${keys.length} of ${count} files at ${prefix}`);
  };

  const appRun = async (dir, count, profile = false) => {
    const { context, page, problems } = await coldPage(b.browser, s.urls.site, b.session);
    try {
      await page.goto(s.urls.site + "/");
      await page.getByRole("button", { name: "Upload files" }).waitFor({ timeout: 30000 });
      await page.waitForFunction(() => document.querySelector("table.files")?.getAttribute("aria-busy") === "false");
      // Times in the page: the drop event, the first file done, every file done.
      await page.evaluate(() => {
        const t = (window.__t = {});
        window.addEventListener("drop", () => (t.drop ??= performance.now()), true);
        new MutationObserver(() => {
          const u = document.querySelector(".uploads");
          if (!u) return;
          const done = Number(u.dataset.done);
          if (done >= 1) t.first ??= performance.now();
          if (u.dataset.active === "false" && done === Number(u.dataset.total) && done > 0) t.all ??= performance.now();
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-done", "data-active"] });
      });
      resetWire();
      probe.reset();
      const cpu0 = { browser: cpuOfDescendants(), here: cpuHere() };
      let cdp;
      if (profile) {
        cdp = await context.newCDPSession(page);
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
        await cdp.send("Profiler.start");
      }
      await dropPaths(page, [dir]);
      await page.waitForFunction(() => window.__t.all, null, { timeout: 600000, polling: 100 });
      const cpu = { browser: cpuOfDescendants() - cpu0.browser, standIn: cpuHere().own - cpu0.here.own };
      const t = await page.evaluate(() => window.__t);
      // How long each request took in the browser's view (queueing for a connection included).
      const wireMs = await page.evaluate((name) => {
        const es = performance.getEntriesByType("resource").filter((e) => e.name.includes(`/${name}/`));
        const d = es.map((e) => e.responseEnd - e.startTime).sort((a, b) => a - b);
        const w = es.map((e) => e.responseEnd - e.requestStart).sort((a, b) => a - b);
        // The first request of the drop (its preflight, if any, starts with it): what came before it is the app's and the folder read's.
        const first = Math.min(...es.map((e) => e.startTime));
        return { n: es.length, median: d[Math.floor(d.length / 2)] ?? 0, onWire: w[Math.floor(w.length / 2)] ?? 0, first };
      }, path.basename(dir));
      const p = await page.$eval(".uploads", (u) => `${u.dataset.done}/${u.dataset.total}`);
      if (p !== `${count}/${count}`) throw new Error(`app: ${p} done`);
      if (problems.length) throw new Error(`page problems: ${problems.join("; ")}`);
      if (cdp) logProfile((await cdp.send("Profiler.stop")).profile, t.all - t.drop);
      return { cpu, wireMs, ms: t.all - t.drop, first: t.first - t.drop, firstRequest: wireMs.first - t.drop, preflights: wire.options, requests: wire.other, maxInFlight: wire.maxInFlight, iam: probe.totals() };
    } finally {
      await context.close();
    }
  };

  for (const [count, size] of SETS) {
    const name = `uploads_${label(count, size)}`;
    const dir = path.join(TMP, label(count, size));
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(5, "0")}.bin`), crypto.randomBytes(size));
    const prefix = `${b.home}${path.basename(dir)}/`;
    const res = { app: [], cli: [], first: [], firstRequest: [], appRequests: [], cliRequests: [], appCpu: [], appStandIn: [], cliCpu: [], cliStandIn: [] };
    let last;
    for (let i = 1; i <= RUNS; i++) {
      const a = await appRun(dir, count);
      landed(prefix, count, "app");
      res.app.push(a.ms);
      res.appRequests.push(((a.requests + a.preflights) * 1000) / a.ms);
      res.appCpu.push(a.cpu.browser / count);
      res.appStandIn.push(a.cpu.standIn / count);
      res.first.push(a.first);
      res.firstRequest.push(a.firstRequest);
      last = a;
      log(
        `${name} run ${i} app: ${round(a.ms)} ms, ${round((count * 1000) / a.ms, 1)} files/s, first request ${round(a.firstRequest)} ms, first file ${round(a.first)} ms; ` +
          `${a.requests} requests + ${a.preflights} preflights, at most ${a.maxInFlight} in flight; stand-in IAM ${round(a.iam.evalMs / Math.max(1, a.iam.evals), 2)} ms x ${a.iam.evals}; ` +
          `per request in the page: ${round(a.wireMs.median, 1)} ms from start; CPU: Chromium ${round(a.cpu.browser)} ms, stand-in ${round(a.cpu.standIn)} ms`,
      );
      resetWire();
      probe.reset();
      const here0 = cpuHere();
      const c = await runTimed(AWS, ["s3", "cp", "--recursive", dir, `s3://${bucket}/${prefix}`, "--endpoint-url", s.urls.s3, "--no-progress", "--only-show-errors"], cliEnv, 600000);
      const here1 = cpuHere();
      landed(prefix, count, "cli");
      res.cli.push(c);
      res.cliRequests.push((wire.other * 1000) / c);
      res.cliCpu.push((here1.children - here0.children) / count);
      res.cliStandIn.push((here1.own - here0.own) / count);
      log(`${name} run ${i} CLI: ${round(c)} ms, ${round((count * 1000) / c, 1)} files/s; ${wire.other} requests, at most ${wire.maxInFlight} in flight; CPU: CLI ${round(here1.children - here0.children)} ms, stand-in ${round(here1.own - here0.own)} ms`);
    }
    if (process.env.PROFILE === "1") {
      await appRun(dir, count, true);
      landed(prefix, count, "app");
    }
    const appRate = (count * 1000) / median(res.app);
    const cliRate = (count * 1000) / median(res.cli);
    metric(`${name}_app_median`, round(median(res.app)), "ms");
    metric(`${name}_app_rate`, round(appRate, 1), "files/s");
    metric(`${name}_cli_median`, round(median(res.cli)), "ms");
    metric(`${name}_cli_rate`, round(cliRate, 1), "files/s");
    metric(`${name}_app_vs_cli`, round(appRate / cliRate, 2), "x");
    metric(`${name}_app_first_file`, round(median(res.first)), "ms");
    metric(`${name}_app_first_request`, round(median(res.firstRequest)), "ms");
    metric(`${name}_app_max_in_flight`, last.maxInFlight, "requests");
    metric(`${name}_app_preflights_per_file`, round(last.preflights / count, 2), "requests");
    // Requests per second at the S3 endpoint, preflights included: what the stand-in and the connections carry.
    metric(`${name}_app_requests_rate`, round(median(res.appRequests), 1), "requests/s");
    metric(`${name}_cli_requests_rate`, round(median(res.cliRequests), 1), "requests/s");
    // CPU per file on the 2 shared cores: the client (Chromium's processes; the CLI's), and the stand-in for each.
    metric(`${name}_app_browser_cpu_per_file`, round(median(res.appCpu), 2), "ms");
    metric(`${name}_cli_cpu_per_file`, round(median(res.cliCpu), 2), "ms");
    metric(`${name}_app_standin_cpu_per_file`, round(median(res.appStandIn), 2), "ms");
    metric(`${name}_cli_standin_cpu_per_file`, round(median(res.cliStandIn), 2), "ms");
    fs.rmSync(dir, { recursive: true, force: true });
  }
  metric("uploads_cli_startup", round(median(startup)), "ms");
} finally {
  await b.stop();
  if (!process.env.BENCH_TMP) fs.rmSync(TMP, { recursive: true, force: true });
}
