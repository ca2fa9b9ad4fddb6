// The uploads of this page: one UploadQueue (lib/uploadQueue.ts) over the
// S3 transport and the IndexedDB resume store, rendered at most every
// 150 ms (10,000 items stay responsive); files done go into the listing in
// the same rhythm; the conflict question; the unfinished uploads of an
// earlier visit (resume, discard); the leave-page warning while uploads run.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { IdbResumeStore, type Handle } from "../aws/resumeStore";
import type { Storage } from "../aws/s3";
import { S3UploadTransport } from "../aws/upload";
import { crc32Base64OfBlob } from "../aws/checksum";
import { describeError } from "../lib/errors";
import { fileMismatch, proofPart, type ResumeRecord } from "../lib/resume";
import { planUpload } from "../lib/uploadPlan";
import { UploadQueue, type ConflictAnswer, type UploadItem } from "../lib/uploadQueue";
import type { DropReader, PickedFiles } from "./useDropZone";

const RENDER_EVERY_MS = 250;

export interface Conflict {
  item: UploadItem<Handle>;
  answer: (a: ConflictAnswer) => void;
}

export interface WrittenObject {
  key: string;
  size: number;
  lastModified: number;
}

export interface UploadsOptions {
  storage: Storage;
  announce: (msg: string) => void;
  /** The session ended; `unfinished` names the files that did not get to S3 (not those cancelled or skipped). */
  onSessionExpired: (unfinished: string[]) => void;
  /** Objects just written (shown in the listing without asking S3 again). */
  onWritten: (objects: WrittenObject[]) => void;
}

export type Uploads = ReturnType<typeof useUploads>;

