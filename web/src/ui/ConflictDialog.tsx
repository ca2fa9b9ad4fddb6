// The one question about files that exist: replace or skip this one, or
// every one of this upload ("apply to all"). S3 told the app (412 to
// If-None-Match: *); nothing was checked beforehand.

import { useState } from "preact/hooks";
import { Modal } from "./Modal";
import type { Conflict } from "./uploads";

export function ConflictDialog({ conflict, waiting }: { conflict: Conflict; waiting: number }) {
  const [all, setAll] = useState(true);
  const { item, answer } = conflict;
  return (
    <Modal title="A file with this name exists" onClose={() => answer({ replace: false, all: false })}>
      <p>
        “<span class="name-text">{item.path}</span>” is already in your files.
      </p>
      {waiting > 0 && (
        <p>
          {waiting} more file{waiting === 1 ? "" : "s"} of this upload exist{waiting === 1 ? "s" : ""} too (more may turn up as the upload goes on).
        </p>
      )}
      <p>Replacing keeps the old content as a previous version.</p>
      <label class="checkbox">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> Apply to all files of this upload that exist
      </label>
      <div class="dialog-buttons">
        <button type="button" onClick={() => answer({ replace: false, all })} data-autofocus>
          Skip
        </button>
        <button type="button" class="danger" onClick={() => answer({ replace: true, all })}>
          Replace
        </button>
      </div>
    </Modal>
  );
}
