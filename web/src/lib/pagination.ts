// Listing state for one folder: pages of ListObjectsV2 results fetched on
// demand with ContinuationToken, and a page-sized window shown at a time
// (never thousands of rows in the DOM). Pure.

export interface Entry {
  kind: "folder" | "file";
  /** Full S3 key (folders end with "/"). */
  key: string;
  /** Name relative to the listed folder (no trailing "/"). */
  name: string;
  size?: number;
  /** Milliseconds since the epoch. */
  lastModified?: number;
}

export interface RawObject {
  Key?: string;
  Size?: number;
  LastModified?: Date;
}

export interface Listing {
  /** The folder listed (ends in "/"). */
  folder: string;
  /** The Prefix sent: folder + search text. */
  prefix: string;
  entries: Entry[];
  /** ContinuationToken for the next S3 page, if any. */
  nextToken?: string;
  /** True once S3 reported IsTruncated = false. */
  complete: boolean;
}

export function emptyListing(folder: string, search = ""): Listing {
  return { folder, prefix: folder + search, entries: [], complete: false };
}

/**
 * Converts one ListObjectsV2 page (Delimiter "/") into entries. The folder's
 * own marker object ("folder/" itself) is skipped.
 */
export function toEntries(folder: string, commonPrefixes: string[], contents: RawObject[]): Entry[] {
  const out: Entry[] = [];
  for (const p of commonPrefixes) {
    if (!p.startsWith(folder) || p === folder) continue;
    out.push({ kind: "folder", key: p, name: p.slice(folder.length, -1) });
  }
  for (const o of contents) {
    const key = o.Key;
    if (!key || key === folder || !key.startsWith(folder)) continue;
    out.push({
      kind: "file",
      key,
      name: key.slice(folder.length),
      size: o.Size ?? 0,
      lastModified: o.LastModified ? o.LastModified.getTime() : undefined,
    });
  }
  return out;
}

/** Appends a fetched page (deduplicating by key). */
export function appendPage(listing: Listing, entries: Entry[], nextToken: string | undefined): Listing {
  const seen = new Set(listing.entries.map((e) => e.key));
  const merged = listing.entries.slice();
  for (const e of entries) {
    if (!seen.has(e.key)) {
      seen.add(e.key);
      merged.push(e);
    }
  }
  return { ...listing, entries: merged, nextToken, complete: !nextToken };
}

export interface PageView<T> {
  items: T[];
  pageIndex: number;
  /** Pages known so far (more may exist if !complete). */
  pageCount: number;
  hasPrev: boolean;
  hasNext: boolean;
  /** 1-based index of the first and last item shown. */
  from: number;
  to: number;
}

/** The window of `sorted` shown for pageIndex (clamped to what is loaded). */
export function pageView<T>(sorted: T[], pageIndex: number, pageSize: number, complete: boolean): PageView<T> {
  const size = Math.max(1, Math.floor(pageSize));
  const pageCount = Math.max(1, Math.ceil(sorted.length / size));
  const idx = Math.min(Math.max(0, Math.floor(pageIndex)), pageCount - 1);
  const start = idx * size;
  const items = sorted.slice(start, start + size);
  return {
    items,
    pageIndex: idx,
    pageCount,
    hasPrev: idx > 0,
    hasNext: start + size < sorted.length || !complete,
    from: items.length ? start + 1 : 0,
    to: start + items.length,
  };
}

/** True if showing pageIndex needs more entries fetched from S3 first. */
export function needsFetch(listing: Listing, pageIndex: number, pageSize: number): boolean {
  return !listing.complete && (pageIndex + 1) * pageSize > listing.entries.length;
}

/** S3 MaxKeys for the next request (S3 caps it at 1000). */
export function maxKeysFor(pageSize: number): number {
  return Math.min(1000, Math.max(1, Math.floor(pageSize)));
}

/**
 * The entry that an object just written shows as in `listing`: the file
 * itself when it lies directly in the listed folder, else the subfolder of
 * the listed folder that holds it; none when it lies elsewhere or does not
 * match the search (the listing's prefix).
 */
export function entryFor(listing: Listing, obj: { key: string; size: number; lastModified: number }): Entry | undefined {
  const { folder, prefix } = listing;
  if (!obj.key.startsWith(prefix) || obj.key === folder) return undefined;
  const rest = obj.key.slice(folder.length);
  const slash = rest.indexOf("/");
  if (slash < 0) return { kind: "file", key: obj.key, name: rest, size: obj.size, lastModified: obj.lastModified };
  return { kind: "folder", key: folder + rest.slice(0, slash + 1), name: rest.slice(0, slash) };
}

/** Adds entries written since the listing was fetched (a file's newer size and date replace the old). */
export function insertEntries(listing: Listing, entries: Entry[]): Listing {
  const index = new Map(listing.entries.map((e, i) => [e.key, i]));
  const merged = listing.entries.slice();
  let changed = false;
  for (const e of entries) {
    const i = index.get(e.key);
    if (i === undefined) {
      index.set(e.key, merged.length);
      merged.push(e);
      changed = true;
    } else if (e.kind === "file") {
      merged[i] = e;
      changed = true;
    }
  }
  // Nothing new (a folder already shown): the same listing, so nothing renders again.
  return changed ? { ...listing, entries: merged } : listing;
}