export function useUploads(opts: UploadsOptions) {
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const { storage } = opts;
  // Only the upload area renders on every change (it subscribes); the page renders when uploads start or stop.
  const listeners = useMemo(() => new Set<() => void>(), []);
  const [active, setActive] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const store = useMemo(() => new IdbResumeStore(), []);
  const transport = useMemo(() => new S3UploadTransport(storage.uploadClient(), storage.bucket, storage.home), [storage]);
  const flush = useRef<{ timer: ReturnType<typeof setTimeout> | undefined; last: number; written: WrittenObject[]; firstDoneShown: boolean }>({
    timer: undefined,
    last: -Infinity,
    written: [],
    firstDoneShown: false,
  });

  const queue = useMemo(() => {
    let expired = false;
    const render = () => {
      flush.current.timer = undefined;
      flush.current.last = performance.now();
      const w = flush.current.written;
      flush.current.written = [];
      if (w.length) optsRef.current.onWritten(w);
      setActive(q.active);
      if (!q.active) flush.current.firstDoneShown = false;
      for (const l of listeners) l();
    };
    const q: UploadQueue<Handle> = new UploadQueue<Handle>({
      transport,
      store,
      bucket: storage.bucket,
      home: storage.home,
      askConflict: (item) => new Promise<ConflictAnswer>((resolve) => setConflict({ item, answer: (a) => (setConflict(null), resolve(a)) })),
      onChange: () => {
        // At once after a quiet spell (the first file done shows without delay), then at most every RENDER_EVERY_MS.
        if (flush.current.timer !== undefined) return;
        const wait = Math.max(0, flush.current.last + RENDER_EVERY_MS - performance.now());
        flush.current.timer = setTimeout(render, wait);
      },
      onDone: (it) => {
        flush.current.written.push({ key: it.key, size: it.size, lastModified: Date.now() });
        // The first file done shows at once, not at the next beat of the render rhythm (the files being added keep it busy).
        if (!flush.current.firstDoneShown) {
          flush.current.firstDoneShown = true;
          clearTimeout(flush.current.timer);
          flush.current.timer = setTimeout(render, 0);
        }
      },
      isFatal: (e) => {
        const fatal = describeError(e).reauth;
        if (fatal && !expired) {
          expired = true;
          setTimeout(() => optsRef.current.onSessionExpired(q.unfinished()), 0);
        }
        return fatal;
      },
      describe: (e) => describeError(e).message,
      online: () => navigator.onLine,
      waitOnline: (signal) =>
        new Promise<void>((resolve, reject) => {
          const done = () => {
            signal.removeEventListener("abort", stop);
            resolve();
          };
          const stop = () => {
            window.removeEventListener("online", done);
            reject(signal.reason);
          };
          window.addEventListener("online", done, { once: true });
          signal.addEventListener("abort", stop, { once: true });
        }),
    });
    return q;
  }, [storage, store, transport, listeners]);

  useEffect(() => {
    if (!active) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [active]);

  /** Calls `listener` after the queue changed (at most every RENDER_EVERY_MS); returns the unsubscribe. */
  const subscribe = useCallback(
    (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    [listeners],
  );

  const resumable = useResumable(storage, store, transport, queue);

  /** Uploads what was dropped or picked into `folder`; a drop is planned and queued piece by piece as it is read. */
  const start = useCallback(
    async (source: DropReader | PickedFiles, folder: string) => {
      const batch = queue.newBatch();
      const keys = new Set<string>();
      let n = 0;
      let skipped = 0;
      const take = (piece: PickedFiles) => {
        const plan = planUpload(piece, folder, storage.home, keys);
        plan.skipped.push(...piece.unreadable);
        n += plan.files.length + plan.folders.length;
        skipped += plan.skipped.length;
        queue.add(plan, batch);
      };
      if (typeof source === "function") await source(take);
      else take(source);
      optsRef.current.announce(`Uploading ${n} item${n === 1 ? "" : "s"}${skipped ? `; ${skipped} skipped (see the list)` : ""}.`);
    },
    [queue, storage],
  );

  return {
    queue,
    subscribe,
    conflict,
    start,
    cancel: (id: number) => queue.cancel(id),
    cancelAll: () => queue.cancelAll(),
    retry: (id: number) => queue.retry(id),
    retryFailed: () => queue.retryFailed(),
    clearFinished: () => queue.clearFinished(),
    resumable,
  };
}

type PermissionHandle = Handle & {
  queryPermission?: (d: { mode: "read" }) => Promise<PermissionState>;
  requestPermission?: (d: { mode: "read" }) => Promise<PermissionState>;
};

/** The user's unfinished uploads from an earlier visit: resume (with a stored handle, or a file the user picks again, checked) or discard. */
function useResumable(storage: Storage, store: IdbResumeStore, transport: S3UploadTransport, queue: UploadQueue<Handle>) {
  const [records, setRecords] = useState<ResumeRecord<Handle>[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const taken = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    store
      .list(storage.home)
      .then((all) => live && setRecords(all.filter((r) => r.bucket === storage.bucket && !taken.current.has(r.id))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [storage, store]);

  const drop = (id: string) => setRecords((rs) => rs.filter((r) => r.id !== id));
  const problem = (id: string, msg: string | null) => setProblems((p) => ({ ...p, [id]: msg ?? "" }));

  /** The file from the stored handle, if the browser still lets the page read it (asks when it may). */
  const fromHandle = async (rec: ResumeRecord<Handle>): Promise<File | null> => {
    const h = rec.handle as PermissionHandle | undefined;
    if (!h) return null;
    try {
      let state = (await h.queryPermission?.({ mode: "read" })) ?? "granted";
      if (state !== "granted" && h.requestPermission) state = await h.requestPermission({ mode: "read" });
      return state === "granted" ? await h.getFile() : null;
    } catch {
      return null;
    }
  };

  /** Continues with `file` if it is the same file: size, last change, and the CRC32 of a part S3 has. */
  const continueWith = async (rec: ResumeRecord<Handle>, file: File): Promise<boolean> => {
    const mismatch = fileMismatch(rec, file);
    if (mismatch) {
      problem(rec.id, `${mismatch} Pick the file this upload was made from.`);
      return false;
    }
    const proof = proofPart(rec);
    if (proof) {
      const start = (proof.n - 1) * rec.partSize;
      const crc = await crc32Base64OfBlob(file.slice(start, start + proof.size));
      if (crc !== proof.crc) {
        problem(rec.id, `“${file.name}” differs from the file this upload was made from (part ${proof.n}). Pick the same file.`);
        return false;
      }
    }
    problem(rec.id, null);
    taken.current.add(rec.id);
    drop(rec.id);
    queue.resume(rec, file);
    return true;
  };

  return {
    records,
    problems,
    /** Tries the stored handle; false when the user has to pick the file. */
    tryHandle: async (rec: ResumeRecord<Handle>): Promise<boolean> => {
      const f = await fromHandle(rec);
      return f ? continueWith(rec, f) : false;
    },
    continueWith,
    discard: async (rec: ResumeRecord<Handle>) => {
      // AbortMultipartUpload: S3 frees the parts (an upload already gone is fine).
      await transport.abort(rec.key, rec.uploadId).catch(() => undefined);
      await store.delete(rec.id).catch(() => undefined);
      drop(rec.id);
    },
  };
}
