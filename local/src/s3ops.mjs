// The S3 operations the stand-in plays: one function per operation, in a
// table keyed by the operation name that iam/s3actions.mjs gives a request.
// s3.mjs calls one after the request is authenticated and every action it
// needs is authorized; it answers through the request it is given:
//
//   c = { op, bucket, key, query: Map, headers: Map, body: Buffer, req, store, model,
//         send(status, headers, body?), sendXml(status, xml, headers?),
//         sendError(status, code, message, extra?),
//         decisions: one per authorization, in order; deleteKeys, quiet: DeleteObjects' request }
//
// An operation throws S3Error for S3's error answers. To play another one:
// map its request to a name and its IAM authorizations in iam/s3actions.mjs,
// then add its function to OPERATIONS.

import crypto from "node:crypto";
import { S3Error, ObjectStore } from "./s3store.mjs";
import { copiedTags, deleteObjectTagging, getObjectTagging, putObjectTagging, tagsOfHeader } from "./s3tagging.mjs";
import { all, doc, el, esc, looksWellFormed, one } from "./xml.mjs";

export const SUPPORTED_CHECKSUMS = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

const iso = (d) => d.toISOString();
const httpDate = (d) => d.toUTCString();
const SSE = { "x-amz-server-side-encryption": "AES256" };

/** S3 operation name -> (c) => answer. */
export const OPERATIONS = {
  ListObjectsV2: listObjects,
  ListObjects: listObjects,
  ListObjectVersions: listObjectVersions,
  HeadBucket: headBucket,
  "GetBucket:location": getBucketLocation,
  GetObject: getObject,
  HeadObject: getObject,
  PutObject: putObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  "GETObject:tagging": getObjectTagging,
  "PUTObject:tagging": putObjectTagging,
  "DELETEObject:tagging": deleteObjectTagging,
};

/** Runs the request's operation (501 NotImplemented for one the stand-in does not play). */
export function runOperation(c) {
  const f = Object.hasOwn(OPERATIONS, c.op.operation) ? OPERATIONS[c.op.operation] : undefined;
  if (!f) return c.sendError(501, "NotImplemented", `${c.op.operation} is not implemented by the local stand-in`);
  return f(c);
}

// --- buckets ---

function listObjects({ op, bucket, query, store, sendXml }) {
  const v2 = op.operation === "ListObjectsV2";
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxKeys = maxKeysParam(query);
  const urlEncode = query.get("encoding-type") === "url";
  if (query.has("encoding-type") && !urlEncode) throw new S3Error(400, "InvalidArgument", "Invalid Encoding Method specified in Request", { ArgumentName: "encoding-type" });
  const token = query.get("continuation-token");
  const after = listStart(v2, bucket, query, token);
  const r = store.list(bucket, { prefix, delimiter, maxKeys, after });
  const enc = (s) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, "/") : s);
  const parts = [el("Name", bucket), el("Prefix", enc(prefix))];
  if (v2) {
    if (token !== undefined) parts.push(el("ContinuationToken", token));
    if (query.has("start-after")) parts.push(el("StartAfter", enc(query.get("start-after"))));
    parts.push(el("KeyCount", String(r.contents.length + r.commonPrefixes.length)));
  } else {
    parts.push(el("Marker", enc(query.get("marker") ?? "")));
    if (r.isTruncated && delimiter) parts.push(el("NextMarker", enc(r.last)));
  }
  parts.push(el("MaxKeys", String(maxKeys)));
  if (delimiter) parts.push(el("Delimiter", enc(delimiter)));
  if (urlEncode) parts.push(el("EncodingType", "url"));
  parts.push(el("IsTruncated", String(r.isTruncated)));
  if (v2 && r.isTruncated) parts.push(el("NextContinuationToken", Buffer.from(JSON.stringify({ b: bucket, k: r.last })).toString("base64")));
  for (const o of r.contents) parts.push(listing(o, urlEncode));
  for (const p of r.commonPrefixes) parts.push(el("CommonPrefixes", [el("Prefix", enc(p))]));
  return sendXml(200, doc("ListBucketResult", parts));
}

