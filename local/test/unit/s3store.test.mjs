import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { CHECKSUMS, MIN_PART_SIZE, ObjectStore, S3Error } from "../../src/s3store.mjs";
import { matchCorsRule } from "../../src/s3.mjs";

function store(keys) {
  const s = new ObjectStore();
  s.createBucket("b");
  for (const k of keys) s.put("b", k, Buffer.from(k));
  return s;
}

test("list: prefix, delimiter, and common prefixes counted in max-keys, across pages", () => {
  const s = store(["p/a.txt", "p/b/1", "p/b/2", "p/c.txt", "p/d/1", "q/x"]);
  const all = [];
  let after = "";
  for (;;) {
    const r = s.list("b", { prefix: "p/", delimiter: "/", maxKeys: 2, after });
    assert.ok(r.contents.length + r.commonPrefixes.length <= 2);
    all.push(...r.contents.map((o) => o.key), ...r.commonPrefixes);
    if (!r.isTruncated) break;
    after = r.last;
  }
  assert.deepEqual(all.sort(), ["p/a.txt", "p/b/", "p/c.txt", "p/d/"]);
});

test("list: UTF-8 binary order", () => {
  const s = store(["a/\u00e9", "a/z", "a/\u{1F600}", "a/\uFF5E"]);
  assert.deepEqual(s.list("b", { prefix: "a/" }).contents.map((o) => o.key), ["a/z", "a/\u00e9", "a/\uFF5E", "a/\u{1F600}"]);
});

test("multipart: parts in order, 5 MiB minimum except the last, ETag and composite CRC32", () => {
  const s = store([]);
  const id = s.createUpload("b", "k", { checksumAlgorithm: "crc32" });
  const p1 = crypto.randomBytes(MIN_PART_SIZE);
  const p2 = crypto.randomBytes(10);
  const c1 = CHECKSUMS.crc32(p1).toString("base64");
  const c2 = CHECKSUMS.crc32(p2).toString("base64");
  const e1 = s.putPart("b", "k", id, 1, p1, { crc32: c1 }).etag;
  const e2 = s.putPart("b", "k", id, 2, p2, { crc32: c2 }).etag;
  assert.throws(() => s.completeUpload("b", "k", id, [{ partNumber: 2, etag: e2, checksums: { crc32: c2 } }, { partNumber: 1, etag: e1, checksums: { crc32: c1 } }]), { code: "InvalidPartOrder" });
  assert.throws(() => s.completeUpload("b", "k", id, [{ partNumber: 1, etag: e1, checksums: {} }, { partNumber: 2, etag: e2, checksums: { crc32: c2 } }]), { code: "InvalidRequest" });
  assert.throws(() => s.completeUpload("b", "k", id, [{ partNumber: 1, etag: '"x"', checksums: { crc32: c1 } }]), { code: "InvalidPart" });
  const o = s.completeUpload("b", "k", id, [{ partNumber: 1, etag: e1, checksums: { crc32: c1 } }, { partNumber: 2, etag: e2, checksums: { crc32: c2 } }]);
  assert.ok(o.body.equals(Buffer.concat([p1, p2])));
  assert.match(o.etag, /^"[0-9a-f]{32}-2"$/);
  assert.equal(o.checksums.crc32, `${CHECKSUMS.crc32(Buffer.concat([Buffer.from(c1, "base64"), Buffer.from(c2, "base64")])).toString("base64")}-2`);
  assert.throws(() => s.completeUpload("b", "k", id, []), { code: "NoSuchUpload" });

  const small = s.createUpload("b", "s");
  const s1 = s.putPart("b", "s", small, 1, Buffer.alloc(10)).etag;
  const s2 = s.putPart("b", "s", small, 2, Buffer.alloc(10)).etag;
  assert.throws(() => s.completeUpload("b", "s", small, [{ partNumber: 1, etag: s1, checksums: {} }, { partNumber: 2, etag: s2, checksums: {} }]), { code: "EntityTooSmall" });
});

test("declared checksums are verified (BadDigest)", () => {
  const body = Buffer.from("hello");
  assert.equal(ObjectStore.checksums(body, { crc32: CHECKSUMS.crc32(body).toString("base64") }).crc32, "NhCmhg==");
  assert.throws(() => ObjectStore.checksums(body, { crc32: "AAAAAA==" }), (e) => e instanceof S3Error && e.code === "BadDigest");
});

test("CORS rules match origin, method and requested headers as S3 does", () => {
  const rules = [{ AllowedOrigins: ["https://app.example", "http://127.0.0.1:4510"], AllowedMethods: ["GET", "PUT"], AllowedHeaders: ["*"], ExposedHeaders: ["ETag"] }];
  assert.ok(matchCorsRule(rules, "http://127.0.0.1:4510", "PUT", ["x-amz-date", "content-type"]));
  assert.equal(matchCorsRule(rules, "http://evil.example", "GET"), undefined);
  assert.equal(matchCorsRule(rules, "https://app.example", "DELETE"), undefined);
  assert.equal(matchCorsRule([{ ...rules[0], AllowedHeaders: ["x-amz-*"] }], "https://app.example", "GET", ["authorization"]), undefined);
  assert.ok(matchCorsRule([{ AllowedOrigins: ["https://*.example"], AllowedMethods: ["GET"] }], "https://a.example", "GET"));
});

