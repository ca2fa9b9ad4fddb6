// Reading a file for its preview: a presigned inline URL for images, audio
// and video with the media type forced from the file's extension (so the
// browser never gets a stored text/html type for them), the first bytes of
// a text file, or a whole PDF, by GetObject (connect-src).

import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { assertOwnKey } from "../lib/keys";
import type { Storage } from "./s3";

const PREVIEW_URL_SECONDS = 900;

/** A presigned GET served as mediaType, inline. */
export function mediaUrl(storage: Storage, key: string, mediaType: string): Promise<string> {
  assertOwnKey(key, storage.home);
  return getSignedUrl(
    storage.client,
    new GetObjectCommand({ Bucket: storage.bucket, Key: key, ResponseContentType: mediaType, ResponseContentDisposition: "inline" }),
    { expiresIn: PREVIEW_URL_SECONDS },
  );
}

/** The first `bytes` bytes of a file (a Range request), and its whole size. */
export async function readStart(storage: Storage, key: string, bytes: number, signal?: AbortSignal): Promise<{ data: Uint8Array; size: number }> {
  assertOwnKey(key, storage.home);
  const r = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }), { abortSignal: signal });
  const data = r.Body ? await r.Body.transformToByteArray() : new Uint8Array(0);
  const total = /\/(\d+)$/.exec(r.ContentRange ?? "")?.[1];
  return { data, size: total ? Number(total) : data.length };
}

/** A whole file's bytes. */
export async function readAll(storage: Storage, key: string, signal?: AbortSignal): Promise<Uint8Array> {
  assertOwnKey(key, storage.home);
  const r = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }), { abortSignal: signal });
  return r.Body ? r.Body.transformToByteArray() : new Uint8Array(0);
}
