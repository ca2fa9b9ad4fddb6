// S3's conditional writes at the stand-in's endpoint (If-None-Match: * and
// If-Match on PutObject and CompleteMultipartUpload), evaluated when the
// write commits, with the template's IAM evaluated on every request; and
// ListParts paging.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import zlib from "node:zlib";
import { after, before, test } from "node:test";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { MIN_PART_SIZE, ObjectStore } from "../../src/s3store.mjs";

const ME = "eu-west-1:11111111-2222-4333-8444-555555555555";
const OTHER = "eu-west-1:99999999-2222-4333-8444-555555555555";
let s, c, Bucket;
const decisions = [];

before(async () => {
  const template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist, onDecision: (d) => decisions.push(d) });
  const k = s.credentials.issue({ identityId: ME, identityPoolId: s.ids.identityPoolId, roleArn: s.model.authenticatedRole.arn, amr: ["authenticated"], sub: "sub" }, 600);
  c = new S3Client({
    region: "eu-west-1",
    endpoint: s.urls.s3,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey, sessionToken: k.sessionToken },
  });
  Bucket = s.config.bucket;
});
after(async () => {
  c?.destroy();
  await s?.stop();
});

const key = (name) => `private/${ME}/${name}`;
const crc = (b) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b) >>> 0);
  return out.toString("base64");
};
const failsWith = (status, code) => (e) => {
  assert.equal(e.$metadata?.httpStatusCode, status, `${e.name}: ${e.message}`);
  assert.equal(e.name, code);
  return true;
};
const body = async (k) => (await c.send(new GetObjectCommand({ Bucket, Key: k }))).Body.transformToString();

/** A multipart upload of one small part, ready to complete: returns the Complete input. */
async function readyUpload(k, text) {
  const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket, Key: k, ChecksumAlgorithm: "CRC32" }));
  const b = Buffer.from(text);
  const p = await c.send(new UploadPartCommand({ Bucket, Key: k, UploadId, PartNumber: 1, Body: b, ChecksumCRC32: crc(b) }));
  return { Bucket, Key: k, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag, ChecksumCRC32: crc(b) }] } };
}

test("PutObject If-None-Match: * writes a new key, then answers 412 PreconditionFailed (S3's XML) and keeps the object", async () => {
  const k = key("cond/new.txt");
  await c.send(new PutObjectCommand({ Bucket, Key: k, Body: "first", IfNoneMatch: "*" }));
  await assert.rejects(c.send(new PutObjectCommand({ Bucket, Key: k, Body: "second", IfNoneMatch: "*" })), failsWith(412, "PreconditionFailed"));
  assert.equal(await body(k), "first");
  // The raw answer: S3's error document naming the condition.
  const res = await fetch(`${s.urls.s3}/${Bucket}/${encodeURIComponent(k)}`, { method: "PUT", headers: { "if-none-match": "*" }, body: "x" });
  assert.equal(res.status, 403, "unsigned: IAM still decides first");
});

test("If-None-Match with anything but * is 501 NotImplemented naming the header; If-Match and If-None-Match together too", async () => {
  const k = key("cond/etag.txt");
  await assert.rejects(c.send(new PutObjectCommand({ Bucket, Key: k, Body: "x", IfNoneMatch: '"abc"' })), (e) => {
    failsWith(501, "NotImplemented")(e);
    assert.equal(e.Header, "If-None-Match");
    return true;
  });
  await assert.rejects(c.send(new PutObjectCommand({ Bucket, Key: k, Body: "x", IfNoneMatch: "*", IfMatch: '"abc"' })), failsWith(501, "NotImplemented"));
  assert.equal(s.store.has(Bucket, k), false);
});

test("PutObject If-Match: the current ETag writes, another ETag is 412, a missing key is 404 NoSuchKey", async () => {
  const k = key("cond/match.txt");
  await assert.rejects(c.send(new PutObjectCommand({ Bucket, Key: k, Body: "x", IfMatch: '"0123"' })), failsWith(404, "NoSuchKey"));
  const { ETag } = await c.send(new PutObjectCommand({ Bucket, Key: k, Body: "v1" }));
  await c.send(new PutObjectCommand({ Bucket, Key: k, Body: "v2", IfMatch: ETag }));
  await assert.rejects(c.send(new PutObjectCommand({ Bucket, Key: k, Body: "v3", IfMatch: ETag })), failsWith(412, "PreconditionFailed"));
  assert.equal(await body(k), "v2");
});

test("a delete marker counts as absent for If-None-Match (versioned bucket)", async () => {
  const k = key("cond/deleted.txt");
  await c.send(new PutObjectCommand({ Bucket, Key: k, Body: "old" }));
  await c.send(new DeleteObjectCommand({ Bucket, Key: k }));
  await c.send(new PutObjectCommand({ Bucket, Key: k, Body: "new", IfNoneMatch: "*" }));
  assert.equal(await body(k), "new");
});

