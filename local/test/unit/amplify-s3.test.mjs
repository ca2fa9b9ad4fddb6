// S3 as Amplify JS reaches it in a browser: over https (the stand-in's
// self-signed certificate), virtual-hosted-style at the `customEndpoint`
// host (https://<bucket>.localhost:<port>/<key>), and presigned URLs from
// Amplify's own signer, whose query strings carry spaces as "+".
import assert from "node:assert/strict";
import crypto from "node:crypto";
import https from "node:https";
import { after, before, test } from "node:test";
import { presignUrl, UNSIGNED_PAYLOAD } from "@aws-amplify/core/internals/aws-client-utils";
import { SignatureV4 } from "@smithy/signature-v4";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { s3Address } from "../../src/s3address.mjs";
import { Sha256, verify } from "../../src/sigv4.mjs";
import { startStandIn } from "../../src/standin.mjs";

const ME = "eu-west-1:11111111-2222-4333-8444-555555555555";
let s, creds, bucket, port;

before(async () => {
  const template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist });
  const c = s.credentials.issue({ identityId: ME, identityPoolId: s.ids.identityPoolId, roleArn: s.model.authenticatedRole.arn, amr: ["authenticated"], sub: "sub" }, 600);
  creds = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
  bucket = s.config.bucket;
  port = Number(new URL(s.urls.s3).port);
  s.store.put(bucket, `private/${ME}/a b.txt`, Buffer.from("hello"), {});
});
after(async () => {
  await s?.stop();
});

/** An https request to the stand-in's S3 port with Host <bucket>.localhost:<port> (Node does not resolve *.localhost; browsers do). */
function virtualHosted({ method = "GET", path, headers = {} }) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port, method, path, servername: "localhost", ca: s.tls.cert, headers: { host: `${bucket}.localhost:${port}`, ...headers } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

const amplifyPresigned = (host, key) => {
  const url = new URL(`https://${host}/${key.split("/").map(encodeURIComponent).join("/")}?x-id=GetObject`);
  // What @aws-amplify/storage's getPresignedGetObjectUrl adds before signing (getUrl, Storage Browser's download).
  url.searchParams.append("x-amz-user-agent", "aws-amplify/6.15.0 storage/4 framework/1 ui-react-storage/3.18.2");
  url.searchParams.append("response-content-disposition", "attachment");
  return presignUrl({ method: "GET", url, body: UNSIGNED_PAYLOAD }, { credentials: creds, signingRegion: "eu-west-1", signingService: "s3", expiration: 900, uriEscapePath: false });
};

test("a presigned URL from Amplify's signer verifies: '+' in its query string is a space, as S3 reads it", () => {
  const u = amplifyPresigned(`${bucket}.localhost:${port}`, `private/${ME}/a b.txt`);
  assert.match(u.search, /x-amz-user-agent=aws-amplify%2F6\.15\.0\+storage/, "the URL carries spaces as '+'");
  const r = verify({ method: "GET", rawPath: u.pathname, rawQuery: u.search.slice(1), rawHeaders: ["host", u.host] }, { region: "eu-west-1", lookup: () => creds });
  assert.equal(r.authType, "REST-QUERY-STRING");
  // A literal plus is sent as %2B and stays a plus: changing one into the other breaks the signature.
  const tampered = u.search.slice(1).replace("aws-amplify%2F6.15.0+storage", "aws-amplify%2F6.15.0%2Bstorage");
  assert.throws(() => verify({ method: "GET", rawPath: u.pathname, rawQuery: tampered, rawHeaders: ["host", u.host] }, { region: "eu-west-1", lookup: () => creds }), { code: "SignatureDoesNotMatch" });
});

test("S3 addressing: path-style on 127.0.0.1, virtual-hosted on <bucket>.localhost", () => {
  assert.deepEqual(s3Address("/b/k/x%20y.txt", "127.0.0.1:9"), { bucket: "b", key: "k/x y.txt", style: "path" });
  assert.deepEqual(s3Address("/k/x%20y.txt", "b.localhost:9"), { bucket: "b", key: "k/x y.txt", style: "virtual-hosted" });
  assert.deepEqual(s3Address("/", "b.localhost:9"), { bucket: "b", key: undefined, style: "virtual-hosted" });
  assert.deepEqual(s3Address("/b", "localhost:9"), { bucket: "b", key: undefined, style: "path" });
  assert.deepEqual(s3Address("/", "127.0.0.1:9"), { bucket: undefined, key: undefined, style: "path" });
});

test("over https, virtual-hosted: a header-signed GET and Amplify's presigned GET are served; another folder is AccessDenied", async () => {
  const signer = new SignatureV4({ service: "s3", region: "eu-west-1", sha256: Sha256, uriEscapePath: false, applyChecksum: false, credentials: creds });
  const signed = await signer.sign({
    method: "GET",
    protocol: "https:",
    hostname: `${bucket}.localhost`,
    port,
    path: "/",
    query: { "list-type": "2", prefix: `private/${ME}/` },
    headers: { host: `${bucket}.localhost:${port}`, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
  });
  const listed = await virtualHosted({ path: `/?list-type=2&prefix=${encodeURIComponent(`private/${ME}/`)}`, headers: signed.headers });
  assert.equal(listed.status, 200, listed.body);
  assert.match(listed.body, /<Key>private\/eu-west-1:11111111-2222-4333-8444-555555555555\/a b\.txt<\/Key>/);

  const u = amplifyPresigned(`${bucket}.localhost:${port}`, `private/${ME}/a b.txt`);
  const got = await virtualHosted({ path: u.pathname + u.search });
  assert.equal(got.status, 200, got.body);
  assert.equal(got.body, "hello");
  assert.equal(got.headers["content-disposition"], "attachment");

  const other = amplifyPresigned(`${bucket}.localhost:${port}`, `private/eu-west-1:${crypto.randomUUID()}/a b.txt`);
  const denied = await virtualHosted({ path: other.pathname + other.search });
  assert.equal(denied.status, 403);
  assert.match(denied.body, /<Code>AccessDenied<\/Code>/);
});