/** ListObjectVersions: versions and delete markers under a prefix, paged by key-marker and version-id-marker. */
function listObjectVersions({ bucket, query, store, sendXml }) {
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxKeys = maxKeysParam(query);
  const keyMarker = query.get("key-marker") ?? "";
  const versionIdMarker = query.get("version-id-marker") ?? "";
  const urlEncode = query.get("encoding-type") === "url";
  if (query.has("encoding-type") && !urlEncode) throw new S3Error(400, "InvalidArgument", "Invalid Encoding Method specified in Request", { ArgumentName: "encoding-type" });
  if (versionIdMarker && !keyMarker) {
    throw new S3Error(400, "InvalidArgument", "A version-id marker cannot be specified without a key marker.", { ArgumentName: "version-id-marker", ArgumentValue: versionIdMarker });
  }
  const r = store.listVersions(bucket, { prefix, delimiter, maxKeys, keyMarker, versionIdMarker });
  const enc = (s) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, "/") : s);
  const parts = [el("Name", bucket), el("Prefix", enc(prefix)), el("KeyMarker", enc(keyMarker)), el("VersionIdMarker", versionIdMarker), el("MaxKeys", String(maxKeys))];
  if (delimiter) parts.push(el("Delimiter", enc(delimiter)));
  if (urlEncode) parts.push(el("EncodingType", "url"));
  parts.push(el("IsTruncated", String(r.isTruncated)));
  if (r.isTruncated) {
    parts.push(el("NextKeyMarker", enc(r.nextKeyMarker)));
    if (r.nextVersionIdMarker) parts.push(el("NextVersionIdMarker", r.nextVersionIdMarker));
  }
  const owner = el("Owner", [el("ID", canonicalId(store))]);
  for (const { entry: e, isLatest } of r.entries) {
    const common = [el("Key", enc(e.key)), el("VersionId", e.versionId ?? "null"), el("IsLatest", String(isLatest)), el("LastModified", iso(e.lastModified))];
    if (e.deleteMarker) parts.push(el("DeleteMarker", [...common, owner]));
    else {
      parts.push(
        el("Version", [
          ...common,
          el("ETag", e.etag),
          el("Size", String(e.size)),
          el("StorageClass", "STANDARD"),
          owner,
          ...Object.keys(e.checksums).map((a) => el("ChecksumAlgorithm", a.toUpperCase())),
          Object.keys(e.checksums).length ? el("ChecksumType", e.checksumType ?? "FULL_OBJECT") : "",
        ]),
      );
    }
  }
  for (const p of r.commonPrefixes) parts.push(el("CommonPrefixes", [el("Prefix", enc(p))]));
  return sendXml(200, doc("ListVersionsResult", parts));
}

/** The bucket owner's canonical user id (64 hex digits), stable per store. */
function canonicalId(store) {
  store.canonicalId ??= crypto.createHash("sha256").update("local stand-in owner").digest("hex");
  return store.canonicalId;
}

/** The key a listing continues after: V2's continuation token or start-after, V1's marker. */
function listStart(v2, bucket, query, token) {
  if (v2 && token !== undefined) {
    try {
      const t = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
      if (t.b !== bucket || typeof t.k !== "string") throw new Error();
      return t.k;
    } catch {
      throw new S3Error(400, "InvalidArgument", "The continuation token provided is incorrect", { ArgumentName: "continuation-token" });
    }
  }
  if (v2 && query.has("start-after")) return query.get("start-after");
  if (!v2 && query.has("marker")) return query.get("marker");
  return "";
}

function headBucket({ model, send }) {
  return send(200, { "x-amz-bucket-region": model.env.region, "x-amz-access-point-alias": "false" });
}

