// An S3 object store with S3's semantics for what the web app and the tests
// use: objects with metadata and checksums, versions and delete markers in a
// versioned bucket (read by version id, listed as ListObjectVersions
// lists them, deleted one by one), ListObjects(V2) with prefix, delimiter,
// max-keys, continuation and start-after (keys in UTF-8 binary order,
// common prefixes counted in max-keys), copies, and multipart uploads with
// S3's part rules and composite checksums. In memory, or in files on disk
// that a restart reloads (s3disk.mjs).

import crypto from "node:crypto";
import zlib from "node:zlib";
import { DiskState, MemoryState } from "./s3disk.mjs";

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10000;

export class S3Error extends Error {
  /** extra: more elements of the XML error; headers: response headers S3 sends with it (x-amz-delete-marker, ...). */
  constructor(status, code, message, extra = {}, headers = {}) {
    super(message);
    this.name = "S3Error";
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.headers = headers;
  }
}

const md5 = (b) => crypto.createHash("md5").update(b).digest();
const crc32 = (b) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b) >>> 0);
  return out;
};

// CRC-32C (Castagnoli, reflected 0x82F63B78) and CRC-64/NVME (reflected
// 0x9A6C9329AC4BC9B5, the 64 bits kept as two 32-bit halves), table driven,
// one byte per turn: Node has neither built in. Check values for
// "123456789": E3069283 and AE8B14860A799888.
const CRC32C_TABLE = new Int32Array(256);
const CRC64_LO = new Int32Array(256);
const CRC64_HI = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  CRC32C_TABLE[n] = c;
  let lo = n;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    const bit = lo & 1;
    lo = (lo >>> 1) | ((hi & 1) << 31);
    hi = hi >>> 1;
    if (bit) {
      lo ^= 0xac4bc9b5;
      hi ^= 0x9a6c9329;
    }
  }
  CRC64_LO[n] = lo;
  CRC64_HI[n] = hi;
}

const crc32c = (b) => {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = CRC32C_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE(~c >>> 0);
  return out;
};

const crc64nvme = (b) => {
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < b.length; i++) {
    const j = (lo ^ b[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ CRC64_LO[j];
    hi = (hi >>> 8) ^ CRC64_HI[j];
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE(~hi >>> 0, 0);
  out.writeUInt32BE(~lo >>> 0, 4);
  return out;
};

/** Checksums S3 verifies, by x-amz-checksum-* name: raw digest of a body. */
export const CHECKSUMS = {
  crc32,
  crc32c,
  crc64nvme,
  sha1: (b) => crypto.createHash("sha1").update(b).digest(),
  sha256: (b) => crypto.createHash("sha256").update(b).digest(),
};

/** Digest length in bytes of each checksum (a header value is its base64). */
export const CHECKSUM_BYTES = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 };

/** Multipart uploads with these get a composite checksum (checksum of the parts' checksums, "-N"); CRC64NVME is full-object only. */
const COMPOSITE = new Set(["crc32", "crc32c", "sha1", "sha256"]);

/** Is value the base64 of exactly `bytes` bytes (canonical padding)? */
function isBase64Digest(value, bytes) {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const raw = Buffer.from(value, "base64");
  return raw.length === bytes && raw.toString("base64") === value;
}

const unquote = (e) => (e ?? "").replace(/^"|"$/g, "");

function preconditionFailed(condition) {
  return new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: condition });
}

function notImplementedHeader(header) {
  return new S3Error(501, "NotImplemented", "A header you provided implies functionality that is not implemented", {
    Header: header,
    additionalMessage: `We don't accept the provided value of ${header} header for this API`,
  });
}

function randomId(n = 32) {
  return crypto.randomBytes(n).toString("base64url");
}

