// The S3 endpoint over HTTP: credentials issued by the identity pool's
// registry, the template's policies, S3's errors and CORS.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { s3ForIdentity } from "../helpers.mjs";

const ME = "eu-west-1:11111111-2222-4333-8444-555555555555";
let s, insecure;

function clientFor(standIn, identityId = ME) {
  return s3ForIdentity(standIn, identityId);
}

before(async () => {
  const template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist });
  insecure = await startStandIn({ template, webDist, secureTransport: "false" });
});
after(async () => {
  await s?.stop();
  await insecure?.stop();
});

test("own folder works end to end; other folders get S3's AccessDenied with the reason", async () => {
  const c = clientFor(s);
  const Bucket = s.config.bucket;
  await c.send(new PutObjectCommand({ Bucket, Key: `private/${ME}/a.txt`, Body: "hi", ChecksumAlgorithm: "CRC32" }));
  const got = await c.send(new GetObjectCommand({ Bucket, Key: `private/${ME}/a.txt` }));
  assert.equal(await got.Body.transformToString(), "hi");
  const l = await c.send(new ListObjectsV2Command({ Bucket, Prefix: `private/${ME}/`, Delimiter: "/" }));
  assert.deepEqual(l.Contents.map((o) => o.Key), [`private/${ME}/a.txt`]);
  await assert.rejects(c.send(new ListObjectsV2Command({ Bucket, Prefix: "private/", Delimiter: "/" })), (e) => {
    assert.equal(e.name, "AccessDenied");
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.match(e.message, /is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::privatefolders-data-000000000000-eu-west-1" because no identity-based policy allows/);
    return true;
  });
  c.destroy();
});

test("with aws:SecureTransport=false the bucket policy's TLS deny applies to every request", async () => {
  const c = clientFor(insecure);
  await assert.rejects(c.send(new PutObjectCommand({ Bucket: insecure.config.bucket, Key: `private/${ME}/a.txt`, Body: "hi" })), (e) => {
    assert.equal(e.name, "AccessDenied");
    assert.match(e.message, /explicit deny in a resource-based policy/);
    return true;
  });
  c.destroy();
});

test("CORS preflight follows the template's rules plus the local app origin", async () => {
  const url = `${s.urls.s3}/${s.config.bucket}/private/x/a.txt`;
  const ok = await fetch(url, { method: "OPTIONS", headers: { Origin: s.urls.site, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "x-amz-date,x-amz-checksum-crc32" } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("access-control-allow-origin"), s.urls.site);
  assert.match(ok.headers.get("access-control-expose-headers"), /ETag/);
  const bad = await fetch(url, { method: "OPTIONS", headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "GET" } });
  assert.equal(bad.status, 403);
  assert.match(await bad.text(), /<Code>CORSResponse<\/Code>/);
  const patch = await fetch(url, { method: "OPTIONS", headers: { Origin: s.urls.site, "Access-Control-Request-Method": "PATCH" } });
  assert.equal(patch.status, 403);
});

test("an unsigned or badly signed request gets S3's XML error", async () => {
  const url = `${s.urls.s3}/${s.config.bucket}/private/${encodeURIComponent(ME)}/a.txt`;
  const anon = await fetch(url);
  assert.equal(anon.status, 403);
  assert.match(await anon.text(), /<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
  const forged = await fetch(url, { headers: { Authorization: "AWS4-HMAC-SHA256 Credential=ASIAFAKE/20260101/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "x-amz-date": new Date().toISOString().replace(/[-:]|\.\d{3}/g, ""), "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
  assert.equal(forged.status, 403);
  assert.match(await forged.text(), /<Code>(InvalidAccessKeyId|SignatureDoesNotMatch)<\/Code>/);
});

test("a stand-in restarted on the same data dir keeps accounts, ids and files (a key with a * too); a temp dir goes on stop", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { CreateMultipartUploadCommand, DeleteObjectCommand, ListPartsCommand, UploadPartCommand } = await import("@aws-sdk/client-s3");
  const template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-restart-"));
  try {
    const first = await startStandIn({ template, webDist, dataDir });
    const Bucket = first.config.bucket;
    const Key = `private/${ME}/odd * name.txt`;
    let c = clientFor(first);
    first.users.create("keep@example.com", "Local-Pass1", first.passwordPolicy);
    await c.send(new PutObjectCommand({ Bucket, Key, Body: "kept", ContentType: "text/plain" }));
    await c.send(new PutObjectCommand({ Bucket, Key: `private/${ME}/deleted.txt`, Body: "x" }));
    await c.send(new DeleteObjectCommand({ Bucket, Key: `private/${ME}/deleted.txt` }));
    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket, Key: `private/${ME}/big.bin` }));
    await c.send(new UploadPartCommand({ Bucket, Key: `private/${ME}/big.bin`, UploadId, PartNumber: 1, Body: "part one" }));
    c.destroy();
    await first.stop();

    const again = await startStandIn({ template, webDist, dataDir });
    try {
      assert.deepEqual(again.ids, first.ids);
      assert.ok(again.users.byEmail("keep@example.com"));
      c = clientFor(again);
      const got = await c.send(new GetObjectCommand({ Bucket, Key }));
      assert.equal(await got.Body.transformToString(), "kept");
      assert.equal(got.ContentType, "text/plain");
      const l = await c.send(new ListObjectsV2Command({ Bucket, Prefix: `private/${ME}/` }));
      assert.deepEqual(l.Contents.map((o) => o.Key), [Key]);
      assert.deepEqual(again.store.versions(Bucket, `private/${ME}/deleted.txt`).map((v) => !!v.deleteMarker), [true, false], "the delete marker and the old version");
      const parts = await c.send(new ListPartsCommand({ Bucket, Key: `private/${ME}/big.bin`, UploadId }));
      assert.deepEqual(parts.Parts.map((p) => [p.PartNumber, p.Size]), [[1, 8]]);
      c.destroy();
    } finally {
      await again.stop();
    }
    assert.ok(fs.existsSync(path.join(dataDir, "users.json")), "a given data dir is kept");

    const temp = await startStandIn({ template, webDist });
    await temp.stop();
    assert.equal(fs.existsSync(temp.dataDir), false, "the stand-in's own temp dir is removed");
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
