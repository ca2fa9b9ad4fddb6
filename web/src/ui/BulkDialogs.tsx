// Actions on a selection: move or copy to a folder, download as one zip,
// and the storage a folder uses. Big selections show progress and end with
// a summary of what was done and what failed.

import { useEffect, useRef, useState } from "preact/hooks";
import { listUnder } from "../aws/scan";
import { pool, type Storage } from "../aws/s3";
import { zipStream } from "../aws/zip";
import { formatBytes } from "../lib/format";
import { checkKeyLength, parseDestination, planMove, relativePath, type MovePair } from "../lib/keys";
import type { Entry } from "../lib/pagination";
import type { ListedObject } from "../lib/search";
import { usageOf } from "../lib/search";
import { cachedUsage, rememberUsage, type Usage } from "../lib/usageCache";
import { zipItems } from "../lib/zipPlan";
import { dateFmt } from "./FileTable";
import { Modal } from "./Modal";
import { save, type SaveTarget } from "./saveStream";

interface Common {
  storage: Storage;
  report: (e: unknown, context: string) => string | null;
  onClose: () => void;
}

/** The selected files, and everything in the selected folders (their markers included). */
async function expand(storage: Storage, entries: Entry[], signal?: AbortSignal): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  for (const e of entries) {
    if (e.kind === "file") out.push({ key: e.key, size: e.size ?? 0, lastModified: e.lastModified });
    else out.push(...(await listUnder(storage, e.key, { signal })).objects);
  }
  return out;
}

function Progress({ done, total, text }: { done: number; total: number; text: string }) {
  return (
    <div class="bulk-progress">
      <progress max={Math.max(total, 1)} value={done} aria-label={text} />
      <p role="status">{text}</p>
    </div>
  );
}

