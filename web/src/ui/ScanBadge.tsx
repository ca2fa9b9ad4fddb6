// A file's malware scan status next to its name, and the dialog that says
// why a file that is not clean cannot be opened.

import type { Entry } from "../lib/pagination";
import { blockedMessage, type ScanStatus } from "../lib/scanStatus";
import { Modal } from "./Modal";

/** "Scanning…", "Blocked: malware found", "Not scannable" (its reason as the tooltip); nothing once clean. */
export function ScanBadge({ status }: { status: ScanStatus | undefined }) {
  if (!status || status.state === "clean") return null;
  return (
    <span class={`scan-status scan-${status.state}`} title={status.reason} data-scan={status.state}>
      {status.label}
    </span>
  );
}

/** In place of a preview: why this file cannot be opened. */
export function ScanBlocked({ entry, status, onClose }: { entry: Entry; status: ScanStatus; onClose: () => void }) {
  return (
    <Modal title={entry.name} onClose={onClose}>
      <p class="scan-blocked-message" role="alert">
        {blockedMessage("Previewing", entry.name, status)}
      </p>
      <div class="actions">
        <button type="button" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
