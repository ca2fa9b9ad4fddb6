// Checksums as S3 verifies them: the store's CRC32C and CRC64NVME against
// their check values and a bit-by-bit reference, and the S3 endpoint taking
// UNSIGNED-PAYLOAD bodies (signature over the headers still verified) whose
// integrity rests on x-amz-checksum-*: a body that does not match gets
// BadDigest and is not stored, a malformed value or two checksum headers
// InvalidRequest.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import zlib from "node:zlib";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { CHECKSUMS, ObjectStore, S3Error } from "../../src/s3store.mjs";
import { Sha256 } from "../../src/sigv4.mjs";
import { startStandIn } from "../../src/standin.mjs";

// --- the store -------------------------------------------------------------

/** Reflected CRC, one bit at a time, in BigInt: the definition the tables must agree with. */
function crcBitwise(data, bits, poly) {
  const mask = (1n << BigInt(bits)) - 1n;
  let c = mask;
  for (const b of data) {
    c ^= BigInt(b);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
  }
  c ^= mask;
  return Buffer.from(c.toString(16).padStart(bits / 4, "0"), "hex");
}
const CRC32C_POLY = 0x82f63b78n;
const CRC64NVME_POLY = 0x9a6c9329ac4bc9b5n;

test("CRC32C and CRC64NVME: check values and the bitwise definition", () => {
  const check = Buffer.from("123456789");
  assert.equal(CHECKSUMS.crc32c(check).toString("hex"), "e3069283");
  assert.equal(CHECKSUMS.crc64nvme(check).toString("hex"), "ae8b14860a799888");
  assert.equal(CHECKSUMS.crc32(check).toString("hex"), "cbf43926");
  assert.equal(CHECKSUMS.crc32c(Buffer.alloc(0)).toString("hex"), "00000000");
  assert.equal(CHECKSUMS.crc64nvme(Buffer.alloc(0)).toString("hex"), "0000000000000000");
  const data = crypto.randomBytes(257);
  for (const n of [1, 2, 7, 8, 9, 31, 64, 257]) {
    const d = data.subarray(0, n);
    assert.deepEqual(CHECKSUMS.crc32c(d), crcBitwise(d, 32, CRC32C_POLY), `crc32c of ${n} bytes`);
    assert.deepEqual(CHECKSUMS.crc64nvme(d), crcBitwise(d, 64, CRC64NVME_POLY), `crc64nvme of ${n} bytes`);
    assert.equal(CHECKSUMS.crc32(d).readUInt32BE(), zlib.crc32(d) >>> 0);
  }
});

const isCode = (code) => (e) => e instanceof S3Error && e.code === code && e.status === 400;

test("every supported x-amz-checksum-* is verified: BadDigest on mismatch, InvalidRequest when malformed or more than one", () => {
  const body = Buffer.from("hello, world");
  const other = Buffer.from("hello, World");
  for (const alg of ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"]) {
    const right = CHECKSUMS[alg](body).toString("base64");
    assert.deepEqual(ObjectStore.checksums(body, { [alg]: right }), { [alg]: right }, alg);
    assert.throws(() => ObjectStore.checksums(body, { [alg]: CHECKSUMS[alg](other).toString("base64") }), isCode("BadDigest"), `${alg} mismatch`);
    assert.throws(() => ObjectStore.checksums(body, { [alg]: "not base64!" }), isCode("InvalidRequest"), `${alg} malformed`);
    assert.throws(() => ObjectStore.checksums(body, { [alg]: Buffer.alloc(3).toString("base64") }), isCode("InvalidRequest"), `${alg} wrong length`);
    assert.throws(() => ObjectStore.checksums(body, { [alg]: right.replace(/=+$/, "") || "x" }), isCode("InvalidRequest"), `${alg} unpadded`);
  }
  assert.throws(
    () => ObjectStore.checksums(body, { crc32: CHECKSUMS.crc32(body).toString("base64"), sha256: CHECKSUMS.sha256(body).toString("base64") }),
    (e) => isCode("InvalidRequest")(e) && /single x-amz-checksum- header/.test(e.message),
  );
  assert.throws(() => ObjectStore.checksums(body, { md5: "AAAA" }), isCode("InvalidRequest"));
});

