// The figures of an upload batch: n of N files, bytes of total, speed and
// time left. Cancelled and skipped files leave the totals; failed ones stay
// in them (they were meant to go up and did not). Pure.

import { formatBytes, formatDuration } from "./format";

export type UploadState = "queued" | "uploading" | "conflict" | "done" | "failed" | "cancelled" | "skipped";

export interface ProgressItem {
  state: UploadState;
  /** Bytes of this file S3 holds so far. */
  loaded: number;
  total: number;
}

export interface Summary {
  /** Files (and folders) done, of those meant to go up. */
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  counts: Record<UploadState, number>;
  /** Something is still queued, uploading or waiting for a conflict answer. */
  active: boolean;
  percent: number;
}

const LEFT_OUT: ReadonlySet<UploadState> = new Set(["cancelled", "skipped"]);

export function summarize(items: readonly ProgressItem[]): Summary {
  const counts: Record<UploadState, number> = { queued: 0, uploading: 0, conflict: 0, done: 0, failed: 0, cancelled: 0, skipped: 0 };
  let bytesDone = 0;
  let bytesTotal = 0;
  for (const it of items) {
    counts[it.state]++;
    if (LEFT_OUT.has(it.state)) continue;
    bytesTotal += it.total;
    bytesDone += it.state === "done" ? it.total : Math.min(it.loaded, it.total);
  }
  const total = items.length - counts.cancelled - counts.skipped;
  const done = counts.done;
  const active = counts.queued + counts.uploading + counts.conflict > 0;
  const percent = bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : total > 0 ? Math.floor((done / total) * 100) : 0;
  return { done, total, bytesDone, bytesTotal, counts, active, percent };
}

/**
 * Upload speed over a sliding window: samples of a byte counter that only
 * grows (bytes S3 acknowledged), rate = growth over the window.
 */
export class RateMeter {
  private readonly windowMs: number;
  private samples: { t: number; bytes: number }[] = [];

  constructor(windowMs = 8000) {
    this.windowMs = windowMs;
  }

  add(t: number, bytes: number): void {
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift();
  }

  /** Bytes per second, or undefined until a second of samples is there. */
  rate(now: number): number | undefined {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last) return undefined;
    const span = Math.max(now, last.t) - first.t;
    if (span < 1000) return undefined;
    return ((last.bytes - first.bytes) * 1000) / span;
  }

  reset(): void {
    this.samples = [];
  }
}

/**
 * "1,234 of 2,000 files · 4.8 MiB of 7.8 MiB · 1.2 MiB/s · about 3 seconds
 * left" (the parts that are known). Time left is the longer of what the
 * bytes and what the files still to go take at their rates: small files
 * cost a request each whatever their size.
 */
export function summaryLine(s: Summary, bytesPerSecond: number | undefined, filesPerSecond?: number, locale?: string): string {
  const n = (x: number) => x.toLocaleString(locale ?? "en-US");
  const parts = [`${n(s.done)} of ${n(s.total)} file${s.total === 1 ? "" : "s"}`, `${formatBytes(s.bytesDone)} of ${formatBytes(s.bytesTotal)}`];
  if (s.active && bytesPerSecond !== undefined && bytesPerSecond > 0) {
    parts.push(`${formatBytes(Math.round(bytesPerSecond))}/s`);
    const byBytes = (s.bytesTotal - s.bytesDone) / bytesPerSecond;
    const byFiles = filesPerSecond && filesPerSecond > 0 ? (s.total - s.done) / filesPerSecond : 0;
    parts.push(`about ${formatDuration(Math.max(1, Math.ceil(Math.max(byBytes, byFiles))))} left`);
  }
  return parts.join(" · ");
}

/** "2 cancelled · 1 failed · 3 skipped" (only the states there are). */
export function problemsLine(s: Summary): string {
  const out: string[] = [];
  if (s.counts.conflict) out.push(`${s.counts.conflict} waiting for your answer`);
  if (s.counts.failed) out.push(`${s.counts.failed} failed`);
  if (s.counts.cancelled) out.push(`${s.counts.cancelled} cancelled`);
  if (s.counts.skipped) out.push(`${s.counts.skipped} skipped`);
  return out.join(" · ");
}
