// The S3 requests of an upload (lib/uploadQueue.ts runs them): PutObject
// and CompleteMultipartUpload with If-None-Match: * unless the user chose to
// replace, parts sliced from the File, ListParts to resume, Abort. Every
// body is sent as UNSIGNED-PAYLOAD with its CRC32 (computed in a worker),
// which S3 verifies. The client makes one attempt: the queue retries, backs
// off and counts. Every key is checked to lie in the user's own folder.

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { assertOwnKey } from "../lib/keys";
import type { DonePart } from "../lib/multipart";
import type { ListedPart } from "../lib/resume";
import { ConflictError, UploadGoneError, type UploadTransport } from "../lib/uploadQueue";
import { crc32Base64OfBlob } from "./checksum";

/**
 * Sends a command's body as UNSIGNED-PAYLOAD: the SigV4 signature then covers
 * the request line and headers (x-amz-checksum-crc32 included) but no
 * SHA-256 of the body, which the browser would have to compute in
 * JavaScript. S3 accepts this (over HTTPS; the bucket policy denies anything
 * else) and still verifies the body against the CRC32 header (BadDigest).
 */
function unsignedPayload<C extends PutObjectCommand | UploadPartCommand>(command: C): C {
  (command as PutObjectCommand).middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { headers?: Record<string, string> };
      if (req.headers) req.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
      return next(args);
    },
    { step: "build", name: "unsignedPayloadMiddleware", override: true },
  );
  return command;
}

interface ErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** S3's answers the queue acts on: 412 (the key exists), and an upload that is gone (NoSuchUpload; 409 on completion). */
function translate(e: unknown, key: string, completing = false): unknown {
  const err = (typeof e === "object" && e !== null ? e : {}) as ErrorShape;
  const status = err.$metadata?.httpStatusCode;
  if (err.name === "PreconditionFailed" || status === 412) return new ConflictError(key);
  if (err.name === "NoSuchUpload") return new UploadGoneError();
  if (completing && (err.name === "ConditionalRequestConflict" || status === 409)) return new UploadGoneError("S3 reported a conflicting write during the upload");
  return e;
}

export class S3UploadTransport implements UploadTransport {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly home: string;

  /** client: one attempt per request (maxAttempts 1); the queue retries. */
  constructor(client: S3Client, bucket: string, home: string) {
    this.client = client;
    this.bucket = bucket;
    this.home = home;
  }

  crc32(body: Blob, signal: AbortSignal): Promise<string> {
    return crc32Base64OfBlob(body, signal);
  }

  async put(key: string, body: Blob | Uint8Array, type: string, crc: string, ifNoneMatch: boolean, signal: AbortSignal): Promise<void> {
    assertOwnKey(key, this.home);
    const cmd = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: body,
      ...(key.endsWith("/") ? {} : { ContentType: type || "application/octet-stream" }),
      ChecksumAlgorithm: "CRC32",
      ChecksumCRC32: crc,
      ...(ifNoneMatch ? { IfNoneMatch: "*" } : {}),
    });
    await this.client.send(unsignedPayload(cmd), { abortSignal: signal }).catch((e) => Promise.reject(translate(e, key)));
  }

  async create(key: string, type: string, signal: AbortSignal): Promise<string> {
    assertOwnKey(key, this.home);
    const r = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: type || "application/octet-stream", ChecksumAlgorithm: "CRC32" }),
      { abortSignal: signal },
    );
    if (!r.UploadId) throw new Error("CreateMultipartUpload returned no UploadId");
    return r.UploadId;
  }

  async part(key: string, uploadId: string, partNumber: number, body: Blob, crc: string, signal: AbortSignal): Promise<DonePart> {
    assertOwnKey(key, this.home);
    const cmd = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
      Body: body,
      ContentLength: body.size,
      ChecksumAlgorithm: "CRC32",
      ChecksumCRC32: crc,
    });
    const r = await this.client.send(unsignedPayload(cmd), { abortSignal: signal }).catch((e) => Promise.reject(translate(e, key)));
    if (!r.ETag) throw new Error(`UploadPart ${partNumber} returned no ETag (the bucket's CORS must expose ETag)`);
    return { PartNumber: partNumber, ETag: r.ETag, ChecksumCRC32: r.ChecksumCRC32 ?? crc };
  }

  async listParts(key: string, uploadId: string, signal: AbortSignal): Promise<ListedPart[]> {
    assertOwnKey(key, this.home);
    const out: ListedPart[] = [];
    let marker: string | undefined;
    for (;;) {
      const r = await this.client
        .send(new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, ...(marker ? { PartNumberMarker: marker } : {}) }), { abortSignal: signal })
        .catch((e) => Promise.reject(translate(e, key)));
      for (const p of r.Parts ?? []) {
        if (p.PartNumber && p.ETag) out.push({ PartNumber: p.PartNumber, ETag: p.ETag, Size: p.Size ?? 0, ...(p.ChecksumCRC32 ? { ChecksumCRC32: p.ChecksumCRC32 } : {}) });
      }
      if (!r.IsTruncated || !r.NextPartNumberMarker) return out;
      marker = r.NextPartNumberMarker;
    }
  }

  async complete(key: string, uploadId: string, parts: DonePart[], ifNoneMatch: boolean, signal: AbortSignal): Promise<void> {
    assertOwnKey(key, this.home);
    await this.client
      .send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ...(ifNoneMatch ? { IfNoneMatch: "*" } : {}),
        }),
        { abortSignal: signal },
      )
      .catch((e) => Promise.reject(translate(e, key, true)));
  }

  async head(key: string, signal: AbortSignal): Promise<{ size: number; crc32?: string } | null> {
    assertOwnKey(key, this.home);
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: "ENABLED" }), { abortSignal: signal });
      return { size: r.ContentLength ?? 0, ...(r.ChecksumCRC32 ? { crc32: r.ChecksumCRC32 } : {}) };
    } catch (e) {
      if ((e as ErrorShape).$metadata?.httpStatusCode === 404) return null;
      throw e;
    }
  }

  async abort(key: string, uploadId: string): Promise<void> {
    assertOwnKey(key, this.home);
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
  }
}
