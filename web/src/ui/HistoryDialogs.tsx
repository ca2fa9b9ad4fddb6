// Version history and trash: a file's versions (date, size) with download
// and "Restore this version", and the current folder's recently deleted
// files with Restore. A restore copies the old version onto the file
// (CopyObject from the version): a new current version; nothing is ever
// deleted or overwritten for good, so a restore can itself be undone.

import { useEffect, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { fileHistory, listVersionRows, restoreVersion, versionDownloadUrl } from "../aws/versions";
import { formatBytes } from "../lib/format";
import { baseName } from "../lib/keys";
import { deletedIn, expiresAt, type DeletedFile, type VersionRow } from "../lib/versions";
import { dateFmt } from "./FileTable";
import { Modal } from "./Modal";
import { startDownload } from "./startDownload";

interface Common {
  storage: Storage;
  /** Days old versions are kept (config.json), if known. */
  keepDays?: number;
  report: (e: unknown, context: string) => string | null;
  onClose: () => void;
  /** Something was restored: announce msg and list the folder again. */
  onRestored: (msg: string) => void;
}

function KeptNote({ keepDays }: { keepDays?: number }) {
  return keepDays ? (
    <p class="help">Older versions and deleted files are kept for {keepDays} days after they were replaced or deleted, then removed for good.</p>
  ) : null;
}

export function VersionsDialog({ storage, fileKey, keepDays, report, onClose, onRestored }: Common & { fileKey: string }) {
  const [rows, setRows] = useState<VersionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = baseName(fileKey);
  const load = () => {
    setError(null);
    fileHistory(storage, fileKey).then(setRows, (e: unknown) => setError(report(e, "Listing the versions")));
  };
  useEffect(load, [fileKey]);

  const restore = async (r: VersionRow) => {
    setBusy(true);
    setError(null);
    try {
      await restoreVersion(storage, r);
      onRestored(`Restored the version of ${name} from ${dateFmt.format(r.lastModified)}.`);
    } catch (e) {
      setError(report(e, "Restore"));
    } finally {
      setBusy(false);
    }
  };
  const download = async (r: VersionRow) => {
    try {
      startDownload(await versionDownloadUrl(storage, r.key, r.versionId));
    } catch (e) {
      setError(report(e, "Download"));
    }
  };

  return (
    <Modal title={`Versions of ${name}`} onClose={onClose} busy={busy}>
      <KeptNote keepDays={keepDays} />
      {rows === null && !error && <p class="loading">Loading…</p>}
      {rows && (
        <table class="versions">
          <caption class="visually-hidden">Versions of {name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Saved</th>
              <th scope="col">Size</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const when = dateFmt.format(r.lastModified);
              return (
                <tr key={r.versionId}>
                  <td>
                    {when}
                    {r.isLatest && <span class="badge">{r.deleteMarker ? "deleted" : "current"}</span>}
                    {!r.isLatest && r.deleteMarker && <span class="badge">deleted</span>}
                  </td>
                  <td class="col-size">{r.deleteMarker ? "" : formatBytes(r.size)}</td>
                  <td class="col-actions">
                    {!r.deleteMarker && (
                      <button type="button" onClick={() => void download(r)} aria-label={`Download the version from ${when}`}>
                        Download
                      </button>
                    )}
                    {!r.deleteMarker && !r.isLatest && (
                      <button type="button" class="primary" disabled={busy} onClick={() => void restore(r)} aria-label={`Restore this version (${when})`}>
                        Restore this version
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} disabled={busy} data-autofocus>
          Close
        </button>
      </div>
    </Modal>
  );
}

export function TrashDialog({ storage, folder, folderLabel, keepDays, report, onClose, onRestored }: Common & { folder: string; folderLabel: string }) {
  const [files, setFiles] = useState<DeletedFile[] | null>(null);
  const [complete, setComplete] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    listVersionRows(storage, folder, { delimiter: "/", signal: ctl.signal }).then(
      (r) => {
        setFiles(deletedIn(folder, r.rows));
        setComplete(r.complete);
      },
      (e: unknown) => !ctl.signal.aborted && setError(report(e, "Listing deleted files")),
    );
    return () => ctl.abort();
  }, [folder]);

  const restore = async (f: DeletedFile) => {
    if (!f.restoreFrom) return;
    setBusy(f.key);
    setError(null);
    try {
      await restoreVersion(storage, f.restoreFrom);
      setFiles((all) => all?.filter((x) => x.key !== f.key) ?? null);
      onRestored(`Restored ${f.name}.`);
    } catch (e) {
      setError(report(e, "Restore"));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal title={`Recently deleted in ${folderLabel}`} onClose={onClose} busy={!!busy}>
      <KeptNote keepDays={keepDays} />
      {files === null && !error && <p class="loading">Loading…</p>}
      {files && files.length === 0 && <p>Nothing was deleted here recently.</p>}
      {files && files.length > 0 && (
        <ul class="trash-list">
          {files.map((f) => (
            <li key={f.key}>
              <span class="trash-name" title={f.name}>
                {f.name}
              </span>
              <span class="help">
                deleted {dateFmt.format(f.deletedAt)}
                {f.restoreFrom ? ` · ${formatBytes(f.restoreFrom.size)}` : ""}
                {keepDays ? ` · restorable until ${dateFmt.format(expiresAt(f.deletedAt, keepDays))}` : ""}
              </span>
              {f.restoreFrom ? (
                <button type="button" class="primary" disabled={!!busy} onClick={() => void restore(f)} aria-label={`Restore ${f.name}`}>
                  {busy === f.key ? "Restoring…" : "Restore"}
                </button>
              ) : (
                <span class="help">no version left to restore</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {!complete && <p class="help">This folder has a very long history: only its most recent changes are shown.</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} disabled={!!busy} data-autofocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