export function TransferDialog({ storage, mode, entries, onClose, report, onDone }: Common & { mode: "move" | "copy"; entries: Entry[]; onDone: (msg: string) => void }) {
  const [dest, setDest] = useState("");
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verb = mode === "move" ? "Move" : "Copy";

  const run = async (ev: Event) => {
    ev.preventDefault();
    setError(null);
    const target = dest.trim().replace(/^\/+|\/+$/g, "");
    const d = target === "" ? { key: storage.home } : parseDestination(target, storage.home, "folder");
    if ("error" in d) return setError(d.error);
    setBusy(true);
    try {
      const pairs: MovePair[] = [];
      const sizes = new Map<string, number>();
      const skipped: string[] = [];
      for (const e of entries) {
        const to = d.key + e.name + (e.kind === "folder" ? "/" : "");
        const long = checkKeyLength(to);
        if (long) return setError(long);
        const taken = e.kind === "folder" ? await storage.prefixInUse(to) : await storage.exists(to);
        if (taken || to === e.key) {
          skipped.push(e.name);
          continue;
        }
        const objects = e.kind === "file" ? [{ key: e.key, size: e.size ?? 0 }] : (await listUnder(storage, e.key)).objects;
        const plan = planMove(objects.map((o) => o.key), e.key, to, storage.home);
        if ("error" in plan) return setError(`${e.name}: ${plan.error}`);
        pairs.push(...plan.pairs);
        for (const o of objects) sizes.set(o.key, o.size);
      }
      setProgress({ done: 0, total: pairs.length });
      let failed: { key: string; error: unknown }[] = [];
      if (mode === "move") {
        failed = (await storage.move(pairs, sizes, (done, total) => setProgress({ done, total }))).failed;
      } else {
        let done = 0;
        await pool(pairs, 4, async (p) => {
          try {
            await storage.copy(p.from, p.to, sizes.get(p.from) ?? 0);
          } catch (error) {
            failed.push({ key: p.from, error });
          }
          setProgress({ done: ++done, total: pairs.length });
        });
      }
      const where = d.key === storage.home ? "My files" : relativePath(d.key, storage.home).replace(/\/$/, "");
      const ok = pairs.length - failed.length;
      const parts = [`${mode === "move" ? "Moved" : "Copied"} ${ok} file${ok === 1 ? "" : "s"} to ${where}.`];
      if (skipped.length) parts.push(`Skipped ${skipped.length} already there: ${skipped.slice(0, 3).join(", ")}${skipped.length > 3 ? "…" : ""}.`);
      if (failed.length) {
        parts.push(`${failed.length} failed${mode === "move" ? " (the originals were kept)" : ""}: ${failed.slice(0, 3).map((f) => `${relativePath(f.key, storage.home)} (${report(f.error, "") ?? "error"})`).join(", ")}.`);
      }
      // One file: done, the dialog closes. More: a summary stays until the user has read it.
      if (pairs.length <= 1 && !failed.length && !skipped.length) onDone(parts[0]!);
      else setSummary(parts.join(" "));
    } catch (e) {
      setError(report(e, verb));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`${verb} ${entries.length} item${entries.length === 1 ? "" : "s"}`} onClose={() => (summary ? onDone(summary) : onClose())} busy={busy}>
      {summary ? (
        <>
          <p role="status">{summary}</p>
          <div class="dialog-buttons">
            <button type="button" class="primary" onClick={() => onDone(summary)} data-autofocus>
              Done
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={run}>
          <label for="transfer-dest">To the folder (a path inside My files; empty for My files itself)</label>
          <input id="transfer-dest" data-autofocus value={dest} onInput={(e) => setDest(e.currentTarget.value)} autocomplete="off" spellcheck={false} aria-describedby="transfer-error" />
          <p class="help">The folder is created if it does not exist. Items already there are skipped, never replaced.</p>
          {progress && <Progress done={progress.done} total={progress.total} text={`${verb === "Move" ? "Moved" : "Copied"} ${progress.done} of ${progress.total} files…`} />}
          <div id="transfer-error">
            {error && (
              <p role="alert" class="error">
                {error}
              </p>
            )}
          </div>
          <div class="dialog-buttons">
            <button type="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {busy ? "Working…" : verb}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

export function ZipDialog({ storage, entries, folder, name, target, onClose, report, onDone }: Common & {
  entries: Entry[];
  folder: string;
  name: string;
  target: Promise<SaveTarget | null>;
  onDone: (msg: string) => void;
}) {
  const [state, setState] = useState<{ bytes: number; length: number; files: number; total: number } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ctl = useRef(new AbortController());
  useEffect(() => {
    const c = ctl.current;
    void (async () => {
      try {
        const t = await target;
        if (!t) return onClose();
        const items = zipItems(folder, await expand(storage, entries, c.signal));
        const total = items.filter((i) => i.key).length;
        const z = zipStream(storage, items, c.signal, (bytes, files) => setState({ bytes, length: z.length, files, total }));
        setState({ bytes: 0, length: z.length, files: 0, total });
        await save(t, z.stream, name, z.length, c.signal);
        setResult(`Saved ${name}: ${total} file${total === 1 ? "" : "s"}, ${formatBytes(z.length)}.`);
      } catch (e) {
        if (c.signal.aborted) return;
        setError((e as Error)?.name === "AbortError" ? "The download was cancelled." : report(e, "Download as zip"));
      }
    })();
    return () => c.abort();
  }, []);
  const running = !result && !error;
  return (
    <Modal title={`Download ${name}`} onClose={() => (result ? onDone(result) : onClose())} busy={false}>
      {state && !result && (
        <Progress
          done={state.bytes}
          total={state.length}
          text={`${formatBytes(state.bytes)} of ${formatBytes(state.length)} (file ${Math.min(state.files, state.total)} of ${state.total})…`}
        />
      )}
      {!state && running && <p role="status">Preparing the zip…</p>}
      {result && <p role="status">{result}</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="dialog-buttons">
        {running ? (
          <button
            type="button"
            onClick={() => {
              ctl.current.abort(new DOMException("The download was cancelled.", "AbortError"));
              onClose();
            }}
            data-autofocus
          >
            Cancel
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => (result ? onDone(result) : onClose())} data-autofocus>
            Close
          </button>
        )}
      </div>
    </Modal>
  );
}

export function UsageDialog({ storage, prefix, label, onClose, report }: Common & { prefix: string; label: string }) {
  const [usage, setUsage] = useState<Usage | undefined>(() => cachedUsage(sessionStorage, prefix));
  const [scanned, setScanned] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ctl = useRef<AbortController | null>(null);
  const compute = async () => {
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    setError(null);
    setScanned(0);
    try {
      const { objects, complete } = await listUnder(storage, prefix, { signal: c.signal });
      const u = { ...usageOf(objects), computedAt: Date.now(), complete };
      rememberUsage(sessionStorage, prefix, u);
      setUsage(u);
    } catch (e) {
      if (!c.signal.aborted) setError(report(e, "Storage used"));
    } finally {
      if (ctl.current === c) setScanned(null);
    }
  };
  useEffect(() => {
    if (!usage) void compute();
    return () => ctl.current?.abort();
  }, []);
  return (
    <Modal title={`Storage used by ${label}`} onClose={onClose}>
      {usage && (
        <dl class="usage">
          <dt>Size</dt>
          <dd>
            {formatBytes(usage.bytes)} <span class="help">({usage.bytes.toLocaleString()} bytes)</span>
          </dd>
          <dt>Files</dt>
          <dd>{usage.files.toLocaleString()}</dd>
          <dt>Computed</dt>
          <dd>
            <time dateTime={new Date(usage.computedAt).toISOString()}>{dateFmt.format(usage.computedAt)}</time>
          </dd>
        </dl>
      )}
      {scanned !== null && <p role="status">Adding up everything in {label}…</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <p class="help">Current versions only; old versions kept for restoring are not counted.</p>
      <div class="dialog-buttons">
        <button type="button" onClick={() => void compute()} disabled={scanned !== null}>
          Compute again
        </button>
        <button type="button" class="primary" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
