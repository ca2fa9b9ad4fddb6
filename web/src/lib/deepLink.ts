// Where the browser is, as the URL's fragment: "#/docs/2024/" is a folder,
// "#/docs/2024/report.pdf" that file's preview in its folder, "#/" (or no
// fragment) the user's own folder. Pure.
//
// The fragment, not the path: it never leaves the browser, so file names
// are in no request line, CloudFront or WAF log, or Referer; and browsers
// do not resolve "." and ".." segments in it. Each folder name is
// percent-encoded on its own (unicode, "#", "?", "%", "/" inside a name
// never clash with the separators). The path in the link is relative to
// the signed-in user's own folder and is appended to it, so no link can
// point anywhere else: a "." or ".." segment, which the browser's fetch
// would resolve out of the key, is refused, as is malformed encoding.

import { checkKeyLength } from "./keys";
import { dropOfReturnHash, sharingViewOf } from "./shareRoutes";

/** A place in the own folder: the folder shown and, with a preview open, the file's key. */
export interface Place {
  /** A prefix inside home, ending in "/". */
  folder: string;
  /** The key of the file previewed (inside folder), if any. */
  file?: string;
}

/** RFC 3986 percent-encoding of one name, leaving nothing that could read as a separator. */
function encodeName(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The fragment ("#/…") for a place inside home. */
export function linkFor(home: string, place: Place): string {
  const target = place.file ?? place.folder;
  if (!target.startsWith(home)) return "#/";
  const rel = target.slice(home.length);
  return "#/" + rel.split("/").map(encodeName).join("/");
}

export type ParsedLink = { place: Place } | { error: string };

/**
 * The place a fragment names inside home, or why it names none: the user
 * sees that message and their own folder. An empty fragment is home.
 */
export function parseLink(hash: string, home: string): ParsedLink {
  const h = hash.startsWith("#") ? hash.slice(1) : hash;
  if (h === "" || h === "/") return { place: { folder: home } };
  if (!h.startsWith("/")) return { error: "This link does not point to a folder." };
  const parts = h.slice(1).split("/");
  const names: string[] = [];
  for (const p of parts) {
    let name: string;
    try {
      name = decodeURIComponent(p);
    } catch {
      return { error: "This link is damaged (bad % encoding)." };
    }
    names.push(name);
  }
  const rel = names.join("/");
  // Checked on the joined path: a crafted "%2F" inside a name must not smuggle a dot segment in.
  if (rel.split("/").some((n) => n === "." || n === "..")) {
    return { error: 'This link names a "." or ".." folder, which links cannot reach.' };
  }
  const key = home + rel;
  const long = checkKeyLength(key);
  if (long) return { error: long };
  if (rel.endsWith("/")) return { place: { folder: key } };
  const slash = key.lastIndexOf("/");
  return { place: { folder: key.slice(0, slash + 1), file: key } };
}

/**
 * A fragment kept across a sign-in (in the OAuth state) is taken back only
 * if it is a link, nothing else: "#/" and at most a few thousand characters,
 * or one of the sharing views (lib/shareRoutes.ts).
 */
export function safeReturnHash(value: unknown): string | undefined {
  if (typeof value === "string" && (sharingViewOf(value) || dropOfReturnHash(value))) return value;
  if (typeof value !== "string" || !value.startsWith("#/") || value.length > 8192) return undefined;
  return /[\u0000-\u001f\u007f\s]/.test(value) ? undefined : value;
}
