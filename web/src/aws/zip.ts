// The zip of a selection as a stream: each file is fetched from S3 only
// when the zip writer reaches it and flows through (client-zip's makeZip),
// so neither a file nor the zip is ever whole in memory. Progress counts
// the zip's bytes against its exact length (predictLength).

import { GetObjectCommand } from "@aws-sdk/client-s3";
import { makeZip, predictLength } from "client-zip";
import { assertOwnKey } from "../lib/keys";
import type { ZipItem } from "../lib/zipPlan";
import type { Storage } from "./s3";

export interface ZipStream {
  stream: ReadableStream<Uint8Array>;
  /** The zip's exact size in bytes. */
  length: number;
}

/** onProgress(bytesOfZip, filesStarted). */
export function zipStream(storage: Storage, items: ZipItem[], signal: AbortSignal, onProgress: (bytes: number, files: number) => void): ZipStream {
  for (const it of items) if (it.key) assertOwnKey(it.key, storage.home);
  const length = Number(predictLength(items.map((it) => (it.key ? { name: it.name, size: it.size } : { name: it.name }))));
  let files = 0;
  async function* inputs() {
    for (const it of items) {
      signal.throwIfAborted();
      const lastModified = it.lastModified ? new Date(it.lastModified) : new Date();
      if (!it.key) {
        yield { name: it.name, lastModified };
        continue;
      }
      const r = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: it.key }), { abortSignal: signal });
      files++;
      const body = r.Body ? r.Body.transformToWebStream() : new Blob([]).stream();
      yield { name: it.name, lastModified, size: it.size, input: body as ReadableStream<Uint8Array> };
    }
  }
  let bytes = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      onProgress(bytes, files);
      controller.enqueue(chunk);
    },
  });
  return { stream: makeZip(inputs()).pipeThrough(counter), length };
}
