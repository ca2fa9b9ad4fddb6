// CRC-32 (ISO-HDLC: zlib, gzip, PNG; S3's x-amz-checksum-crc32), table
// driven, slice-by-16: 16 bytes per loop turn with 16 lookup tables of 256
// entries (16 KiB). Pure, no DOM or SDK imports; crc32OfBlob reads a Blob
// (a File or a slice of it) in chunks, so memory stays bounded whatever the
// part size.

const POLY = 0xedb88320;

/** T[k * 256 + b]: the CRC of byte b followed by k zero bytes. */
const T: Int32Array = (() => {
  const t = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLY ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 16; k++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
})();

/**
 * Continues a CRC-32 over data: crc32Update(crc32Update(0, a), b) equals
 * crc32Update(0, a + b). Returns an unsigned 32-bit number.
 */
export function crc32Update(crc: number, data: Uint8Array): number {
  let c = ~crc | 0;
  const n = data.length;
  let i = 0;
  const end16 = n - (n % 16);
  while (i < end16) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c =
      T[0xf00 | (c & 0xff)]! ^
      T[0xe00 | ((c >>> 8) & 0xff)]! ^
      T[0xd00 | ((c >>> 16) & 0xff)]! ^
      T[0xc00 | (c >>> 24)]! ^
      T[0xb00 | data[i + 4]!]! ^
      T[0xa00 | data[i + 5]!]! ^
      T[0x900 | data[i + 6]!]! ^
      T[0x800 | data[i + 7]!]! ^
      T[0x700 | data[i + 8]!]! ^
      T[0x600 | data[i + 9]!]! ^
      T[0x500 | data[i + 10]!]! ^
      T[0x400 | data[i + 11]!]! ^
      T[0x300 | data[i + 12]!]! ^
      T[0x200 | data[i + 13]!]! ^
      T[0x100 | data[i + 14]!]! ^
      T[data[i + 15]!]!;
    i += 16;
  }
  while (i < n) c = T[(c ^ data[i++]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 of data, unsigned. */
export function crc32(data: Uint8Array): number {
  return crc32Update(0, data);
}

/** The value of an x-amz-checksum-crc32 header: base64 of the 4 bytes, big-endian. */
export function crc32Base64(crc: number): string {
  const b = [(crc >>> 24) & 0xff, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff];
  return btoa(String.fromCharCode(...b));
}

/** Bytes read from a Blob at a time by crc32OfBlob. */
export const BLOB_CHUNK = 4 * 1024 * 1024;

/** CRC-32 of a Blob's bytes, read chunk by chunk. */
export async function crc32OfBlob(blob: Blob, chunk = BLOB_CHUNK): Promise<number> {
  if (blob.size <= chunk) return crc32(new Uint8Array(await blob.arrayBuffer())); // no slice: each costs a trip to the file
  let c = 0;
  for (let off = 0; off < blob.size; off += chunk) {
    const buf = await blob.slice(off, Math.min(blob.size, off + chunk)).arrayBuffer();
    c = crc32Update(c, new Uint8Array(buf));
  }
  return c;
}
