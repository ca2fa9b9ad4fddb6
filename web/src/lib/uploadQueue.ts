// The upload queue: every file and folder of every drop or pick, each in a
// state (queued, uploading, waiting for a conflict answer, done, failed,
// cancelled, skipped). No request precedes an upload: a file goes up with
// If-None-Match: * (PutObject, or CompleteMultipartUpload), and S3's 412
// says it exists, race-free. Conflicts are asked one at a time; an answer
// can hold for the rest of the drop. Requests share a few slots (a browser
// opens about 6 connections to a host over HTTP/1.1), back off on 503
// SlowDown, 5xx and network errors, and wait for the network to come back.
// A multipart upload keeps its state in a ResumeStore after every part, so
// a reload or a crash loses at most the parts in flight. No DOM, no SDK:
// the requests go through an UploadTransport (aws/upload.ts).

import { crc32, crc32Base64 } from "./crc32";
import { completedParts, isSinglePut, partSizeFor, planParts, type DonePart, type PartRange } from "./multipart";
import { reconcile, type ListedPart, type ResumeRecord } from "./resume";
import { AdaptiveLimit, backoffMs, MAX_ATTEMPTS, retryKind } from "./retry";
import type { PlannedFile, PlannedFolder, Skipped } from "./uploadPlan";
import { RateMeter, summarize, type Summary, type UploadState } from "./uploadProgress";

/** S3 answered 412 to a write with If-None-Match: * (the key exists). */
export class ConflictError extends Error {
  constructor(key: string) {
    super(`${key} exists`);
    this.name = "ConflictError";
  }
}

/** The multipart upload is gone at S3 (NoSuchUpload, or 409 on its completion): it must start again. */
export class UploadGoneError extends Error {
  constructor(message = "The unfinished upload is no longer at S3") {
    super(message);
    this.name = "UploadGoneError";
  }
}

/** The S3 requests of an upload (aws/upload.ts). */
export interface UploadTransport {
  /** The x-amz-checksum-crc32 value of a Blob. */
  crc32(body: Blob, signal: AbortSignal): Promise<string>;
  /** PutObject; throws ConflictError on 412. */
  put(key: string, body: Blob | Uint8Array, type: string, crc: string, ifNoneMatch: boolean, signal: AbortSignal): Promise<void>;
  /** CreateMultipartUpload (CRC32): the upload id. */
  create(key: string, type: string, signal: AbortSignal): Promise<string>;
  /** UploadPart; throws UploadGoneError on NoSuchUpload. */
  part(key: string, uploadId: string, partNumber: number, body: Blob, crc: string, signal: AbortSignal): Promise<DonePart>;
  /** Every part S3 holds (ListParts, all pages); throws UploadGoneError on NoSuchUpload. */
  listParts(key: string, uploadId: string, signal: AbortSignal): Promise<ListedPart[]>;
  /** CompleteMultipartUpload; ConflictError on 412, UploadGoneError on NoSuchUpload or 409. */
  complete(key: string, uploadId: string, parts: DonePart[], ifNoneMatch: boolean, signal: AbortSignal): Promise<void>;
  abort(key: string, uploadId: string): Promise<void>;
  /** HeadObject with its CRC32 (null when there is no object). */
  head(key: string, signal: AbortSignal): Promise<{ size: number; crc32?: string } | null>;
}