test("a versioned bucket keeps every version and delete marker; an unversioned one only the current object", () => {
  const s = new ObjectStore();
  s.createBucket("v", { versioning: true });
  s.createBucket("u");
  const v1 = s.put("v", "k", Buffer.from("one"));
  const v2 = s.put("v", "k", Buffer.from("two"));
  const d = s.delete("v", "k");
  assert.equal(d.deleteMarker, true);
  assert.throws(() => s.get("v", "k"), { code: "NoSuchKey" });
  assert.deepEqual(s.list("v").contents, []);
  assert.deepEqual(s.versions("v", "k").map((e) => [e.versionId, !!e.deleteMarker]), [[d.versionId, true], [v2.versionId, false], [v1.versionId, false]]);
  assert.equal(s.versions("v", "k")[2].body.toString(), "one", "an old version keeps its bytes");
  s.put("u", "k", Buffer.from("one"));
  s.put("u", "k", Buffer.from("two"));
  assert.deepEqual(s.versions("u", "k").map((e) => e.body.toString()), ["two"]);
  assert.deepEqual(s.delete("u", "k"), { versionId: undefined, deleteMarker: false });
  assert.deepEqual(s.versions("u", "k"), []);
  s.purge("v", "k");
  assert.deepEqual(s.versions("v", "k"), []);
});

test("on disk: objects, versions, delete markers and multipart uploads survive a restart, one file per body", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3store-test-"));
  try {
    const a = new ObjectStore({ dir });
    a.createBucket("v", { versioning: true });
    a.createBucket("u");
    const meta = { contentType: "text/plain", metadata: { who: "me" }, checksums: { crc32: CHECKSUMS.crc32(Buffer.from("two")).toString("base64") }, checksumType: "FULL_OBJECT" };
    a.put("v", "docs/a*b.txt", Buffer.from("one"));
    a.put("v", "docs/a*b.txt", Buffer.from("two"), meta);
    a.put("v", "gone.txt", Buffer.from("bye"));
    a.delete("v", "gone.txt");
    a.put("u", "x", Buffer.from("old"));
    a.put("u", "x", Buffer.from("new"));
    a.put("u", "y", Buffer.from("y"));
    a.delete("u", "y");
    const id = a.createUpload("v", "big.bin", { checksumAlgorithm: "crc32", contentType: "application/zip" });
    const p1 = crypto.randomBytes(MIN_PART_SIZE);
    const c1 = CHECKSUMS.crc32(p1).toString("base64");
    const e1 = a.putPart("v", "big.bin", id, 1, p1, { crc32: c1 }).etag;
    const aborted = a.createUpload("v", "never.bin");
    a.abortUpload("v", "never.bin", aborted);

    const b = new ObjectStore({ dir });
    b.createBucket("v", { versioning: true });
    b.createBucket("u");
    const plain = (e) => JSON.parse(JSON.stringify({ ...e, body: e.deleteMarker ? undefined : e.body.toString("base64") }));
    for (const [bucket, key] of [["v", "docs/a*b.txt"], ["v", "gone.txt"], ["u", "x"], ["u", "y"]]) {
      assert.deepEqual(b.versions(bucket, key).map(plain), a.versions(bucket, key).map(plain), `${bucket}/${key}`);
    }
    const o = b.get("v", "docs/a*b.txt");
    assert.equal(o.body.toString(), "two");
    assert.ok(o.lastModified instanceof Date);
    assert.deepEqual([o.contentType, o.metadata, o.checksums, o.checksumType], [meta.contentType, meta.metadata, meta.checksums, "FULL_OBJECT"]);
    assert.equal(b.has("v", "gone.txt"), false);
    assert.equal(b.get("u", "x").body.toString(), "new");
    assert.deepEqual(b.list("v").contents.map((x) => x.key), ["docs/a*b.txt"]);
    assert.deepEqual([...b.bucket("v").uploads.keys()], [id], "the aborted upload is gone, the open one is back");
    // The reloaded upload completes, and new versions sort after the reloaded ones.
    const p2 = Buffer.from("tail");
    const c2 = CHECKSUMS.crc32(p2).toString("base64");
    const e2 = b.putPart("v", "big.bin", id, 2, p2, { crc32: c2 }).etag;
    const big = b.completeUpload("v", "big.bin", id, [{ partNumber: 1, etag: e1, checksums: { crc32: c1 } }, { partNumber: 2, etag: e2, checksums: { crc32: c2 } }]);
    assert.ok(big.body.equals(Buffer.concat([p1, p2])));
    assert.equal(big.contentType, "application/zip");
    const v3 = b.put("v", "docs/a*b.txt", Buffer.from("three"));
    assert.equal(b.versions("v", "docs/a*b.txt")[0].versionId, v3.versionId);

    const c = new ObjectStore({ dir });
    c.createBucket("v", { versioning: true });
    c.createBucket("u");
    assert.deepEqual(c.versions("v", "docs/a*b.txt").map((e) => e.body.toString()), ["three", "two", "one"]);
    assert.ok(c.get("v", "big.bin").body.equals(Buffer.concat([p1, p2])));
    assert.equal(c.bucket("v").uploads.size, 0);
    // Files, not one document: a body per version; the unversioned bucket keeps one version of x and nothing of y.
    const files = (d) => fs.readdirSync(d, { recursive: true }).filter((f) => /\.(json|body)$/.test(f));
    assert.equal(files(path.join(dir, "v")).filter((f) => f.endsWith(".body")).length, 5, "one, two, three, bye, big.bin");
    assert.equal(files(path.join(dir, "u")).length, 2, "x: one record and its bytes");
    c.purge("v", "docs/a*b.txt");
    assert.equal(files(path.join(dir, "v")).filter((f) => f.endsWith(".body")).length, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
