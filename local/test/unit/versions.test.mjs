// Old versions and delete markers, as S3 serves them: ListObjectVersions
// (prefix, delimiter, key and version-id markers), GET and HEAD of a
// version, CopyObject from a version (a restore), a delete marker by
// version id; and through the endpoint, each with its IAM action
// (s3:ListBucketVersions, s3:GetObjectVersion) under the template's policies.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { ObjectStore } from "../../src/s3store.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { s3ForIdentity } from "../helpers.mjs";
import { readTemplate } from "../../src/template.mjs";

const ME = "eu-west-1:11111111-2222-4333-8444-555555555555";
const OTHER = "eu-west-1:11111111-2222-4333-8444-5555555555551"; // ME's id is a prefix of it
let template, webDist, s, locked;

function clientFor(standIn, identityId = ME) {
  return s3ForIdentity(standIn, identityId);
}

/** The default template with objectLockDays=1, as the setting writes it (test/safety_test.go pins that shape). */
function withObjectLock(t, days) {
  const out = structuredClone(t);
  for (const r of Object.values(out.Resources)) {
    if (r.Type === "AWS::S3::Bucket" && r.Properties?.VersioningConfiguration && r.Properties?.CorsConfiguration) {
      r.Properties.ObjectLockEnabled = true;
      r.Properties.ObjectLockConfiguration = { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: days } } };
    }
  }
  return out;
}

before(async () => {
  template = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template, webDist });
  locked = await startStandIn({ template: withObjectLock(readTemplate(template), 1), webDist });
});
after(async () => {
  await s?.stop();
  await locked?.stop();
});

test("store: ListObjectVersions lists keys in order, each key's versions newest first, and pages with key and version-id markers", () => {
  const st = new ObjectStore();
  st.createBucket("v", { versioning: true });
  const a1 = st.put("v", "d/a", Buffer.from("a1"));
  const a2 = st.put("v", "d/a", Buffer.from("a2"));
  const bm = (st.put("v", "d/b", Buffer.from("b1")), st.delete("v", "d/b"));
  st.put("v", "d/sub/c", Buffer.from("c1"));
  st.put("v", "e", Buffer.from("e1"));
  const all = st.listVersions("v", { prefix: "d/" });
  assert.deepEqual(
    all.entries.map(({ entry: e, isLatest }) => [e.key, e.deleteMarker ? "marker" : e.body.toString(), isLatest]),
    [["d/a", "a2", true], ["d/a", "a1", false], ["d/b", "marker", true], ["d/b", "b1", false], ["d/sub/c", "c1", true]],
  );
  const grouped = st.listVersions("v", { prefix: "d/", delimiter: "/" });
  assert.deepEqual(grouped.commonPrefixes, ["d/sub/"]);
  assert.equal(grouped.entries.length, 4);
  // Paging two at a time visits every entry once, a common prefix counting as one.
  const seen = [];
  let markers = {};
  for (let i = 0; i < 10; i++) {
    const page = st.listVersions("v", { prefix: "d/", delimiter: "/", maxKeys: 2, ...markers });
    seen.push(...page.entries.map(({ entry: e }) => e.versionId), ...page.commonPrefixes);
    if (!page.isTruncated) break;
    markers = { keyMarker: page.nextKeyMarker, versionIdMarker: page.nextVersionIdMarker };
  }
  assert.deepEqual(seen, [a2.versionId, a1.versionId, bm.versionId, st.versions("v", "d/b")[1].versionId, "d/sub/"]);
});

test("store: a version by id, a delete marker by id, and deleting a delete marker brings the file back", () => {
  const st = new ObjectStore();
  st.createBucket("v", { versioning: true });
  const v1 = st.put("v", "k", Buffer.from("one"));
  st.put("v", "k", Buffer.from("two"));
  const m = st.delete("v", "k");
  assert.equal(st.getVersion("v", "k", v1.versionId).body.toString(), "one");
  assert.equal(st.getVersion("v", "k", m.versionId).deleteMarker, true);
  assert.throws(() => st.getVersion("v", "k", "nope"), { code: "NoSuchVersion", status: 404 });
  assert.throws(() => st.get("v", "k"), (e) => e.code === "NoSuchKey" && e.headers["x-amz-delete-marker"] === "true" && e.headers["x-amz-version-id"] === m.versionId);
  st.deleteVersion("v", "k", m.versionId);
  assert.equal(st.get("v", "k").body.toString(), "two");
});