/** Where unfinished multipart uploads are kept (aws/resumeStore.ts: IndexedDB). */
export interface ResumeStore<H = unknown> {
  put(rec: ResumeRecord<H>): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface ConflictAnswer {
  replace: boolean;
  /** The answer holds for every conflict of this drop, now and later. */
  all: boolean;
}

/** The file an item uploads: a File, or any Blob with a name and a last change. */
export interface Source extends Blob {
  readonly name: string;
  readonly lastModified: number;
}

export interface UploadItem<H = unknown> {
  id: number;
  /** The drop or pick it came with. */
  batch: number;
  kind: "file" | "folder";
  key: string;
  /** Where it goes, relative to the user's folder. */
  path: string;
  file?: Source;
  size: number;
  handle?: H;
  state: UploadState;
  /** Bytes S3 holds of it so far. */
  loaded: number;
  /** Why it failed or was skipped. */
  message?: string;
  /** Overwrite an existing file (the user said so): no If-None-Match. */
  replace: boolean;
  mp?: Multipart<H>;
}

interface Multipart<H> {
  uploadId: string;
  partSize: number;
  parts: Map<number, DonePart>;
  record: ResumeRecord<H>;
  /** False after a reload or a failure: ListParts first. */
  reconciled: boolean;
}

export interface QueueOptions<H> {
  transport: UploadTransport;
  store: ResumeStore<H>;
  bucket: string;
  home: string;
  /** Requests in flight at most: 6, Chromium's connections per host over HTTP/1.1. */
  maxRequests?: number;
  /** Parts of one file in flight at most. */
  partsPerFile?: number;
  /** Asks what to do with a file that exists. */
  askConflict: (item: UploadItem<H>) => Promise<ConflictAnswer>;
  /** Something changed (a state, a byte count). Called often: throttle. */
  onChange: () => void;
  /** A file or folder is at S3 now. */
  onDone: (item: UploadItem<H>) => void;
  /** An error no upload can get past (the session ended): true stops the queue. */
  isFatal: (e: unknown) => boolean;
  /** The message shown for a failed item. */
  describe: (e: unknown) => string;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** False when the browser knows it is offline (navigator.onLine). */
  online?: () => boolean;
  /** Resolves when the browser is back online. */
  waitOnline?: (signal: AbortSignal) => Promise<void>;
}

/** Files up to this size (256 KiB) are read into memory once and sent from there. */
const READ_ONCE_MAX = 256 * 1024;

const RUNNING: ReadonlySet<UploadState> = new Set(["queued", "uploading", "conflict"]);
const EMPTY = new Blob([]);

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done() {
      signal.removeEventListener("abort", stop);
      resolve();
    }
    function stop() {
      clearTimeout(t);
      reject(signal.reason);
    }
    signal.addEventListener("abort", stop, { once: true });
  });
}

export class UploadQueue<H = unknown> {
  readonly items: UploadItem<H>[] = [];
  private readonly opts: QueueOptions<H>;
  private readonly t: UploadTransport;
  private readonly limit: AdaptiveLimit;
  private readonly partsPerFile: number;
  private readonly byId = new Map<number, UploadItem<H>>();
  private readonly controllers = new Map<number, AbortController>();
  private readonly policies = new Map<number, boolean>();
  private pending: UploadItem<H>[] = [];
  private head = 0;
  private running = 0;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private conflicts: UploadItem<H>[] = [];
  private asking = false;
  private nextId = 1;
  private nextBatch = 1;
  private stopped = false;
  /** Bytes S3 acknowledged since the queue began (only grows): the speed's counter. */
  private sent = 0;
  private readonly meter = new RateMeter();
  /** Files and folders done since the queue began (only grows), and their rate. */
  private finished = 0;
  private readonly fileMeter = new RateMeter();

