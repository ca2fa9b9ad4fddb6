import { describe, expect, it } from "vitest";
import { MIB } from "./multipart";
import { fileMismatch, proofPart, reconcile } from "./resume";

const P = 8 * MIB;

describe("resume", () => {
  it("a picked file must have the size and last change of the original", () => {
    const rec = { name: "big.bin", size: 100, lastModified: 5 };
    expect(fileMismatch(rec, { name: "big.bin", size: 100, lastModified: 5 })).toBeNull();
    expect(fileMismatch(rec, { name: "other.bin", size: 99, lastModified: 5 })).toMatch(/has 99 bytes/);
    expect(fileMismatch(rec, { name: "big.bin", size: 100, lastModified: 6 })).toMatch(/changed after the upload started/);
  });

  it("reconcile: only parts S3 lists with the planned size count; unknown ones are checked by CRC32; the rest is sent", () => {
    const size = 3 * P + 10;
    const r = reconcile(
      size,
      P,
      [
        { n: 1, etag: '"e1"', crc: "c1", size: P },
        { n: 2, etag: '"e2"', crc: "c2", size: P }, // the record has it, S3 does not (dropped): send again
      ],
      [
        { PartNumber: 1, ETag: '"e1"', Size: P, ChecksumCRC32: "c1" },
        { PartNumber: 3, ETag: '"e3"', Size: P, ChecksumCRC32: "c3" }, // S3 got it, the answer was lost
        { PartNumber: 4, ETag: '"e4"', Size: 9, ChecksumCRC32: "c4" }, // wrong size: sent again, whatever its checksum
      ],
    );
    expect(r.done).toEqual([{ PartNumber: 1, ETag: '"e1"', ChecksumCRC32: "c1" }]);
    expect(r.verify.map((p) => p.PartNumber)).toEqual([3]);
    expect(r.missing.map((p) => p.partNumber)).toEqual([2, 4]);
  });

  it("reconcile: a part whose ETag or CRC32 differs from the record's is checked again, not trusted", () => {
    const r = reconcile(2 * P, P, [{ n: 1, etag: "a", crc: "c1", size: P }], [{ PartNumber: 1, ETag: "b", Size: P, ChecksumCRC32: "c9" }]);
    expect(r.done).toEqual([]);
    expect(r.verify.map((p) => p.PartNumber)).toEqual([1]);
    expect(r.missing.map((p) => p.partNumber)).toEqual([2]);
  });

  it("the proof part is the lowest one done", () => {
    expect(proofPart({ parts: [{ n: 7, etag: "", crc: "", size: 1 }, { n: 2, etag: "", crc: "", size: 1 }] })?.n).toBe(2);
    expect(proofPart({ parts: [] })).toBeUndefined();
  });
});
