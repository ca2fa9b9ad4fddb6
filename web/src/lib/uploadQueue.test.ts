import { describe, expect, it } from "vitest";
import { crc32, crc32Base64 } from "./crc32";
import { MIB, type DonePart } from "./multipart";
import type { ListedPart, ResumeRecord } from "./resume";
import { compositeCrc, ConflictError, UploadGoneError, UploadQueue, type ConflictAnswer, type Source, type UploadTransport } from "./uploadQueue";
import { planUpload } from "./uploadPlan";

const HOME = "private/eu-west-1:abc/";

/** A Blob with a name and a last change, like a File. */
function file(name: string, size: number, lastModified = 1000): Source {
  return Object.assign(new Blob([new Uint8Array(size)]), { name, lastModified }) as Source;
}

const s3Error = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

/** An S3 in memory: counts requests and requests in flight; faults are scripted per key. */
class FakeS3 implements UploadTransport {
  objects = new Map<string, number>();
  crcs = new Map<string, string>();
  /** key -> the next write is applied, and then its answer is lost (a network error). */
  loseAnswer = new Set<string>();
  uploads = new Map<string, { key: string; parts: Map<number, DonePart & { size: number }> }>();
  log: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** key -> what its next requests throw, in order (undefined: nothing). */
  faults = new Map<string, unknown[]>();
  gate?: Promise<void>;
  private n = 0;

