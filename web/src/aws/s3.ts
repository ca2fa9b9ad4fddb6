// Thin adapter over the S3 SDK. Every call is checked to stay inside the
// user's own folder (the IAM policy enforces it too; this keeps the app from
// even asking for anything else).

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { AppConfig } from "../lib/config";
import { capShareExpiry, type ShareExpiry } from "../lib/expiry";
import { partSizeFor } from "../lib/multipart";
import {
  assertListablePrefix,
  assertOwnKey,
  attachmentDisposition,
  baseName,
  encodeCopySource,
  type MovePair,
} from "../lib/keys";
import { maxKeysFor, toEntries, type Entry } from "../lib/pagination";
import type { AwsSession } from "./credentials";
import { scanStatusOf, type ScanStatus } from "../lib/scanStatus";

/** CopyObject handles at most 5 GiB; larger objects are copied in parts. */
const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const COPY_PART = 512 * 1024 ** 2;
const DOWNLOAD_URL_SECONDS = 300;

export interface ListedObject {
  key: string;
  size: number;
}

/** Runs fn over items, at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
}

export class Storage {
  readonly client: S3Client;
  readonly bucket: string;
  /** The user's own folder, e.g. "private/<identityId>/". */
  readonly home: string;
  private readonly cfg: AppConfig;
  private readonly session: AwsSession;

  constructor(cfg: AppConfig, session: AwsSession, home: string) {
    this.cfg = cfg;
    this.session = session;
    this.bucket = cfg.bucket;
    this.home = home;
    this.client = this.makeClient(session.provider);
  }

  /** A client that makes one attempt per request, for the upload queue (which retries and backs off itself). */
  uploadClient(): S3Client {
    return this.makeClient(this.session.provider, 1);
  }

  private makeClient(credentials: S3Client["config"]["credentials"] | AwsSession["provider"], maxAttempts = 3): S3Client {
    return new S3Client({
      region: this.cfg.region,
      credentials: credentials as AwsSession["provider"],
      ...(this.cfg.endpoints.s3 ? { endpoint: this.cfg.endpoints.s3 } : {}),
      forcePathStyle: this.cfg.s3ForcePathStyle,
      requestChecksumCalculation: "WHEN_SUPPORTED",
      maxAttempts,
    });
  }

  /** One page of a folder listing (Delimiter "/"); prefix = folder + optional search text. */
  async list(
    folder: string,
    prefix: string,
    token: string | undefined,
    pageSize: number,
    signal?: AbortSignal,
  ): Promise<{ entries: Entry[]; nextToken?: string }> {
    assertListablePrefix(folder, this.home);
    assertListablePrefix(prefix, this.home);
    if (!prefix.startsWith(folder)) throw new Error("Search prefix outside the current folder");
    const out = await this.client.send(
      new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: prefix,
        Delimiter: "/",
        MaxKeys: maxKeysFor(pageSize),
        ...(token ? { ContinuationToken: token } : {}),
      }),
      { abortSignal: signal },
    );
    const entries = toEntries(
      folder,
      (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? "").filter(Boolean),
      out.Contents ?? [],
    );
    return { entries, nextToken: out.IsTruncated ? out.NextContinuationToken : undefined };
  }

  /** Every object under prefix (no delimiter), paging through all results. */
  async listAll(prefix: string): Promise<ListedObject[]> {
    assertListablePrefix(prefix, this.home);
    const out: ListedObject[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of r.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /**
   * True if an object with this key exists. A listing with the key as its
   * prefix, not a HeadObject: the key itself sorts first among the keys it
   * starts, and an absent one is an ordinary 200 answer rather than a 404
   * the browser reports as a failed request in red in its console.
   */
  async exists(key: string): Promise<boolean> {
    assertOwnKey(key, this.home);
    const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: key, MaxKeys: 1 }));
    return r.Contents?.[0]?.Key === key;
  }

  /** True if anything exists under a folder prefix. */
  async prefixInUse(prefix: string): Promise<boolean> {
    assertOwnKey(prefix, this.home);
    const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: 1 }));
    return (r.KeyCount ?? r.Contents?.length ?? 0) > 0;
  }

  /** Creates a folder marker (zero-byte object "name/"). */
  async createFolder(key: string): Promise<void> {
    assertOwnKey(key, this.home);
    if (!key.endsWith("/")) throw new Error("A folder key must end with /");
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: new Uint8Array(0), ChecksumAlgorithm: "CRC32" }),
    );
  }

  /** Deletes keys in batches of 1000 (DeleteObjects: s3:DeleteObject per key). Returns the keys that failed, with reasons. */
  async deleteKeys(keys: string[]): Promise<{ key: string; message: string }[]> {
    for (const k of keys) assertOwnKey(k, this.home);
    const failed: { key: string; message: string }[] = [];
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const r = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      for (const e of r.Errors ?? []) {
        failed.push({ key: e.Key ?? "", message: e.Code === "AccessDenied" ? "access denied" : (e.Message ?? e.Code ?? "error") });
      }
    }
    return failed;
  }

  /** Copies one object, or one version of it (multipart copy above 5 GiB). */
  async copy(from: string, to: string, size: number, versionId?: string): Promise<void> {
    assertOwnKey(from, this.home);
    assertOwnKey(to, this.home);
    const source = encodeCopySource(this.bucket, from) + (versionId ? `?versionId=${encodeURIComponent(versionId)}` : "");
    if (size <= MAX_SINGLE_COPY) {
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source, ChecksumAlgorithm: "CRC32" }),
      );
      return;
    }
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: from, VersionId: versionId }));
    const created = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: to,
        ContentType: head.ContentType,
        Metadata: head.Metadata,
        ChecksumAlgorithm: "CRC32",
      }),
    );
    const uploadId = created.UploadId!;
    const part = Math.max(COPY_PART, partSizeFor(size));
    const ranges = Array.from({ length: Math.ceil(size / part) }, (_, i) => [i * part, Math.min(size, (i + 1) * part) - 1] as const);
    const parts: CompletedPart[] = [];
    try {
      await pool(ranges, 4, async ([start, end], i) => {
        const r = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key: to,
            UploadId: uploadId,
            PartNumber: i + 1,
            CopySource: source,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts[i] = {
          PartNumber: i + 1,
          ETag: r.CopyPartResult?.ETag,
          ChecksumCRC32: r.CopyPartResult?.ChecksumCRC32,
        };
      });
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: to,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (e) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId }))
        .catch(() => undefined);
      throw e;
    }
  }

  /**
   * Renames/moves: copies every pair, then deletes the sources that were
   * copied. Sources whose copy failed are kept (nothing is lost).
   */
  async move(
    pairs: MovePair[],
    sizes: Map<string, number>,
    onProgress: (done: number, total: number) => void,
  ): Promise<{ failed: { key: string; error: unknown }[] }> {
    for (const p of pairs) {
      assertOwnKey(p.from, this.home);
      assertOwnKey(p.to, this.home);
    }
    const copied: string[] = [];
    const failed: { key: string; error: unknown }[] = [];
    let done = 0;
    await pool(pairs, 4, async (p) => {
      try {
        await this.copy(p.from, p.to, sizes.get(p.from) ?? 0);
        copied.push(p.from);
      } catch (error) {
        failed.push({ key: p.from, error });
      }
      onProgress(++done, pairs.length);
    });
    const delFailed = await this.deleteKeys(copied);
    for (const d of delFailed) failed.push({ key: d.key, error: new Error(d.message) });
    return { failed };
  }

  /** Whether uploads are scanned for malware (config.json's malwareScan): only clean files open. */
  get malwareScan(): boolean {
    return this.cfg.malwareScan;
  }

  /** A file's malware scan status, from its tags (GetObjectTagging on the current version). */
  async scanStatus(key: string): Promise<ScanStatus> {
    assertOwnKey(key, this.home);
    const r = await this.client.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key }));
    return scanStatusOf(r.TagSet);
  }

  /** A short-lived presigned URL that downloads the object as an attachment. */
  async downloadUrl(key: string): Promise<string> {
    assertOwnKey(key, this.home);
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: attachmentDisposition(baseName(key)),
      }),
      { expiresIn: DOWNLOAD_URL_SECONDS },
    );
  }

  /**
   * The longest a share link made now can work: the lifetime of freshly
   * fetched credentials, less the same margin shareUrl keeps.
   */
  async shareLimitSeconds(): Promise<number> {
    const creds = await this.session.credentials(true);
    return capShareExpiry(Number.MAX_SAFE_INTEGER, creds.expiration, new Date(), 30).effectiveSeconds;
  }

  /**
   * A share link: a presigned GET signed with freshly fetched credentials,
   * whose expiry is capped at the credentials' lifetime (the URL stops
   * working when they expire, whatever expiry was asked for).
   */
  async shareUrl(key: string, requestedSeconds: number, download: boolean): Promise<{ url: string; expiry: ShareExpiry }> {
    assertOwnKey(key, this.home);
    const creds = await this.session.credentials(true);
    const expiry = capShareExpiry(requestedSeconds, creds.expiration, new Date(), 30);
    if (expiry.effectiveSeconds < 1) throw new Error("The temporary credentials have expired; try again.");
    const signer = this.makeClient(async () => creds);
    const url = await getSignedUrl(
      signer,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(download ? { ResponseContentDisposition: attachmentDisposition(baseName(key)) } : {}),
      }),
      { expiresIn: expiry.effectiveSeconds },
    );
    signer.destroy();
    return { url, expiry };
  }
}
