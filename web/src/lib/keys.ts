// S3 key and prefix handling. Pure: no DOM, no SDK.
//
// Keys are never normalised: "a/../b" is an ordinary key in S3 and is shown
// as it is. Only names the user types for NEW files/folders are restricted.

import type { AppConfig } from "./config";

/** S3 keys are at most 1024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

const encoder = new TextEncoder();

export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

export interface OwnerIdentity {
  /** Identity pool identity id, "<region>:<uuid>". */
  identityId?: string;
  /** The ID token's sub claim. */
  sub?: string;
}

const IDENTITY_ID_RE = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2}):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SUB_RE = /^[A-Za-z0-9-]{1,128}$/;

/**
 * The signed-in user's own folder: `${ownerPrefix}${identityId}/` or
 * `${ownerPrefix}${sub}/`, depending on config.ownerKey. Throws if the id
 * needed is missing or malformed (it must never contain "/").
 */
export function ownerFolder(
  cfg: Pick<AppConfig, "ownerPrefix" | "ownerKey" | "region">,
  who: OwnerIdentity,
): string {
  if (cfg.ownerKey === "identityId") {
    const id = who.identityId;
    if (!id) throw new Error("No identity pool identity id: cannot locate your folder");
    const m = IDENTITY_ID_RE.exec(id);
    if (!m || m[1] !== cfg.region) throw new Error(`Unexpected identity id ${JSON.stringify(id)}`);
    return `${cfg.ownerPrefix}${id}/`;
  }
  const sub = who.sub;
  if (!sub) throw new Error("The ID token has no sub claim: cannot locate your folder");
  if (!SUB_RE.test(sub)) throw new Error(`Unexpected sub claim ${JSON.stringify(sub)}`);
  return `${cfg.ownerPrefix}${sub}/`;
}

/** True if prefix lies in (or is) the user's own folder. */
export function isListablePrefix(prefix: string, home: string): boolean {
  return home.endsWith("/") && prefix.startsWith(home);
}

/** True if key is an object strictly inside the user's own folder. */
export function isOwnKey(key: string, home: string): boolean {
  return home.endsWith("/") && key.startsWith(home) && key.length > home.length;
}

export class KeyScopeError extends Error {
  constructor(key: string) {
    super(`Refusing to touch ${JSON.stringify(key)}: it is outside your folder`);
    this.name = "KeyScopeError";
  }
}

export function assertListablePrefix(prefix: string, home: string): void {
  if (!isListablePrefix(prefix, home)) throw new KeyScopeError(prefix);
}

export function assertOwnKey(key: string, home: string): void {
  if (!isOwnKey(key, home)) throw new KeyScopeError(key);
}

const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/**
 * Checks a single name typed by the user (or taken from a dropped file) for a
 * NEW file or folder. Returns an error message, or null if acceptable.
 */
export function validateName(name: string): string | null {
  if (name.length === 0 || name.trim().length === 0) return "A name is required.";
  if (name === "." || name === "..") return `"${name}" is not allowed as a name.`;
  if (name.includes("/")) return 'A name cannot contain "/".';
  if (CONTROL_RE.test(name)) return "A name cannot contain control characters.";
  return null;
}

/** Returns an error message if key is longer than S3 allows, else null. */
export function checkKeyLength(key: string): string | null {
  const n = utf8Length(key);
  if (n > MAX_KEY_BYTES) {
    return `The name is too long: the full path would be ${n} bytes of UTF-8, and S3 allows at most ${MAX_KEY_BYTES}.`;
  }
  return null;
}

/**
 * Key of a new file or folder named `name` inside `parent` (a prefix ending
 * in "/"). Validates the name and the final length. Returns either the key
 * or an error message.
 */
export function newChildKey(
  parent: string,
  name: string,
  kind: "file" | "folder",
): { key: string } | { error: string } {
  const bad = validateName(name);
  if (bad) return { error: bad };
  const key = kind === "folder" ? `${parent}${name}/` : `${parent}${name}`;
  const long = checkKeyLength(key);
  if (long) return { error: long };
  return { key };
}

