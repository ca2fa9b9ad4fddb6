// An in-memory S3 object store with S3's semantics for what the web app and
// the tests use: objects with metadata and checksums, ListObjects(V2) with
// prefix, delimiter, max-keys, continuation and start-after (keys in UTF-8
// binary order, common prefixes counted in max-keys), copies, and multipart
// uploads with S3's part rules and composite checksums.

import crypto from "node:crypto";
import zlib from "node:zlib";

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10000;

export class S3Error extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    this.name = "S3Error";
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

const md5 = (b) => crypto.createHash("md5").update(b).digest();
const crc32 = (b) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b) >>> 0);
  return out;
};

/** Checksums S3 can verify here, by x-amz-checksum-* name: raw digest of a body. */
export const CHECKSUMS = {
  crc32,
  sha1: (b) => crypto.createHash("sha1").update(b).digest(),
  sha256: (b) => crypto.createHash("sha256").update(b).digest(),
};

function randomId(n = 32) {
  return crypto.randomBytes(n).toString("base64url");
}

function compareKeys(a, b) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export class ObjectStore {
  constructor() {
    this.buckets = new Map();
  }

  createBucket(name, opts = {}) {
    if (!this.buckets.has(name)) {
      this.buckets.set(name, { name, created: new Date(), versioning: !!opts.versioning, objects: new Map(), uploads: new Map() });
    }
    return this.buckets.get(name);
  }

  bucket(name) {
    const b = this.buckets.get(name);
    if (!b) throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: name });
    return b;
  }

  /**
   * Verifies the checksums a request declares (x-amz-checksum-<alg>) against
   * body; returns the computed ones (base64) for the algorithms asked for.
   */
  static checksums(body, declared = {}, wanted = []) {
    const out = {};
    for (const [alg, value] of Object.entries(declared)) {
      const f = CHECKSUMS[alg];
      if (!f) {
        out[alg] = value; // e.g. crc32c, crc64nvme: stored, not verified
        continue;
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
    const obj = {
      key,
      body,
      size: body.length,
      etag: `"${md5(body).toString("hex")}"`,
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
      versionId: b.versioning ? randomId(24) : undefined,
    };
    if (meta.etag) obj.etag = meta.etag;
    b.objects.set(key, obj);
    return obj;
  }

  get(bucketName, key) {
    const obj = this.bucket(bucketName).objects.get(key);
    if (!obj) throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", { Key: key });
    return obj;
  }

  has(bucketName, key) {
    return this.bucket(bucketName).objects.has(key);
  }

  delete(bucketName, key) {
    const b = this.bucket(bucketName);
    b.objects.delete(key);
    return { versionId: b.versioning ? randomId(24) : undefined, deleteMarker: b.versioning };
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

  // --- multipart uploads ---

  createUpload(bucketName, key, meta = {}) {
    const b = this.bucket(bucketName);
    const uploadId = randomId(48);
    b.uploads.set(uploadId, { uploadId, key, initiated: new Date(), meta, parts: new Map(), checksumAlgorithm: meta.checksumAlgorithm });
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
    const part = { partNumber, body, size: body.length, etag: `"${md5(body).toString("hex")}"`, lastModified: new Date(), checksums };
    u.parts.set(partNumber, part);
    return part;
  }

  abortUpload(bucketName, key, uploadId) {
    this.upload(bucketName, key, uploadId);
    this.bucket(bucketName).uploads.delete(uploadId);
  }

  /** requested: [{ partNumber, etag, checksums: { crc32?: base64, ... } }] in request order. */
  completeUpload(bucketName, key, uploadId, requested) {
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
    const body = Buffer.concat(used.map((p) => p.body));
    const etag = `"${md5(Buffer.concat(used.map((p) => Buffer.from(p.etag.replace(/"/g, ""), "hex")))).toString("hex")}-${used.length}"`;
    const checksums = {};
    const alg = u.checksumAlgorithm;
    if (alg && CHECKSUMS[alg] && used.every((p) => p.checksums[alg])) {
      // Composite checksum: the checksum of the parts' checksums, "-<parts>".
      checksums[alg] = `${CHECKSUMS[alg](Buffer.concat(used.map((p) => Buffer.from(p.checksums[alg], "base64")))).toString("base64")}-${used.length}`;
    }
    this.bucket(bucketName).uploads.delete(uploadId);
    return this.put(bucketName, key, body, { ...u.meta, etag, checksums, checksumType: alg ? "COMPOSITE" : undefined });
  }
}