function getBucketLocation({ model, sendXml }) {
  return sendXml(200, doc("LocationConstraint", [esc(model.env.region)]));
}

// --- objects ---

function getObject({ bucket, key, query, headers, req, store, send }) {
  const o = objectOrVersion(store, bucket, key, query.get("versionId"));
  const cond = checkConditions(o, headers);
  const h = objectHeaders(o, headers.get("x-amz-checksum-mode") === "ENABLED");
  for (const [q, hn] of Object.entries(RESPONSE_OVERRIDES)) if (query.has(q)) h[hn] = query.get(q);
  if (cond === 304) return send(304, { etag: o.etag, "last-modified": h["last-modified"] });
  const range = headers.get("range");
  const m = range && /^bytes=(\d*)-(\d*)$/.exec(range);
  if (m && (m[1] !== "" || m[2] !== "")) {
    const start = m[1] === "" ? Math.max(0, o.size - Number(m[2])) : Number(m[1]);
    const end = m[1] === "" || m[2] === "" ? o.size - 1 : Math.min(Number(m[2]), o.size - 1);
    if (start >= o.size || start > end) {
      throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable", { RangeRequested: range, ActualObjectSize: String(o.size) });
    }
    const slice = o.body.subarray(start, end + 1);
    delete h["x-amz-checksum-crc32"];
    return send(206, { ...h, "content-range": `bytes ${start}-${end}/${o.size}`, "content-length": String(slice.length) }, req.method === "HEAD" ? undefined : slice);
  }
  if (req.method === "HEAD") return send(200, { ...h, "content-length": String(o.size) });
  return send(200, h, o.body);
}

/** PutObject; If-None-Match and If-Match are checked when it commits (after the body is verified), as in S3. */
function putObject({ bucket, key, headers, body, store, send, conditional }) {
  const declared = declaredChecksums(headers);
  const alg = headers.get("x-amz-sdk-checksum-algorithm")?.toLowerCase() ?? headers.get("x-amz-checksum-algorithm")?.toLowerCase();
  const checksums = ObjectStore.checksums(body, declared, alg && !declared[alg] ? [alg] : []);
  store.checkWrite(bucket, key, writeConditions(headers), conditional);
  const o = store.put(bucket, key, body, { ...objectMeta(headers), checksums, checksumType: Object.keys(checksums).length ? "FULL_OBJECT" : undefined });
  const h = { etag: o.etag, ...SSE, ...versionHeader(o) };
  for (const [a, v] of Object.entries(checksums)) h[`x-amz-checksum-${a}`] = v;
  if (Object.keys(checksums).length) h["x-amz-checksum-type"] = "FULL_OBJECT";
  return send(200, h);
}