/** The display name of a key or folder prefix listed under parent. */
export function childName(key: string, parent: string): string {
  const rel = key.startsWith(parent) ? key.slice(parent.length) : key;
  return rel.endsWith("/") ? rel.slice(0, -1) : rel;
}

/** The last segment of a key (file name) or folder prefix. */
export function baseName(key: string): string {
  const k = key.endsWith("/") ? key.slice(0, -1) : key;
  return k.slice(k.lastIndexOf("/") + 1);
}

/** The prefix (ending in "/") that contains key. */
export function parentPrefix(key: string): string {
  const k = key.endsWith("/") ? key.slice(0, -1) : key;
  return k.slice(0, k.lastIndexOf("/") + 1);
}

/** Path of key relative to home, as shown to the user (folders end in "/"). */
export function relativePath(key: string, home: string): string {
  return key.startsWith(home) ? key.slice(home.length) : key;
}

/**
 * Parses a destination path typed by the user for rename/move, relative to
 * home ("docs/report.pdf"; a leading "/" is allowed). Every segment is
 * validated like a new name. For folders the result ends in "/".
 */
export function parseDestination(
  input: string,
  home: string,
  kind: "file" | "folder",
): { key: string } | { error: string } {
  let p = input.startsWith("/") ? input.slice(1) : input;
  if (kind === "folder" && p.endsWith("/")) p = p.slice(0, -1);
  if (p.length === 0) return { error: "A name is required." };
  const segments = p.split("/");
  for (const seg of segments) {
    if (seg === "") return { error: "The path contains an empty segment (\"//\")." };
    const bad = validateName(seg);
    if (bad) return { error: bad };
  }
  const key = home + segments.join("/") + (kind === "folder" ? "/" : "");
  const long = checkKeyLength(key);
  if (long) return { error: long };
  return { key };
}

export interface MovePair {
  from: string;
  to: string;
}

/**
 * Plans moving `keys` (all under fromPrefix) to toPrefix, keeping their
 * relative paths. Works for a single object too (fromPrefix = key,
 * toPrefix = new key, keys = [key]). Refuses moves into itself, moves out of
 * home and keys that would become too long.
 */
export function planMove(
  keys: string[],
  fromPrefix: string,
  toPrefix: string,
  home: string,
): { pairs: MovePair[] } | { error: string } {
  if (fromPrefix === toPrefix) return { error: "The new name is the same as the old one." };
  if (!isOwnKey(fromPrefix, home) || !isOwnKey(toPrefix, home)) {
    return { error: "You can only move things within your own folder." };
  }
  if (fromPrefix.endsWith("/") && toPrefix.startsWith(fromPrefix)) {
    return { error: "A folder cannot be moved into itself." };
  }
  const pairs: MovePair[] = [];
  for (const k of keys) {
    if (!k.startsWith(fromPrefix)) return { error: `Internal error: ${k} is not under ${fromPrefix}` };
    const to = toPrefix + k.slice(fromPrefix.length);
    const long = checkKeyLength(to);
    if (long) return { error: `${relativePath(to, home)}: ${long}` };
    pairs.push({ from: k, to });
  }
  return { pairs };
}

/** RFC 3986 strict percent-encoding of one path segment (also !'()*). */
export function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * The CopySource header value for CopyObject/UploadPartCopy: "bucket/key"
 * with each key segment URL-encoded (the SDK does not encode it).
 */
export function encodeCopySource(bucket: string, key: string): string {
  return `${bucket}/${key.split("/").map(encodeSegment).join("/")}`;
}

/**
 * Content-Disposition for a download: an ASCII fallback filename plus the
 * exact UTF-8 name (RFC 6266 / RFC 5987).
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_") || "download";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeSegment(filename)}`;
}
