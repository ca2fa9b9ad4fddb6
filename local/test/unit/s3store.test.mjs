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