test("multipart with CRC64NVME gets a full-object checksum, CRC32C a composite one", () => {
  const s = new ObjectStore();
  s.createBucket("b");
  const p1 = crypto.randomBytes(5 * 1024 * 1024);
  const p2 = crypto.randomBytes(100);
  for (const alg of ["crc64nvme", "crc32c"]) {
    const id = s.createUpload("b", alg, { checksumAlgorithm: alg });
    const parts = [p1, p2].map((body, i) => {
      const checksums = ObjectStore.checksums(body, { [alg]: CHECKSUMS[alg](body).toString("base64") });
      return { partNumber: i + 1, etag: s.putPart("b", alg, id, i + 1, body, checksums).etag, checksums };
    });
    const o = s.completeUpload("b", alg, id, parts);
    if (alg === "crc64nvme") {
      assert.equal(o.checksumType, "FULL_OBJECT");
      assert.equal(o.checksums.crc64nvme, CHECKSUMS.crc64nvme(Buffer.concat([p1, p2])).toString("base64"));
    } else {
      assert.equal(o.checksumType, "COMPOSITE");
      assert.match(o.checksums.crc32c, /^[A-Za-z0-9+/]{6}==-2$/);
    }
  }
});

// --- the S3 endpoint ---------------------------------------------------------

const ME = "eu-west-1:11111111-2222-4333-8444-555555555555";
let s, creds, Bucket;

before(async () => {
  const template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist });
  Bucket = s.config.bucket;
  const c = s.credentials.issue({ identityId: ME, identityPoolId: s.ids.identityPoolId, roleArn: s.model.authenticatedRole.arn, amr: ["authenticated"], sub: "sub" }, 600);
  creds = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
});
after(async () => {
  await s?.stop();
});

/** An SDK client whose PutObject/UploadPart bodies go as UNSIGNED-PAYLOAD, as the web app sends them. */
function unsignedClient() {
  const c = new S3Client({ region: "eu-west-1", endpoint: s.urls.s3, forcePathStyle: true, maxAttempts: 1, credentials: creds });
  c.middlewareStack.add(
    (next) => async (args) => {
      args.request.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
      return next(args);
    },
    { step: "build", name: "unsignedPayload" },
  );
  return c;
}

