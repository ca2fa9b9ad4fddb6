// The uploads of this page: one summary line (n of N files · bytes · speed
// · time left), the overall bar, what went wrong, and the items in a
// scrolled list that renders only the rows in view (10,000 items stay
// light), filtered by state. Cancel, retry, clear.

import { useState } from "preact/hooks";
import { formatBytes } from "../lib/format";
import type { UploadItem } from "../lib/uploadQueue";
import { problemsLine, summaryLine, type UploadState } from "../lib/uploadProgress";
import type { Uploads } from "./uploads";

const STATE_TEXT: Record<UploadState, string> = {
  queued: "Waiting",
  uploading: "Uploading",
  conflict: "Exists: waiting for your answer",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  skipped: "Skipped",
};

type Filter = "all" | "active" | "failed" | "skipped" | "done";
const FILTERS: { id: Filter; label: string; states: UploadState[] | null }[] = [
  { id: "all", label: "All", states: null },
  { id: "active", label: "In progress", states: ["queued", "uploading", "conflict"] },
  { id: "failed", label: "Failed", states: ["failed", "cancelled"] },
  { id: "skipped", label: "Skipped", states: ["skipped"] },
  { id: "done", label: "Done", states: ["done"] },
];

const ORDER: Record<UploadState, number> = { conflict: 0, uploading: 1, failed: 2, queued: 3, skipped: 4, cancelled: 5, done: 6 };
const ROW_PX = 36;
const VISIBLE_ROWS = 8;
const running = (s: UploadState) => s === "queued" || s === "uploading" || s === "conflict";

export function UploadPanel({ uploads }: { uploads: Uploads }) {
  const { queue } = uploads;
  const [filter, setFilter] = useState<Filter>("all");
  const items = queue.items;
  if (items.length === 0) return null;
  const s = queue.summary;
  const problems = problemsLine(s);
  const count = (f: (typeof FILTERS)[number]) => (f.states ? items.reduce((k, x) => k + (f.states!.includes(x.state) ? 1 : 0), 0) : items.length);
  // A filter with nothing left in it (after a clear or a retry) shows everything.
  const chosen = FILTERS.find((f) => f.id === filter && count(f) > 0) ?? FILTERS[0]!;
  // What needs attention or is moving comes first; finished rows sink (stable within a state).
  const shown = chosen.states ? items.filter((x) => chosen.states!.includes(x.state)) : [...items].sort((a, b) => ORDER[a.state] - ORDER[b.state]);
  return (
    <section class="uploads" aria-labelledby="uploads-title" data-done={s.done} data-total={s.total} data-active={String(s.active)}>
      <h2 id="uploads-title">Uploads</h2>
      <div class="overall">
        <p class="upload-summary">{summaryLine(s, queue.rate(), queue.fileRate())}</p>
        <progress max={100} value={s.percent} aria-label={`Overall: ${s.percent}%`} />
        {problems && <p class="upload-problems">{problems}</p>}
        <div class="upload-buttons">
          {s.active && (
            <button type="button" onClick={uploads.cancelAll}>
              Cancel all
            </button>
          )}
          {s.counts.failed > 0 && (
            <button type="button" onClick={uploads.retryFailed}>
              Retry failed ({s.counts.failed})
            </button>
          )}
          {!s.active && (
            <button type="button" onClick={uploads.clearFinished}>
              Clear list
            </button>
          )}
        </div>
      </div>
      <div class="upload-filter" role="group" aria-label="Show uploads">
        {FILTERS.map((f) => {
          const n = count(f);
          return (
            <button key={f.id} type="button" aria-pressed={chosen.id === f.id} onClick={() => setFilter(f.id)} disabled={n === 0 && f.id !== "all"}>
              {f.label} ({n.toLocaleString("en-US")})
            </button>
          );
        })}
      </div>
      <RowWindow items={shown} uploads={uploads} />
    </section>
  );
}

/** The rows in view of a fixed-height scroller, with spacers for the rest. */
function RowWindow({ items, uploads }: { items: UploadItem[]; uploads: Uploads }) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW_PX) - 2);
  const last = Math.min(items.length, first + VISIBLE_ROWS + 4);
  return (
    <div class="upload-scroll" style={{ maxHeight: `${VISIBLE_ROWS * ROW_PX}px` }} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
      <ul class="upload-list" style={{ paddingTop: `${first * ROW_PX}px`, paddingBottom: `${(items.length - last) * ROW_PX}px` }}>
        {items.slice(first, last).map((x) => (
          <Row key={x.id} x={x} uploads={uploads} />
        ))}
      </ul>
    </div>
  );
}

function Row({ x, uploads }: { x: UploadItem; uploads: Uploads }) {
  const pct = x.size ? Math.floor((Math.min(x.loaded, x.size) / x.size) * 100) : x.state === "done" ? 100 : 0;
  const name = x.path.split("/").filter(Boolean).pop() ?? x.path;
  return (
    <li class={`upload ${x.state}`} style={{ height: `${ROW_PX}px` }}>
      <span class="name-text" title={x.path}>
        {x.path}
      </span>
      <progress max={100} value={x.state === "done" ? 100 : pct} aria-label={`${name}: ${pct}%`} />
      <span class="upload-state">
        {STATE_TEXT[x.state]}
        {x.state === "uploading" && x.size > 0 ? ` ${pct}% of ${formatBytes(x.size)}` : ""}
        {x.message ? `: ${x.message}` : ""}
      </span>
      {running(x.state) && (
        <button type="button" onClick={() => uploads.cancel(x.id)} aria-label={`Cancel upload of ${name}`}>
          Cancel
        </button>
      )}
      {(x.state === "failed" || x.state === "cancelled") && x.key && (
        <button type="button" onClick={() => uploads.retry(x.id)} aria-label={`Retry upload of ${name}`}>
          Retry
        </button>
      )}
    </li>
  );
}
