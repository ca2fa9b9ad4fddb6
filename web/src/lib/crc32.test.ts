import { describe, expect, it } from "vitest";
import { crc32, crc32Base64, crc32OfBlob, crc32Update } from "./crc32";

const enc = (s: string) => new TextEncoder().encode(s);

/** The textbook one-bit-at-a-time CRC-32, to check the tables against. */
function bitwise(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function pseudoRandom(n: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("crc32", () => {
  it("matches the standard check values", () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(enc("123456789"))).toBe(0xcbf43926);
    expect(crc32(enc("a"))).toBe(0xe8b7be43);
    expect(crc32(enc("The quick brown fox jumps over the lazy dog"))).toBe(0x414fa339);
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad); // 32 zero bytes
    expect(crc32(new Uint8Array(32).fill(0xff))).toBe(0xff6cab0b);
  });

  it("agrees with the bitwise definition for every length around the 16-byte blocks", () => {
    const data = pseudoRandom(300, 7);
    for (let n = 0; n <= data.length; n++) {
      const d = data.subarray(0, n);
      expect(crc32(d)).toBe(bitwise(d));
    }
  });

  it("agrees with the bitwise definition on unaligned views and a large buffer", () => {
    const big = pseudoRandom(3 * 1024 * 1024 + 5, 3);
    expect(crc32(big)).toBe(bitwise(big));
    const view = big.subarray(3, 100003);
    expect(crc32(view)).toBe(bitwise(view));
  });

  it("continues across chunks", () => {
    const data = pseudoRandom(1000, 11);
    for (const cut of [0, 1, 15, 16, 17, 500, 999, 1000]) {
      expect(crc32Update(crc32Update(0, data.subarray(0, cut)), data.subarray(cut))).toBe(crc32(data));
    }
  });

  it("encodes the header value as S3 does (base64 of the big-endian bytes)", () => {
    expect(crc32Base64(0)).toBe("AAAAAA==");
    expect(crc32Base64(0xcbf43926)).toBe("y/Q5Jg==");
    expect(crc32Base64(crc32(enc("hello world")))).toBe("DUoRhQ==");
  });

  it("reads Blobs in chunks, whatever the chunk size", async () => {
    const data = pseudoRandom(100_001, 5);
    const blob = new Blob([data]);
    const want = bitwise(data);
    expect(await crc32OfBlob(blob)).toBe(want);
    expect(await crc32OfBlob(blob, 4096)).toBe(want);
    expect(await crc32OfBlob(blob, 7)).toBe(want);
    expect(await crc32OfBlob(blob.slice(10, 20))).toBe(crc32(data.subarray(10, 20)));
    expect(await crc32OfBlob(new Blob([]))).toBe(0);
  });
});
