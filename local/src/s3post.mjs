// S3 POST Object: the browser-based upload of an HTML form, signed with a
// SigV4 POST policy (docs: "Browser-Based Uploads Using POST (AWS Signature
// Version 4)"). The form's fields come first, then `file`. The policy is
// verified (HMAC-SHA256 of the base64 policy with the signing key of the
// credential's secret), then its expiration, then every condition, and every
// form field must be covered by a condition. The upload is then authorized
// as s3:PutObject for the presigner's principal, as S3 does.

import crypto from "node:crypto";
import { S3Error } from "./s3store.mjs";
import { parseAmzDate, signingKey } from "./sigv4.mjs";

/** Is this request a POST Object (a bucket POST with a multipart form)? */
export function isPostObject(method, key, headers) {
  return method === "POST" && key === undefined && /^multipart\/form-data/i.test(headers.get("content-type") ?? "");
}

/**
 * Parses a multipart/form-data body: { fields: Map(lowercase name -> value),
 * names: [original names in order], file: { filename, contentType, data } }.
 */
export function parseForm(body, contentType) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  if (!m) throw new S3Error(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const fields = new Map();
  const names = [];
  let file;
  let pos = body.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const headerEnd = body.indexOf("\r\n\r\n", start);
    const next = body.indexOf(boundary, headerEnd);
    if (headerEnd < 0 || next < 0) throw new S3Error(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
    const head = body.subarray(start + 2, headerEnd).toString("utf8");
    const data = body.subarray(headerEnd + 4, next - 2); // the part ends with CRLF before the boundary
    const disp = /content-disposition:[^\r\n]*?\bname="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(head);
    const type = /content-type:\s*([^\r\n]+)/i.exec(head);
    if (disp) {
      if (disp[1].toLowerCase() === "file") {
        file = { filename: disp[2] ?? "", contentType: type?.[1]?.trim(), data };
        break; // S3 ignores anything after the file
      }
      fields.set(disp[1].toLowerCase(), data.toString("utf8"));
      names.push(disp[1]);
    }
    pos = next;
  }
  if (!file) throw new S3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.", { ArgumentName: "file", ArgumentValue: "0" });
  return { fields, names, file };
}

const denied = (why) => new S3Error(403, "AccessDenied", `Invalid according to Policy: ${why}`);

/**
 * Verifies the form's policy and signature. Returns { credentials, key }.
 * opts: { bucket, region, now (ms), lookup(accessKeyId) }
 */
export function verifyPostPolicy(form, opts) {
  const f = form.fields;
  for (const name of ["key", "policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"]) {
    if (!f.has(name)) throw new S3Error(400, "InvalidArgument", `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`, { ArgumentName: name, ArgumentValue: "" });
  }
  if (f.get("x-amz-algorithm") !== "AWS4-HMAC-SHA256") throw new S3Error(400, "InvalidArgument", "Only AWS4-HMAC-SHA256 is supported");
  const [accessKeyId, date, region, service, term] = f.get("x-amz-credential").split("/");
  if (term !== "aws4_request" || service !== "s3" || region !== opts.region) {
    throw new S3Error(400, "InvalidArgument", `Invalid credential: ${f.get("x-amz-credential")}`);
  }
  const creds = opts.lookup(accessKeyId);
  if (!creds) throw new S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", { AWSAccessKeyId: accessKeyId });
  const expected = crypto.createHmac("sha256", signingKey(creds.secretAccessKey, date, region, "s3")).update(f.get("policy")).digest("hex");
  const given = f.get("x-amz-signature");
  if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    throw new S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
  }
  if (creds.sessionToken && f.get("x-amz-security-token") !== creds.sessionToken) {
    throw new S3Error(403, "InvalidToken", "The provided token is malformed or otherwise invalid.");
  }
  if (creds.expiration && creds.expiration.getTime() < opts.now) throw new S3Error(400, "ExpiredToken", "The provided token has expired.");
  const signedAt = parseAmzDate(f.get("x-amz-date"));
  if (!signedAt || !f.get("x-amz-date").startsWith(date)) throw new S3Error(400, "InvalidArgument", "X-Amz-Date must match the credential's date");
  let policy;
  try {
    policy = JSON.parse(Buffer.from(f.get("policy"), "base64").toString("utf8"));
  } catch {
    throw new S3Error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.");
  }
  const expires = Date.parse(policy.expiration ?? "");
  if (!Number.isFinite(expires)) throw new S3Error(400, "InvalidPolicyDocument", "Invalid Policy: Policy missing expiration.");
  if (expires < opts.now) throw denied("Policy expired.");
  const key = f.get("key").replace("${filename}", form.file.filename);
  checkConditions(policy.conditions ?? [], { ...Object.fromEntries(f), key, bucket: opts.bucket }, form.file.data.length);
  return { credentials: creds, key };
}

/** Every condition holds, and every form field is covered by one. */
export function checkConditions(conditions, values, size) {
  const covered = new Set(["x-amz-signature", "policy", "file", "bucket"]);
  const value = (name) => values[name.replace(/^\$/, "").toLowerCase()] ?? "";
  for (const c of conditions) {
    if (Array.isArray(c) && String(c[0]).toLowerCase() === "content-length-range") {
      const [, min, max] = c;
      if (size > Number(max)) throw new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", { ProposedSize: String(size), MaxSizeAllowed: String(max) });
      if (size < Number(min)) throw new S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", { ProposedSize: String(size), MinSizeAllowed: String(min) });
      continue;
    }
    const [op, name, want] = Array.isArray(c) ? [String(c[0]).toLowerCase(), c[1], c[2]] : ["eq", `$${Object.keys(c)[0]}`, Object.values(c)[0]];
    const field = String(name).replace(/^\$/, "").toLowerCase();
    covered.add(field);
    const got = value(field);
    const ok = op === "eq" ? got === want : op === "starts-with" ? got.startsWith(want) : false;
    if (!ok) throw denied(`Policy Condition failed: ${JSON.stringify(Array.isArray(c) ? c : [op, name, want])}`);
  }
  for (const name of Object.keys(values)) {
    if (!covered.has(name) && !name.startsWith("x-ignore-")) throw denied(`Extra input fields: ${name}`);
  }
}

/** The response S3 sends for success_action_status (default 204). */
export function postResponse(fields, { bucket, key, etag, location }) {
  const status = ["200", "201"].includes(fields.get("success_action_status")) ? Number(fields.get("success_action_status")) : 204;
  const headers = { etag, location };
  if (status !== 201) return { status, headers };
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${location}</Location><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>${etag}</ETag></PostResponse>`;
  return { status, headers: { ...headers, "content-type": "application/xml" }, body };
}