  constructor(opts: QueueOptions<H>) {
    this.opts = opts;
    this.t = opts.transport;
    this.limit = new AdaptiveLimit(opts.maxRequests ?? 6);
    this.partsPerFile = opts.partsPerFile ?? 4;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** A new batch: the files of one drop or pick (a conflict answer for all holds within it). */
  newBatch(): number {
    return this.nextBatch++;
  }

  /** Adds (part of) a drop or pick: its files, the empty folders to create and what was skipped. Returns the batch number. */
  add(plan: { files: PlannedFile<Source, H>[]; folders: PlannedFolder[]; skipped: Skipped[] }, batch = this.newBatch()): number {
    for (const s of plan.skipped) this.push({ batch, kind: "file", key: "", path: s.path, size: 0, state: "skipped", message: s.reason });
    for (const f of plan.files) {
      this.push({ batch, kind: "file", key: f.key, path: f.path, file: f.file, size: f.size, state: "queued", ...(f.handle !== undefined ? { handle: f.handle } : {}) });
    }
    for (const d of plan.folders) this.push({ batch, kind: "folder", key: d.key, path: d.path, size: 0, state: "queued" });
    this.changed();
    this.pump();
    return batch;
  }

  /** Continues an unfinished multipart upload with the file it was made from (checked by the caller). */
  resume(rec: ResumeRecord<H>, file: Source): UploadItem<H> {
    const batch = this.nextBatch++;
    const it = this.push({
      batch,
      kind: "file",
      key: rec.key,
      path: rec.path,
      file,
      size: rec.size,
      state: "queued",
      replace: rec.replace,
      ...(rec.handle !== undefined ? { handle: rec.handle } : {}),
    });
    it.mp = { uploadId: rec.uploadId, partSize: rec.partSize, parts: new Map(), record: { ...rec, parts: [...rec.parts] }, reconciled: false };
    this.changed();
    this.pump();
    return it;
  }

  private push(p: Omit<UploadItem<H>, "id" | "loaded" | "replace"> & { replace?: boolean }): UploadItem<H> {
    const it: UploadItem<H> = { id: this.nextId++, loaded: 0, replace: false, ...p };
    this.items.push(it);
    this.byId.set(it.id, it);
    if (it.state === "queued") this.pending.push(it);
    return it;
  }

  get summary(): Summary {
    return summarize(this.items.map((x) => ({ state: x.state, loaded: x.loaded, total: x.size })));
  }

  /** Upload speed in bytes per second (undefined until there is a second of data). */
  rate(): number | undefined {
    return this.meter.rate(this.now());
  }

  /** Files (and folders) done per second. */
  fileRate(): number | undefined {
    return this.fileMeter.rate(this.now());
  }

  /** Paths of what did not get to S3 and was not cancelled or skipped. */
  unfinished(): string[] {
    return this.items.filter((x) => RUNNING.has(x.state) || x.state === "failed").map((x) => x.path);
  }

  get active(): boolean {
    return this.items.some((x) => RUNNING.has(x.state));
  }

  cancel(id: number): void {
    const it = this.byId.get(id);
    if (!it || !RUNNING.has(it.state)) return;
    const wasRunning = this.controllers.has(id);
    this.set(it, { state: "cancelled", message: undefined });
    this.controllers.get(id)?.abort(new DOMException("The upload was cancelled.", "AbortError"));
    if (!wasRunning) void this.discard(it);
  }

  cancelAll(): void {
    for (const it of this.items) if (RUNNING.has(it.state)) this.cancel(it.id);
  }

  /** Tries a failed or cancelled item again (a multipart upload continues where it stopped, if S3 still has it). */
  retry(id: number): void {
    const it = this.byId.get(id);
    if (!it || (it.state !== "failed" && it.state !== "cancelled") || !it.key) return;
    if (it.mp) it.mp.reconciled = false;
    this.set(it, { state: "queued", message: undefined, loaded: it.mp ? partsBytes(it.mp) : 0 });
    this.pending.push(it);
    this.stopped = false;
    this.pump();
  }

  retryFailed(): void {
    for (const it of this.items) if (it.state === "failed") this.retry(it.id);
  }

  /** Forgets what is finished (done, failed, cancelled, skipped); a failed multipart upload stays resumable. */
  clearFinished(): void {
    const keep = this.items.filter((x) => RUNNING.has(x.state));
    this.items.length = 0;
    this.items.push(...keep);
    this.byId.clear();
    for (const x of keep) this.byId.set(x.id, x);
    this.changed();
  }

  // --- running ---

  private pump(): void {
    if (this.stopped) return;
    // A couple of files more than request slots: the next file's checksum is ready when a slot frees.
    while (this.running < this.limit.current + 2 && this.head < this.pending.length) {
      const it = this.pending[this.head++]!;
      if (it.state !== "queued") continue;
      this.running++;
      void this.run(it).finally(() => {
        this.running--;
        this.pump();
      });
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  private async run(it: UploadItem<H>): Promise<void> {
    const ctl = new AbortController();
    this.controllers.set(it.id, ctl);
    const signal = ctl.signal;
    this.set(it, { state: "uploading", message: undefined });
    try {
      if (it.kind === "folder") await this.putFolder(it, signal);
      else if (it.mp || !isSinglePut(it.size, partSizeFor(it.size))) await this.multipart(it, signal, true);
      else {
        const file = it.file!;
        // A small file is read once: its bytes give the CRC32 and are the body (the browser does not read the file again to send it).
        const bytes = it.size <= READ_ONCE_MAX ? new Uint8Array(await file.arrayBuffer()) : undefined;
        signal.throwIfAborted();
        const crc = bytes ? crc32Base64(crc32(bytes)) : await this.t.crc32(file, signal);
        await this.written(it, signal, crc, () => this.t.put(it.key, bytes ?? file, file.type, crc, !it.replace, signal));
        this.count(it.size);
      }
      this.set(it, { state: "done", loaded: it.size, message: undefined });
      this.fileMeter.add(this.now(), ++this.finished);
      this.opts.onDone(it);
    } catch (e) {
      this.controllers.delete(it.id);
      if (it.state === "cancelled") await this.discard(it);
      else if (e instanceof ConflictError) this.conflict(it);
      else if (this.stopped || this.opts.isFatal(e)) this.stop(it);
      else if (e instanceof Error && e.name === "AbortError" && signal.aborted) this.set(it, { state: "failed", message: this.opts.describe(e) });
      else this.set(it, { state: "failed", message: this.opts.describe(e) });
    } finally {
      this.controllers.delete(it.id);
    }
  }

  /** An empty folder: a zero-byte "name/" object; one that exists already is fine. */
  private async putFolder(it: UploadItem<H>, signal: AbortSignal): Promise<void> {
    const crc = await this.t.crc32(EMPTY, signal);
    try {
      await this.attempt(signal, () => this.t.put(it.key, EMPTY, "", crc, true, signal));
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
  }

  private async multipart(it: UploadItem<H>, signal: AbortSignal, mayRestart: boolean): Promise<void> {
    try {
      const mp = it.mp ?? (it.mp = await this.create(it, signal));
      if (!mp.reconciled) await this.reconcile(it, mp, signal);
      const planned = planParts(it.size, mp.partSize);
      const missing = planned.filter((p) => !mp.parts.has(p.partNumber));
      this.set(it, { loaded: partsBytes(mp) });
      await this.sendParts(it, mp, missing, signal);
      const parts = completedParts(planned, mp.parts);
      const already = await this.written(it, signal, compositeCrc(parts), () => this.t.complete(it.key, mp.uploadId, parts, !it.replace, signal));
      if (already) await this.t.abort(it.key, mp.uploadId).catch(() => undefined); // S3 keeps an upload a 412 refused
      await this.opts.store.delete(mp.record.id).catch(() => undefined);
      it.mp = undefined;
    } catch (e) {
      if (!(e instanceof UploadGoneError) || !mayRestart || signal.aborted) throw e;
      // S3 no longer has the upload (aborted elsewhere, expired, or a 409): start it again, once.
      if (it.mp) await this.opts.store.delete(it.mp.record.id).catch(() => undefined);
      it.mp = undefined;
      this.set(it, { loaded: 0 });
      await this.multipart(it, signal, false);
    }
  }

  private async create(it: UploadItem<H>, signal: AbortSignal): Promise<Multipart<H>> {
    const file = it.file!;
    const partSize = partSizeFor(it.size);
    const uploadId = await this.attempt(signal, () => this.t.create(it.key, file.type, signal));
    const record: ResumeRecord<H> = {
      id: uploadId,
      home: this.opts.home,
      bucket: this.opts.bucket,
      key: it.key,
      path: it.path,
      uploadId,
      partSize,
      name: file.name,
      size: it.size,
      lastModified: file.lastModified,
      type: file.type,
      parts: [],
      replace: it.replace,
      created: this.now(),
      ...(it.handle !== undefined ? { handle: it.handle } : {}),
    };
    const mp = { uploadId, partSize, parts: new Map<number, DonePart>(), record, reconciled: true };
    await this.save(mp);
    return mp;
  }

  /** ListParts: the parts S3 holds count, whatever the record says; parts it holds that the record lacks are checked by CRC32. */
  private async reconcile(it: UploadItem<H>, mp: Multipart<H>, signal: AbortSignal): Promise<void> {
    const listed = await this.attempt(signal, () => this.t.listParts(it.key, mp.uploadId, signal));
    const r = reconcile(it.size, mp.partSize, mp.record.parts, listed);
    mp.parts = new Map(r.done.map((d) => [d.PartNumber, d]));
    for (const l of r.verify) {
      const start = (l.PartNumber - 1) * mp.partSize;
      const crc = await this.t.crc32(it.file!.slice(start, start + l.Size), signal);
      if (crc === l.ChecksumCRC32) mp.parts.set(l.PartNumber, { PartNumber: l.PartNumber, ETag: l.ETag, ChecksumCRC32: crc });
    }
    mp.record.parts = [...mp.parts.values()].map((d) => ({ n: d.PartNumber, etag: d.ETag, crc: d.ChecksumCRC32, size: partLength(it.size, mp.partSize, d.PartNumber) }));
    mp.reconciled = true;
    await this.save(mp);
  }

  /** The missing parts, partsPerFile at a time; the first failure stops the others (they finish or are cancelled first). */
  private async sendParts(it: UploadItem<H>, mp: Multipart<H>, missing: PartRange[], signal: AbortSignal): Promise<void> {
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    let next = 0;
    let failure: unknown;
    try {
      await Promise.all(
        Array.from({ length: Math.min(this.partsPerFile, missing.length) }, async () => {
          while (next < missing.length && !stop.signal.aborted) {
            const p = missing[next++]!;
            try {
              const body = it.file!.slice(p.start, p.end);
              const crc = await this.t.crc32(body, stop.signal);
              const done = await this.attempt(stop.signal, () => this.t.part(it.key, mp.uploadId, p.partNumber, body, crc, stop.signal));
              mp.parts.set(p.partNumber, done);
              mp.record.parts.push({ n: p.partNumber, etag: done.ETag, crc: done.ChecksumCRC32, size: body.size });
              void this.save(mp);
              this.count(body.size);
              this.set(it, { loaded: it.loaded + body.size });
            } catch (e) {
              if (failure === undefined) failure = e;
              if (!stop.signal.aborted) stop.abort(e);
            }
          }
        }),
      );
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
    signal.throwIfAborted();
    if (failure !== undefined) throw failure;
  }

  private save(mp: Multipart<H>): Promise<void> {
    // Resuming is a convenience: an upload goes on when the browser cannot store its state.
    return this.opts.store.put({ ...mp.record, parts: [...mp.record.parts] }).catch(() => undefined);
  }

  /** After a cancel or a skip: nothing of the file is left at S3 or in the store. */
  private async discard(it: UploadItem<H>): Promise<void> {
    const mp = it.mp;
    if (!mp) return;
    it.mp = undefined;
    await this.t.abort(it.key, mp.uploadId).catch(() => undefined);
    await this.opts.store.delete(mp.record.id).catch(() => undefined);
  }

  /**
   * The write that makes the object (PutObject, CompleteMultipartUpload).
   * A 412 means S3 holds an object at the key: if it is this very file (size
   * and CRC32, by HeadObject), the write is done and nobody is asked. That
   * covers a write whose answer was lost (a cut connection, a 5xx, or the
   * browser quietly sending the request again) and meets itself on the next
   * try, and a file that is already there unchanged. After an uncertain try,
   * NoSuchUpload on a completion is checked the same way. Returns true when
   * S3 already held the file (a multipart upload is then left to abort).
   */
  private async written(it: UploadItem<H>, signal: AbortSignal, crc: string, write: () => Promise<void>): Promise<boolean> {
    let unsure = false;
    try {
      await this.attempt(signal, write, () => (unsure = true));
      return false;
    } catch (e) {
      if (!(e instanceof ConflictError || (unsure && e instanceof UploadGoneError))) throw e;
      const o = await this.attempt(signal, () => this.t.head(it.key, signal)).catch(() => null);
      if (!o || o.size !== it.size || o.crc32 !== crc) throw e;
      return true;
    }
  }

  /** A request in a slot, tried again on throttling, 5xx and network errors (backing off; waiting to be online). */
  private async attempt<T>(signal: AbortSignal, fn: () => Promise<T>, onRetry?: () => void): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.inSlot(signal, fn);
        this.limit.succeeded();
        this.wake();
        return r;
      } catch (e) {
        signal.throwIfAborted();
        const kind = retryKind(e);
        if (!kind || attempt >= MAX_ATTEMPTS) throw e;
        onRetry?.();
        if (kind === "throttle") this.limit.throttled(this.now());
        if (kind === "network" && this.opts.online && !this.opts.online() && this.opts.waitOnline) await this.opts.waitOnline(signal);
        else await (this.opts.sleep ?? defaultSleep)(backoffMs(attempt, kind, this.opts.random), signal);
      }
    }
  }

  private async inSlot<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    signal.throwIfAborted();
    while (this.inFlight >= this.limit.current) {
      await new Promise<void>((r) => this.waiters.push(r));
      signal.throwIfAborted();
    }
    this.inFlight++;
    try {
      return await fn();
    } catch (e) {
      // Stop before the slot frees: no other request goes out with credentials that no longer work.
      if (!this.stopped && this.opts.isFatal(e)) this.halt();
      throw e;
    } finally {
      this.inFlight--;
      this.wake();
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  // --- conflicts ---

  private conflict(it: UploadItem<H>): void {
    const policy = this.policies.get(it.batch);
    if (policy !== undefined) return this.answer(it, policy);
    this.set(it, { state: "conflict", message: "A file with this name exists." });
    this.conflicts.push(it);
    void this.askNext();
  }

  /** One question at a time; an answer for all settles the drop's other conflicts too, and its later ones. */
  private async askNext(): Promise<void> {
    if (this.asking) return;
    this.asking = true;
    try {
      while (this.conflicts.length) {
        const it = this.conflicts.shift()!;
        if (it.state !== "conflict") continue;
        const policy = this.policies.get(it.batch);
        if (policy !== undefined) {
          this.answer(it, policy);
          continue;
        }
        const a = await this.opts.askConflict(it);
        if (it.state === "conflict") this.answer(it, a.replace);
        if (!a.all) continue;
        this.policies.set(it.batch, a.replace);
        for (const w of this.conflicts) if (w.batch === it.batch && w.state === "conflict") this.answer(w, a.replace);
        this.conflicts = this.conflicts.filter((w) => w.batch !== it.batch);
      }
    } finally {
      this.asking = false;
    }
  }

  private answer(it: UploadItem<H>, replace: boolean): void {
    if (!replace) {
      this.set(it, { state: "skipped", message: "Skipped: a file with this name exists." });
      void this.discard(it);
      return;
    }
    it.replace = true;
    if (it.mp) {
      it.mp.record.replace = true;
      void this.save(it.mp);
    }
    this.set(it, { state: "queued", message: undefined });
    this.pending.push(it);
    this.pump();
  }

  // --- bookkeeping ---

  /** The session ended: nothing more is sent; multipart uploads stay resumable. */
  private stop(it: UploadItem<H>): void {
    this.set(it, { state: "failed", message: "Your session ended before it was uploaded." });
    this.halt();
  }

  private halt(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const c of this.controllers.values()) c.abort(new DOMException("The session ended.", "AbortError"));
    for (const x of this.items) if (x.state === "queued" || x.state === "conflict") this.set(x, { state: "failed", message: "Your session ended before it was uploaded." });
  }

  private count(bytes: number): void {
    this.sent += bytes;
    this.meter.add(this.now(), this.sent);
  }

  private set(it: UploadItem<H>, p: Partial<UploadItem<H>>): void {
    Object.assign(it, p);
    this.changed();
  }

  private changed(): void {
    this.opts.onChange();
  }
}

/** S3's composite CRC32 of a multipart object: the CRC32 of the parts' CRC32s, "-<parts>". */
export function compositeCrc(parts: readonly DonePart[]): string {
  const raw = new Uint8Array(parts.length * 4);
  parts.forEach((p, i) => raw.set(Uint8Array.from(atob(p.ChecksumCRC32), (c) => c.charCodeAt(0)), i * 4));
  return `${crc32Base64(crc32(raw))}-${parts.length}`;
}

function partsBytes(mp: { parts: Map<number, DonePart>; partSize: number; record: { size: number } }): number {
  let n = 0;
  for (const k of mp.parts.keys()) n += partLength(mp.record.size, mp.partSize, k);
  return n;
}

function partLength(size: number, partSize: number, partNumber: number): number {
  return Math.max(0, Math.min(size, partNumber * partSize) - (partNumber - 1) * partSize);
}