  private async req<T>(what: string, key: string, fn: () => T): Promise<T> {
    this.log.push(`${what} ${key.slice(HOME.length)}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, 1));
      if (this.gate && what.startsWith("part")) await this.gate;
      const fault = this.faults.get(key)?.shift();
      if (fault !== undefined) throw fault;
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  async crc32(body: Blob): Promise<string> {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, body.size);
    return btoa(String.fromCharCode(...b));
  }
  put(key: string, body: Blob | Uint8Array, _type: string, _crc: string, ifNoneMatch: boolean): Promise<void> {
    return this.req(`put${ifNoneMatch ? "?" : "!"}`, key, () => {
      if (ifNoneMatch && this.objects.has(key)) throw new ConflictError(key);
      this.objects.set(key, body instanceof Uint8Array ? body.byteLength : body.size);
      this.crcs.set(key, _crc);
      if (this.loseAnswer.delete(key)) throw new TypeError("Failed to fetch");
    });
  }
  head(key: string): Promise<{ size: number; crc32?: string } | null> {
    return this.req("head", key, () => (this.objects.has(key) ? { size: this.objects.get(key)!, crc32: this.crcs.get(key) } : null));
  }
  create(key: string): Promise<string> {
    return this.req("create", key, () => {
      const id = `u${++this.n}`;
      this.uploads.set(id, { key, parts: new Map() });
      return id;
    });
  }
  part(key: string, uploadId: string, partNumber: number, body: Blob, crc: string): Promise<DonePart> {
    return this.req(`part${partNumber}`, key, () => {
      const u = this.uploads.get(uploadId);
      if (!u) throw new UploadGoneError();
      const d = { PartNumber: partNumber, ETag: `"e${partNumber}"`, ChecksumCRC32: crc, size: body.size };
      u.parts.set(partNumber, d);
      return { PartNumber: partNumber, ETag: d.ETag, ChecksumCRC32: crc };
    });
  }
  listParts(key: string, uploadId: string): Promise<ListedPart[]> {
    return this.req("list", key, () => {
      const u = this.uploads.get(uploadId);
      if (!u) throw new UploadGoneError();
      return [...u.parts.values()].map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag, Size: p.size, ChecksumCRC32: p.ChecksumCRC32 }));
    });
  }
  complete(key: string, uploadId: string, parts: DonePart[], ifNoneMatch: boolean): Promise<void> {
    return this.req(`complete${ifNoneMatch ? "?" : "!"}`, key, () => {
      const u = this.uploads.get(uploadId);
      if (!u) throw new UploadGoneError();
      if (ifNoneMatch && this.objects.has(key)) throw new ConflictError(key);
      this.objects.set(key, parts.reduce((n, p) => n + u.parts.get(p.PartNumber)!.size, 0));
      this.crcs.set(key, compositeCrc(parts));
      this.uploads.delete(uploadId);
      if (this.loseAnswer.delete(key)) throw new TypeError("Failed to fetch");
    });
  }
  abort(key: string, uploadId: string): Promise<void> {
    return this.req("abort", key, () => void this.uploads.delete(uploadId));
  }
}

class MemoryStore {
  recs = new Map<string, ResumeRecord>();
  async put(r: ResumeRecord) {
    this.recs.set(r.id, structuredClone(r));
  }
  async delete(id: string) {
    this.recs.delete(id);
  }
}

function setUp(opts: { answer?: (name: string) => ConflictAnswer; fatal?: (e: unknown) => boolean; maxRequests?: number } = {}) {
  const s3 = new FakeS3();
  const store = new MemoryStore();
  const asked: string[] = [];
  const done: string[] = [];
  const sleeps: number[] = [];
  const q = new UploadQueue({
    transport: s3,
    store,
    bucket: "b",
    home: HOME,
    maxRequests: opts.maxRequests ?? 6,
    askConflict: async (it) => {
      asked.push(it.path);
      return (opts.answer ?? (() => ({ replace: true, all: true })))(it.path);
    },
    onChange: () => {},
    onDone: (it) => done.push(it.path),
    isFatal: opts.fatal ?? (() => false),
    describe: (e) => (e instanceof Error ? e.name : String(e)),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  const add = (files: [string, number][], folders: string[] = []) =>
    q.add(planUpload({ files: files.map(([path, size]) => ({ path, file: file(path.split("/").pop()!, size) })), emptyFolders: folders }, HOME, HOME));
  const settled = async () => {
    for (let i = 0; i < 2000 && q.active; i++) await new Promise((r) => setTimeout(r, 2));
    expect(q.active).toBe(false);
  };
  return { s3, store, q, asked, done, sleeps, add, settled };
}

describe("UploadQueue", () => {
  it("uploads many small files with no request before each upload, at most 6 requests at once, each with If-None-Match", async () => {
    const { s3, q, add, settled, done } = setUp();
    add(Array.from({ length: 200 }, (_, i) => [`many/f${i}.txt`, 10] as [string, number]), ["many/empty"]);
    await settled();
    expect(s3.objects.size).toBe(201);
    expect(s3.log.length).toBe(201);
    expect(s3.log.every((l) => l.startsWith("put?"))).toBe(true);
    expect(s3.maxInFlight).toBe(6);
    expect(done.length).toBe(201);
    expect(q.summary).toMatchObject({ done: 201, total: 201, active: false });
  });

  it("asks once when the answer holds for all: 3 existing files of 10 replaced without If-None-Match", async () => {
    const { s3, q, add, settled, asked } = setUp({ answer: () => ({ replace: true, all: true }) });
    for (const i of [1, 4, 7]) s3.objects.set(`${HOME}f${i}`, 1);
    add(Array.from({ length: 10 }, (_, i) => [`f${i}`, 5] as [string, number]));
    await settled();
    expect(asked.length).toBe(1);
    expect(s3.log.filter((l) => l.startsWith("put!")).sort()).toEqual(["put! f1", "put! f4", "put! f7"]);
    expect([...s3.objects.values()].every((n) => n === 5)).toBe(true);
    expect(q.summary).toMatchObject({ done: 10, total: 10 });
  });

  it("without 'apply to all' each conflict is asked; Skip leaves the file and counts it skipped", async () => {
    const { s3, q, add, settled, asked } = setUp({ answer: (p) => ({ replace: p === "f1", all: false }) });
    for (const i of [1, 2]) s3.objects.set(`${HOME}f${i}`, 1);
    add([["f1", 5], ["f2", 5], ["f3", 5]]);
    await settled();
    expect(asked.sort()).toEqual(["f1", "f2"]);
    expect(s3.objects.get(`${HOME}f2`)).toBe(1);
    expect(q.summary).toMatchObject({ done: 2, total: 2, counts: { skipped: 1 } });
  });

  it("backs off on 503 SlowDown and network errors, halving the requests in flight", async () => {
    const { s3, q, add, settled, sleeps } = setUp();
    s3.faults.set(`${HOME}a`, [s3Error("SlowDown", 503), s3Error("SlowDown", 503)]);
    s3.faults.set(`${HOME}b`, [new TypeError("Failed to fetch")]);
    add([["a", 1], ["b", 1], ...Array.from({ length: 30 }, (_, i) => [`c${i}`, 1] as [string, number])]);
    await settled();
    expect(q.summary).toMatchObject({ done: 32, total: 32 });
    expect(sleeps.length).toBe(3);
    expect(s3.log.filter((l) => l === "put? a").length).toBe(3);
  });

  it("a failure is listed with its reason, counted in the totals, and can be retried", async () => {
    const { s3, q, add, settled } = setUp();
    s3.faults.set(`${HOME}bad.txt`, [s3Error("AccessDenied", 403)]);
    add([["ok.txt", 10], ["bad.txt", 20]]);
    await settled();
    const bad = q.items.find((x) => x.path === "bad.txt")!;
    expect(bad).toMatchObject({ state: "failed", message: "AccessDenied" });
    expect(q.summary).toMatchObject({ done: 1, total: 2, bytesDone: 10, bytesTotal: 30, counts: { failed: 1 } });
    q.retry(bad.id);
    await settled();
    expect(q.summary).toMatchObject({ done: 2, total: 2, bytesDone: 30 });
  });

  it("cancel: a queued file never goes; a multipart upload in flight is aborted and forgotten; totals leave them out", async () => {
    const { s3, q, add, settled, store } = setUp({ maxRequests: 1 });
    let release!: () => void;
    s3.gate = new Promise((r) => (release = r));
    add([["big.bin", 20 * MIB], ["small.txt", 3]]);
    const [big, small] = q.items;
    q.cancel(small!.id);
    for (let i = 0; i < 100 && store.recs.size === 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(store.recs.size).toBe(1);
    q.cancel(big!.id);
    release();
    await settled();
    await new Promise((r) => setTimeout(r, 20));
    expect(s3.log.some((l) => l === "abort big.bin")).toBe(true);
    expect(s3.log.some((l) => l.includes("small.txt"))).toBe(false);
    expect(s3.uploads.size).toBe(0);
    expect(store.recs.size).toBe(0);
    expect(q.summary).toMatchObject({ done: 0, total: 0, bytesTotal: 0, counts: { cancelled: 2 } });
  });

  it("a multipart upload keeps its parts in the store; resumed, ListParts decides and only missing parts go", async () => {
    const first = setUp();
    const f = file("big.bin", 40 * MIB + 5, 777);
    // Parts 1, 2 and 4 made it before the "reload"; the answer for part 4 was lost.
    const uploadId = await first.s3.create(`${HOME}big.bin`);
    const partCrc = await first.s3.crc32(f.slice(0, 8 * MIB));
    for (const n of [1, 2, 4]) await first.s3.part(`${HOME}big.bin`, uploadId, n, f.slice((n - 1) * 8 * MIB, n * 8 * MIB), partCrc);
    const rec: ResumeRecord = {
      id: uploadId,
      home: HOME,
      bucket: "b",
      key: `${HOME}big.bin`,
      path: "big.bin",
      uploadId,
      partSize: 8 * MIB,
      name: "big.bin",
      size: f.size,
      lastModified: 777,
      type: "",
      parts: [1, 2].map((n) => ({ n, etag: `"e${n}"`, crc: partCrc, size: 8 * MIB })),
      replace: false,
      created: 0,
    };
    first.s3.log.length = 0;
    first.q.resume(rec, f);
    await first.settled();
    expect(first.s3.log).toEqual(["list big.bin", "part3 big.bin", "part5 big.bin", "part6 big.bin", "complete? big.bin"]);
    expect(first.s3.objects.get(`${HOME}big.bin`)).toBe(f.size);
    expect(first.q.summary).toMatchObject({ done: 1, bytesDone: f.size });
  });

  it("a multipart upload whose parts failed stays in the store; retry goes on from the parts S3 has", async () => {
    const { s3, q, add, settled, store } = setUp();
    s3.faults.set(`${HOME}big.bin`, [undefined, undefined, s3Error("AccessDenied", 403)]);
    add([["big.bin", 24 * MIB]]);
    await settled();
    expect(q.items[0]!.state).toBe("failed");
    expect(store.recs.size).toBe(1);
    const sentBefore = s3.log.filter((l) => l.startsWith("part")).length;
    q.retry(q.items[0]!.id);
    await settled();
    expect(q.items[0]!.state).toBe("done");
    expect(store.recs.size).toBe(0);
    const after = s3.log.slice(s3.log.indexOf("list big.bin"));
    expect(after.filter((l) => l.startsWith("part")).length).toBe(3 - (sentBefore - 1));
  });

  it("an upload S3 no longer has (NoSuchUpload, 409) starts again once", async () => {
    const { s3, q, add, settled } = setUp();
    s3.faults.set(`${HOME}big.bin`, [undefined, undefined, undefined, new UploadGoneError()]);
    add([["big.bin", 16 * MIB]]);
    await settled();
    expect(q.items[0]!.state).toBe("done");
    expect(s3.log.filter((l) => l === "create big.bin").length).toBe(2);
  });

  it("a conflict at CompleteMultipartUpload asks; Replace completes the same upload without the condition", async () => {
    const { s3, q, add, settled, asked } = setUp();
    s3.objects.set(`${HOME}big.bin`, 1);
    add([["big.bin", 16 * MIB]]);
    await settled();
    expect(asked).toEqual(["big.bin"]);
    expect(s3.log.filter((l) => l.startsWith("part")).length).toBe(2);
    expect(s3.log.at(-1)).toBe("complete! big.bin");
    expect(q.items[0]!.state).toBe("done");
  });

  it("a write whose answer was lost: the retry's 412 (or NoSuchUpload) meets this very file at S3, which is done, and nobody is asked", async () => {
    const { s3, q, add, settled, asked } = setUp();
    s3.loseAnswer.add(`${HOME}small.txt`);
    s3.loseAnswer.add(`${HOME}big.bin`);
    add([["small.txt", 10], ["big.bin", 16 * MIB]]);
    await settled();
    expect(asked).toEqual([]);
    expect(q.summary).toMatchObject({ done: 2, total: 2 });
    expect(s3.log.filter((l) => l.startsWith("head")).sort()).toEqual(["head big.bin", "head small.txt"]);
    expect(s3.log.filter((l) => l === "create big.bin").length).toBe(1);
  });

  it("a file already at S3 unchanged (size and CRC32) is done without a question; a multipart one aborts its upload", async () => {
    const { s3, q, add, settled, asked } = setUp();
    s3.objects.set(`${HOME}same.txt`, 10);
    s3.crcs.set(`${HOME}same.txt`, crc32Base64(crc32(new Uint8Array(10))));
    s3.objects.set(`${HOME}same.bin`, 16 * MIB);
    s3.crcs.set(`${HOME}same.bin`, compositeCrc([1, 2].map((n) => ({ PartNumber: n, ETag: "", ChecksumCRC32: btoa("\0\x80\0\0") }))));
    add([["same.txt", 10], ["same.bin", 16 * MIB]]);
    await settled();
    expect(asked).toEqual([]);
    expect(q.summary).toMatchObject({ done: 2, total: 2 });
    expect(s3.log.filter((l) => l.startsWith("abort"))).toEqual(["abort same.bin"]);
    expect(s3.uploads.size).toBe(0);
  });

  it("a 412 for another file's content asks", async () => {
    const { s3, add, settled, asked } = setUp();
    s3.objects.set(`${HOME}x.txt`, 99);
    s3.crcs.set(`${HOME}x.txt`, "other");
    s3.faults.set(`${HOME}x.txt`, [new TypeError("Failed to fetch")]);
    add([["x.txt", 10]]);
    await settled();
    expect(asked).toEqual(["x.txt"]);
  });

  it("when the session ends, nothing more is sent and the unfinished files are named", async () => {
    const { s3, q, add, settled } = setUp({ fatal: (e) => (e as Error).name === "ExpiredToken", maxRequests: 1 });
    s3.faults.set(`${HOME}a`, [s3Error("ExpiredToken", 400)]);
    add([["a", 1], ["b", 1], ["c", 1]]);
    await settled();
    expect(q.unfinished().sort()).toEqual(["a", "b", "c"]);
    expect(s3.log).toEqual(["put? a"]);
  });
});
