// Looks up the malware scan status of files, a few at a time, and looks
// again, with backoff (scanPollDelay), only at those still being scanned,
// until none is or it is stopped.

import { scanPollDelay, type ScanStatus } from "./scanStatus";

/** Lookups in flight at once. */
export const SCAN_LOOKUPS_IN_FLIGHT = 6;

/** Runs f on every item, at most `parallel` at a time. */
export async function eachLimited<T>(items: T[], parallel: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await f(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

export interface ScanPollOptions {
  /** The status of one file; a rejection leaves it unknown (not looked at again). */
  lookup: (key: string) => Promise<ScanStatus>;
  /** Every status known so far, after each round. */
  onUpdate: (statuses: Map<string, ScanStatus>) => void;
  /** Waits ms (setTimeout in the app, a fake in tests); returns a cancel function. */
  schedule?: (f: () => void, ms: number) => () => void;
}

/** Starts polling keys; returns stop(). */
export function pollScanStatus(keys: string[], { lookup, onUpdate, schedule = defaultSchedule }: ScanPollOptions): () => void {
  let stopped = false;
  let cancel = () => {};
  let attempt = 0;
  const known = new Map<string, ScanStatus>();
  const round = async (todo: string[]) => {
    await eachLimited(todo, SCAN_LOOKUPS_IN_FLIGHT, async (key) => {
      try {
        known.set(key, await lookup(key));
      } catch {
        // Unknown: shown without a status; opening it says why if S3 refuses.
      }
    });
    if (stopped) return;
    onUpdate(new Map(known));
    const scanning = todo.filter((k) => known.get(k)?.state === "scanning");
    if (scanning.length) cancel = schedule(() => void round(scanning), scanPollDelay(attempt++));
  };
  void round(keys);
  return () => {
    stopped = true;
    cancel();
  };
}

function defaultSchedule(f: () => void, ms: number): () => void {
  const t = setTimeout(f, ms);
  return () => clearTimeout(t);
}
