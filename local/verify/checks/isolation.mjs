// Isolation, with each user's own identity-pool credentials: what a user
// may do in their own folder, and what S3 must refuse with AccessDenied.
// Every write's answer goes to the ledger (even a write that should have
// been refused), so the cleanup finds its version.

import zlib from "node:zlib";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { expectAllowed, expectDenied } from "./expect.mjs";
import { afterScan } from "./scan.mjs";

/** S3's composite CRC32 of a multipart object: the CRC32 of the parts' CRC32s, then "-<parts>". */
export function compositeCrc32(partChecksums) {
  const bytes = Buffer.concat(partChecksums.map((c) => Buffer.from(c, "base64")));
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(bytes));
  return `${crc.toString("base64")}-${partChecksums.length}`;
}

const PART = 5 * 1024 * 1024; // S3's smallest part but the last

async function multipartUpload(ctx, s3, bucket, key) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: "CRC32" }));
  ctx.ledger.uploads.push({ key, uploadId: UploadId });
  const bodies = [Buffer.alloc(PART, 0x61), Buffer.from("the last part\n")];
  const parts = [];
  for (const [i, Body] of bodies.entries()) {
    const out = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: "CRC32" }));
    if (!out.ChecksumCRC32) throw new Error(`part ${i + 1} answered without x-amz-checksum-crc32`);
    parts.push({ PartNumber: i + 1, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 });
  }
  const done = ctx.ledger.wrote(key, await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } })));
  ctx.ledger.finished(UploadId);
  const want = compositeCrc32(parts.map((p) => p.ChecksumCRC32));
  const head = await afterScan(ctx, () => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" })));
  if (done.ChecksumCRC32 !== want || head.ChecksumCRC32 !== want) {
    throw new Error(`composite CRC32 ${JSON.stringify(done.ChecksumCRC32)} (HeadObject ${JSON.stringify(head.ChecksumCRC32)}), computed ${want}`);
  }
  if (head.ContentLength !== PART + bodies[1].length) throw new Error(`size ${head.ContentLength}, sent ${PART + bodies[1].length}`);
  return `2 parts, ${head.ContentLength} bytes, CRC32 ${want}`;
}

/** The checks of the own folder (allowed) and of everything else (denied). */
export async function isolationChecks(ctx) {
  const [a, b] = ctx.users;
  const bucket = ctx.target.outputs.DataBucketName;
  const s3a = ctx.clients.s3As(a.credentials);
  const s3b = ctx.clients.s3As(b.credentials);
  const base = `${a.prefix}verify-${ctx.runId}/`;
  const key = `${base}hello.txt`;
  const bigKey = `${base}multipart.bin`;
  const text = `written by make verify, run ${ctx.runId}\n`;
  let putVersion;

  await expectAllowed(ctx, "own folder: put", async () => {
    const out = ctx.ledger.wrote(key, await s3a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: "text/plain", ChecksumAlgorithm: "CRC32" })));
    putVersion = out.VersionId;
    return `${key} version ${out.VersionId ?? "(unversioned)"}`;
  });
  await expectAllowed(ctx, "own folder: get", async () => {
    const got = await (await afterScan(ctx, () => s3a.send(new GetObjectCommand({ Bucket: bucket, Key: key })))).Body.transformToString();
    if (got !== text) throw new Error(`read ${JSON.stringify(got)}, wrote ${JSON.stringify(text)}`);
    return "bytes match";
  });
  await expectAllowed(ctx, "own folder: list", async () => {
    const out = await s3a.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: base }));
    if (!(out.Contents ?? []).some((o) => o.Key === key)) throw new Error(`${key} not listed under ${base}`);
    return `${out.KeyCount} key(s) under ${base}`;
  });
  await expectAllowed(ctx, "own folder: multipart upload with CRC32", () => multipartUpload(ctx, s3a, bucket, bigKey));

  await expectDenied(ctx, "other user's folder: get", () => s3b.send(new GetObjectCommand({ Bucket: bucket, Key: bigKey })));
  await expectDenied(ctx, "other user's folder: put", async () => {
    const k = `${base}from-other-user.txt`;
    ctx.ledger.wrote(k, await s3b.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: "must not land" })));
  });
  await expectDenied(ctx, "other user's folder: list", () => s3b.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: a.prefix })));
  await expectDenied(ctx, "other user's folder: delete", async () => ctx.ledger.wrote(bigKey, await s3b.send(new DeleteObjectCommand({ Bucket: bucket, Key: bigKey }))));
  await expectDenied(ctx, `list ${ctx.ownerPrefix} (every user's folder)`, () => s3a.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: ctx.ownerPrefix, Delimiter: "/" })));
  await expectDenied(ctx, "list the bucket root", () => s3a.send(new ListObjectsV2Command({ Bucket: bucket })));
  await expectDenied(ctx, "own folder: delete a version (purge)", async () => {
    if (!putVersion) throw Object.assign(new Error("no version id from the put (is the bucket versioned?)"), { name: "NoVersion" });
    await s3a.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: putVersion }));
  });
  await expectDenied(ctx, "plain HTTP request (own folder, no TLS)", () => ctx.clients.s3As(a.credentials, { plain: true }).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: base })));

  await expectAllowed(ctx, "own folder: delete", async () => {
    const out = ctx.ledger.wrote(key, await s3a.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    return out.DeleteMarker ? `delete marker ${out.VersionId}` : "deleted";
  });
}
