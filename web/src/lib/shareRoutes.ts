// Where the sharing views live in the address (with the share service on).
// The signed-in views are fragments that cannot be a folder link (those
// start with "#/"): "#shares" (my shares), "#shared" (shared with me) and
// "#shared/<id>" (one named share). Two paths come from the service's
// redirects: /drop/<id> (a file-drop page, no sign-in) and /shared/<id>
// (a named share: opens "#shared/<id>" once signed in). Pure.

/** A share id: 128 random bits, base64url without padding. */
const ID_RE = /^[A-Za-z0-9_-]{22}$/;

export type SharingView = { k: "shares" } | { k: "shared"; id?: string };

/** The sharing view a fragment names, or null (a folder link, or nothing of ours). */
export function sharingViewOf(hash: string): SharingView | null {
  if (hash === "#shares") return { k: "shares" };
  if (hash === "#shared") return { k: "shared" };
  const m = /^#shared\/(.+)$/.exec(hash);
  return m && ID_RE.test(m[1]!) ? { k: "shared", id: m[1] } : null;
}

/** The fragment of a sharing view. */
export function sharingLink(v: SharingView): string {
  return v.k === "shares" ? "#shares" : v.id ? `#shared/${v.id}` : "#shared";
}

export type EntryPath = { k: "drop"; id: string } | { k: "shared"; id: string };

/** The page a path opens (/drop/<id>, /shared/<id>), or null for the app's own "/". */
export function entryPath(pathname: string): EntryPath | null {
  const m = /^\/(drop|shared)\/([^/]+)\/?$/.exec(pathname);
  if (!m || !ID_RE.test(m[2]!)) return null;
  return { k: m[1] as "drop" | "shared", id: m[2]! };
}

/** A file-drop page's way through a sign-in: the fragment kept in the OAuth state, and back. */
export function dropReturnHash(id: string): string {
  return `#drop/${id}`;
}

/** The drop a returned fragment names ("#drop/<id>"), or null. */
export function dropOfReturnHash(hash: string): string | null {
  const m = /^#drop\/(.+)$/.exec(hash);
  return m && ID_RE.test(m[1]!) ? m[1]! : null;
}
