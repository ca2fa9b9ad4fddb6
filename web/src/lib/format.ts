// Human-readable sizes, durations and progress figures. Pure.

export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n) || n < 0) return "";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? "" : "s"}`;
  const h = Math.floor(m / 60);
  const rm = m % 60;
  if (h < 48) return rm ? `${h} h ${rm} min` : `${h} hour${h === 1 ? "" : "s"}`;
  const d = Math.floor(h / 24);
  return `${d} days`;
}

export interface ProgressItem {
  loaded: number;
  total: number;
  state: "pending" | "checking" | "uploading" | "done" | "failed" | "cancelled" | "skipped";
}

/** Overall progress over the items still counted (cancelled/skipped ones are left out). */
export function overallProgress(items: readonly ProgressItem[]): { loaded: number; total: number; percent: number } {
  let loaded = 0;
  let total = 0;
  for (const it of items) {
    if (it.state === "cancelled" || it.state === "skipped") continue;
    total += it.total;
    loaded += it.state === "done" ? it.total : Math.min(it.loaded, it.total);
  }
  const percent = total === 0 ? (items.length ? 100 : 0) : Math.floor((loaded / total) * 100);
  return { loaded, total, percent };
}

export const MIB = 1024 * 1024;
/** S3 multipart: at most 10,000 parts. */
export const MAX_PARTS = 10000;

/** Part size for a multipart upload: at least `min`, large enough to stay within 10,000 parts, whole MiB. */
export function partSizeFor(size: number, min = 8 * MIB): number {
  const needed = Math.ceil(size / MAX_PARTS);
  return Math.max(min, Math.ceil(needed / MIB) * MIB);
}
