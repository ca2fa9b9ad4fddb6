// Recursive listings of a folder (ListObjectsV2 without a delimiter, or
// with one for a single folder's level): page by page, bounded and
// cancellable, for search, storage used, and actions on whole folders.

import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { assertListablePrefix } from "../lib/keys";
import type { ListedObject } from "../lib/search";
import type { Storage } from "./s3";

export interface ScanOptions {
  /** "/" lists one level (files and, as keys ending in "/", its folders); none lists everything below. */
  delimiter?: string;
  signal?: AbortSignal;
  /** Stop after this many keys (the result says it is incomplete). */
  limit?: number;
}

/** Pages of a listing under prefix; the last one says whether everything was listed. */
export async function* scan(storage: Storage, prefix: string, opts: ScanOptions = {}): AsyncGenerator<{ objects: ListedObject[]; scanned: number; complete: boolean }> {
  assertListablePrefix(prefix, storage.home);
  let token: string | undefined;
  let scanned = 0;
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  do {
    opts.signal?.throwIfAborted();
    const r = await storage.client.send(
      new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, Delimiter: opts.delimiter, ContinuationToken: token, MaxKeys: 1000 }),
      { abortSignal: opts.signal },
    );
    const objects: ListedObject[] = (r.Contents ?? []).flatMap((o) => (o.Key ? [{ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified?.getTime() }] : []));
    for (const p of r.CommonPrefixes ?? []) if (p.Prefix) objects.push({ key: p.Prefix, size: 0 });
    scanned += objects.length;
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
    const complete = !token;
    yield { objects, scanned, complete };
    if (!complete && scanned >= limit) return;
  } while (token);
}

/** Every object under prefix (recursively), up to limit: { objects, complete }. */
export async function listUnder(storage: Storage, prefix: string, opts: ScanOptions = {}): Promise<{ objects: ListedObject[]; complete: boolean }> {
  const objects: ListedObject[] = [];
  let complete = false;
  for await (const page of scan(storage, prefix, opts)) {
    objects.push(...page.objects);
    complete = page.complete;
  }
  return { objects, complete };
}

/** A file's listing entry (size, date), found by listing with its key as the prefix; null when there is none. */
export async function statFile(storage: Storage, key: string): Promise<{ key: string; size: number; lastModified?: number } | null> {
  for await (const page of scan(storage, key, { limit: 1 })) {
    const o = page.objects.find((x) => x.key === key);
    return o ? { key, size: o.size, lastModified: o.lastModified } : null;
  }
  return null;
}
