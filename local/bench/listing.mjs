// Paging through a big folder: OBJECTS small objects in the user's folder
// (put straight into the stand-in's object store: seeding 10,000 objects
// through the endpoint would only time the seeding), then in headless
// Chromium, a cold page load of the signed-in app (as first-list.mjs) to the
// first page of rows, and clicks on "Next" until the last page is shown.
// The clicking runs inside the page (no DevTools round trip per page); each
// page counts as shown when the pager reads "<from>–<to> of ..." with its
// rows in the table and the list no longer busy.
//
// For the app's default page size (100) the clock starts at navigation
// start; for every other size in PAGE_SIZES it starts when "Per page" is
// changed to it on the loaded app (which lists the folder again from the
// start).
//
// RUNS runs per page size (a new browser context each), medians printed.
//
//   node local/bench/listing.mjs     (env: OBJECTS=10000, PAGE_SIZES="100 500", RUNS=3, BENCH_TIMEOUT=600)

import { coldPage, instrument, log, median, metric, percentile, round, setUp, watchdog } from "./common.mjs";

const OBJECTS = Number(process.env.OBJECTS ?? 10000);
const RUNS = Number(process.env.RUNS ?? 3);
const PAGE_SIZES = (process.env.PAGE_SIZES ?? "100 500").split(/[\s,]+/).filter(Boolean).map(Number);
const DEFAULT_PAGE_SIZE = 100; // web/src/ui/Browser.tsx: useState(100)
watchdog(Number(process.env.BENCH_TIMEOUT ?? 600), "listing");

const name = (i) => `file-${String(i).padStart(5, "0")}.txt`;

/** In the page: pages through the listing; returns the times (performance.now()) each page was shown. */
async function pageThrough({ total, pageSize, changeSize, lastName }) {
  const pager = () => document.querySelector("nav.pager span")?.textContent ?? "";
  const rows = () => document.querySelectorAll("table.files tbody tr");
  const shown = (from, to) =>
    pager().startsWith(`${from}–${to} of `) &&
    rows().length === to - from + 1 &&
    document.querySelector("table.files")?.getAttribute("aria-busy") === "false";
  const waitFor = (pred, ms = 30000) =>
    new Promise((resolve, reject) => {
      if (pred()) return resolve(performance.now());
      const obs = new MutationObserver(() => {
        if (pred()) {
          obs.disconnect();
          clearTimeout(timer);
          resolve(performance.now());
        }
      });
      const timer = setTimeout(() => {
        obs.disconnect();
        reject(new Error(`timed out waiting for the page; pager reads "${pager()}"`));
      }, ms);
      obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
  const pages = Math.ceil(total / pageSize);
  const times = [];
  let start = 0; // navigation start
  if (changeSize) {
    await waitFor(() => shown(1, Math.min(total, 100)));
    const select = document.querySelector("nav.pager select");
    start = performance.now();
    select.value = String(pageSize);
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }
  times.push(await waitFor(() => shown(1, Math.min(total, pageSize))));
  for (let p = 1; p < pages; p++) {
    const from = p * pageSize + 1;
    const to = Math.min(total, (p + 1) * pageSize);
    const next = [...document.querySelectorAll("nav.pager button")].find((x) => x.textContent.trim() === "Next");
    if (!next || next.disabled) throw new Error(`Next is disabled on page ${p}; pager reads "${pager()}"`);
    next.click();
    times.push(await waitFor(() => shown(from, to)));
  }
  const last = [...rows()].at(-1)?.querySelector(".name-text")?.textContent;
  const next = [...document.querySelectorAll("nav.pager button")].find((x) => x.textContent.trim() === "Next");
  if (last !== lastName) throw new Error(`last row is ${last}, expected ${lastName}`);
  if (!pager().endsWith(`of ${total}`)) throw new Error(`pager on the last page reads "${pager()}"`);
  if (!next.disabled) throw new Error("Next is still enabled on the last page");
  return { start, times };
}

const b = await setUp({ email: "listing@example.com" });
try {
  const t0 = performance.now();
  for (let i = 1; i <= OBJECTS; i++) b.s.store.put(b.s.config.bucket, b.home + name(i), Buffer.from(`object ${i}\n`), { contentType: "text/plain" });
  log(`seeded ${OBJECTS} objects into the stand-in's store in ${round(performance.now() - t0)} ms`);
  const probe = instrument(b.s);

  metric("listing_objects", OBJECTS, "objects");
  metric("listing_runs", RUNS, "runs");
  for (const pageSize of PAGE_SIZES) {
    const first = [];
    const last = [];
    const steps = [];
    let pages = 0;
    let lists = 0;
    let listMs = 0;
    let iamMs = 0;
    for (let run = 1; run <= RUNS; run++) {
      const { context, page, problems } = await coldPage(b.browser, b.s.urls.site, b.session);
      try {
        probe.reset();
        await page.goto(b.s.urls.site + "/");
        const r = await page.evaluate(pageThrough, { total: OBJECTS, pageSize, changeSize: pageSize !== DEFAULT_PAGE_SIZE, lastName: name(OBJECTS) });
        if (problems.length) throw new Error(`page problems: ${problems.join("; ")}`);
        const t = probe.totals();
        first.push(r.times[0] - r.start);
        last.push(r.times.at(-1) - r.start);
        steps.push(...r.times.slice(1).map((x, i) => x - r.times[i]));
        pages = r.times.length;
        lists += t.lists;
        listMs += t.listMs;
        iamMs += t.evalMs;
        log(
          `page size ${pageSize}, run ${run}: ${pages} pages; first page ${round(first.at(-1))} ms, last page ${round(last.at(-1))} ms ` +
            `(from ${r.start ? "the page-size change" : "navigation start"}); stand-in: ${t.lists} ListObjectsV2 (with the load's first list), store.list ${round(t.listMs)} ms, IAM ${round(t.evalMs)} ms`,
        );
      } finally {
        await context.close();
      }
    }
    const sfx = pageSize === DEFAULT_PAGE_SIZE ? "" : `_${pageSize}`;
    metric(`listing${sfx}_page_size`, pageSize, "rows");
    metric(`listing${sfx}_pages`, pages, "pages");
    metric(`listing${sfx}_first_page_median`, round(median(first)), "ms");
    metric(`listing${sfx}_last_page_median`, round(median(last)), "ms");
    if (steps.length) {
      metric(`listing${sfx}_next_page_median`, round(median(steps)), "ms");
      metric(`listing${sfx}_next_page_p95`, round(percentile(steps, 95)), "ms");
    }
    metric(`listing${sfx}_standin_list_per_request`, round(listMs / Math.max(1, lists), 1), "ms");
    metric(`listing${sfx}_standin_iam_per_request`, round(iamMs / Math.max(1, lists), 1), "ms");
  }
} finally {
  await b.stop();
}
