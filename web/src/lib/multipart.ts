// Multipart upload planning: S3's limits, the part size for a file, which
// byte ranges of a file become which parts, and the parts list for
// CompleteMultipartUpload. Pure.

export const MIB = 1024 * 1024;
/** S3 multipart limits: 5 MiB to 5 GiB a part (the last may be smaller), at most 10,000 parts. */
export const MIN_PART_SIZE = 5 * MIB;
export const MAX_PART_SIZE = 5 * 1024 * MIB;
export const MAX_PARTS = 10000;
/** The largest object S3 accepts: 10,000 parts of 5 GiB, 48.8 TiB. */
export const MAX_OBJECT_SIZE = MAX_PARTS * MAX_PART_SIZE;
/** The app's smallest part (and the largest single PutObject): 8 MiB. */
export const DEFAULT_PART_SIZE = 8 * MIB;

export interface PartRange {
  /** 1-based, as S3 numbers parts. */
  partNumber: number;
  start: number;
  /** Exclusive, as Blob.slice takes it. */
  end: number;
}

/** Why S3 cannot take a file of `size` bytes, or null when it can. */
export function sizeProblem(size: number): string | null {
  if (size > MAX_OBJECT_SIZE) return "larger than 48.8 TiB, the most S3 stores in one object";
  return null;
}

/**
 * Part size for a multipart upload of `size` bytes: at least `min`, whole
 * MiB, large enough that at most 10,000 parts cover the file, and within
 * S3's 5 MiB to 5 GiB. Throws above S3's largest object.
 */
export function partSizeFor(size: number, min = DEFAULT_PART_SIZE): number {
  const problem = sizeProblem(size);
  if (problem) throw new Error(`A file of ${size} bytes is ${problem}`);
  const needed = Math.ceil(size / MAX_PARTS);
  return Math.min(MAX_PART_SIZE, Math.max(min, MIN_PART_SIZE, Math.ceil(needed / MIB) * MIB));
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
