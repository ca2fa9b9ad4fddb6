// Object tags as S3 keeps them: a tag set per object version, written with
// an upload (x-amz-tagging, URL-encoded), with PutObjectTagging, copied by
// CopyObject (x-amz-tagging-directive COPY, the default) or replaced
// (REPLACE, then x-amz-tagging), read with GetObjectTagging. And the
// condition keys S3 puts in a request's context from them, so a bucket
// policy on s3:ExistingObjectTag/<key> or s3:RequestObjectTagKeys applies
// as in AWS.

import { S3Error } from "./s3store.mjs";
import { all, doc, el, one } from "./xml.mjs";

/** S3's limits: 10 tags a version, keys up to 128 characters, values up to 256. */
export const MAX_TAGS = 10;

function invalidTag(message) {
  return new S3Error(400, "InvalidTag", message);
}

/** Checks a tag set ({ key: value }) against S3's limits; returns it. */
export function checkTags(tags) {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) throw new S3Error(400, "BadRequest", "Object tags cannot be greater than 10");
  for (const k of keys) {
    if (k.length === 0 || k.length > 128) throw invalidTag("The TagKey you have provided is invalid");
    if (tags[k].length > 256) throw invalidTag("The TagValue you have provided is invalid");
    if (k.startsWith("aws:")) throw invalidTag("Your TagKey cannot be prefixed with aws:");
  }
  return tags;
}

/** The tag set of an x-amz-tagging header ("k1=v1&k2=v2", URL-encoded), or undefined without the header. */
export function tagsOfHeader(headers) {
  const h = headers.get("x-amz-tagging");
  if (h === undefined) return undefined;
  const tags = {};
  for (const [k, v] of new URLSearchParams(h)) {
    if (Object.hasOwn(tags, k)) throw invalidTag("Cannot provide multiple Tags with the same key");
    tags[k] = v;
  }
  return checkTags(tags);
}

/** The tag set of a PutObjectTagging body. */
export function tagsOfXml(xml) {
  const tags = {};
  for (const t of all(xml, "Tag")) {
    const k = one(t, "Key");
    if (k === undefined) throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
    if (Object.hasOwn(tags, k)) throw invalidTag("Cannot provide multiple Tags with the same key");
    tags[k] = one(t, "Value") ?? "";
  }
  return checkTags(tags);
}

/** A GetObjectTagging answer. */
export function taggingXml(tags = {}) {
  return doc("Tagging", [el("TagSet", Object.entries(tags).map(([k, v]) => el("Tag", [el("Key", k), el("Value", v)])))]);
}

/** The tags of a copy: the source's (COPY, the default) or the request's (REPLACE). */
export function copiedTags(headers, source) {
  const directive = (headers.get("x-amz-tagging-directive") ?? "COPY").toUpperCase();
  if (directive !== "COPY" && directive !== "REPLACE") {
    throw new S3Error(400, "InvalidArgument", "Unknown tagging directive.", { ArgumentName: "x-amz-tagging-directive", ArgumentValue: directive });
  }
  return directive === "REPLACE" ? (tagsOfHeader(headers) ?? {}) : { ...(source.tags ?? {}) };
}

/**
 * s3:ExistingObjectTag/<key> of the object version an authorization is
 * about (its resource, and s3:versionid when it names a version), looked
 * up in the store; {} when it does not exist (yet).
 */
export function existingTagContext(store, authorization) {
  const m = /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(authorization.resource);
  if (!m) return {};
  let o;
  try {
    const versionId = authorization.context?.["s3:versionid"];
    o = versionId === undefined ? store.get(m[1], m[2]) : store.getVersion(m[1], m[2], versionId);
  } catch {
    return {};
  }
  const ctx = {};
  for (const [k, v] of Object.entries(o.tags ?? {})) ctx[`s3:ExistingObjectTag/${k}`] = v;
  return ctx;
}

// --- the operations ---

/** GetObjectTagging: the tag set of the current version or of the version named. */
export function getObjectTagging({ bucket, key, query, store, sendXml }) {
  const o = versionOf(store, bucket, key, query.get("versionId"));
  return sendXml(200, taggingXml(o.tags), versionHeader(o));
}

/** PutObjectTagging: replaces the version's tag set. */
export function putObjectTagging({ bucket, key, query, body, store, send }) {
  const tags = tagsOfXml(body.toString("utf8"));
  const o = store.setTags(bucket, key, query.get("versionId"), tags);
  return send(200, versionHeader(o));
}

/** DeleteObjectTagging: removes the version's tag set. */
export function deleteObjectTagging({ bucket, key, query, store, send }) {
  const o = store.setTags(bucket, key, query.get("versionId"), {});
  return send(204, versionHeader(o));
}

function versionOf(store, bucket, key, versionId) {
  const o = versionId === undefined ? store.get(bucket, key) : store.getVersion(bucket, key, versionId);
  if (o.deleteMarker) throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", { Method: "GET", ResourceType: "DeleteMarker" });
  return o;
}

const versionHeader = (o) => (o.versionId ? { "x-amz-version-id": o.versionId } : {});
