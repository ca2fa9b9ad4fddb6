// The S3 endpoint (path-style): CORS from the template's bucket rules,
// SigV4 verification of every request, IAM evaluation of the template's
// policies for every action the request needs, then the object store.
// Errors are S3's XML errors with S3's status codes.

import crypto from "node:crypto";
import { mapS3Request } from "./iam/s3actions.mjs";
import { S3Error, ObjectStore } from "./s3store.mjs";
import { s3Address } from "./s3address.mjs";
import { verify, SigV4Error, headerMap, parseQuery } from "./sigv4.mjs";
import { all, doc, el, esc, looksWellFormed, one } from "./xml.mjs";

const MAX_BODY = 6 * 1024 ** 3;

export function readBody(req, limit = MAX_BODY) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > limit) {
        reject(new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const iso = (d) => d.toISOString();
const httpDate = (d) => d.toUTCString();

/** Does a CORS pattern (with at most one "*", case-insensitive for headers) match? */
function wild(pattern, value, ci) {
  const p = ci ? pattern.toLowerCase() : pattern;
  const v = ci ? value.toLowerCase() : value;
  if (!p.includes("*")) return p === v;
  const re = new RegExp("^" + p.split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return re.test(v);
}

/** The first of a bucket's CORS rules that matches (S3 semantics). */
export function matchCorsRule(rules, origin, method, requestHeaders = []) {
  for (const r of rules ?? []) {
    if (!(r.AllowedOrigins ?? []).some((o) => wild(o, origin, false))) continue;
    if (!(r.AllowedMethods ?? []).includes(method)) continue;
    if (!requestHeaders.every((h) => (r.AllowedHeaders ?? []).some((a) => wild(a, h, true)))) continue;
    return r;
  }
  return undefined;
}

const SUPPORTED_CHECKSUMS = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

/**
 * opts: {
 *   store: ObjectStore, model: PolicyModel, region,
 *   lookupCredentials(accessKeyId) -> credentials record (see identity.mjs) | undefined,
 *   secureTransport: value of aws:SecureTransport (default "true": the stand-in plays S3's HTTPS endpoint),
 *   now(): ms clock, onDecision(entry): called for every authorization decision (tests, logs)
 * }
 */
export function createS3Handler(opts) {
  const { store, model, region } = opts;
  const now = opts.now ?? (() => Date.now());
  const log = opts.onDecision ?? (() => {});

  return async function s3(req, res) {
    const requestId = crypto.randomBytes(8).toString("hex").toUpperCase();
    const hostId = crypto.randomBytes(24).toString("base64");
    const headers = headerMap(req.rawHeaders);
    const qi = req.url.indexOf("?");
    const rawPath = qi < 0 ? req.url : req.url.slice(0, qi);
    const rawQuery = qi < 0 ? "" : req.url.slice(qi + 1);
    const query = new Map(parseQuery(rawQuery));
    const { bucket, key } = s3Address(rawPath, headers.get("host"));
    const origin = headers.get("origin");
    const bucketInfo = bucket ? model.buckets.get(bucket) : undefined;
    const corsRules = bucketInfo?.cors ?? [];
    const base = { "x-amz-request-id": requestId, "x-amz-id-2": hostId, server: "AmazonS3" };

    const corsHeaders = (method) => {
      if (!origin) return {};
      const rule = matchCorsRule(corsRules, origin, method);
      if (!rule) return {};
      const h = {
        "access-control-allow-origin": rule.AllowedOrigins.includes("*") ? "*" : origin,
        "access-control-allow-methods": rule.AllowedMethods.join(", "),
        vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
      };
      if (h["access-control-allow-origin"] !== "*") h["access-control-allow-credentials"] = "true";
      if (rule.ExposedHeaders?.length) h["access-control-expose-headers"] = rule.ExposedHeaders.join(", ");
      if (rule.MaxAge !== undefined) h["access-control-max-age"] = String(rule.MaxAge);
      return h;
    };

    const send = (status, hdrs, body) => {
      const h = { ...base, ...corsHeaders(req.method), ...hdrs };
      if (body !== undefined && req.method !== "HEAD") {
        const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
        h["content-length"] = String(b.length);
        res.writeHead(status, h);
        res.end(b);
      } else {
        if (!("content-length" in h)) h["content-length"] = "0";
        res.writeHead(status, h);
        res.end();
      }
    };
    const sendError = (status, code, message, extra = {}) => {
      const body = doc(
        "Error",
        [el("Code", code), el("Message", message), ...Object.entries(extra).map(([k, v]) => el(k, v)), el("RequestId", requestId), el("HostId", hostId)],
        "",
      );
      send(status, { "content-type": "application/xml" }, req.method === "HEAD" ? undefined : body);
    };
    const sendXml = (status, xml, hdrs = {}) => send(status, { "content-type": "application/xml", ...hdrs }, xml);

    // CORS preflight: answered from the bucket's CORS rules, without authentication.
    if (req.method === "OPTIONS") {
      const method = headers.get("access-control-request-method");
      if (!origin) return sendError(400, "BadRequest", "Insufficient information. Origin request header needed.");
      if (!method) return sendError(400, "BadRequest", "Invalid Access-Control-Request-Method: null");
      if (!bucketInfo) return sendError(404, "NoSuchBucket", "The specified bucket does not exist", { BucketName: bucket ?? "" });
      if (!corsRules.length) return sendError(403, "CORSResponse", "CORS is not enabled for this bucket.");
      const reqHeaders = (headers.get("access-control-request-headers") ?? "")
        .split(",")
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean);
      const rule = matchCorsRule(corsRules, origin, method, reqHeaders);
      if (!rule) {
        return sendError(
          403,
          "CORSResponse",
          "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        );
      }
      const h = {
        ...base,
        "access-control-allow-origin": rule.AllowedOrigins.includes("*") ? "*" : origin,
        "access-control-allow-methods": rule.AllowedMethods.join(", "),
        vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
        "content-length": "0",
      };
      if (h["access-control-allow-origin"] !== "*") h["access-control-allow-credentials"] = "true";
      if (reqHeaders.length) h["access-control-allow-headers"] = reqHeaders.join(", ");
      if (rule.ExposedHeaders?.length) h["access-control-expose-headers"] = rule.ExposedHeaders.join(", ");
      if (rule.MaxAge !== undefined) h["access-control-max-age"] = String(rule.MaxAge);
      res.writeHead(200, h);
      return res.end();
    }

    try {
      const body = await readBody(req);

      // 1. Authentication: SigV4 (header or presigned), with the session token.
      let auth;
      try {
        auth = verify(
          { method: req.method, rawPath, rawQuery, rawHeaders: req.rawHeaders },
          { region, service: "s3", now: now(), lookup: opts.lookupCredentials },
        );
      } catch (e) {
        if (e instanceof SigV4Error) {
          log({ requestId, method: req.method, url: req.url, decision: e.code });
          const extra = { ...e.extra };
          delete extra.CanonicalRequest;
          return sendError(e.status, e.code, e.message, extra);
        }
        throw e;
      }
      if (!auth) {
        log({ requestId, method: req.method, url: req.url, decision: "Anonymous" });
        return sendError(403, "AccessDenied", "Access Denied");
      }
      const ph = auth.payloadHash;
      if (/^STREAMING-/.test(ph)) {
        return sendError(501, "NotImplemented", `x-amz-content-sha256 ${ph} (aws-chunked bodies) is not implemented by the local stand-in`);
      }
      if (ph !== "UNSIGNED-PAYLOAD" && !/^[0-9a-f]{64}$/i.test(ph)) {
        return sendError(
          400,
          "InvalidArgument",
          "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
          { ArgumentName: "x-amz-content-sha256", ArgumentValue: ph },
        );
      }
      // UNSIGNED-PAYLOAD: the signature covers the headers only; the body's
      // integrity rests on its x-amz-checksum-* header (verified below, at
      // the operation) or Content-MD5, as in S3.
      if (/^[0-9a-f]{64}$/i.test(ph) && crypto.createHash("sha256").update(body).digest("hex") !== ph.toLowerCase()) {
        return sendError(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", {
          ClientComputedContentSHA256: ph,
          S3ComputedContentSHA256: crypto.createHash("sha256").update(body).digest("hex"),
        });
      }
      if (headers.has("content-md5")) {
        const md5 = crypto.createHash("md5").update(body).digest("base64");
        if (md5 !== headers.get("content-md5")) return sendError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
      }

      // 2. Authorization: every action the operation needs, against the template's policies.
      let deleteKeys;
      let quiet = false;
      if (req.method === "POST" && bucket && !key && query.has("delete")) {
        const xml = body.toString("utf8");
        if (!headers.has("content-md5") && ![...headers.keys()].some((h) => h.startsWith("x-amz-checksum-"))) {
          return sendError(400, "InvalidRequest", "Missing required header for this request: Content-MD5");
        }
        if (!looksWellFormed(xml) || !/<Delete[\s>]/.test(xml)) {
          return sendError(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
        deleteKeys = all(xml, "Object").map((o) => ({ key: one(o, "Key"), versionId: one(o, "VersionId") }));
        if (deleteKeys.length > 1000 || deleteKeys.some((k) => k.key === undefined)) {
          return sendError(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
        quiet = one(xml, "Quiet") === "true";
      }
      const op = mapS3Request({ method: req.method, bucket, key, query, headers }, { partition: model.env.partition, deleteKeys });
      if (op.invalidCopySource) return sendError(400, "InvalidArgument", "Invalid copy source object key");
      const ctx = requestContext(auth, req, headers, now(), opts);
      const decisions = [];
      for (const a of op.authorizations) {
        const r = await model.evaluate({ action: a.action, resource: a.resource, context: { ...ctx, ...a.context } });
        decisions.push({ ...a, ...r });
        log({ requestId, method: req.method, url: req.url, operation: op.operation, action: a.action, resource: a.resource, decision: r.decision, reason: r.reason });
      }
      const denied = decisions.find((d) => !d.allowed);
      if (denied && op.operation !== "DeleteObjects") {
        return sendError(403, "AccessDenied", accessDeniedMessage(model, auth.credentials, denied));
      }

      // 3. The operation itself.
      if (!bucket) return sendError(501, "NotImplemented", "ListBuckets is not implemented by the local stand-in");
      store.bucket(bucket);
      return await dispatch({ op, bucket, key, query, headers, body, store, send, sendXml, sendError, decisions, deleteKeys, quiet, req, model });
    } catch (e) {
      if (e instanceof S3Error) return sendError(e.status, e.code, e.message, e.extra);
      console.error("[s3] internal error", e);
      return sendError(500, "InternalError", "We encountered an internal error. Please try again.");
    }
  };
}

function accessDeniedMessage(model, creds, d) {
  const who = creds?.roleArn ? model.sessionArn({ name: creds.roleArn.split("/").pop() }) : "anonymous";
  const why =
    d.decision === "ExplicitlyDenied"
      ? d.denials?.some((x) => x.policyType === "resource")
        ? "with an explicit deny in a resource-based policy"
        : "with an explicit deny in an identity-based policy"
      : "because no identity-based policy allows the " + d.action + " action";
  return `User: ${who} is not authorized to perform: ${d.action} on resource: "${d.resource}" ${why}`;
}

/** The condition keys S3 puts in the request context. */
export function requestContext(auth, req, headers, nowMs, opts = {}) {
  const c = auth.credentials;
  const ctx = {
    "aws:SecureTransport": opts.secureTransport ?? "true",
    "aws:SourceIp": (req.socket?.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
    "aws:CurrentTime": new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    "aws:EpochTime": String(Math.floor(nowMs / 1000)),
    "aws:ResourceAccount": opts.account ?? "000000000000",
    "s3:ResourceAccount": opts.account ?? "000000000000",
    "s3:authType": auth.authType,
    "s3:signatureversion": "AWS4-HMAC-SHA256",
    "s3:signatureAge": String(Math.max(0, nowMs - auth.signedAt.getTime())),
    "s3:x-amz-content-sha256": auth.payloadHash,
  };
  if ((opts.secureTransport ?? "true") === "true") ctx["s3:TlsVersion"] = "1.3";
  if (headers.has("user-agent")) ctx["aws:UserAgent"] = headers.get("user-agent");
  if (headers.has("referer")) ctx["aws:Referer"] = headers.get("referer");
  if (c?.identityId) {
    ctx["aws:FederatedProvider"] = "cognito-identity.amazonaws.com";
    ctx["aws:TokenIssueTime"] = c.issuedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
    ctx["cognito-identity.amazonaws.com:sub"] = c.identityId;
    ctx["cognito-identity.amazonaws.com:aud"] = c.identityPoolId;
    ctx["cognito-identity.amazonaws.com:amr"] = c.amr;
  }
  return ctx;
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
  };
}

function objectHeaders(o, withChecksum) {
  const h = {
    "content-type": o.contentType,
    "last-modified": httpDate(o.lastModified),
    etag: o.etag,
    "accept-ranges": "bytes",
    "x-amz-server-side-encryption": "AES256",
  };
  if (o.versionId) h["x-amz-version-id"] = o.versionId;
  if (o.contentDisposition) h["content-disposition"] = o.contentDisposition;
  if (o.contentEncoding) h["content-encoding"] = o.contentEncoding;
  if (o.contentLanguage) h["content-language"] = o.contentLanguage;
  if (o.cacheControl) h["cache-control"] = o.cacheControl;
  if (o.expires) h.expires = o.expires;
  for (const [k, v] of Object.entries(o.metadata)) h[`x-amz-meta-${k}`] = v;
  if (withChecksum) {
    for (const [alg, v] of Object.entries(o.checksums)) h[`x-amz-checksum-${alg}`] = v;
    if (Object.keys(o.checksums).length) h["x-amz-checksum-type"] = o.checksumType ?? "FULL_OBJECT";
  }
  return h;
}

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

async function dispatch(c) {
  const { op, bucket, key, query, headers, body, store, send, sendXml, sendError } = c;
  const b = store.bucket(bucket);
  switch (op.operation) {
    case "ListObjectsV2":
    case "ListObjects": {
      const v2 = op.operation === "ListObjectsV2";
      const prefix = query.get("prefix") ?? "";
      const delimiter = query.get("delimiter") ?? "";
      const maxKeys = maxKeysParam(query);
      const urlEncode = query.get("encoding-type") === "url";
      if (query.has("encoding-type") && !urlEncode) throw new S3Error(400, "InvalidArgument", "Invalid Encoding Method specified in Request", { ArgumentName: "encoding-type" });
      let after = "";
      const token = query.get("continuation-token");
      if (v2 && token !== undefined) {
        try {
          const t = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
          if (t.b !== bucket || typeof t.k !== "string") throw new Error();
          after = t.k;
        } catch {
          throw new S3Error(400, "InvalidArgument", "The continuation token provided is incorrect", { ArgumentName: "continuation-token" });
        }
      } else if (v2 && query.has("start-after")) after = query.get("start-after");
      else if (!v2 && query.has("marker")) after = query.get("marker");
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
    case "HeadBucket":
      return send(200, { "x-amz-bucket-region": c.model.env.region, "x-amz-access-point-alias": "false" });
    case "GetBucket:location":
      return sendXml(200, doc("LocationConstraint", [esc(c.model.env.region)]));
    case "GetObject":
    case "HeadObject": {
      if (query.has("versionId")) throw new S3Error(501, "NotImplemented", "Object versions are not kept by the local stand-in");
      const o = store.get(bucket, key);
      const cond = checkConditions(o, headers);
      const h = objectHeaders(o, headers.get("x-amz-checksum-mode") === "ENABLED");
      for (const [q, hn] of Object.entries(RESPONSE_OVERRIDES)) if (query.has(q)) h[hn] = query.get(q);
      if (cond === 304) return send(304, { etag: o.etag, "last-modified": h["last-modified"] });
      const range = headers.get("range");
      const m = range && /^bytes=(\d*)-(\d*)$/.exec(range);
      if (m && (m[1] !== "" || m[2] !== "")) {
        let start = m[1] === "" ? Math.max(0, o.size - Number(m[2])) : Number(m[1]);
        let end = m[1] === "" || m[2] === "" ? o.size - 1 : Math.min(Number(m[2]), o.size - 1);
        if (start >= o.size || start > end) {
          throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable", { RangeRequested: range, ActualObjectSize: String(o.size) });
        }
        const slice = o.body.subarray(start, end + 1);
        delete h["x-amz-checksum-crc32"];
        return send(206, { ...h, "content-range": `bytes ${start}-${end}/${o.size}`, "content-length": String(slice.length) }, c.req.method === "HEAD" ? undefined : slice);
      }
      if (c.req.method === "HEAD") return send(200, { ...h, "content-length": String(o.size) });
      return send(200, h, o.body);
    }
    case "PutObject": {
      if (headers.get("if-none-match") === "*" && store.has(bucket, key)) {
        throw new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-None-Match" });
      }
      const declared = declaredChecksums(headers);
      const alg = headers.get("x-amz-sdk-checksum-algorithm")?.toLowerCase() ?? headers.get("x-amz-checksum-algorithm")?.toLowerCase();
      const checksums = ObjectStore.checksums(body, declared, alg && !declared[alg] ? [alg] : []);
      const o = store.put(bucket, key, body, { ...objectMeta(headers), checksums, checksumType: Object.keys(checksums).length ? "FULL_OBJECT" : undefined });
      const h = { etag: o.etag, "x-amz-server-side-encryption": "AES256" };
      if (o.versionId) h["x-amz-version-id"] = o.versionId;
      for (const [a, v] of Object.entries(checksums)) h[`x-amz-checksum-${a}`] = v;
      if (Object.keys(checksums).length) h["x-amz-checksum-type"] = "FULL_OBJECT";
      return send(200, h);
    }
    case "CopyObject": {
      const src = op.copySource;
      if (src.versionId) throw new S3Error(501, "NotImplemented", "Object versions are not kept by the local stand-in");
      const s = store.get(src.bucket, src.key);
      checkCopyConditions(s, headers);
      const directive = (headers.get("x-amz-metadata-directive") ?? "COPY").toUpperCase();
      if (src.bucket === bucket && src.key === key && directive !== "REPLACE") {
        throw new S3Error(
          400,
          "InvalidRequest",
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      }
      const meta =
        directive === "REPLACE"
          ? objectMeta(headers)
          : {
              contentType: s.contentType,
              contentDisposition: s.contentDisposition,
              contentEncoding: s.contentEncoding,
              contentLanguage: s.contentLanguage,
              cacheControl: s.cacheControl,
              expires: s.expires,
              metadata: { ...s.metadata },
            };
      const alg = headers.get("x-amz-checksum-algorithm")?.toLowerCase();
      const checksums = ObjectStore.checksums(s.body, {}, alg ? [alg] : Object.keys(s.checksums).filter((a) => !s.checksums[a].includes("-")));
      const o = store.put(bucket, key, Buffer.from(s.body), { ...meta, checksums, checksumType: Object.keys(checksums).length ? "FULL_OBJECT" : undefined });
      const h = { "x-amz-server-side-encryption": "AES256" };
      if (o.versionId) h["x-amz-version-id"] = o.versionId;
      return sendXml(
        200,
        doc("CopyObjectResult", [
          el("ETag", o.etag),
          el("LastModified", iso(o.lastModified)),
          ...Object.entries(checksums).map(([a, v]) => el(`Checksum${a.toUpperCase()}`, v)),
          Object.keys(checksums).length ? el("ChecksumType", "FULL_OBJECT") : "",
        ]),
        h,
      );
    }
    case "DeleteObject": {
      if (query.has("versionId")) throw new S3Error(501, "NotImplemented", "Object versions are not kept by the local stand-in");
      const r = store.delete(bucket, key);
      const h = {};
      if (r.deleteMarker) {
        h["x-amz-delete-marker"] = "true";
        h["x-amz-version-id"] = r.versionId;
      }
      return send(204, h);
    }
    case "DeleteObjects": {
      const parts = [];
      c.deleteKeys.forEach((k, i) => {
        const d = c.decisions[i];
        if (!d?.allowed) {
          parts.push(el("Error", [el("Key", k.key), ...(k.versionId ? [el("VersionId", k.versionId)] : []), el("Code", "AccessDenied"), el("Message", "Access Denied")]));
          return;
        }
        if (k.versionId) {
          parts.push(el("Error", [el("Key", k.key), el("VersionId", k.versionId), el("Code", "NotImplemented"), el("Message", "Object versions are not kept by the local stand-in")]));
          return;
        }
        const r = store.delete(bucket, k.key);
        if (!c.quiet) parts.push(el("Deleted", [el("Key", k.key), ...(r.deleteMarker ? [el("DeleteMarker", "true"), el("DeleteMarkerVersionId", r.versionId)] : [])]));
      });
      return sendXml(200, doc("DeleteResult", parts));
    }
    case "CreateMultipartUpload": {
      const alg = headers.get("x-amz-checksum-algorithm")?.toLowerCase();
      const uploadId = store.createUpload(bucket, key, { ...objectMeta(headers), checksumAlgorithm: alg });
      const h = {};
      if (alg) {
        h["x-amz-checksum-algorithm"] = alg.toUpperCase();
        h["x-amz-checksum-type"] = alg === "crc64nvme" ? "FULL_OBJECT" : "COMPOSITE";
      }
      return sendXml(200, doc("InitiateMultipartUploadResult", [el("Bucket", bucket), el("Key", key), el("UploadId", uploadId)]), h);
    }
    case "UploadPart": {
      const u = store.upload(bucket, key, query.get("uploadId"));
      const declared = declaredChecksums(headers);
      if (u.checksumAlgorithm && !declared[u.checksumAlgorithm] && Object.keys(declared).length) {
        throw new S3Error(400, "InvalidRequest", `Checksum Type mismatch occurred, expected checksum Type: ${u.checksumAlgorithm}, actual checksum Type: ${Object.keys(declared)[0]}`);
      }
      const checksums = ObjectStore.checksums(body, declared, u.checksumAlgorithm ? [u.checksumAlgorithm] : []);
      const p = store.putPart(bucket, key, u.uploadId, Number(query.get("partNumber")), body, checksums);
      const h = { etag: p.etag, "x-amz-server-side-encryption": "AES256" };
      for (const [a, v] of Object.entries(checksums)) h[`x-amz-checksum-${a}`] = v;
      return send(200, h);
    }
    case "UploadPartCopy": {
      const u = store.upload(bucket, key, query.get("uploadId"));
      const src = op.copySource;
      const s = store.get(src.bucket, src.key);
      checkCopyConditions(s, headers);
      let data = s.body;
      const range = headers.get("x-amz-copy-source-range");
      if (range) {
        const m = /^bytes=(\d+)-(\d+)$/.exec(range);
        if (!m || Number(m[2]) >= s.size || Number(m[1]) > Number(m[2])) {
          throw new S3Error(400, "InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
        }
        data = s.body.subarray(Number(m[1]), Number(m[2]) + 1);
      }
      const checksums = ObjectStore.checksums(data, {}, u.checksumAlgorithm ? [u.checksumAlgorithm] : []);
      const p = store.putPart(bucket, key, u.uploadId, Number(query.get("partNumber")), Buffer.from(data), checksums);
      return sendXml(
        200,
        doc("CopyPartResult", [el("ETag", p.etag), el("LastModified", iso(p.lastModified)), ...Object.entries(checksums).map(([a, v]) => el(`Checksum${a.toUpperCase()}`, v))]),
      );
    }
    case "CompleteMultipartUpload": {
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
      const o = store.completeUpload(bucket, key, query.get("uploadId"), parts);
      const h = { "x-amz-server-side-encryption": "AES256" };
      if (o.versionId) h["x-amz-version-id"] = o.versionId;
      return sendXml(
        200,
        doc("CompleteMultipartUploadResult", [
          el("Location", `/${bucket}/${key}`),
          el("Bucket", bucket),
          el("Key", key),
          el("ETag", o.etag),
          ...Object.entries(o.checksums).map(([a, v]) => el(`Checksum${a.toUpperCase()}`, v)),
          Object.keys(o.checksums).length ? el("ChecksumType", o.checksumType ?? "COMPOSITE") : "",
        ]),
        h,
      );
    }
    case "AbortMultipartUpload":
      store.abortUpload(bucket, key, query.get("uploadId"));
      return send(204, {});
    case "ListParts": {
      const u = store.upload(bucket, key, query.get("uploadId"));
      const parts = [...u.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
      return sendXml(
        200,
        doc("ListPartsResult", [
          el("Bucket", bucket),
          el("Key", key),
          el("UploadId", u.uploadId),
          el("StorageClass", "STANDARD"),
          el("IsTruncated", "false"),
          ...(u.checksumAlgorithm ? [el("ChecksumAlgorithm", u.checksumAlgorithm.toUpperCase())] : []),
          ...parts.map((p) =>
            el("Part", [
              el("PartNumber", String(p.partNumber)),
              el("LastModified", iso(p.lastModified)),
              el("ETag", p.etag),
              el("Size", String(p.size)),
              ...Object.entries(p.checksums).map(([a, v]) => el(`Checksum${a.toUpperCase()}`, v)),
            ]),
          ),
        ]),
      );
    }
    default:
      return sendError(501, "NotImplemented", `${op.operation} is not implemented by the local stand-in`);
  }
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

