// Upload queue: name checks, overwrite check (HeadObject), then uploads with
// per-file progress and cancel.

import { useCallback, useRef, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { describeError } from "../lib/errors";
import type { ProgressItem } from "../lib/format";
import { newChildKey, relativePath } from "../lib/keys";

export interface UploadItem extends ProgressItem {
  id: number;
  name: string;
  key: string;
  /** Where it goes, relative to home, for display. */
  path: string;
  message?: string;
}

export type OverwriteChoice = "replace" | "skip" | "cancel";

const FILES_AT_ONCE = 2;
let nextId = 1;

export function useUploads(opts: {
  storage: Storage;
  askOverwrite: (names: string[]) => Promise<OverwriteChoice>;
  announce: (msg: string) => void;
  /** The session ended; `unfinished` names the files of this batch that were not uploaded (not the ones the user skipped or cancelled). */
  onSessionExpired: (unfinished: string[]) => void;
  onFinished: (folder: string) => void;
}) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const aborts = useRef(new Map<number, () => void>());
  const cancelled = useRef(new Set<number>());
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const patch = useCallback((id: number, p: Partial<UploadItem>) => {
    setItems((xs) => xs.map((x) => (x.id === id ? { ...x, ...p } : x)));
  }, []);

  const start = useCallback(
    async (files: File[], folder: string) => {
      const { storage, askOverwrite, announce, onSessionExpired, onFinished } = optsRef.current;
      const seen = new Set<string>();
      const batch: (UploadItem & { file: File })[] = files.map((file) => {
        const r = newChildKey(folder, file.name, "file");
        const base = { id: nextId++, name: file.name, loaded: 0, total: file.size, file };
        if ("error" in r) {
          return { ...base, key: "", path: file.name, state: "failed" as const, message: r.error };
        }
        if (seen.has(r.key)) {
          return { ...base, key: r.key, path: relativePath(r.key, storage.home), state: "skipped" as const, message: "Same name as another file in this upload." };
        }
        seen.add(r.key);
        return { ...base, key: r.key, path: relativePath(r.key, storage.home), state: "checking" as const };
      });
      setItems((xs) => [...xs, ...batch.map(({ file: _f, ...rest }) => rest)]);
      announce(`Preparing ${files.length} file${files.length === 1 ? "" : "s"} for upload.`);

      let expired = false;
      const done = new Set<number>();
      const dropped = new Set<number>(); // skipped by the user's overwrite choice
      const unfinished = () =>
        batch.filter((b) => !done.has(b.id) && !dropped.has(b.id) && !cancelled.current.has(b.id)).map((b) => b.path);
      const fail = (id: number, e: unknown, what: string) => {
        const d = describeError(e, what);
        if (d.reauth) expired = true;
        patch(id, d.kind === "aborted" ? { state: "cancelled", message: undefined } : { state: "failed", message: d.message });
      };

      // Overwrite check first (HeadObject), a few at a time.
      const toCheck = batch.filter((b) => b.state === "checking");
      const existing: typeof batch = [];
      let i = 0;
      await Promise.all(
        Array.from({ length: Math.min(4, toCheck.length) }, async () => {
          while (i < toCheck.length) {
            const b = toCheck[i++]!;
            try {
              if (await storage.exists(b.key)) existing.push(b);
              b.state = "pending";
            } catch (e) {
              b.state = "failed";
              fail(b.id, e, "Checking for an existing file");
            }
          }
        }),
      );
      if (expired) return onSessionExpired(unfinished());

      let toUpload = toCheck.filter((b) => b.state === "pending");
      if (existing.length) {
        const choice = await askOverwrite(existing.map((b) => b.path));
        if (choice !== "replace") {
          const skip = choice === "cancel" ? toUpload : existing;
          for (const b of skip) {
            dropped.add(b.id);
            patch(b.id, { state: "skipped", message: choice === "cancel" ? "Upload cancelled." : "Skipped: a file with this name exists." });
          }
          toUpload = toUpload.filter((b) => !skip.includes(b));
        }
      }
      toUpload = toUpload.filter((b) => !cancelled.current.has(b.id));
      for (const b of toUpload) patch(b.id, { state: "pending", message: undefined });

      let j = 0;
      let ok = 0;
      let bad = 0;
      await Promise.all(
        Array.from({ length: Math.min(FILES_AT_ONCE, toUpload.length) }, async () => {
          while (j < toUpload.length && !expired) {
            const b = toUpload[j++]!;
            if (cancelled.current.has(b.id)) continue;
            patch(b.id, { state: "uploading" });
            try {
              const h = storage.upload(b.file, b.key, b.file.type, (loaded) => patch(b.id, { loaded }));
              aborts.current.set(b.id, h.abort);
              await h.done;
              patch(b.id, { state: "done", loaded: b.total });
              done.add(b.id);
              ok++;
            } catch (e) {
              fail(b.id, e, "Upload");
              if (!cancelled.current.has(b.id)) bad++;
            } finally {
              aborts.current.delete(b.id);
            }
          }
        }),
      );
      if (expired) return onSessionExpired(unfinished());
      if (toUpload.length) {
        announce(`Upload finished: ${ok} uploaded${bad ? `, ${bad} failed` : ""}.`);
        onFinished(folder);
      }
    },
    [patch],
  );

  const cancel = useCallback(
    (id: number) => {
      cancelled.current.add(id);
      const abort = aborts.current.get(id);
      if (abort) abort();
      setItems((xs) =>
        xs.map((x) =>
          x.id === id && (x.state === "pending" || x.state === "checking" || x.state === "uploading")
            ? { ...x, state: "cancelled", message: undefined }
            : x,
        ),
      );
    },
    [],
  );

  const cancelAll = useCallback(() => {
    for (const x of items) if (x.state === "pending" || x.state === "checking" || x.state === "uploading") cancel(x.id);
  }, [items, cancel]);

  const clearFinished = useCallback(() => {
    setItems((xs) => xs.filter((x) => x.state === "pending" || x.state === "checking" || x.state === "uploading"));
  }, []);

  return { items, start, cancel, cancelAll, clearFinished };
}
