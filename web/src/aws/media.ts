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

/**
 * Fetches a file by presigned URL, past the HTTP cache: a browser that
 * holds part of a file may rewrite a Range header, which a signed Range
 * would then not match (SignatureDoesNotMatch); the presigned URL signs
 * only the host, so the Range travels unsigned.
 */
async function fetchObject(storage: Storage, key: string, range: string | undefined, signal?: AbortSignal): Promise<Response> {
  assertOwnKey(key, storage.home);
  const url = await getSignedUrl(storage.client, new GetObjectCommand({ Bucket: storage.bucket, Key: key }), { expiresIn: 60 });
  const res = await fetch(url, { headers: range ? { Range: range } : {}, cache: "no-store", credentials: "omit", signal });
  if (!res.ok) {
    const code = /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1] ?? `HTTP ${res.status}`;
    throw Object.assign(new Error(`${code} reading ${key}`), { name: code, $metadata: { httpStatusCode: res.status } });
  }
  return res;
}

/** The first `bytes` bytes of a file (a Range request; the caller knows the whole size from the listing). */
export async function readStart(storage: Storage, key: string, bytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetchObject(storage, key, `bytes=0-${bytes - 1}`, signal);
  return new Uint8Array(await res.arrayBuffer());
}

/** A whole file's bytes. */
export async function readAll(storage: Storage, key: string, signal?: AbortSignal): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchObject(storage, key, undefined, signal)).arrayBuffer());
}
