import { describe, expect, it } from "vitest";
import { completedParts, isSinglePut, MAX_OBJECT_SIZE, MAX_PART_SIZE, MIB, partSizeFor, planParts, sizeProblem, type DonePart } from "./multipart";

describe("multipart", () => {
  it("one PutObject up to one part's size, multipart above", () => {
    expect(isSinglePut(0, 8 * MIB)).toBe(true);
    expect(isSinglePut(8 * MIB, 8 * MIB)).toBe(true);
    expect(isSinglePut(8 * MIB + 1, 8 * MIB)).toBe(false);
  });

  it("slices a file into whole parts and a last, smaller one", () => {
    expect(planParts(12 * MIB, 8 * MIB)).toEqual([
      { partNumber: 1, start: 0, end: 8 * MIB },
      { partNumber: 2, start: 8 * MIB, end: 12 * MIB },
    ]);
    expect(planParts(16 * MIB, 8 * MIB)).toEqual([
      { partNumber: 1, start: 0, end: 8 * MIB },
      { partNumber: 2, start: 8 * MIB, end: 16 * MIB },
    ]);
    expect(planParts(8 * MIB + 1, 8 * MIB).map((p) => p.end - p.start)).toEqual([8 * MIB, 1]);
  });

  it("covers every byte once, in order, for the app's part sizes", () => {
    for (const size of [256 * MIB, 256 * MIB + 3, 100 * 1024 ** 3 + 12345]) {
      const partSize = partSizeFor(size);
      const parts = planParts(size, partSize);
      expect(parts.length).toBeLessThanOrEqual(10000);
      expect(parts[0]!.start).toBe(0);
      expect(parts.at(-1)!.end).toBe(size);
      parts.forEach((p, i) => {
        expect(p.partNumber).toBe(i + 1);
        if (i > 0) expect(p.start).toBe(parts[i - 1]!.end);
        if (i < parts.length - 1) expect(p.end - p.start).toBe(partSize);
        expect(p.end).toBeGreaterThan(p.start);
      });
    }
    expect(planParts(256 * MIB, 8 * MIB)).toHaveLength(32);
  });

  it("refuses sizes it cannot plan", () => {
    expect(() => planParts(-1, 8 * MIB)).toThrow();
    expect(() => planParts(10, 0)).toThrow();
    expect(() => planParts(10001 * MIB, MIB)).toThrow(/10000/);
  });

  it("lists completed parts in part order and refuses a missing one", () => {
    const planned = planParts(20 * MIB, 8 * MIB);
    const done = new Map<number, DonePart>();
    for (const n of [3, 1, 2]) done.set(n, { PartNumber: n, ETag: `"e${n}"`, ChecksumCRC32: `c${n}` });
    expect(completedParts(planned, done).map((p) => p.PartNumber)).toEqual([1, 2, 3]);
    done.delete(2);
    expect(() => completedParts(planned, done)).toThrow(/Part 2/);
  });

  it("part size: 8 MiB up to 80,000 MiB, then whole MiB so that 10,000 parts cover any file S3 accepts", () => {
    expect(partSizeFor(10)).toBe(8 * MIB);
    const fiveGB = 5 * 1024 ** 3;
    expect(partSizeFor(fiveGB)).toBe(8 * MIB);
    expect(Math.ceil(fiveGB / partSizeFor(fiveGB))).toBe(640);
    for (const size of [5 * 1024 ** 4, 10 * 1024 ** 4 + 1, MAX_OBJECT_SIZE - 1, MAX_OBJECT_SIZE]) {
      const part = partSizeFor(size);
      expect(part % MIB).toBe(0);
      expect(part).toBeLessThanOrEqual(MAX_PART_SIZE);
      expect(Math.ceil(size / part)).toBeLessThanOrEqual(10000);
    }
    expect(partSizeFor(MAX_OBJECT_SIZE)).toBe(MAX_PART_SIZE);
  });

  it("fails when a file is larger than S3's largest object (48.8 TiB)", () => {
    expect(sizeProblem(MAX_OBJECT_SIZE)).toBeNull();
    expect(sizeProblem(MAX_OBJECT_SIZE + 1)).toMatch(/48\.8 TiB/);
    expect(() => partSizeFor(MAX_OBJECT_SIZE + 1)).toThrow(/48\.8 TiB/);
  });
});
