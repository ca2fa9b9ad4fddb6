// The malware scan status of the files shown (with the malwareScan
// setting): looked up with GetObjectTagging, a few at a time, and looked
// up again, with backoff, only while some of them are still being scanned,
// so a file becomes available on its own when its scan ends.

import { useEffect, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import type { Entry } from "../lib/pagination";
import { scanPollDelay, type ScanStatus } from "../lib/scanStatus";

/** Lookups in flight at once. */
const PARALLEL = 6;

/** Runs f on every item, at most `parallel` at a time. */
async function eachLimited<T>(items: T[], parallel: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await f(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** key -> status of the files among entries; empty when uploads are not scanned. */
export function useScanStatus(storage: Storage, entries: Entry[]): Map<string, ScanStatus> {
  const [statuses, setStatuses] = useState<Map<string, ScanStatus>>(new Map());
  const files = entries.filter((e) => e.kind === "file");
  // A new version of a file (its date changes) is scanned again.
  const signature = files.map((f) => `${f.key}\u0000${f.lastModified ?? ""}`).join("\n");
  useEffect(() => {
    if (!storage.malwareScan || files.length === 0) {
      setStatuses(new Map());
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const known = new Map<string, ScanStatus>();
    const look = async (keys: string[]) => {
      await eachLimited(keys, PARALLEL, async (key) => {
        try {
          known.set(key, await storage.scanStatus(key));
        } catch {
          // Unknown status: the file is shown without one; reading it says why if it fails.
        }
      });
      if (stopped) return;
      setStatuses(new Map(known));
      const scanning = keys.filter((k) => known.get(k)?.state === "scanning");
      if (scanning.length) timer = setTimeout(() => void look(scanning), scanPollDelay(attempt++));
    };
    void look(files.map((f) => f.key));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [storage, signature]);
  return statuses;
}