/** A PUT signed with the SDK's signer; `tamper` may change the headers or body after signing. */
async function signedPut(key, body, headers, tamper = (r) => r) {
  const u = new URL(s.urls.s3);
  const path = `/${Bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
  const signer = new SignatureV4({ service: "s3", region: "eu-west-1", credentials: creds, sha256: Sha256, uriEscapePath: false });
  const req = await signer.sign({ method: "PUT", protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path, headers: { host: u.host, ...headers }, body });
  const t = tamper({ headers: { ...req.headers }, body });
  delete t.headers.host;
  return fetch(`${s.urls.s3}${path}`, { method: "PUT", headers: t.headers, body: t.body });
}

const b64 = (alg, body) => CHECKSUMS[alg](body).toString("base64");
const code = async (res) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];

test("UNSIGNED-PAYLOAD PutObject: accepted with a matching CRC32, BadDigest (not stored) when the bytes differ", async () => {
  const c = unsignedClient();
  const Key = `private/${ME}/unsigned.bin`;
  const body = crypto.randomBytes(100_000);
  const ok = await c.send(new PutObjectCommand({ Bucket, Key, Body: body, ChecksumAlgorithm: "CRC32", ChecksumCRC32: b64("crc32", body) }));
  assert.equal(ok.ChecksumCRC32, b64("crc32", body));
  const got = await c.send(new GetObjectCommand({ Bucket, Key }));
  assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body));

  const Key2 = `private/${ME}/bad-digest.bin`;
  await assert.rejects(
    c.send(new PutObjectCommand({ Bucket, Key: Key2, Body: body, ChecksumAlgorithm: "CRC32", ChecksumCRC32: b64("crc32", Buffer.from("other")) })),
    (e) => e.name === "BadDigest" && e.$metadata.httpStatusCode === 400 && /CRC32 you specified did not match/.test(e.message),
  );
  assert.equal(s.store.has(Bucket, Key2), false);
  c.destroy();
});

test("UNSIGNED-PAYLOAD: a body changed in transit gets BadDigest; a checksum header changed after signing gets SignatureDoesNotMatch", async () => {
  const key = `private/${ME}/transit.bin`;
  const body = Buffer.from("the bytes the client meant to send");
  const headers = { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-checksum-crc32": b64("crc32", body) };
  const fine = await signedPut(key, body, headers);
  assert.equal(fine.status, 200, await fine.clone().text());
  assert.equal(fine.headers.get("x-amz-checksum-crc32"), headers["x-amz-checksum-crc32"]);

  const changed = await signedPut(key + ".2", body, headers, (r) => ({ ...r, body: Buffer.from("the bytes an attacker wanted to store") }));
  assert.equal(changed.status, 400);
  assert.equal(await code(changed), "BadDigest");
  assert.equal(s.store.has(Bucket, key + ".2"), false);

  const forged = await signedPut(key + ".3", body, headers, (r) => ({ headers: { ...r.headers, "x-amz-checksum-crc32": b64("crc32", Buffer.from("x")) }, body: Buffer.from("x") }));
  assert.equal(forged.status, 403);
  assert.equal(await code(forged), "SignatureDoesNotMatch");
  assert.equal(s.store.has(Bucket, key + ".3"), false);
});

test("UNSIGNED-PAYLOAD with CRC32C, CRC64NVME, SHA1, SHA256: verified; malformed values, two checksums and a bad x-amz-content-sha256 are refused", async () => {
  const key = `private/${ME}/algs.bin`;
  const body = crypto.randomBytes(4096);
  for (const alg of ["crc32c", "crc64nvme", "sha1", "sha256"]) {
    const ok = await signedPut(key, body, { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", [`x-amz-checksum-${alg}`]: b64(alg, body) });
    assert.equal(ok.status, 200, `${alg}: ${await ok.clone().text()}`);
    assert.equal(ok.headers.get(`x-amz-checksum-${alg}`), b64(alg, body));
    const bad = await signedPut(key, body, { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", [`x-amz-checksum-${alg}`]: b64(alg, Buffer.from("no")) });
    assert.equal(bad.status, 400, alg);
    assert.equal(await code(bad), "BadDigest", alg);
  }
  const malformed = await signedPut(key, body, { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-checksum-crc32": "nope" });
  assert.equal(malformed.status, 400);
  assert.equal(await code(malformed), "InvalidRequest");
  const two = await signedPut(key, body, { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "x-amz-checksum-crc32": b64("crc32", body), "x-amz-checksum-sha1": b64("sha1", body) });
  assert.equal(two.status, 400);
  assert.equal(await code(two), "InvalidRequest");
  const garbage = await signedPut(key, body, { "x-amz-content-sha256": "not-a-hash" });
  assert.equal(garbage.status, 400);
  assert.equal(await code(garbage), "InvalidArgument");
  // A signed payload hash still has to match the body.
  const wrongHash = await signedPut(key, body, { "x-amz-content-sha256": crypto.createHash("sha256").update("other").digest("hex") });
  assert.equal(wrongHash.status, 400);
  assert.equal(await code(wrongHash), "XAmzContentSHA256Mismatch");
});

test("UNSIGNED-PAYLOAD multipart: parts with their CRC32 complete to a composite CRC32; a part whose bytes differ gets BadDigest", async () => {
  const c = unsignedClient();
  const Key = `private/${ME}/multi.bin`;
  const parts = [crypto.randomBytes(5 * 1024 * 1024), crypto.randomBytes(1234)];
  const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: "CRC32" }));
  await assert.rejects(
    c.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: parts[0], ChecksumAlgorithm: "CRC32", ChecksumCRC32: b64("crc32", parts[1]) })),
    (e) => e.name === "BadDigest" && e.$metadata.httpStatusCode === 400,
  );
  const done = [];
  for (const [i, body] of parts.entries()) {
    const r = await c.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body: body, ChecksumAlgorithm: "CRC32", ChecksumCRC32: b64("crc32", body) }));
    assert.equal(r.ChecksumCRC32, b64("crc32", body));
    done.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumCRC32: r.ChecksumCRC32 });
  }
  const out = await c.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: done } }));
  assert.match(out.ChecksumCRC32, /-2$/);
  assert.ok(s.store.get(Bucket, Key).body.equals(Buffer.concat(parts)));
  c.destroy();
});
