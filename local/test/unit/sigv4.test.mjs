// SigV4 verification against requests signed by the AWS SDK's own signer
// (@smithy/signature-v4) and presigner.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { test } from "node:test";
import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { SignatureV4 } from "@smithy/signature-v4";
import { canonicalUri, verify, Sha256, SigV4Error } from "../../src/sigv4.mjs";

const REGION = "eu-west-1";
const creds = { accessKeyId: "ASIAEXAMPLE000000001", secretAccessKey: "secret/key+example", sessionToken: "session-token-1" };
const lookup = (id) => (id === creds.accessKeyId ? { ...creds, expiration: new Date(Date.now() + 3600e3) } : undefined);
const host = "127.0.0.1:4514";

async function signed({ method = "GET", path = "/bucket/private/a.txt", query = {}, headers = {}, body, credentials = creds, date } = {}) {
  const signer = new SignatureV4({ service: "s3", region: REGION, credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: true });
  const payloadHash = body === undefined ? "UNSIGNED-PAYLOAD" : crypto.createHash("sha256").update(body).digest("hex");
  const req = await signer.sign(
    { method, protocol: "http:", hostname: "127.0.0.1", port: 4514, path, query, headers: { host, "x-amz-content-sha256": payloadHash, ...headers }, body },
    date ? { signingDate: date } : {},
  );
  const rawQuery = Object.entries(req.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return { method, rawPath: path, rawQuery, rawHeaders: Object.entries(req.headers).flat() };
}

const expectError = (fn, code) => assert.throws(fn, (e) => e instanceof SigV4Error && e.code === code, `expected ${code}`);

test("a request signed by the SDK's signer verifies, with its session token", async () => {
  const r = verify(await signed({ query: { "list-type": "2", prefix: "private/a b/" } }), { region: REGION, lookup });
  assert.equal(r.authType, "REST-HEADER");
  assert.equal(r.credentials.sessionToken, creds.sessionToken);
});

test("keys with spaces, unicode, reserved characters and markup verify (S3 canonical URI)", async () => {
  const key = "private/eu-west-1%3Aabc/" + encodeURIComponent("<img src=x onerror=alert(1)>.txt").replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  verify(await signed({ path: `/bucket/${key}` }), { region: REGION, lookup });
  verify(await signed({ path: "/bucket/" + encodeURIComponent("Ünïcødé & spaces.txt") }), { region: REGION, lookup });
  assert.equal(canonicalUri("/b/a%20b/%28x%29"), "/b/a%20b/%28x%29");
});

test("a tampered path, query, header or secret fails with SignatureDoesNotMatch", async () => {
  const r = await signed({ headers: { "x-amz-meta-a": "1" } });
  expectError(() => verify({ ...r, rawPath: "/bucket/private/b.txt" }, { region: REGION, lookup }), "SignatureDoesNotMatch");
  expectError(() => verify({ ...r, rawQuery: "versionId=1" }, { region: REGION, lookup }), "SignatureDoesNotMatch");
  expectError(() => verify({ ...r, rawHeaders: r.rawHeaders.map((x) => (x === "1" ? "2" : x)) }, { region: REGION, lookup }), "SignatureDoesNotMatch");
  const other = await signed({ credentials: { ...creds, secretAccessKey: "wrong" } });
  expectError(() => verify(other, { region: REGION, lookup }), "SignatureDoesNotMatch");
});

test("unknown key, missing or wrong session token, expired credentials and clock skew are rejected as S3 does", async () => {
  const unknown = await signed({ credentials: { ...creds, accessKeyId: "ASIAUNKNOWN000000000" } });
  expectError(() => verify(unknown, { region: REGION, lookup }), "InvalidAccessKeyId");
  const noToken = await signed({ credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey } });
  expectError(() => verify(noToken, { region: REGION, lookup }), "InvalidAccessKeyId");
  const wrongToken = await signed({ credentials: { ...creds, sessionToken: "other" } });
  expectError(() => verify(wrongToken, { region: REGION, lookup }), "InvalidToken");
  const ok = await signed();
  expectError(() => verify(ok, { region: REGION, lookup: (id) => ({ ...lookup(id), expiration: new Date(Date.now() - 1000) }) }), "ExpiredToken");
  const old = await signed({ date: new Date(Date.now() - 20 * 60e3) });
  expectError(() => verify(old, { region: REGION, lookup }), "RequestTimeTooSkewed");
  expectError(() => verify(ok, { region: "us-east-1", lookup }), "AuthorizationHeaderMalformed");
});

test("an unsigned request is anonymous (null)", () => {
  assert.equal(verify({ method: "GET", rawPath: "/b/k", rawQuery: "", rawHeaders: ["host", host] }, { region: REGION, lookup }), null);
});

test("presigned URLs from the SDK's presigner verify; expired or edited ones do not", async () => {
  const client = new S3Client({ region: REGION, endpoint: `http://${host}`, forcePathStyle: true, credentials: creds });
  const url = new URL(
    await getSignedUrl(client, new GetObjectCommand({ Bucket: "bucket", Key: "private/id/a file (1).txt", ResponseContentDisposition: 'attachment; filename="a file (1).txt"' }), { expiresIn: 60 }),
  );
  const req = (u) => ({ method: "GET", rawPath: u.pathname, rawQuery: u.search.slice(1), rawHeaders: ["Host", host] });
  const r = verify(req(url), { region: REGION, lookup });
  assert.equal(r.authType, "REST-QUERY-STRING");
  expectError(() => verify(req(url), { region: REGION, lookup, now: Date.now() + 61e3 }), "AccessDenied");
  const edited = new URL(url);
  edited.pathname = edited.pathname.replace("a%20file", "b%20file");
  expectError(() => verify(req(edited), { region: REGION, lookup }), "SignatureDoesNotMatch");
  const noToken = new URL(url);
  noToken.searchParams.delete("X-Amz-Security-Token");
  expectError(() => verify(req(noToken), { region: REGION, lookup }), "InvalidAccessKeyId");
  client.destroy();
});