test("endpoint: the owner lists the versions of a file, reads an old one, and restores it with CopyObject from the version", async () => {
  const c = clientFor(s);
  const Bucket = s.config.bucket;
  const Key = `private/${ME}/report.txt`;
  const v1 = await c.send(new PutObjectCommand({ Bucket, Key, Body: "first draft", ContentType: "text/plain", ChecksumAlgorithm: "CRC32" }));
  const v2 = await c.send(new PutObjectCommand({ Bucket, Key, Body: "second draft", ContentType: "text/plain", ChecksumAlgorithm: "CRC32" }));
  await c.send(new PutObjectCommand({ Bucket, Key: `${Key}.bak`, Body: "another key with the same prefix" }));
  const l = await c.send(new ListObjectVersionsCommand({ Bucket, Prefix: Key }));
  assert.deepEqual(
    l.Versions.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size]),
    [[Key, v2.VersionId, true, 12], [Key, v1.VersionId, false, 11], [`${Key}.bak`, l.Versions[2].VersionId, true, 32]],
  );
  assert.equal(l.Versions[0].StorageClass, "STANDARD");
  assert.match(l.Versions[0].Owner.ID, /^[0-9a-f]{64}$/);
  const old = await c.send(new GetObjectCommand({ Bucket, Key, VersionId: v1.VersionId }));
  assert.equal(await old.Body.transformToString(), "first draft");
  assert.equal(old.VersionId, v1.VersionId);
  const head = await c.send(new HeadObjectCommand({ Bucket, Key, VersionId: v1.VersionId }));
  assert.equal(head.ContentLength, 11);
  // Restore: copy the old version onto its own key (a copy to itself is refused only without a version).
  const restored = await c.send(new CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${encodeURIComponent(Key)}?versionId=${encodeURIComponent(v1.VersionId)}` }));
  assert.equal(restored.CopySourceVersionId, v1.VersionId);
  assert.notEqual(restored.VersionId, v2.VersionId);
  const now = await c.send(new GetObjectCommand({ Bucket, Key }));
  assert.equal(await now.Body.transformToString(), "first draft");
  assert.equal(now.ContentType, "text/plain", "the version's metadata comes with it");
  const after = await c.send(new ListObjectVersionsCommand({ Bucket, Prefix: Key, Delimiter: "/" }));
  assert.equal(after.Versions.filter((v) => v.Key === Key).length, 3, "nothing was destroyed: a new version on top");
  await assert.rejects(c.send(new CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${encodeURIComponent(Key)}` })), { name: "InvalidRequest" });
  c.destroy();
});

test("endpoint: a deleted file shows as a delete marker; its last version can be copied back; the marker itself is 405 and cannot be a copy source", async () => {
  const c = clientFor(s);
  const Bucket = s.config.bucket;
  const Key = `private/${ME}/trash/gone.txt`;
  const v = await c.send(new PutObjectCommand({ Bucket, Key, Body: "keep me" }));
  const del = await c.send(new DeleteObjectCommand({ Bucket, Key }));
  assert.equal(del.DeleteMarker, true);
  const l = await c.send(new ListObjectVersionsCommand({ Bucket, Prefix: `private/${ME}/trash/`, Delimiter: "/" }));
  assert.deepEqual(l.DeleteMarkers.map((m) => [m.Key, m.VersionId, m.IsLatest]), [[Key, del.VersionId, true]]);
  assert.deepEqual(l.Versions.map((x) => [x.Key, x.VersionId, x.IsLatest]), [[Key, v.VersionId, false]]);
  await assert.rejects(c.send(new HeadObjectCommand({ Bucket, Key, VersionId: del.VersionId })), (e) => e.$metadata.httpStatusCode === 405);
  await assert.rejects(c.send(new GetObjectCommand({ Bucket, Key, VersionId: del.VersionId })), (e) => e.$metadata.httpStatusCode === 405 && e.name === "MethodNotAllowed");
  await assert.rejects(c.send(new GetObjectCommand({ Bucket, Key })), (e) => e.name === "NoSuchKey" && e.$response?.headers?.["x-amz-delete-marker"] === "true");
  await assert.rejects(c.send(new GetObjectCommand({ Bucket, Key, VersionId: "no-such-version" })), { name: "NoSuchVersion" });
  await assert.rejects(c.send(new CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${encodeURIComponent(Key)}?versionId=${del.VersionId}` })), { name: "InvalidRequest" });
  await c.send(new CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${encodeURIComponent(Key)}?versionId=${v.VersionId}` }));
  assert.equal(await (await c.send(new GetObjectCommand({ Bucket, Key }))).Body.transformToString(), "keep me");
  c.destroy();
});

