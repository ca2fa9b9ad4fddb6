// The browser's modal dialogs. All names are rendered as text.

import { useEffect, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { describeError } from "../lib/errors";
import { DURATIONS, keepableDurations, type ShareExpiry } from "../lib/expiry";
import { formatDuration } from "../lib/format";
import { newChildKey, parseDestination, planMove, relativePath } from "../lib/keys";
import type { Entry } from "../lib/pagination";
import { Modal } from "./Modal";
import { CopyLink } from "./ShareFields";

/** Shared props: report() maps errors and handles an expired session. */
interface Common {
  storage: Storage;
  onClose: () => void;
  report: (e: unknown, context: string) => string | null;
}

function ErrorText({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" class="error">
      {text}
    </p>
  ) : null;
}

function NameList({ names, max = 10 }: { names: string[]; max?: number }) {
  return (
    <ul class="name-list">
      {names.slice(0, max).map((n) => (
        <li key={n}>{n}</li>
      ))}
      {names.length > max && <li>…and {names.length - max} more</li>}
    </ul>
  );
}

export function NewFolderDialog({ storage, folder, onClose, report, onDone }: Common & { folder: string; onDone: (key: string) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = newChildKey(folder, name, "folder");
    if ("error" in r) return setError(r.error);
    setBusy(true);
    try {
      if (await storage.prefixInUse(r.key)) {
        setError(`A folder named "${name}" already exists here.`);
      } else {
        await storage.createFolder(r.key);
        onDone(r.key);
      }
    } catch (err) {
      setError(report(err, "Creating the folder"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="New folder" onClose={onClose} busy={busy}>
      <form onSubmit={submit}>
        <label for="new-folder-name">Folder name</label>
        <NameInput
          id="new-folder-name"
          value={name}
          invalid={!!error}
          describedBy="new-folder-error"
          onInput={(v) => {
            setName(v);
            setError(null);
          }}
        />
        <div id="new-folder-error">
          <ErrorText text={error} />
        </div>
        <div class="dialog-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function DeleteDialog({ storage, entries, keepDays, onClose, report, onDone }: Common & { entries: Entry[]; keepDays?: number; onDone: (msg: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState("");
  const [error, setError] = useState<string | null>(null);
  const folders = entries.filter((e) => e.kind === "folder");
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const keys = entries.filter((e) => e.kind === "file").map((e) => e.key);
      for (const f of folders) {
        setProgress(`Finding everything in ${f.name}…`);
        for (const o of await storage.listAll(f.key)) keys.push(o.key);
      }
      setProgress(`Deleting ${keys.length} object${keys.length === 1 ? "" : "s"}…`);
      const failed = await storage.deleteKeys(keys);
      if (failed.length && failed.length < keys.length) setProgress(`Deleted ${keys.length - failed.length} of ${keys.length}.`);
      if (failed.length) {
        setError(`${failed.length} could not be deleted: ${failed.slice(0, 3).map((f) => `${relativePath(f.key, storage.home)} (${f.message})`).join(", ")}`);
        setProgress("");
      } else {
        onDone(`Deleted ${entries.length} item${entries.length === 1 ? "" : "s"}.`);
      }
    } catch (e) {
      setError(report(e, "Delete"));
      setProgress("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={entries.length === 1 ? "Delete this item?" : `Delete ${entries.length} items?`} onClose={onClose} busy={busy}>
      <NameList names={entries.map((e) => (e.kind === "folder" ? `${e.name}/` : e.name))} />
      {folders.length > 0 && <p>Folders are deleted with everything inside them.</p>}
      <p>
        {keepDays
          ? `Deleted files can be restored from “Recently deleted” for ${keepDays} day${keepDays === 1 ? "" : "s"}; after that they are gone for good.`
          : "Deleted files can be restored from “Recently deleted” for a while; after that they are gone for good."}
      </p>
      <p role="status">{progress}</p>
      <ErrorText text={error} />
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button type="button" class="danger" onClick={run} disabled={busy}>
          {busy ? "Deleting…" : "Delete"}
        </button>
      </div>
    </Modal>
  );
}

export function RenameDialog({ storage, entry, onClose, report, onDone }: Common & { entry: Entry; onDone: (msg: string) => void }) {
  const initial = relativePath(entry.key, storage.home).replace(/\/$/, "");
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    const dest = parseDestination(value, storage.home, entry.kind);
    if ("error" in dest) return setError(dest.error);
    setBusy(true);
    setError(null);
    try {
      const taken = entry.kind === "folder" ? await storage.prefixInUse(dest.key) : await storage.exists(dest.key);
      if (taken) {
        setError(`Something named "${relativePath(dest.key, storage.home)}" already exists.`);
        return;
      }
      let objects = [{ key: entry.key, size: entry.size ?? 0 }];
      if (entry.kind === "folder") {
        setProgress("Finding everything in the folder…");
        objects = await storage.listAll(entry.key);
      }
      const plan = planMove(objects.map((o) => o.key), entry.key, dest.key, storage.home);
      if ("error" in plan) {
        setError(plan.error);
        return;
      }
      const sizes = new Map(objects.map((o) => [o.key, o.size]));
      const r = await storage.move(plan.pairs, sizes, (done, total) => setProgress(`Moved ${done} of ${total}…`));
      if (r.failed.length) {
        setError(`${r.failed.length} could not be moved (the originals were kept): ${report(r.failed[0]!.error, relativePath(r.failed[0]!.key, storage.home)) ?? ""}`);
        setProgress("");
      } else {
        onDone(`Moved to ${relativePath(dest.key, storage.home)}.`);
      }
    } catch (err) {
      setError(report(err, "Rename"));
      setProgress("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={entry.kind === "folder" ? "Rename or move folder" : "Rename or move file"} onClose={onClose} busy={busy}>
      <form onSubmit={submit}>
        <label for="rename-path">New name or path inside My files</label>
        <NameInput
          id="rename-path"
          value={value}
          invalid={!!error}
          describedBy="rename-help rename-error"
          onInput={(v) => {
            setValue(v);
            setError(null);
          }}
        />
        <p id="rename-help" class="help">
          Use "/" to move into another folder, e.g. <code>archive/{entry.name}</code>.
        </p>
        <p role="status">{progress}</p>
        <div id="rename-error">
          <ErrorText text={error} />
        </div>
        <div class="dialog-buttons">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy || value === initial}>
            {busy ? "Working…" : "Rename"}
          </button>
        </div>
      </form>
    </Modal>
  );
}


export function ShareDialog({ storage, entry, onClose, report }: Common & { entry: Entry }) {
  const [durations, setDurations] = useState<{ label: string; seconds: number }[] | null>(null);
  const [seconds, setSeconds] = useState(3600);
  useEffect(() => {
    storage.shareLimitSeconds().then(
      (limit) => {
        const ok = keepableDurations(limit);
        setDurations(ok);
        setSeconds((s) => (ok.some((d) => d.seconds === s) ? s : (ok[ok.length - 1]?.seconds ?? 0)));
      },
      (e: unknown) => setError(report(e, "Share")),
    );
  }, [entry.key]);
  const [result, setResult] = useState<{ url: string; expiry: ShareExpiry } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await storage.shareUrl(entry.key, seconds, true));
    } catch (e) {
      setError(report(e, "Creating the link"));
    } finally {
      setBusy(false);
    }
  };
  const requestedLabel = (durations ?? DURATIONS).find((d) => d.seconds === result?.expiry.requestedSeconds)?.label;
  return (
    <Modal title="Share a link" onClose={onClose} busy={busy}>
      <p class="break">
        File: <strong>{entry.name}</strong>
      </p>
      <p class="help">Anyone who has the link can download this file until the link expires.</p>
      <label for="share-duration">Link valid for</label>
      <select id="share-duration" data-autofocus value={String(seconds)} onChange={(e) => setSeconds(Number(e.currentTarget.value))} disabled={!durations}>
        {(durations ?? []).map((d) => (
          <option key={d.seconds} value={String(d.seconds)}>
            {d.label}
          </option>
        ))}
      </select>
      <p class="help">A link works at most as long as your current sign-in credentials, so longer links are not offered.</p>
      <div class="dialog-buttons">
        <button type="button" class="primary" onClick={create} disabled={busy || !durations?.length}>
          {busy ? "Creating…" : result ? "Create a new link" : "Create link"}
        </button>
      </div>
      <ErrorText text={error} />
      {result && (
        <div class="share-result">
          <CopyLink id="share-url" url={result.url} />
          <p role="status">
            Expires {result.expiry.expiresAt.toLocaleString()} (in {formatDuration(result.expiry.effectiveSeconds)}).
          </p>
          {result.expiry.cappedBy === "credentials" && (
            <p class="warning">
              You asked for {requestedLabel ?? formatDuration(result.expiry.requestedSeconds)}, but a link stops working when
              your temporary sign-in credentials expire, so this one works for {formatDuration(result.expiry.effectiveSeconds)} only.
            </p>
          )}
        </div>
      )}
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} disabled={busy}>
          Close
        </button>
      </div>
    </Modal>
  );
}

/** The focused text field of the naming dialogs: a file or folder name, never autocompleted or spell-checked. */
function NameInput({ id, value, invalid, describedBy, onInput }: { id: string; value: string; invalid: boolean; describedBy: string; onInput: (v: string) => void }) {
  return (
    <input
      id={id}
      data-autofocus
      value={value}
      onInput={(e) => onInput(e.currentTarget.value)}
      aria-invalid={invalid ? "true" : undefined}
      aria-describedby={describedBy}
      autocomplete="off"
      spellcheck={false}
    />
  );
}
