// Old versions and deleted files of the own folder: ListObjectVersions with
// an s3:prefix inside it (s3:ListBucketVersions), reading a version
// (s3:GetObjectVersion), and restoring one by copying it onto its key,
// which adds a new current version and destroys nothing. The policy
// grants no version delete: nothing here can lose data.

import { GetObjectCommand, ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { assertListablePrefix, assertOwnKey, attachmentDisposition, baseName } from "../lib/keys";
import { historyOf, rowsOf, type VersionRow } from "../lib/versions";
import type { Storage } from "./s3";

/** At most this many ListObjectVersions pages (of 1,000) are read for one view. */
export const MAX_VERSION_PAGES = 20;

/** Every version and delete marker under prefix (with delimiter: that folder's level only), up to MAX_VERSION_PAGES pages. */
export async function listVersionRows(
  storage: Storage,
  prefix: string,
  opts: { delimiter?: string; signal?: AbortSignal } = {},
): Promise<{ rows: VersionRow[]; complete: boolean }> {
  assertListablePrefix(prefix, storage.home);
  const rows: VersionRow[] = [];
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  for (let page = 0; page < MAX_VERSION_PAGES; page++) {
    const out = await storage.client.send(
      new ListObjectVersionsCommand({ Bucket: storage.bucket, Prefix: prefix, Delimiter: opts.delimiter, KeyMarker, VersionIdMarker }),
      { abortSignal: opts.signal },
    );
    rows.push(...rowsOf(out));
    if (!out.IsTruncated) return { rows, complete: true };
    KeyMarker = out.NextKeyMarker;
    VersionIdMarker = out.NextVersionIdMarker;
  }
  return { rows, complete: false };
}

/** A file's versions and delete markers, newest first. */
export async function fileHistory(storage: Storage, key: string): Promise<VersionRow[]> {
  assertOwnKey(key, storage.home);
  // The prefix is the key itself: other keys that start with it ("a.txt.bak") are filtered out.
  const { rows } = await listVersionRows(storage, key);
  return historyOf(key, rows);
}

/** A short-lived link that downloads one version, named as the file. */
export async function versionDownloadUrl(storage: Storage, key: string, versionId: string): Promise<string> {
  assertOwnKey(key, storage.home);
  return getSignedUrl(
    storage.client,
    new GetObjectCommand({ Bucket: storage.bucket, Key: key, VersionId: versionId, ResponseContentDisposition: attachmentDisposition(baseName(key)) }),
    { expiresIn: 300 },
  );
}

/** Makes a version the current one again: a copy of it onto its own key (a new version; the old ones stay). */
export async function restoreVersion(storage: Storage, row: VersionRow): Promise<void> {
  assertOwnKey(row.key, storage.home);
  if (row.deleteMarker) throw new Error("A delete marker has no content to restore.");
  await storage.copy(row.key, row.key, row.size ?? 0, row.versionId);
}