function compareKeys(a, b) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export class ObjectStore {
  /**
   * opts.dir: keep every bucket's objects, old versions, delete markers and
   * multipart uploads in files under dir, and reload them (s3disk.mjs);
   * without it, everything is in memory.
   */
  constructor(opts = {}) {
    /** Called with (bucket, version) after each new object version is stored (the stand-in's scanner listens). */
    this.onNewVersion = opts.onNewVersion;
    this.buckets = new Map();
    this.state = opts.dir ? new DiskState(opts.dir) : new MemoryState();
    this.seq = 0;
    /** Conditional writes in progress, by bucket and key: their tokens (see beginConditional). */
    this.conditional = new Map();
  }

  /**
   * A bucket (reloaded from disk when the store keeps files): objects maps
   * each key to its current version; in a versioned bucket, versions maps it
   * to every version and delete marker, newest first.
   */
  createBucket(name, opts = {}) {
    if (!this.buckets.has(name)) {
      // objectLock: the default retention { mode, days } every new version gets (Object Lock keeps versioning on).
      const b = { name, created: new Date(), versioning: !!opts.versioning || !!opts.objectLock, objectLock: opts.objectLock, objects: new Map(), versions: new Map(), uploads: new Map() };
      this.buckets.set(name, b);
      this.reload(b);
    }
    return this.buckets.get(name);
  }

  reload(b) {
    const { entries, uploads } = this.state.load(b.name);
    entries.sort((x, y) => y.seq - x.seq); // newest first
    for (const e of entries) {
      this.seq = Math.max(this.seq, e.seq);
      if (!b.versions.has(e.key)) b.versions.set(e.key, []);
      b.versions.get(e.key).push(e);
    }
    for (const [key, list] of b.versions) {
      if (!list[0].deleteMarker) b.objects.set(key, list[0]);
      if (!b.versioning) b.versions.delete(key);
    }
    for (const u of uploads) b.uploads.set(u.uploadId, u);
  }

  bucket(name) {
    const b = this.buckets.get(name);
    if (!b) throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
    return b;
  }

  /**
   * Verifies the checksums a request declares (x-amz-checksum-<alg>) against
   * body, as S3 does: at most one checksum header (InvalidRequest), its value
   * the base64 of a digest of the right length (InvalidRequest), equal to the
   * digest of the bytes received (BadDigest). Returns the checksums (base64)
   * of the declared algorithm and of those in `wanted`.
   */
  static checksums(body, declared = {}, wanted = []) {
    const out = {};
    const algs = Object.keys(declared);
    if (algs.length > 1) {
      throw new S3Error(400, "InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
    }
    for (const alg of algs) {
      const value = declared[alg];
      const f = CHECKSUMS[alg];
      if (!f) throw new S3Error(400, "InvalidRequest", `Value for x-amz-checksum-${alg} header is invalid.`);
      if (!isBase64Digest(value, CHECKSUM_BYTES[alg])) {
        throw new S3Error(400, "InvalidRequest", `Value for x-amz-checksum-${alg} header is invalid.`);
      }
      const got = f(body).toString("base64");
      if (got !== value) {
        throw new S3Error(400, "BadDigest", `The ${alg.toUpperCase()} you specified did not match the calculated checksum.`);
      }
      out[alg] = got;
    }
    for (const alg of wanted) if (!out[alg] && CHECKSUMS[alg]) out[alg] = CHECKSUMS[alg](body).toString("base64");
    return out;
  }

  put(bucketName, key, body, meta = {}) {
    const b = this.bucket(bucketName);
    const entry = {
      key,
      seq: ++this.seq,
      versionId: b.versioning ? randomId(24) : undefined,
      size: body.length,
      etag: meta.etag ?? `"${md5(body).toString("hex")}"`,
      lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
      contentType: meta.contentType || "application/octet-stream",
      contentDisposition: meta.contentDisposition,
      contentEncoding: meta.contentEncoding,
      contentLanguage: meta.contentLanguage,
      cacheControl: meta.cacheControl,
      expires: meta.expires,
      metadata: meta.metadata ?? {},
      checksums: meta.checksums ?? {},
      checksumType: meta.checksumType,
      tags: meta.tags ?? {},
    };
    if (b.objectLock?.mode && b.objectLock.days > 0) {
      entry.retention = { mode: b.objectLock.mode, retainUntil: new Date(entry.lastModified.getTime() + b.objectLock.days * 86400000) };
    }
    const obj = this.record(b, entry, body);
    b.objects.set(key, obj);
    this.onNewVersion?.(bucketName, obj);
    return obj;
  }

  /**
   * Replaces the tag set of the current version, or of the version named;
   * a delete marker has none (405 MethodNotAllowed). Returns the version.
   */
  setTags(bucketName, key, versionId, tags) {
    const b = this.bucket(bucketName);
    const o = versionId === undefined ? this.get(bucketName, key) : this.getVersion(bucketName, key, versionId);
    if (o.deleteMarker) {
      throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", { Method: "PUT", ResourceType: "DeleteMarker" });
    }
    o.tags = tags;
    this.state.saveEntry(b.name, o);
    return o;
  }

  /**
   * The current version of a key. Without one: NoSuchKey, and when the key's
   * current version is a delete marker S3 says so in headers
   * (x-amz-delete-marker, x-amz-version-id of the marker).
   */
  get(bucketName, key) {
    const b = this.bucket(bucketName);
    const obj = b.objects.get(key);
    if (!obj) {
      const marker = b.versioning ? b.versions.get(key)?.[0] : undefined;
      const headers = marker?.deleteMarker ? { "x-amz-delete-marker": "true", "x-amz-version-id": marker.versionId } : {};
      throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", { Key: key }, headers);
    }
    return obj;
  }

  /**
   * One version of a key by its id ("null" names the version an unversioned
   * bucket keeps). Returns the version or delete marker; NoSuchVersion when
   * the key has no such version (S3 answers a well-formed id that names
   * nothing so), InvalidArgument for an empty id.
   */
  getVersion(bucketName, key, versionId) {
    const b = this.bucket(bucketName);
    if (versionId === "") throw new S3Error(400, "InvalidArgument", "Version id cannot be the empty string", { ArgumentName: "versionId", ArgumentValue: "" });
    const found = this.versionsOf(b, key).find((e) => (e.versionId ?? "null") === versionId);
    if (!found) throw new S3Error(404, "NoSuchVersion", "The specified version does not exist.", { Key: key, VersionId: versionId });
    return found;
  }

  /**
   * Deletes one version or delete marker for good (DeleteObject with a
   * versionId: what an operator may do, never a user of this system). The
   * next newer-to-older entry becomes current: deleting the current delete
   * marker brings the file back.
   */
  deleteVersion(bucketName, key, versionId) {
    const b = this.bucket(bucketName);
    const list = this.versionsOf(b, key);
    const i = list.findIndex((e) => (e.versionId ?? "null") === versionId);
    if (i < 0) return { versionId, deleteMarker: false }; // S3 answers 204 for a version that is not there
    if (list[i].retention && list[i].retention.retainUntil > new Date()) {
      // Governance mode yields only to s3:BypassGovernanceRetention, which no role of this system has.
      throw new S3Error(403, "AccessDenied", "Access Denied because object protected by object lock.");
    }
    const [gone] = list.splice(i, 1);
    this.state.dropEntry(b.name, gone);
    if (!b.versioning) b.objects.delete(key);
    else if (list.length === 0) {
      b.versions.delete(key);
      b.objects.delete(key);
    } else if (list[0].deleteMarker) b.objects.delete(key);
    else b.objects.set(key, list[0]);
    return { versionId, deleteMarker: !!gone.deleteMarker };
  }

  has(bucketName, key) {
    return this.bucket(bucketName).objects.has(key);
  }

  /** Deletes the current version: in a versioned bucket, a delete marker becomes the current version and the data stays. */
  delete(bucketName, key) {
    const b = this.bucket(bucketName);
    this.conflictWith(bucketName, key);
    if (!b.versioning) {
      for (const e of this.versionsOf(b, key)) this.state.dropEntry(b.name, e);
      b.objects.delete(key);
      return { versionId: undefined, deleteMarker: false };
    }
    b.objects.delete(key);
    const marker = this.record(b, { key, seq: ++this.seq, versionId: randomId(24), deleteMarker: true, lastModified: new Date(Math.floor(Date.now() / 1000) * 1000) });
    return { versionId: marker.versionId, deleteMarker: true };
  }

  /** Every version and delete marker of a key, newest first (in an unversioned bucket: the object, if any). */
  versions(bucketName, key) {
    const b = this.bucket(bucketName);
    return b.versioning ? [...(b.versions.get(key) ?? [])] : [...(b.objects.has(key) ? [b.objects.get(key)] : [])];
  }

  /** Removes a key with all its versions and delete markers (what a lifecycle rule or an operator would do). */
  purge(bucketName, key) {
    const b = this.bucket(bucketName);
    this.conflictWith(bucketName, key);
    for (const e of this.versions(bucketName, key)) this.state.dropEntry(b.name, e);
    b.objects.delete(key);
    b.versions.delete(key);
  }

  /** Stores a new version or delete marker of entry.key; in an unversioned bucket it replaces what was there. Returns the stored entry. */
  record(b, entry, body) {
    const older = this.versionsOf(b, entry.key);
    const stored = this.state.saveEntry(b.name, entry, body);
    if (b.versioning) b.versions.set(entry.key, [stored, ...older]);
    else for (const e of older) this.state.dropEntry(b.name, e);
    return stored;
  }

  versionsOf(b, key) {
    return b.versioning ? (b.versions.get(key) ?? []) : b.objects.has(key) ? [b.objects.get(key)] : [];
  }

  /**
   * Lists keys in UTF-8 binary order after `after` (exclusive), with prefix
   * and delimiter; common prefixes count towards maxKeys. Returns
   * { contents, commonPrefixes, isTruncated, last } where last is the key or
   * common prefix to continue after.
   */
  list(bucketName, { prefix = "", delimiter = "", maxKeys = 1000, after = "" } = {}) {
    const b = this.bucket(bucketName);
    const keys = [...b.objects.keys()].filter((k) => k.startsWith(prefix) && (!after || compareKeys(k, after) > 0)).sort(compareKeys);
    const contents = [];
    const commonPrefixes = [];
    let last;
    let isTruncated = false;
    for (const k of keys) {
      let cp;
      if (delimiter) {
        const i = k.indexOf(delimiter, prefix.length);
        if (i >= 0) cp = k.slice(0, i + delimiter.length);
      }
      if (cp !== undefined && commonPrefixes.at(-1) === cp) continue;
      if (cp !== undefined && cp === after) continue; // the common prefix the previous page ended with
      if (contents.length + commonPrefixes.length >= maxKeys) {
        isTruncated = true;
        break;
      }
      if (cp !== undefined) {
        commonPrefixes.push(cp);
        last = cp;
      } else {
        contents.push(b.objects.get(k));
        last = k;
      }
    }
    return { contents, commonPrefixes, isTruncated, last };
  }

  /**
   * ListObjectVersions: every version and delete marker of the keys under
   * prefix, keys in UTF-8 binary order and each key's entries newest first,
   * continuing after keyMarker (and, with versionIdMarker, after that
   * version of keyMarker); with a delimiter, keys below it are rolled up
   * into common prefixes. Versions, delete markers and common prefixes all
   * count towards maxKeys. Returns { entries: [{ entry, isLatest }],
   * commonPrefixes, isTruncated, nextKeyMarker, nextVersionIdMarker }.
   */
  listVersions(bucketName, { prefix = "", delimiter = "", maxKeys = 1000, keyMarker = "", versionIdMarker = "" } = {}) {
    const b = this.bucket(bucketName);
    const all = b.versioning ? [...b.versions.keys()] : [...b.objects.keys()];
    const keys = all.filter((k) => k.startsWith(prefix) && (!keyMarker || compareKeys(k, keyMarker) >= 0)).sort(compareKeys);
    const entries = [];
    const commonPrefixes = [];
    const out = { entries, commonPrefixes, isTruncated: false, nextKeyMarker: undefined, nextVersionIdMarker: undefined };
    const full = () => entries.length + commonPrefixes.length >= maxKeys;
    for (const k of keys) {
      let cp;
      if (delimiter) {
        const i = k.indexOf(delimiter, prefix.length);
        if (i >= 0) cp = k.slice(0, i + delimiter.length);
      }
      if (cp !== undefined) {
        if (commonPrefixes.at(-1) === cp || (keyMarker && compareKeys(cp, keyMarker) <= 0)) continue;
        if (full()) return { ...out, isTruncated: true };
        commonPrefixes.push(cp);
        out.nextKeyMarker = cp;
        out.nextVersionIdMarker = undefined;
        continue;
      }
      const versions = this.versionsOf(b, k);
      let list = versions;
      if (k === keyMarker) {
        if (!versionIdMarker) continue; // the key marker itself was listed whole
        const i = list.findIndex((e) => (e.versionId ?? "null") === versionIdMarker);
        list = i < 0 ? [] : list.slice(i + 1);
      }
      for (const e of list) {
        if (full()) return { ...out, isTruncated: true };
        entries.push({ entry: e, isLatest: e === versions[0] });
        out.nextKeyMarker = k;
        out.nextVersionIdMarker = e.versionId ?? "null";
      }
    }
    return out;
  }

  // --- conditional writes (If-None-Match, If-Match on PutObject and CompleteMultipartUpload) ---

  /**
   * Registers a conditional write of key that has started (its request
   * arrived; its body may still be on the way). A delete of that key that
   * succeeds before the write commits makes the write fail with S3's 409
   * ConditionalRequestConflict (see checkWrite). Returns the token to pass
   * to checkWrite and endConditional.
   */
  beginConditional(bucketName, key) {
    const id = `${bucketName}\n${key}`;
    const token = { id, conflict: false };
    if (!this.conditional.has(id)) this.conditional.set(id, new Set());
    this.conditional.get(id).add(token);
    return token;
  }

  endConditional(token) {
    const set = token && this.conditional.get(token.id);
    if (!set) return;
    set.delete(token);
    if (set.size === 0) this.conditional.delete(token.id);
  }

  conflictWith(bucketName, key) {
    for (const t of this.conditional.get(`${bucketName}\n${key}`) ?? []) t.conflict = true;
  }

  /**
   * S3's write preconditions, evaluated when the write commits (so of
   * concurrent conditional writes of a key, the first to finish wins and the
   * others get 412):
   * - If-None-Match: "*" only (else 501 NotImplemented); 412 PreconditionFailed
   *   when the key has a current version (a delete marker counts as absent);
   * - If-Match: an ETag (quoted or not) or "*"; 404 NoSuchKey when the key has
   *   no current version, 412 when the ETag differs;
   * - both at once: 501 NotImplemented;
   * - a delete of the key during the write (token.conflict): 409 ConditionalRequestConflict.
   * Without either header, nothing is checked.
   */
  checkWrite(bucketName, key, { ifNoneMatch, ifMatch } = {}, token) {
    if (ifNoneMatch === undefined && ifMatch === undefined) return;
    if (ifNoneMatch !== undefined && ifMatch !== undefined) throw notImplementedHeader("If-None-Match");
    if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== "*") throw notImplementedHeader("If-None-Match");
    if (token?.conflict) {
      throw new S3Error(409, "ConditionalRequestConflict", "A conflicting operation occurred. If using PutObject you can retry the request. If using multipart upload you should initiate another CreateMultipartUpload request and re-upload each part.", { Key: key });
    }
    const current = this.bucket(bucketName).objects.get(key);
    if (ifNoneMatch !== undefined && current) throw preconditionFailed("If-None-Match");
    if (ifMatch !== undefined) {
      if (!current) throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
      const want = ifMatch.trim();
      if (want !== "*" && unquote(want) !== unquote(current.etag)) throw preconditionFailed("If-Match");
    }
  }

  // --- multipart uploads ---

  createUpload(bucketName, key, meta = {}) {
    const b = this.bucket(bucketName);
    const uploadId = randomId(48);
    const u = { uploadId, key, initiated: new Date(), meta, parts: new Map(), checksumAlgorithm: meta.checksumAlgorithm };
    this.state.saveUpload(b.name, u);
    b.uploads.set(uploadId, u);
    return uploadId;
  }

  upload(bucketName, key, uploadId) {
    const u = this.bucket(bucketName).uploads.get(uploadId);
    if (!u || u.key !== key) {
      throw new S3Error(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", { UploadId: uploadId });
    }
    return u;
  }

  putPart(bucketName, key, uploadId, partNumber, body, checksums = {}) {
    const u = this.upload(bucketName, key, uploadId);
    if (!(Number.isInteger(partNumber) && partNumber >= 1 && partNumber <= MAX_PARTS)) {
      throw new S3Error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", { ArgumentName: "partNumber", ArgumentValue: String(partNumber) });
    }
    const part = this.state.savePart(bucketName, u, { partNumber, size: body.length, etag: `"${md5(body).toString("hex")}"`, lastModified: new Date(), checksums }, body);
    u.parts.set(partNumber, part);
    return part;
  }

  abortUpload(bucketName, key, uploadId) {
    this.upload(bucketName, key, uploadId);
    this.dropUpload(bucketName, uploadId);
  }

  dropUpload(bucketName, uploadId) {
    this.bucket(bucketName).uploads.delete(uploadId);
    this.state.dropUpload(bucketName, uploadId);
  }

  /**
   * Completes an upload at once (validateCompletion, then commitCompletion).
   * requested: [{ partNumber, etag, checksums: { crc32?: base64, ... } }] in request order.
   */
  completeUpload(bucketName, key, uploadId, requested, conditions = {}, token) {
    return this.commitCompletion(bucketName, key, uploadId, this.validateCompletion(bucketName, key, uploadId, requested), conditions, token);
  }

  /** Checks a CompleteMultipartUpload's parts list against the parts stored, as S3 does; returns the parts to join. */
  validateCompletion(bucketName, key, uploadId, requested) {
    const u = this.upload(bucketName, key, uploadId);
    if (requested.length === 0) {
      throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
    }
    const used = [];
    let prev = 0;
    for (const r of requested) {
      if (r.partNumber <= prev) throw new S3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", { UploadId: uploadId });
      prev = r.partNumber;
      const p = u.parts.get(r.partNumber);
      const norm = (e) => (e ?? "").replace(/^"|"$/g, "");
      if (!p || norm(p.etag) !== norm(r.etag)) {
        throw new S3Error(400, "InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", {
          UploadId: uploadId,
          PartNumber: String(r.partNumber),
          ETag: r.etag ?? "",
        });
      }
      const alg = u.checksumAlgorithm;
      if (alg && p.checksums[alg]) {
        if (!r.checksums[alg]) {
          throw new S3Error(400, "InvalidRequest", `The upload was created using a ${alg} checksum. The complete request must include the checksum for each part. It was missing for part ${r.partNumber} in the request.`);
        }
        if (r.checksums[alg] !== p.checksums[alg]) {
          throw new S3Error(400, "InvalidPart", `The ${alg} you specified for part ${r.partNumber} did not match what we received.`);
        }
      }
      used.push(p);
    }
    used.forEach((p, i) => {
      if (i < used.length - 1 && p.size < MIN_PART_SIZE) {
        throw new S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", {
          ProposedSize: String(p.size),
          MinSizeAllowed: String(MIN_PART_SIZE),
          PartNumber: String(p.partNumber),
          ETag: p.etag,
        });
      }
    });
    return used;
  }

  /**
   * Joins the parts into the object, if the write preconditions hold then
   * (checkWrite). A 412 leaves the upload as it is (it can be completed
   * without the condition, or aborted); a 409 ends it, as in S3.
   */
  commitCompletion(bucketName, key, uploadId, used, conditions = {}, token) {
    const u = this.upload(bucketName, key, uploadId);
    try {
      this.checkWrite(bucketName, key, conditions, token);
    } catch (e) {
      if (e.code === "ConditionalRequestConflict") this.dropUpload(bucketName, uploadId);
      throw e;
    }
    const body = Buffer.concat(used.map((p) => p.body));
    const etag = `"${md5(Buffer.concat(used.map((p) => Buffer.from(p.etag.replace(/"/g, ""), "hex")))).toString("hex")}-${used.length}"`;
    const checksums = {};
    const alg = u.checksumAlgorithm;
    let checksumType;
    if (alg && COMPOSITE.has(alg) && used.every((p) => p.checksums[alg])) {
      // Composite checksum: the checksum of the parts' checksums, "-<parts>".
      checksums[alg] = `${CHECKSUMS[alg](Buffer.concat(used.map((p) => Buffer.from(p.checksums[alg], "base64")))).toString("base64")}-${used.length}`;
      checksumType = "COMPOSITE";
    } else if (alg && !COMPOSITE.has(alg) && CHECKSUMS[alg]) {
      checksums[alg] = CHECKSUMS[alg](body).toString("base64");
      checksumType = "FULL_OBJECT";
    }
    const o = this.put(bucketName, key, body, { ...u.meta, etag, checksums, checksumType });
    this.dropUpload(bucketName, uploadId);
    return o;
  }
}
