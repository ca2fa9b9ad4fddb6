// Time to first list: a cold page load of the app in headless Chromium (a
// new browser context each run: empty HTTP cache, new connections) for a
// user who is signed in already (the app's session storage holds valid
// tokens, as after a reload of the tab that signed in), with FILES files in
// the user's folder, from navigation start to the FILES-th row of the file
// list in the DOM with a layout box, at the next animation frame.
//
//   node local/bench/first-list.mjs     (env: RUNS=20, FILES=100, BENCH_TIMEOUT=600)

import { coldPage, instrument, log, median, metric, percentile, round, seedThroughS3, setUp, watchdog } from "./common.mjs";

const RUNS = Number(process.env.RUNS ?? 20);
const FILES = Number(process.env.FILES ?? 100);
watchdog(Number(process.env.BENCH_TIMEOUT ?? 600), "first-list");

// Runs in the page before the app: notes when the FILES-th row appears.
function observeRows(n) {
  const mark = () => {
    const rows = document.querySelectorAll("table.files tbody tr");
    if (rows.length >= n && rows[n - 1].getBoundingClientRect().height > 0) {
      const dom = performance.now();
      obs.disconnect();
      requestAnimationFrame(() => {
        window.__bench = { dom, frame: performance.now(), rows: rows.length };
      });
    }
  };
  const obs = new MutationObserver(mark);
  obs.observe(document, { childList: true, subtree: true });
}

const b = await setUp({ email: "first-list@example.com" });
try {
  const keys = Array.from({ length: FILES }, (_, i) => `${b.home}file-${String(i + 1).padStart(4, "0")}.txt`);
  const t0 = performance.now();
  await seedThroughS3(b.s, b.credentials, keys);
  log(`seeded ${FILES} files through the S3 endpoint (PutObject with the user's credentials) in ${round(performance.now() - t0)} ms`);
  const probe = instrument(b.s);

  const total = [];
  const list = [];
  const script = [];
  for (let run = 0; run <= RUNS; run++) {
    const { context, page, problems } = await coldPage(b.browser, b.s.urls.site, b.session, observeRows, FILES);
    try {
      await page.goto(b.s.urls.site + "/");
      await page.waitForFunction(() => window.__bench, null, { timeout: 30000, polling: 50 });
      const r = await page.evaluate(() => {
        const res = performance.getEntriesByType("resource");
        const listing = res.find((e) => e.name.includes("list-type=2"));
        const js = res.filter((e) => e.initiatorType === "script" || e.name.endsWith(".js"));
        return { ...window.__bench, list: listing?.responseEnd, script: Math.max(0, ...js.map((e) => e.responseEnd)) };
      });
      if (problems.length) throw new Error(`page problems: ${problems.join("; ")}`);
      if (run === 0) {
        log(`warm-up run (not counted): ${round(r.frame)} ms`);
        continue;
      }
      total.push(r.frame);
      list.push(r.list);
      script.push(r.script);
      log(`run ${run}: ${FILES}th row at ${round(r.dom)} ms (frame ${round(r.frame)} ms); ListObjectsV2 response at ${round(r.list)} ms; scripts loaded at ${round(r.script)} ms`);
    } finally {
      await context.close();
    }
  }
  const t = probe.totals();
  metric("first_list_files", FILES, "files");
  metric("first_list_runs", RUNS, "runs");
  metric("first_list_median", round(median(total)), "ms");
  metric("first_list_p95", round(percentile(total, 95)), "ms");
  metric("first_list_max", round(Math.max(...total)), "ms");
  metric("first_list_scripts_loaded_median", round(median(script)), "ms");
  metric("first_list_listobjects_done_median", round(median(list)), "ms");
  metric("first_list_standin_iam_per_request", round(t.evalMs / Math.max(1, t.evals), 1), "ms");
} finally {
  await b.stop();
}
