import assert from "node:assert/strict";
import { test } from "node:test";
import { mapS3Request, parseCopySource } from "../../src/iam/s3actions.mjs";

const B = "arn:aws:s3:::bkt";
const map = (method, key, query = {}, headers = {}, extra = {}) =>
  mapS3Request({ method, bucket: "bkt", key, query: new Map(Object.entries(query)), headers: new Map(Object.entries(headers)) }, extra);
const acts = (r) => r.authorizations.map((a) => `${a.action} ${a.resource}`);

test("object reads and writes", () => {
  assert.deepEqual(acts(map("GET", "k")), [`s3:GetObject ${B}/k`]);
  assert.equal(map("HEAD", "k").operation, "HeadObject");
  assert.deepEqual(acts(map("HEAD", "k")), [`s3:GetObject ${B}/k`]);
  assert.deepEqual(acts(map("PUT", "k")), [`s3:PutObject ${B}/k`]);
  assert.deepEqual(acts(map("DELETE", "k")), [`s3:DeleteObject ${B}/k`]);
  assert.deepEqual(acts(map("GET", "k", { versionId: "v" })), [`s3:GetObjectVersion ${B}/k`]);
  assert.deepEqual(acts(map("DELETE", "k", { versionId: "v" })), [`s3:DeleteObjectVersion ${B}/k`]);
});

test("multipart uploads", () => {
  assert.deepEqual(acts(map("POST", "k", { uploads: "" })), [`s3:PutObject ${B}/k`]);
  assert.equal(map("PUT", "k", { partNumber: "1", uploadId: "u" }).operation, "UploadPart");
  assert.deepEqual(acts(map("PUT", "k", { partNumber: "1", uploadId: "u" })), [`s3:PutObject ${B}/k`]);
  assert.deepEqual(acts(map("POST", "k", { uploadId: "u" })), [`s3:PutObject ${B}/k`]);
  assert.deepEqual(acts(map("DELETE", "k", { uploadId: "u" })), [`s3:AbortMultipartUpload ${B}/k`]);
  assert.deepEqual(acts(map("GET", "k", { uploadId: "u" })), [`s3:ListMultipartUploadParts ${B}/k`]);
  assert.deepEqual(acts(map("GET", undefined, { uploads: "" })), [`s3:ListBucketMultipartUploads ${B}`]);
});

test("copies need GetObject on the source and PutObject on the target", () => {
  const r = map("PUT", "dst/b c", {}, { "x-amz-copy-source": "bkt/src/a%20b.txt" });
  assert.equal(r.operation, "CopyObject");
  assert.deepEqual(acts(r), [`s3:GetObject ${B}/src/a b.txt`, `s3:PutObject ${B}/dst/b c`]);
  const part = map("PUT", "dst", { partNumber: "2", uploadId: "u" }, { "x-amz-copy-source": "/other/x?versionId=3" });
  assert.equal(part.operation, "UploadPartCopy");
  assert.deepEqual(acts(part), ["s3:GetObjectVersion arn:aws:s3:::other/x", `s3:PutObject ${B}/dst`]);
  assert.deepEqual(parseCopySource("bkt/a%2Fb"), { bucket: "bkt", key: "a/b", versionId: undefined });
  assert.equal(parseCopySource("nokey"), null);
});

test("listing carries s3:prefix, s3:delimiter and s3:max-keys", () => {
  const r = map("GET", undefined, { "list-type": "2", prefix: "private/x/", delimiter: "/", "max-keys": "100" });
  assert.equal(r.operation, "ListObjectsV2");
  assert.deepEqual(r.authorizations, [{ action: "s3:ListBucket", resource: B, context: { "s3:prefix": "private/x/", "s3:delimiter": "/", "s3:max-keys": "100" } }]);
  assert.deepEqual(map("GET", undefined, {}).authorizations[0].context, {}, "no prefix, no s3:prefix key");
  assert.deepEqual(acts(map("GET", undefined, { versions: "" })), [`s3:ListBucketVersions ${B}`]);
  assert.deepEqual(acts(map("HEAD", undefined)), [`s3:ListBucket ${B}`]);
});

test("DeleteObjects authorizes s3:DeleteObject per key", () => {
  const r = map("POST", undefined, { delete: "" }, {}, { deleteKeys: [{ key: "a" }, { key: "b", versionId: "v" }] });
  assert.equal(r.operation, "DeleteObjects");
  assert.deepEqual(acts(r), [`s3:DeleteObject ${B}/a`, `s3:DeleteObjectVersion ${B}/b`]);
});

test("everything else maps to its real action", () => {
  assert.deepEqual(acts(map("PUT", "k", { acl: "" })), [`s3:PutObjectAcl ${B}/k`]);
  assert.deepEqual(acts(map("PUT", "k", {}, { "x-amz-acl": "public-read" })), [`s3:PutObject ${B}/k`, `s3:PutObjectAcl ${B}/k`]);
  assert.deepEqual(acts(map("PUT", "k", { tagging: "" })), [`s3:PutObjectTagging ${B}/k`]);
  assert.deepEqual(acts(map("GET", "k", { acl: "" })), [`s3:GetObjectAcl ${B}/k`]);
  assert.deepEqual(acts(map("PUT", undefined, { policy: "" })), [`s3:PutBucketPolicy ${B}`]);
  assert.deepEqual(acts(map("DELETE", undefined, { policy: "" })), [`s3:DeleteBucketPolicy ${B}`]);
  assert.deepEqual(acts(map("PUT", undefined, { cors: "" })), [`s3:PutBucketCORS ${B}`]);
  assert.deepEqual(acts(map("PUT", undefined, { versioning: "" })), [`s3:PutBucketVersioning ${B}`]);
  assert.deepEqual(acts(map("PUT", undefined)), [`s3:CreateBucket ${B}`]);
  assert.deepEqual(acts(map("DELETE", undefined)), [`s3:DeleteBucket ${B}`]);
  assert.deepEqual(acts(map("GET", undefined, { location: "" })), [`s3:GetBucketLocation ${B}`]);
  assert.deepEqual(
    acts(mapS3Request({ method: "GET", bucket: undefined, key: undefined, query: new Map(), headers: new Map() })),
    ["s3:ListAllMyBuckets *"],
  );
});
