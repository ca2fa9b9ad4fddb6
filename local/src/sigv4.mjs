// AWS Signature Version 4 verification for S3 requests: the Authorization
// header and presigned query strings (X-Amz-Algorithm=...), with session
// tokens. Pure apart from node:crypto; the caller supplies the credentials
// lookup and the clock.

import crypto from "node:crypto";

export const ALGORITHM = "AWS4-HMAC-SHA256";
/** S3 accepts requests signed at most 15 minutes off its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** Presigned URLs live at most 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export class SigV4Error extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    this.name = "SigV4Error";
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

const sha256hex = (data) => crypto.createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => crypto.createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
export function uriEncode(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** S3's canonical URI: each segment of the path as received, decoded once and encoded once (no dot-segment removal). */
export function canonicalUri(rawPath) {
  return rawPath
    .split("/")
    .map((seg) => uriEncode(safeDecode(seg)))
    .join("/");
}

/**
 * Parses a raw query string into [key, value] pairs, decoded as S3 decodes
 * them: percent-escapes, and "+" as a space (form encoding). Clients that
 * serialize with URLSearchParams send spaces as "+" and sign them as %20:
 * Amplify JS lists a folder "a b/" with `prefix=...a+b%2F`, and S3 accepts
 * it. A literal plus arrives as %2B.
 */
export function parseQuery(rawQuery) {
  if (!rawQuery) return [];
  const decode = (s) => safeDecode(s.replace(/\+/g, " "));
  return rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const i = p.indexOf("=");
      return i < 0 ? [decode(p), ""] : [decode(p.slice(0, i)), decode(p.slice(i + 1))];
    });
}

export function canonicalQuery(pairs) {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** rawHeaders (Node's [name, value, ...]) -> Map of lower-case name -> canonical value. */
export function headerMap(rawHeaders) {
  const m = new Map();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const k = rawHeaders[i].toLowerCase();
    const v = String(rawHeaders[i + 1]).trim().replace(/\s+/g, " ");
    m.set(k, m.has(k) ? `${m.get(k)},${v}` : v);
  }
  return m;
}

export function signingKey(secret, date, region, service) {
  return hmac(hmac(hmac(hmac("AWS4" + secret, date), region), service), "aws4_request");
}

export function canonicalRequest({ method, rawPath, queryPairs, headers, signedHeaders, payloadHash }) {
  const ch = signedHeaders.map((h) => `${h}:${headers.get(h) ?? ""}\n`).join("");
  return [method, canonicalUri(rawPath), canonicalQuery(queryPairs), ch, signedHeaders.join(";"), payloadHash].join("\n");
}

export function stringToSign(amzDate, scope, canonical) {
  return [ALGORITHM, amzDate, scope, sha256hex(canonical)].join("\n");
}

/** "20261124T063000Z" -> Date, or null. */
export function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? "");
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function parseCredential(cred, region, service) {
  const parts = (cred ?? "").split("/");
  if (parts.length !== 5 || parts[4] !== "aws4_request") {
    throw new SigV4Error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  }
  const [accessKeyId, date, r, s] = parts;
  if (r !== region) {
    throw new SigV4Error(400, "AuthorizationHeaderMalformed", `The authorization header is malformed; the region '${r}' is wrong; expecting '${region}'`, { Region: region });
  }
  if (s !== service) {
    throw new SigV4Error(400, "AuthorizationHeaderMalformed", `The authorization header is malformed; incorrect service "${s}". This endpoint belongs to "${service}".`);
  }
  return { accessKeyId, date, scope: parts.slice(1).join("/") };
}

/**
 * Verifies a request's signature. Throws SigV4Error (with S3's status, code
 * and message) or returns
 *   { credentials, authType: "REST-HEADER" | "REST-QUERY-STRING", signedAt: Date,
 *     payloadHash, accessKeyId }
 *
 * req: { method, rawPath, rawQuery, rawHeaders }
 * opts: { region, service = "s3", now = Date.now(), payloadHash (the body's SHA-256 hex, for services that send no x-amz-content-sha256),
 *         lookup(accessKeyId) -> { secretAccessKey, sessionToken?, expiration?: Date } | undefined }
 * Returns null when the request carries no signature at all (anonymous).
 */
