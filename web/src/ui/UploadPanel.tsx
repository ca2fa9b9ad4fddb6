// The uploads of this session: per-file progress and state, overall
// progress, cancel (one or all) and clearing the finished ones.

import { formatBytes, overallProgress } from "../lib/format";
import type { UploadItem } from "./uploads";

const STATE_TEXT: Record<UploadItem["state"], string> = {
  pending: "Waiting",
  checking: "Checking",
  uploading: "Uploading",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  skipped: "Skipped",
};

const running = (x: UploadItem) => x.state === "pending" || x.state === "checking" || x.state === "uploading";

export function UploadPanel({
  items,
  onCancel,
  onCancelAll,
  onClear,
}: {
  items: UploadItem[];
  onCancel: (id: number) => void;
  onCancelAll: () => void;
  onClear: () => void;
}) {
  if (items.length === 0) return null;
  const overall = overallProgress(items);
  const active = items.some(running);
  return (
    <section class="uploads" aria-labelledby="uploads-title">
      <h2 id="uploads-title">Uploads</h2>
      <div class="overall">
        <label for="overall-progress">
          Overall: {overall.percent}% ({formatBytes(overall.loaded)} of {formatBytes(overall.total)})
        </label>
        <progress id="overall-progress" max={100} value={overall.percent} />
        <div class="upload-buttons">
          {active && (
            <button type="button" onClick={onCancelAll}>
              Cancel all
            </button>
          )}
          {!active && (
            <button type="button" onClick={onClear}>
              Clear list
            </button>
          )}
        </div>
      </div>
      <ul class="upload-list">
        {items.map((x) => {
          const pct = x.total ? Math.floor((Math.min(x.loaded, x.total) / x.total) * 100) : x.state === "done" ? 100 : 0;
          return (
            <li key={x.id} class={`upload ${x.state}`}>
              <span class="name-text">{x.path}</span>
              <progress max={100} value={x.state === "done" ? 100 : pct} aria-label={`${x.name}: ${pct}%`} />
              <span class="upload-state">
                {STATE_TEXT[x.state]}
                {x.state === "uploading" ? ` ${pct}%` : ""}
                {x.message ? `: ${x.message}` : ""}
              </span>
              {running(x) && (
                <button type="button" onClick={() => onCancel(x.id)} aria-label={`Cancel upload of ${x.name}`}>
                  Cancel
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
