// The share service's HTTP API (docs/sharing-api.md), on the site's own
// origin: /api/shares (mine), /api/shared-with-me (named shares to me) and
// /api/drops (file-drop links, no sign-in). Signed-in routes carry the ID
// token as a bearer token. Every failure is a ShareApiError whose message
// says what was being done and what the service answered.

/** A share as the service describes it. */
export interface Share {
  id: string;
  kind: "link" | "drop";
  /** The full S3 key; a folder's ends with "/". */
  key: string;
  name: string;
  /** The link to hand out: <site>/s/<id>. */
  url: string;
  createdAt: string;
  expiresAt: string;
  hasPassword: boolean;
  maxDownloads: number | null;
  downloads: number;
  recipients: string[];
  signedInOnly?: boolean;
  /** Drops: the largest file accepted, in bytes. */
  maxBytes?: number;
  status: "active" | "expired" | "revoked" | "used-up";
}

/** What POST /api/shares takes. A drop has no key: the service makes its folder. */
export interface NewShare {
  kind: "link" | "drop";
  key?: string;
  expiresInDays: number;
  password?: string;
  maxDownloads?: number;
  recipients?: string[];
  signedInOnly?: boolean;
  maxBytes?: number;
}

/** A named share whose recipients include me. */
export interface SharedWithMe {
  id: string;
  name: string;
  kind: "link";
  isFolder: boolean;
  ownerEmail?: string;
  expiresAt: string;
}

/** A file inside a shared folder; path is relative to it. */
export interface SharedItem {
  path: string;
  size: number;
  lastModified: string;
}

/** What a file-drop page shows before uploading. */
export interface DropInfo {
  name: string;
  expiresAt: string;
  maxBytes: number;
  signedInOnly: boolean;
}

/** A presigned POST: the form fields go first, then the file, to url. */
export interface PostTarget {
  url: string;
  fields: Record<string, string>;
  key: string;
}

/** A refused or failed call; status 0 when no answer came. */
export class ShareApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = "ShareApiError";
    this.status = status;
    this.code = code;
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The calls anyone can make (file-drop pages); base is the site's origin ("" for the page's own). */
export class DropApi {
  protected readonly fetchFn: Fetch;
  protected readonly base: string;
  constructor(fetchFn: Fetch = (i, r) => fetch(i, r), base = "") {
    this.fetchFn = fetchFn;
    this.base = base;
  }

  /** The drop's name, expiry and limits; a 404 means unknown, expired or revoked. */
  async drop(id: string): Promise<DropInfo> {
    return this.call("Opening the file-drop link", "GET", `/api/drops/${encodeURIComponent(id)}`);
  }

  /** Where to POST one file; with a token, the route for drops that only take signed-in users. */
  async uploadTarget(id: string, file: { name: string; size: number }, token?: string): Promise<PostTarget> {
    const route = token ? "signed-in-uploads" : "uploads";
    return this.call(`Preparing the upload of ${file.name}`, "POST", `/api/drops/${encodeURIComponent(id)}/${route}`, { name: file.name, size: file.size }, token);
  }

  /** One request: JSON in and out, errors named after `what`. */
  protected async call<T>(what: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await this.fetchFn(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin", cache: "no-store" });
    } catch (e) {
      throw new ShareApiError(`${what}: the share service could not be reached (${(e as Error).message || e}). Check your connection and try again.`, 0, "network");
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const json = parseJson(text);
    if (res.ok && json !== undefined && res.headers.get("content-type")?.includes("json")) return json as T;
    throw failure(what, res, json);
  }
}

/** The signed-in calls; token() gives a fresh ID token (or throws SessionExpiredError). */
export class ShareApi extends DropApi {
  private readonly token: () => Promise<string>;
  constructor(token: () => Promise<string>, fetchFn?: Fetch, base = "") {
    super(fetchFn, base);
    this.token = token;
  }

  async create(req: NewShare): Promise<Share> {
    const what = req.kind === "drop" ? "Creating the file-drop link" : "Creating the share";
    return (await this.authed<{ share: Share }>(what, "POST", "/api/shares", req)).share;
  }

  /** My shares, newest first, the expired and revoked ones included. */
  async list(): Promise<Share[]> {
    return (await this.authed<{ shares: Share[] }>("Listing your shares", "GET", "/api/shares")).shares;
  }

  async revoke(id: string): Promise<void> {
    await this.authed("Revoking the share", "DELETE", `/api/shares/${encodeURIComponent(id)}`);
  }

  async sharedWithMe(): Promise<SharedWithMe[]> {
    return (await this.authed<{ shares: SharedWithMe[] }>("Listing what is shared with you", "GET", "/api/shared-with-me")).shares;
  }

  /** The files of a shared folder. */
  async items(id: string): Promise<SharedItem[]> {
    return (await this.authed<{ items: SharedItem[] }>("Listing the shared folder", "GET", `/api/shared-with-me/${encodeURIComponent(id)}/items`)).items;
  }

  /** A short-lived download URL of a shared file (path: a file inside a shared folder). */
  async fileUrl(id: string, path?: string): Promise<string> {
    const q = path === undefined ? "" : `?path=${encodeURIComponent(path)}`;
    return (await this.authed<{ url: string }>("Getting the download link", "GET", `/api/shared-with-me/${encodeURIComponent(id)}/url${q}`)).url;
  }

  async signedInUploadTarget(id: string, file: { name: string; size: number }): Promise<PostTarget> {
    return this.uploadTarget(id, file, await this.token());
  }

  private async authed<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
    return this.call<T>(what, method, path, body, await this.token());
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error for an answer that is not the one wanted: the service's own message, else what came back. */
function failure(what: string, res: Response, json: unknown): ShareApiError {
  const err = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof err?.code === "string" ? err.code : "";
  const said = typeof err?.message === "string" ? err.message : "";
  const status = `HTTP ${res.status}${code ? ` ${code}` : ""}`;
  if (said) return new ShareApiError(`${what}: ${said} (${status}).`, res.status, code);
  if (res.status === 404) return new ShareApiError(`${what}: not found: it does not exist, has expired or was revoked (${status}).`, 404, code);
  if (res.status === 401) return new ShareApiError(`${what}: the share service did not accept your sign-in (${status}). Sign in again.`, 401, code);
  if (res.status === 429) return new ShareApiError(`${what}: too many requests; wait a moment and try again (${status}).`, 429, code);
  const type = res.headers.get("content-type") || "no content type";
  return new ShareApiError(`${what}: the share service answered ${status} with ${type}, not the JSON expected.`, res.status, code);
}
