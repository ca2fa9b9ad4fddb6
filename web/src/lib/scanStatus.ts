// A file's malware scan status, from the tag GuardDuty Malware Protection
// for S3 writes on each object version (the malwareScan setting), and
// what the app may do with the file: only a clean file opens.

/** The tag GuardDuty writes on every version it scans. */
export const SCAN_TAG = "GuardDutyMalwareScanStatus";

export type ScanState = "scanning" | "clean" | "blocked" | "unscannable";

export interface ScanStatus {
  state: ScanState;
  /** Shown next to the file, e.g. "Scanning…" or "Blocked: malware found". */
  label: string;
  /** Why the file cannot be opened (every state but clean). */
  reason?: string;
}

const UNSCANNABLE: Record<string, string> = {
  UNSUPPORTED: "the scanner cannot read this file (too large, or an archive it cannot open, such as a password-protected one)",
  ACCESS_DENIED: "the scanner was denied access to this file",
  FAILED: "the scan failed",
};

/** The status a file's tags give; untagged means its scan has not ended yet. */
export function scanStatusOf(tags: { Key?: string; Value?: string }[] | undefined): ScanStatus {
  const value = tags?.find((t) => t.Key === SCAN_TAG)?.Value;
  if (value === undefined) return { state: "scanning", label: "Scanning…", reason: "it is still being scanned for malware; it opens on its own when the scan ends" };
  if (value === "NO_THREATS_FOUND") return { state: "clean", label: "Scanned" };
  if (value === "THREATS_FOUND") return { state: "blocked", label: "Blocked: malware found", reason: "the malware scan found a threat in it" };
  const reason = UNSCANNABLE[value] ?? `the scan ended with ${value}`;
  return { state: "unscannable", label: "Not scannable", reason };
}

/** Whether the file may be downloaded, previewed or shared. */
export function canOpen(s: ScanStatus | undefined): boolean {
  return s === undefined || s.state === "clean";
}

/** The message when a file cannot be opened: "<verb> <name> is not possible: <reason>." */
export function blockedMessage(verb: string, name: string, s: ScanStatus): string {
  return `${verb} ${name} is not possible: ${s.reason ?? s.label}.`;
}

/** The delay before the n-th (0-based) look at files still being scanned: 2 s, doubling, at most 30 s. */
export function scanPollDelay(attempt: number): number {
  return Math.min(30_000, 2000 * 2 ** Math.max(0, attempt));
}