export function verify(req, opts) {
  const { region, service = "s3", lookup } = opts;
  const now = opts.now ?? Date.now();
  const headers = headerMap(req.rawHeaders);
  const pairs = parseQuery(req.rawQuery);
  const q = new Map(pairs);
  const auth = headers.get("authorization");
  const presigned = q.has("X-Amz-Algorithm") || q.has("X-Amz-Signature") || q.has("X-Amz-Credential");
  if (!auth && !presigned) return null;
  if (auth && presigned) {
    throw new SigV4Error(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
  }

  let credential, signedHeaders, signature, amzDate, payloadHash, sessionToken, authType, expiresSeconds;
  if (auth) {
    authType = "REST-HEADER";
    const sp = auth.indexOf(" ");
    const alg = sp < 0 ? auth : auth.slice(0, sp);
    if (alg !== ALGORITHM) {
      throw new SigV4Error(400, "InvalidArgument", alg === "AWS" ? "Signature Version 2 is not supported locally; use AWS4-HMAC-SHA256." : "Unsupported Authorization Type");
    }
    const fields = new Map(
      auth
        .slice(sp + 1)
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean)
        .map((f) => {
          const i = f.indexOf("=");
          return [f.slice(0, i), f.slice(i + 1)];
        }),
    );
    for (const f of ["Credential", "SignedHeaders", "Signature"]) {
      if (!fields.get(f)) throw new SigV4Error(400, "AuthorizationHeaderMalformed", `The authorization header is malformed; missing ${f}.`);
    }
    credential = fields.get("Credential");
    signedHeaders = fields.get("SignedHeaders").split(";");
    signature = fields.get("Signature");
    amzDate = headers.get("x-amz-date");
    // Services other than S3 sign the body's hash without sending it: the caller gives it.
    payloadHash = headers.get("x-amz-content-sha256") ?? opts.payloadHash;
    sessionToken = headers.get("x-amz-security-token");
    if (!payloadHash) throw new SigV4Error(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  } else {
    authType = "REST-QUERY-STRING";
    if (q.get("X-Amz-Algorithm") !== ALGORITHM) {
      throw new SigV4Error(400, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }
    for (const f of ["X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date", "X-Amz-Expires"]) {
      if (!q.get(f)) {
        throw new SigV4Error(400, "AuthorizationQueryParametersError", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
      }
    }
    credential = q.get("X-Amz-Credential");
    signedHeaders = q.get("X-Amz-SignedHeaders").split(";");
    signature = q.get("X-Amz-Signature");
    amzDate = q.get("X-Amz-Date");
    payloadHash = q.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD";
    sessionToken = q.get("X-Amz-Security-Token");
    expiresSeconds = Number(q.get("X-Amz-Expires"));
    if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_PRESIGN_SECONDS) {
      throw new SigV4Error(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }
  }

  const cred = parseCredential(credential, region, service);
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) throw new SigV4Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
  if (!amzDate.startsWith(cred.date)) {
    throw new SigV4Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
  }
  if (!signedHeaders.includes("host")) {
    throw new SigV4Error(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; SignedHeaders must include host.");
  }
  if (auth && Math.abs(now - signedAt.getTime()) > MAX_SKEW_MS) {
    throw new SigV4Error(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", {
      RequestTime: amzDate,
      ServerTime: new Date(now).toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
  if (!auth) {
    if (signedAt.getTime() - now > MAX_SKEW_MS) throw new SigV4Error(403, "AccessDenied", "Request is not valid yet");
    if (now > signedAt.getTime() + expiresSeconds * 1000) {
      throw new SigV4Error(403, "AccessDenied", "Request has expired", {
        "X-Amz-Expires": String(expiresSeconds),
        Expires: new Date(signedAt.getTime() + expiresSeconds * 1000).toISOString(),
        ServerTime: new Date(now).toISOString(),
      });
    }
  }

  const creds = lookup(cred.accessKeyId);
  if (!creds) {
    throw new SigV4Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", { AWSAccessKeyId: cred.accessKeyId });
  }
  if (creds.sessionToken !== undefined) {
    if (!sessionToken) {
      throw new SigV4Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", { AWSAccessKeyId: cred.accessKeyId });
    }
    if (sessionToken !== creds.sessionToken) {
      throw new SigV4Error(400, "InvalidToken", "The provided token is malformed or otherwise invalid.", { Token: sessionToken });
    }
  }

  const queryForSigning = auth ? pairs : pairs.filter(([k]) => k !== "X-Amz-Signature");
  const canonical = canonicalRequest({ method: req.method, rawPath: req.rawPath, queryPairs: queryForSigning, headers, signedHeaders, payloadHash });
  const sts = stringToSign(amzDate, cred.scope, canonical);
  const expected = crypto.createHmac("sha256", signingKey(creds.secretAccessKey, cred.date, region, service)).update(sts).digest("hex");
  const ok = signature.length === expected.length && crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!ok) {
    throw new SigV4Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", {
      AWSAccessKeyId: cred.accessKeyId,
      StringToSign: sts,
      CanonicalRequest: canonical,
    });
  }
  // Credentials are checked after the signature, as S3 does.
  if (creds.expiration && now >= creds.expiration.getTime()) {
    throw new SigV4Error(400, "ExpiredToken", "The provided token has expired.", { Token: sessionToken ?? "" });
  }
  return { credentials: creds, authType, signedAt, payloadHash, accessKeyId: cred.accessKeyId };
}

/**
 * A SHA-256 (or, with a secret, HMAC-SHA256) hash in the shape the AWS SDK's
 * SignatureV4 expects (`sha256` option), backed by node:crypto: for signing
 * requests to the stand-in from Node.
 */
export class Sha256 {
  constructor(secret) {
    this.h = secret ? crypto.createHmac("sha256", Buffer.from(secret)) : crypto.createHash("sha256");
  }
  update(data) {
    this.h.update(typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}