test("CompleteMultipartUpload If-None-Match: 412 when the key exists, and the upload stays to be completed without it or aborted", async () => {
  const k = key("cond/mpu.txt");
  const input = await readyUpload(k, "multipart");
  await c.send(new PutObjectCommand({ Bucket, Key: k, Body: "there first" }));
  await assert.rejects(c.send(new CompleteMultipartUploadCommand({ ...input, IfNoneMatch: "*" })), failsWith(412, "PreconditionFailed"));
  const listed = await c.send(new ListPartsCommand({ Bucket, Key: k, UploadId: input.UploadId }));
  assert.equal(listed.Parts.length, 1, "the parts are still there");
  await c.send(new CompleteMultipartUploadCommand(input));
  assert.equal(await body(k), "multipart");
});

test("concurrent conditional completes of one key: the first to finish wins, the other gets 412 and keeps its upload", async () => {
  const k = key("cond/race.txt");
  const a = await readyUpload(k, "from a");
  const b = await readyUpload(k, "from b");
  const results = await Promise.allSettled([
    c.send(new CompleteMultipartUploadCommand({ ...a, IfNoneMatch: "*" })),
    c.send(new CompleteMultipartUploadCommand({ ...b, IfNoneMatch: "*" })),
  ]);
  const ok = results.filter((r) => r.status === "fulfilled");
  const bad = results.filter((r) => r.status === "rejected");
  assert.equal(ok.length, 1, "one wins");
  assert.equal(bad.length, 1);
  failsWith(412, "PreconditionFailed")(bad[0].reason);
  const loser = results[0].status === "rejected" ? a : b;
  assert.equal(await body(k), loser === a ? "from b" : "from a");
  assert.ok(s.store.bucket(Bucket).uploads.has(loser.UploadId), "a 412 leaves the upload");
});

test("a delete of the key while a conditional write is in progress: 409 ConditionalRequestConflict, and a conditional complete loses its upload", () => {
  const store = new ObjectStore();
  store.createBucket("b", { versioning: true });
  store.put("b", "k", Buffer.from("old"));
  const id = store.createUpload("b", "k");
  const etag = store.putPart("b", "k", id, 1, Buffer.from("new")).etag;
  const used = store.validateCompletion("b", "k", id, [{ partNumber: 1, etag, checksums: {} }]);
  const token = store.beginConditional("b", "k");
  store.delete("b", "k"); // succeeds before the write commits
  assert.throws(() => store.commitCompletion("b", "k", id, used, { ifNoneMatch: "*" }, token), { status: 409, code: "ConditionalRequestConflict" });
  assert.equal(store.bucket("b").uploads.has(id), false, "the upload is gone: start again");
  store.endConditional(token);
  // A PutObject in the same situation may simply be retried.
  const t2 = store.beginConditional("b", "k2");
  store.delete("b", "k2");
  assert.throws(() => store.checkWrite("b", "k2", { ifNoneMatch: "*" }, t2), { status: 409 });
  store.endConditional(t2);
  assert.equal(store.conditional.size, 0, "no token left behind");
  // Without a condition a delete is no conflict.
  const t3 = store.beginConditional("b", "k3");
  store.delete("b", "k3");
  assert.doesNotThrow(() => store.checkWrite("b", "k3", {}, t3));
});

test("conditional writes are authorized like any write: another identity's key is AccessDenied, and the condition keys reach IAM", async () => {
  const mark = decisions.length;
  await assert.rejects(c.send(new PutObjectCommand({ Bucket, Key: `private/${OTHER}/x.txt`, Body: "x", IfNoneMatch: "*" })), failsWith(403, "AccessDenied"));
  await c.send(new PutObjectCommand({ Bucket, Key: key("cond/iam.txt"), Body: "x", IfNoneMatch: "*" }));
  const mine = decisions.slice(mark);
  assert.deepEqual(mine.map((d) => [d.operation, d.decision]), [["PutObject", "ImplicitlyDenied"], ["PutObject", "Allowed"]]);
  assert.equal(s.store.conditional.size, 0, "tokens released after a denial too");
});

test("ListParts pages at max-parts with part-number-marker", async () => {
  const k = key("cond/parts.bin");
  const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket, Key: k }));
  for (const n of [1, 2, 3, 5, 8]) await c.send(new UploadPartCommand({ Bucket, Key: k, UploadId, PartNumber: n, Body: crypto.randomBytes(n === 8 ? 10 : MIN_PART_SIZE / 1024) }));
  const seen = [];
  let marker;
  let pages = 0;
  for (;;) {
    const r = await c.send(new ListPartsCommand({ Bucket, Key: k, UploadId, MaxParts: 2, PartNumberMarker: marker }));
    pages++;
    seen.push(...r.Parts.map((p) => p.PartNumber));
    if (!r.IsTruncated) break;
    marker = r.NextPartNumberMarker;
  }
  assert.deepEqual(seen, [1, 2, 3, 5, 8]);
  assert.equal(pages, 3);
});
