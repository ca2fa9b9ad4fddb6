// The malware scan status of the files shown (with the malwareScan
// setting), looked up again with backoff only while some of them are still
// being scanned (lib/scanPoller), so a file becomes available on its own
// when its scan ends.

import { useEffect, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import type { Entry } from "../lib/pagination";
import { pollScanStatus } from "../lib/scanPoller";
import type { ScanStatus } from "../lib/scanStatus";

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
    return pollScanStatus(
      files.map((f) => f.key),
      { lookup: (key) => storage.scanStatus(key), onUpdate: setStatuses },
    );
  }, [storage, signature]);
  return statuses;
}
