// Resuming a multipart upload after a reload, a closed tab, a crash or a
// lost network: what is kept of it (in IndexedDB, see aws/resumeStore.ts),
// whether a file is the same one, and which parts S3 still needs. Pure.

import { planParts, type DonePart, type PartRange } from "./multipart";

/** A part S3 acknowledged: number, ETag, CRC32 (base64) and size. */
export interface StoredPart {
  n: number;
  etag: string;
  crc: string;
  size: number;
}

/** What is kept of an unfinished multipart upload (no bytes, no credentials). */
export interface ResumeRecord<H = unknown> {
  /** The upload id (unique). */
  id: string;
  /** The user's folder: records are only ever shown to the user who made them. */
  home: string;
  bucket: string;
  key: string;
  /** Where it goes, relative to the user's folder (for display). */
  path: string;
  uploadId: string;
  partSize: number;
  /** The file: name, size, lastModified and type. */
  name: string;
  size: number;
  lastModified: number;
  type: string;
  parts: StoredPart[];
  /** The user chose to replace an existing file: complete without If-None-Match. */
  replace: boolean;
  created: number;
  /** A File System Access handle to reopen the file (where the browser gave one). */
  handle?: H;
}

export interface FileLike {
  name: string;
  size: number;
  lastModified: number;
}

/** Why `file` is not the file the upload was made from (size, last change), or null when it may be. */
export function fileMismatch(rec: Pick<ResumeRecord, "name" | "size" | "lastModified">, file: FileLike): string | null {
  if (file.size !== rec.size) return `“${file.name}” has ${file.size} bytes; the unfinished upload of “${rec.name}” has ${rec.size}.`;
  if (file.lastModified !== rec.lastModified) return `“${file.name}” was changed after the upload started (or is another file with the same size).`;
  return null;
}

/** A part as ListParts returns it. */
export interface ListedPart {
  PartNumber: number;
  ETag: string;
  Size: number;
  ChecksumCRC32?: string;
}

export interface Reconciled {
  /** Parts S3 holds that the record knows: done. */
  done: DonePart[];
  /** Parts S3 holds with the right size that the record does not know (the answer was lost): done if their CRC32 matches the file. */
  verify: ListedPart[];
  /** Parts to send. */
  missing: PartRange[];
}

/**
 * What S3 holds (ListParts) against what the record says and the plan:
 * only parts S3 holds with the planned size count; the record alone proves
 * nothing (S3 may have dropped the upload's parts, or never got one).
 */
export function reconcile(size: number, partSize: number, stored: readonly StoredPart[], listed: readonly ListedPart[]): Reconciled {
  const byNumber = new Map(listed.map((p) => [p.PartNumber, p]));
  const known = new Map(stored.map((p) => [p.n, p]));
  const out: Reconciled = { done: [], verify: [], missing: [] };
  for (const p of planParts(size, partSize)) {
    const l = byNumber.get(p.partNumber);
    const s = known.get(p.partNumber);
    if (!l || l.Size !== p.end - p.start) out.missing.push(p);
    else if (s && sameETag(s.etag, l.ETag) && (!l.ChecksumCRC32 || l.ChecksumCRC32 === s.crc)) {
      out.done.push({ PartNumber: p.partNumber, ETag: l.ETag, ChecksumCRC32: s.crc });
    } else if (l.ChecksumCRC32) out.verify.push(l);
    else out.missing.push(p);
  }
  return out;
}

const sameETag = (a: string, b: string) => a.replace(/"/g, "") === b.replace(/"/g, "");

/** The part whose CRC32 proves a picked file is the same: the first one the record has. */
export function proofPart(rec: Pick<ResumeRecord, "parts">): StoredPart | undefined {
  return [...rec.parts].sort((a, b) => a.n - b.n)[0];
}
