// Where the object store keeps its state: in memory only, or in files on
// disk that a restart reloads (the preview keeps its users' files this way).
//
// On disk, one folder per bucket:
//
//   <dir>/<bucket>/objects/<h[0:2]>/<h>/<seq>.json    a version or delete marker of the key whose SHA-256 is h
//   <dir>/<bucket>/objects/<h[0:2]>/<h>/<seq>.body    that version's bytes
//   <dir>/<bucket>/uploads/<uploadId>/upload.json     a multipart upload in progress
//   <dir>/<bucket>/uploads/<uploadId>/<n>.json, .body its part n
//
// seq is the store's sequence number (versions of a key sort by it). A
// record is written after its bytes, each to a temporary name first: a
// crash leaves at most a stray file, never a record without its bytes.
// Bytes are read from disk when used, not held in memory.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Keeps state in memory only: what the tests use. */
export class MemoryState {
  load() {
    return { entries: [], uploads: [] };
  }
  saveEntry(_bucket, entry, body) {
    if (body) entry.body = body;
    return entry;
  }
  dropEntry() {}
  saveUpload() {}
  savePart(_bucket, _upload, part, body) {
    part.body = body;
    return part;
  }
  dropUpload() {}
}

const DATES = new Set(["lastModified", "initiated", "retainUntil"]);
const revive = (k, v) => (DATES.has(k) && typeof v === "string" ? new Date(v) : v);
const seqName = (seq) => String(seq).padStart(12, "0");

/** Keeps state in files under dir (see the top of this file). */
export class DiskState {
  constructor(dir) {
    this.dir = dir;
  }

  keyDir(bucket, key) {
    const h = crypto.createHash("sha256").update(key, "utf8").digest("hex");
    return path.join(this.dir, bucket, "objects", h.slice(0, 2), h);
  }

  uploadDir(bucket, uploadId) {
    return path.join(this.dir, bucket, "uploads", encodeURIComponent(uploadId));
  }

  /** Every stored version, delete marker and upload of a bucket: { entries (any order), uploads }. */
  load(bucket) {
    const entries = [];
    const objects = path.join(this.dir, bucket, "objects");
    for (const fan of readDir(objects)) {
      for (const h of readDir(path.join(objects, fan))) {
        const d = path.join(objects, fan, h);
        for (const f of readDir(d).filter((n) => n.endsWith(".json"))) {
          const entry = JSON.parse(fs.readFileSync(path.join(d, f), "utf8"), revive);
          if (!entry.deleteMarker) withBodyFrom(entry, path.join(d, f.replace(/\.json$/, ".body")));
          entries.push(entry);
        }
      }
    }
    const uploads = [];
    const up = path.join(this.dir, bucket, "uploads");
    for (const name of readDir(up)) {
      const d = path.join(up, name);
      if (!fs.existsSync(path.join(d, "upload.json"))) continue;
      const u = JSON.parse(fs.readFileSync(path.join(d, "upload.json"), "utf8"), revive);
      u.parts = new Map();
      for (const f of readDir(d).filter((n) => /^\d+\.json$/.test(n))) {
        const part = JSON.parse(fs.readFileSync(path.join(d, f), "utf8"), revive);
        u.parts.set(part.partNumber, withBodyFrom(part, path.join(d, f.replace(/\.json$/, ".body"))));
      }
      uploads.push(u);
    }
    return { entries, uploads };
  }

  /** Writes a version (its bytes, then its record) or a delete marker; the entry reads its bytes from disk from then on. */
  saveEntry(bucket, entry, body) {
    const d = this.keyDir(bucket, entry.key);
    const base = path.join(d, seqName(entry.seq));
    fs.mkdirSync(d, { recursive: true });
    if (body) writeAtomic(`${base}.body`, body);
    writeAtomic(`${base}.json`, JSON.stringify(entry));
    return body ? withBodyFrom(entry, `${base}.body`) : entry;
  }

  dropEntry(bucket, entry) {
    const d = this.keyDir(bucket, entry.key);
    const base = path.join(d, seqName(entry.seq));
    fs.rmSync(`${base}.json`, { force: true });
    fs.rmSync(`${base}.body`, { force: true });
    if (readDir(d).length === 0) fs.rmSync(d, { recursive: true, force: true });
  }

  saveUpload(bucket, upload) {
    const d = this.uploadDir(bucket, upload.uploadId);
    fs.mkdirSync(d, { recursive: true });
    const { parts: _parts, ...rest } = upload;
    writeAtomic(path.join(d, "upload.json"), JSON.stringify(rest));
  }

  savePart(bucket, upload, part, body) {
    const base = path.join(this.uploadDir(bucket, upload.uploadId), String(part.partNumber));
    writeAtomic(`${base}.body`, body);
    writeAtomic(`${base}.json`, JSON.stringify(part));
    return withBodyFrom(part, `${base}.body`);
  }

  dropUpload(bucket, uploadId) {
    fs.rmSync(this.uploadDir(bucket, uploadId), { recursive: true, force: true });
  }
}

function readDir(d) {
  try {
    return fs.readdirSync(d);
  } catch {
    return [];
  }
}

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Gives x a `body` read from file when used (not serialized with x). */
function withBodyFrom(x, file) {
  delete x.body;
  Object.defineProperty(x, "body", { get: () => fs.readFileSync(file), enumerable: false, configurable: true });
  return x;
}