test("endpoint: NextKeyMarker and NextVersionIdMarker walk a folder's versions page by page", async () => {
  const c = clientFor(s);
  const Bucket = s.config.bucket;
  const Prefix = `private/${ME}/many/`;
  for (let i = 0; i < 5; i++) for (let n = 0; n < 3; n++) await c.send(new PutObjectCommand({ Bucket, Key: `${Prefix}f${i}`, Body: `${i}.${n}` }));
  const seen = [];
  let markers = {};
  for (let pages = 0; pages < 10; pages++) {
    const page = await c.send(new ListObjectVersionsCommand({ Bucket, Prefix, MaxKeys: 4, ...markers }));
    assert.ok((page.Versions?.length ?? 0) <= 4);
    seen.push(...(page.Versions ?? []).map((v) => v.VersionId));
    if (!page.IsTruncated) break;
    markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
  assert.equal(seen.length, 15);
  assert.equal(new Set(seen).size, 15);
  c.destroy();
});

test("endpoint: nobody lists versions outside the own folder, reads another's versions, or deletes a version", async () => {
  const me = clientFor(s);
  const other = clientFor(s, OTHER);
  const Bucket = s.config.bucket;
  const Key = `private/${ME}/secret.txt`;
  const v = await me.send(new PutObjectCommand({ Bucket, Key, Body: "mine" }));
  const denied = (p) => assert.rejects(p, (e) => e.name === "AccessDenied" && e.$metadata.httpStatusCode === 403);
  await denied(other.send(new ListObjectVersionsCommand({ Bucket, Prefix: `private/${ME}/` })));
  await denied(other.send(new ListObjectVersionsCommand({ Bucket, Prefix: `private/${ME}` })));
  await denied(other.send(new GetObjectCommand({ Bucket, Key, VersionId: v.VersionId })));
  await denied(other.send(new CopyObjectCommand({ Bucket, Key: `private/${OTHER}/stolen`, CopySource: `${Bucket}/${encodeURIComponent(Key)}?versionId=${v.VersionId}` })));
  await denied(me.send(new ListObjectVersionsCommand({ Bucket, Prefix: "private/" })));
  await denied(me.send(new ListObjectVersionsCommand({ Bucket, Prefix: "" })));
  await denied(me.send(new ListObjectVersionsCommand({ Bucket })));
  await denied(me.send(new DeleteObjectCommand({ Bucket, Key, VersionId: v.VersionId })));
  const batch = await me.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key, VersionId: v.VersionId }] } }));
  assert.equal(batch.Errors?.[0]?.Code, "AccessDenied");
  assert.equal(await (await me.send(new GetObjectCommand({ Bucket, Key, VersionId: v.VersionId }))).Body.transformToString(), "mine", "the version is intact");
  me.destroy();
  other.destroy();
});

test("endpoint: with Object Lock (objectLockDays) a restore works and the restored version is retained too", async () => {
  const c = clientFor(locked);
  const Bucket = locked.config.bucket;
  const Key = `private/${ME}/locked.txt`;
  const v1 = await c.send(new PutObjectCommand({ Bucket, Key, Body: "v1", ChecksumAlgorithm: "CRC32" }));
  await c.send(new PutObjectCommand({ Bucket, Key, Body: "v2", ChecksumAlgorithm: "CRC32" }));
  await c.send(new CopyObjectCommand({ Bucket, Key, CopySource: `${Bucket}/${encodeURIComponent(Key)}?versionId=${v1.VersionId}` }));
  assert.equal(await (await c.send(new GetObjectCommand({ Bucket, Key }))).Body.transformToString(), "v1");
  const versions = locked.store.versions(Bucket, Key);
  assert.equal(versions.length, 3);
  assert.ok(versions.every((e) => e.retention?.mode === "GOVERNANCE" && e.retention.retainUntil > new Date()), "every version is under the default retention");
  assert.throws(() => locked.store.deleteVersion(Bucket, Key, v1.VersionId), { code: "AccessDenied" });
  c.destroy();
});