function copyObject({ op, bucket, key, headers, store, sendXml }) {
  const src = op.copySource;
  const s = copySource(store, src);
  checkCopyConditions(s, headers);
  const directive = (headers.get("x-amz-metadata-directive") ?? "COPY").toUpperCase();
  // Naming a version of the key itself is a restore, which S3 allows.
  if (src.bucket === bucket && src.key === key && directive !== "REPLACE" && src.versionId === undefined) {
    throw new S3Error(
      400,
      "InvalidRequest",
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const meta = { ...(directive === "REPLACE" ? objectMeta(headers) : copiedMeta(s)), tags: copiedTags(headers, s) };
  const alg = headers.get("x-amz-checksum-algorithm")?.toLowerCase();
  const checksums = ObjectStore.checksums(s.body, {}, alg ? [alg] : Object.keys(s.checksums).filter((a) => !s.checksums[a].includes("-")));
  const o = store.put(bucket, key, Buffer.from(s.body), { ...meta, checksums, checksumType: Object.keys(checksums).length ? "FULL_OBJECT" : undefined });
  return sendXml(
    200,
    doc("CopyObjectResult", [el("ETag", o.etag), el("LastModified", iso(o.lastModified)), ...checksumElements(checksums), Object.keys(checksums).length ? el("ChecksumType", "FULL_OBJECT") : ""]),
    { ...SSE, ...versionHeader(o), ...copySourceVersionHeader(store, src, s) },
  );
}

function deleteObject({ bucket, key, query, store, send }) {
  const versionId = query.get("versionId");
  if (versionId !== undefined) {
    const r = store.deleteVersion(bucket, key, versionId);
    return send(204, { "x-amz-version-id": versionId, ...(r.deleteMarker ? { "x-amz-delete-marker": "true" } : {}) });
  }
  const r = store.delete(bucket, key);
  const h = {};
  if (r.deleteMarker) {
    h["x-amz-delete-marker"] = "true";
    h["x-amz-version-id"] = r.versionId;
  }
  return send(204, h);
}

/** DeleteObjects: each key was authorized on its own (decisions[i]); a denied or versioned key is an <Error> entry. */
function deleteObjects({ bucket, deleteKeys, decisions, quiet, store, sendXml }) {
  const parts = [];
  deleteKeys.forEach((k, i) => {
    if (!decisions[i]?.allowed) {
      parts.push(el("Error", [el("Key", k.key), ...(k.versionId ? [el("VersionId", k.versionId)] : []), el("Code", "AccessDenied"), el("Message", "Access Denied")]));
      return;
    }
    if (k.versionId) {
      const r = store.deleteVersion(bucket, k.key, k.versionId);
      if (!quiet) {
        const marker = r.deleteMarker ? [el("DeleteMarker", "true"), el("DeleteMarkerVersionId", k.versionId)] : [];
        parts.push(el("Deleted", [el("Key", k.key), el("VersionId", k.versionId), ...marker]));
      }
      return;
    }
    const r = store.delete(bucket, k.key);
    if (!quiet) parts.push(el("Deleted", [el("Key", k.key), ...(r.deleteMarker ? [el("DeleteMarker", "true"), el("DeleteMarkerVersionId", r.versionId)] : [])]));
  });
  return sendXml(200, doc("DeleteResult", parts));
}

// --- multipart uploads ---

function createMultipartUpload({ bucket, key, headers, store, sendXml }) {
  const alg = headers.get("x-amz-checksum-algorithm")?.toLowerCase();
  const uploadId = store.createUpload(bucket, key, { ...objectMeta(headers), checksumAlgorithm: alg });
  const h = {};
  if (alg) {
    h["x-amz-checksum-algorithm"] = alg.toUpperCase();
    h["x-amz-checksum-type"] = alg === "crc64nvme" ? "FULL_OBJECT" : "COMPOSITE";
  }
  return sendXml(200, doc("InitiateMultipartUploadResult", [el("Bucket", bucket), el("Key", key), el("UploadId", uploadId)]), h);
}

function uploadPart({ bucket, key, query, headers, body, store, send }) {
  const u = store.upload(bucket, key, query.get("uploadId"));
  const declared = declaredChecksums(headers);
  if (u.checksumAlgorithm && !declared[u.checksumAlgorithm] && Object.keys(declared).length) {
    throw new S3Error(400, "InvalidRequest", `Checksum Type mismatch occurred, expected checksum Type: ${u.checksumAlgorithm}, actual checksum Type: ${Object.keys(declared)[0]}`);
  }
  const checksums = ObjectStore.checksums(body, declared, u.checksumAlgorithm ? [u.checksumAlgorithm] : []);
  const p = store.putPart(bucket, key, u.uploadId, Number(query.get("partNumber")), body, checksums);
  const h = { etag: p.etag, ...SSE };
  for (const [a, v] of Object.entries(checksums)) h[`x-amz-checksum-${a}`] = v;
  return send(200, h);
}

function uploadPartCopy({ op, bucket, key, query, headers, store, sendXml }) {
  const u = store.upload(bucket, key, query.get("uploadId"));
  const src = op.copySource;
  const s = copySource(store, src);
  checkCopyConditions(s, headers);
  const data = copySourceRange(s, headers.get("x-amz-copy-source-range"));
  const checksums = ObjectStore.checksums(data, {}, u.checksumAlgorithm ? [u.checksumAlgorithm] : []);
  const p = store.putPart(bucket, key, u.uploadId, Number(query.get("partNumber")), Buffer.from(data), checksums);
  return sendXml(200, doc("CopyPartResult", [el("ETag", p.etag), el("LastModified", iso(p.lastModified)), ...checksumElements(checksums)]), copySourceVersionHeader(store, src, s));
}

/** The bytes of x-amz-copy-source-range (bytes=first-last, both within the source), or the whole source. */
function copySourceRange(s, range) {
  if (!range) return s.body;
  const m = /^bytes=(\d+)-(\d+)$/.exec(range);
  if (!m || Number(m[2]) >= s.size || Number(m[1]) > Number(m[2])) {
    throw new S3Error(400, "InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
  }
  return s.body.subarray(Number(m[1]), Number(m[2]) + 1);
}

/**
 * CompleteMultipartUpload: the parts are checked, then joined a turn of the
 * event loop later, when the write preconditions are evaluated: of
 * concurrent conditional completes of one key the first to finish wins and
 * the others get 412 (their uploads stay); a delete of the key in between
 * gets 409 ConditionalRequestConflict (the upload is gone), as in S3.
 */
async function completeMultipartUpload({ bucket, key, query, headers, body, store, sendXml, conditional }) {
  const xml = body.toString("utf8");
  if (!looksWellFormed(xml) || !/<CompleteMultipartUpload[\s>]/.test(xml)) {
    throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
  }
  const parts = all(xml, "Part").map((p) => {
    const checksums = {};
    for (const a of SUPPORTED_CHECKSUMS) {
      const v = one(p, `Checksum${a.toUpperCase()}`);
      if (v !== undefined) checksums[a] = v;
    }
    return { partNumber: Number(one(p, "PartNumber")), etag: one(p, "ETag"), checksums };
  });
  const uploadId = query.get("uploadId");
  const used = store.validateCompletion(bucket, key, uploadId, parts);
  await new Promise((r) => setImmediate(r));
  const o = store.commitCompletion(bucket, key, uploadId, used, writeConditions(headers), conditional);
  return sendXml(
    200,
    doc("CompleteMultipartUploadResult", [
      el("Location", `/${bucket}/${key}`),
      el("Bucket", bucket),
      el("Key", key),
      el("ETag", o.etag),
      ...checksumElements(o.checksums),
      Object.keys(o.checksums).length ? el("ChecksumType", o.checksumType ?? "COMPOSITE") : "",
    ]),
    { ...SSE, ...versionHeader(o) },
  );
}

function abortMultipartUpload({ bucket, key, query, store, send }) {
  store.abortUpload(bucket, key, query.get("uploadId"));
  return send(204, {});
}

/** ListParts, at most max-parts (1000) a page after part-number-marker, as S3 pages them. */
function listParts({ bucket, key, query, store, sendXml }) {
  const u = store.upload(bucket, key, query.get("uploadId"));
  const maxParts = intParam(query, "max-parts", 1000);
  const marker = intParam(query, "part-number-marker", 0);
  const all = [...u.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const parts = all.slice(0, Math.min(1000, maxParts));
  const truncated = all.length > parts.length;
  return sendXml(
    200,
    doc("ListPartsResult", [
      el("Bucket", bucket),
      el("Key", key),
      el("UploadId", u.uploadId),
      el("StorageClass", "STANDARD"),
      el("PartNumberMarker", String(marker)),
      ...(truncated ? [el("NextPartNumberMarker", String(parts.at(-1).partNumber))] : []),
      el("MaxParts", String(maxParts)),
      el("IsTruncated", String(truncated)),
      ...(u.checksumAlgorithm ? [el("ChecksumAlgorithm", u.checksumAlgorithm.toUpperCase())] : []),
      ...parts.map((p) =>
        el("Part", [el("PartNumber", String(p.partNumber)), el("LastModified", iso(p.lastModified)), el("ETag", p.etag), el("Size", String(p.size)), ...checksumElements(p.checksums)]),
      ),
    ]),
  );
}

/** A non-negative integer query parameter (InvalidArgument otherwise). */
function intParam(query, name, dflt) {
  if (!query.has(name)) return dflt;
  const v = query.get(name);
  if (!/^\d+$/.test(v)) throw new S3Error(400, "InvalidArgument", `Provided ${name} not an integer or within integer range`, { ArgumentName: name, ArgumentValue: v });
  return Number(v);
}

// --- shared by the operations ---

/**
 * GET/HEAD's object: the current version, or the version named. A version
 * that is a delete marker is 405 MethodNotAllowed, with the marker's
 * headers, as S3 answers it.
 */
function objectOrVersion(store, bucket, key, versionId) {
  if (versionId === undefined) return store.get(bucket, key);
  const o = store.getVersion(bucket, key, versionId);
  if (o.deleteMarker) {
    throw new S3Error(
      405,
      "MethodNotAllowed",
      "The specified method is not allowed against this resource.",
      { Method: "GET", ResourceType: "DeleteMarker" },
      { "x-amz-delete-marker": "true", "x-amz-version-id": o.versionId, "last-modified": httpDate(o.lastModified), allow: "DELETE" },
    );
  }
  return o;
}

/** A copy's source: the current version, or the version x-amz-copy-source names (never a delete marker). */
function copySource(store, src) {
  if (src.versionId === undefined) return store.get(src.bucket, src.key);
  const s = store.getVersion(src.bucket, src.key, src.versionId);
  if (s.deleteMarker) throw new S3Error(400, "InvalidRequest", "The source of a copy request may not specifically refer to a delete marker by version id.");
  return s;
}

/** x-amz-copy-source-version-id: the version copied, when the source bucket keeps versions. */
function copySourceVersionHeader(store, src, s) {
  return store.bucket(src.bucket).versioning ? { "x-amz-copy-source-version-id": s.versionId } : src.versionId ? { "x-amz-copy-source-version-id": "null" } : {};
}

const versionHeader = (o) => (o.versionId ? { "x-amz-version-id": o.versionId } : {});

const checksumElements = (checksums) => Object.entries(checksums).map(([a, v]) => el(`Checksum${a.toUpperCase()}`, v));

/** The write preconditions of a PutObject or CompleteMultipartUpload request. */
function writeConditions(headers) {
  return { ifNoneMatch: headers.get("if-none-match"), ifMatch: headers.get("if-match") };
}

function declaredChecksums(headers) {
  const out = {};
  for (const alg of SUPPORTED_CHECKSUMS) {
    const v = headers.get(`x-amz-checksum-${alg}`);
    if (v !== undefined) out[alg] = v;
  }
  return out;
}

function objectMeta(headers) {
  const metadata = {};
  for (const [k, v] of headers) if (k.startsWith("x-amz-meta-")) metadata[k.slice(11)] = v;
  return {
    contentType: headers.get("content-type"),
    contentDisposition: headers.get("content-disposition"),
    contentEncoding: headers.get("content-encoding"),
    contentLanguage: headers.get("content-language"),
    cacheControl: headers.get("cache-control"),
    expires: headers.get("expires"),
    metadata,
    tags: tagsOfHeader(headers),
  };
}

/** A copy's metadata with the COPY directive: the source's. */
function copiedMeta(s) {
  return {
    contentType: s.contentType,
    contentDisposition: s.contentDisposition,
    contentEncoding: s.contentEncoding,
    contentLanguage: s.contentLanguage,
    cacheControl: s.cacheControl,
    expires: s.expires,
    metadata: { ...s.metadata },
  };
}

function objectHeaders(o, withChecksum) {
  const h = {
    "content-type": o.contentType,
    "last-modified": httpDate(o.lastModified),
    etag: o.etag,
    "accept-ranges": "bytes",
    ...SSE,
    ...versionHeader(o),
  };
  if (o.contentDisposition) h["content-disposition"] = o.contentDisposition;
  if (o.contentEncoding) h["content-encoding"] = o.contentEncoding;
  if (o.contentLanguage) h["content-language"] = o.contentLanguage;
  if (o.cacheControl) h["cache-control"] = o.cacheControl;
  if (o.expires) h.expires = o.expires;
  for (const [k, v] of Object.entries(o.metadata)) h[`x-amz-meta-${k}`] = v;
  const tagCount = Object.keys(o.tags ?? {}).length;
  if (tagCount) h["x-amz-tagging-count"] = String(tagCount);
  if (withChecksum) {
    for (const [alg, v] of Object.entries(o.checksums)) h[`x-amz-checksum-${alg}`] = v;
    if (Object.keys(o.checksums).length) h["x-amz-checksum-type"] = o.checksumType ?? "FULL_OBJECT";
  }
  return h;
}

/** GET/HEAD preconditions: throws 412, or returns 304 (not modified) or 0. */
function checkConditions(o, headers) {
  const etag = o.etag;
  const im = headers.get("if-match");
  if (im && !im.split(",").map((x) => x.trim()).some((x) => x === "*" || x === etag || `"${x}"` === etag)) {
    throw new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-Match" });
  }
  const ius = headers.get("if-unmodified-since");
  if (!im && ius && o.lastModified > new Date(ius)) {
    throw new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-Unmodified-Since" });
  }
  const inm = headers.get("if-none-match");
  if (inm && inm.split(",").map((x) => x.trim()).some((x) => x === "*" || x === etag || `"${x}"` === etag)) return 304;
  const ims = headers.get("if-modified-since");
  if (!inm && ims && o.lastModified <= new Date(ims)) return 304;
  return 0;
}

function checkCopyConditions(s, headers) {
  const im = headers.get("x-amz-copy-source-if-match");
  if (im && im !== s.etag && `"${im}"` !== s.etag) {
    throw new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "x-amz-copy-source-If-Match" });
  }
  const inm = headers.get("x-amz-copy-source-if-none-match");
  if (inm && (inm === s.etag || `"${inm}"` === s.etag)) {
    throw new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "x-amz-copy-source-If-None-Match" });
  }
}

const RESPONSE_OVERRIDES = {
  "response-content-type": "content-type",
  "response-content-language": "content-language",
  "response-expires": "expires",
  "response-cache-control": "cache-control",
  "response-content-disposition": "content-disposition",
  "response-content-encoding": "content-encoding",
};

function maxKeysParam(query) {
  if (!query.has("max-keys")) return 1000;
  const v = query.get("max-keys");
  if (!/^\d+$/.test(v)) throw new S3Error(400, "InvalidArgument", "Provided max-keys not an integer or within integer range", { ArgumentName: "max-keys", ArgumentValue: v });
  return Math.min(1000, Number(v));
}

function listing(o, urlEncode) {
  const enc = (s) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, "/") : s);
  return el("Contents", [
    el("Key", enc(o.key)),
    el("LastModified", iso(o.lastModified)),
    el("ETag", o.etag),
    ...Object.keys(o.checksums).map((a) => el("ChecksumAlgorithm", a.toUpperCase())),
    Object.keys(o.checksums).length ? el("ChecksumType", o.checksumType ?? "FULL_OBJECT") : "",
    el("Size", String(o.size)),
    el("StorageClass", "STANDARD"),
  ]);
}
