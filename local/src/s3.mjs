// The S3 endpoint (path-style): CORS from the template's bucket rules,
// SigV4 verification of every request, IAM evaluation of the template's
// policies for every action the request needs, then the operation itself
// (s3ops.mjs, one function per S3 operation). Errors are S3's XML errors
// with S3's status codes.

import crypto from "node:crypto";
import { mapS3Request } from "./iam/s3actions.mjs";
import { s3Address } from "./s3address.mjs";
import { runOperation } from "./s3ops.mjs";
import { existingTagContext } from "./s3tagging.mjs";
import { isPostObject, parseForm, postResponse, verifyPostPolicy } from "./s3post.mjs";
import { S3Error } from "./s3store.mjs";
import { verify, SigV4Error, headerMap, parseQuery } from "./sigv4.mjs";
import { all, doc, el, looksWellFormed, one } from "./xml.mjs";

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
    const sendError = (status, code, message, extra = {}, headers = {}) => {
      const body = doc(
        "Error",
        [el("Code", code), el("Message", message), ...Object.entries(extra).map(([k, v]) => el(k, v)), el("RequestId", requestId), el("HostId", hostId)],
        "",
      );
      send(status, { "content-type": "application/xml", ...headers }, req.method === "HEAD" ? undefined : body);
    };
    const sendXml = (status, xml, hdrs = {}) => send(status, { "content-type": "application/xml", ...hdrs }, xml);

    // POST Object (s3post.mjs): the policy's signature and conditions, then
    // s3:PutObject for the presigner's principal, then the write.
    const postObject = async (body) => {
      const form = parseForm(body, headers.get("content-type"));
      const { credentials, key: postKey } = verifyPostPolicy(form, { bucket, region, now: now(), lookup: opts.lookupCredentials });
      const resource = `arn:${model.env.partition}:s3:::${bucket}/${postKey}`;
      const signedAt = new Date(now());
      const ctx = requestContext({ credentials, authType: "POST", signedAt, payloadHash: "UNSIGNED-PAYLOAD" }, req, headers, now(), opts);
      const r = await model.evaluate({ role: roleOf(model, credentials), action: "s3:PutObject", resource, context: ctx });
      log({ requestId, method: req.method, url: req.url, operation: "PostObject", action: "s3:PutObject", resource, decision: r.decision, reason: r.reason });
      if (!r.allowed) return sendError(403, "AccessDenied", accessDeniedMessage(model, credentials, { ...r, action: "s3:PutObject", resource }));
      store.bucket(bucket);
      const o = store.put(bucket, postKey, form.file.data, { contentType: form.fields.get("content-type") ?? form.file.contentType, metadata: {} });
      const location = `${headers.get("host") ? `http://${headers.get("host")}` : ""}/${bucket}/${encodeURI(postKey)}`;
      const out = postResponse(form.fields, { bucket, key: postKey, etag: o.etag, location });
      return send(out.status, { ...out.headers, ...(o.versionId ? { "x-amz-version-id": o.versionId } : {}) }, out.body);
    };

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

    // A conditional write is registered from its first byte: a delete of its
    // key before it commits makes it fail with 409 (s3store.mjs checkWrite).
    const conditional =
      bucket && key && (req.method === "PUT" || req.method === "POST") && (headers.has("if-none-match") || headers.has("if-match"))
        ? store.beginConditional(bucket, key)
        : undefined;
    try {
      const body = await readBody(req);
      if (bucket && bucketInfo && isPostObject(req.method, key, headers)) return await postObject(body);

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
        const r = await model.evaluate({ role: roleOf(model, auth.credentials), action: a.action, resource: a.resource, context: { ...ctx, ...existingTagContext(store, a), ...a.context } });
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
      return await runOperation({ op, bucket, key, query, headers, body, store, send, sendXml, sendError, decisions, deleteKeys, quiet, req, model, conditional });
    } catch (e) {
      if (e instanceof S3Error) return sendError(e.status, e.code, e.message, e.extra, e.headers);
      if (e?.code === "ECONNRESET" && req.destroyed) return; // the client went away mid-body: nobody to answer
      console.error("[s3] internal error", e);
      return sendError(500, "InternalError", "We encountered an internal error. Please try again.");
    } finally {
      store.endConditional(conditional);
    }
  };
}

/**
 * The role a request is evaluated as: a service role's credentials (the
 * share function's, which the stand-in issues with service set) carry that
 * role; Cognito credentials keep the identity pool's authenticated role.
 */
export function roleOf(model, creds) {
  if (!creds?.service) return undefined;
  const role = [...model.roles.values()].find((r) => r.arn === creds.roleArn);
  if (!role) throw new S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  return role;
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
