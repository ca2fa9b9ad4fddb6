// Web Worker: CRC-32 of Blobs (upload parts) off the page's main thread.
// Message in: { id, blob }; out: { id, crc } or { id, error }. A Blob is
// passed by handle (no bytes copied); the worker reads it in chunks.

import { crc32OfBlob } from "../lib/crc32";

self.onmessage = async (e: MessageEvent<{ id: number; blob: Blob }>) => {
  const { id, blob } = e.data;
  try {
    self.postMessage({ id, crc: await crc32OfBlob(blob) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
