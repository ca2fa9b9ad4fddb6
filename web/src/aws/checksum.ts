// CRC-32 of upload parts, computed in a Web Worker so the page's main thread
// stays free to hand parts to the network. Falls back to the main thread when
// no worker can be started (or one fails). The worker script is a same-origin
// file emitted by the build (CSP: script-src 'self' covers workers).

import { crc32Base64, crc32OfBlob } from "../lib/crc32";

type Pending = { resolve: (crc: number) => void; reject: (e: Error) => void; blob: Blob };

let worker: Worker | undefined;
let workerBroken = typeof Worker === "undefined";
let nextId = 1;
const pending = new Map<number, Pending>();

function fallBack(): void {
  // Everything the worker had not answered is computed here instead.
  workerBroken = true;
  worker?.terminate();
  worker = undefined;
  const left = [...pending.values()];
  pending.clear();
  for (const p of left) crc32OfBlob(p.blob).then(p.resolve, p.reject);
}

function getWorker(): Worker | undefined {
  if (workerBroken) return undefined;
  if (worker) return worker;
  try {
    worker = new Worker(new URL("./crc32.worker.ts", import.meta.url), { type: "module", name: "crc32" });
  } catch {
    workerBroken = true;
    return undefined;
  }
  worker.onmessage = (e: MessageEvent<{ id: number; crc?: number; error?: string }>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if (typeof e.data.crc === "number") p.resolve(e.data.crc);
    else p.reject(new Error(`CRC32: ${e.data.error ?? "failed"}`));
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fallBack();
  };
  return worker;
}

/** Up to this size (256 KiB, well under a millisecond of CRC) the page's thread does it. */
const INLINE_MAX = 256 * 1024;

/** The x-amz-checksum-crc32 value (base64, big-endian) of a Blob's bytes. */
export async function crc32Base64OfBlob(blob: Blob, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  // A small file is read and summed here faster than a message to the worker and back.
  const w = blob.size > INLINE_MAX ? getWorker() : undefined;
  const crc = w
    ? await new Promise<number>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, blob });
        w.postMessage({ id, blob });
      })
    : await crc32OfBlob(blob);
  signal?.throwIfAborted();
  return crc32Base64(crc);
}
