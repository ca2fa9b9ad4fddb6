// Multipart upload planning: which byte ranges of a file become which parts,
// and the parts list for CompleteMultipartUpload. Pure.

import { MAX_PARTS } from "./format";

export interface PartRange {
  /** 1-based, as S3 numbers parts. */
  partNumber: number;
  start: number;
  /** Exclusive, as Blob.slice takes it. */
  end: number;
}

/**
 * True when a file goes up in one PutObject: it fits in one part. Above
 * that it goes multipart (the last part may be smaller than partSize; every
 * other part is exactly partSize, at least S3's 5 MiB minimum).
 */
export function isSinglePut(size: number, partSize: number): boolean {
  return size <= partSize;
}

/** The parts of a multipart upload of `size` bytes in parts of `partSize` bytes. */
export function planParts(size: number, partSize: number): PartRange[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`Invalid size ${size}`);
  if (!Number.isSafeInteger(partSize) || partSize < 1) throw new Error(`Invalid part size ${partSize}`);
  const count = Math.max(1, Math.ceil(size / partSize));
  if (count > MAX_PARTS) throw new Error(`${count} parts: more than S3's ${MAX_PARTS}`);
  return Array.from({ length: count }, (_, i) => ({
    partNumber: i + 1,
    start: i * partSize,
    end: Math.min(size, (i + 1) * partSize),
  }));
}

export interface DonePart {
  PartNumber: number;
  ETag: string;
  ChecksumCRC32: string;
}

/** The parts list for CompleteMultipartUpload: every planned part present once, ascending. */
export function completedParts(planned: readonly PartRange[], done: ReadonlyMap<number, DonePart>): DonePart[] {
  return planned.map((p) => {
    const d = done.get(p.partNumber);
    if (!d) throw new Error(`Part ${p.partNumber} was not uploaded`);
    return d;
  });
}
