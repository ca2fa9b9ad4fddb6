// The isolation check: what another user's credentials can do to a user's
// folder, used directly against the S3 endpoint. Returns the violations
// (empty: isolated). Also checks that the caller's own folder works, so a
// policy that denies everything (or an evaluator that loses the identity
// variable) cannot pass for "isolated".

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

async function outcome(p) {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
}

/**
 * s3: an S3Client with the intruder's credentials.
 * opts: { bucket, prefix = "private/", ownId, otherId, otherKey }
 */
export async function isolationViolations(s3, { bucket, prefix = "private/", ownId, otherId, otherKey }) {
  const v = [];
  const denied = (what, r) => {
    if (r.ok) return v.push(`${what}: allowed`);
    if (!(r.name === "AccessDenied" || r.status === 403)) v.push(`${what}: expected AccessDenied, got ${r.name} (${r.status})`);
  };

  denied(`GetObject ${otherKey}`, await outcome(s3.send(new GetObjectCommand({ Bucket: bucket, Key: otherKey }))));
  denied(`HeadObject ${otherKey}`, await outcome(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: otherKey }))));
  for (const p of [prefix, "", `${prefix}${otherId}/`, `${prefix}${otherId.slice(0, 12)}`]) {
    const r = await outcome(s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: p, Delimiter: "/" })));
    if (r.ok) {
      const seen = [...(r.value.CommonPrefixes ?? []).map((x) => x.Prefix), ...(r.value.Contents ?? []).map((x) => x.Key)];
      const leaked = seen.filter((x) => x.includes(otherId));
      v.push(`ListObjectsV2 prefix "${p}": allowed${leaked.length ? ` and saw ${otherId} (${leaked.join(", ")})` : ""}`);
    } else denied(`ListObjectsV2 prefix "${p}"`, r);
  }
  denied(`PutObject into ${prefix}${otherId}/`, await outcome(s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${otherId}/intruder.txt`, Body: "x" }))));
  denied(`DeleteObject ${otherKey}`, await outcome(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: otherKey }))));
  denied(
    `CopyObject ${otherKey} into own folder`,
    await outcome(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: `${prefix}${ownId}/stolen`, CopySource: encodeURIComponent(`${bucket}/${otherKey}`) }))),
  );
  const del = await outcome(s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: otherKey }] } })));
  if (del.ok) {
    const err = (del.value.Errors ?? []).find((e) => e.Key === otherKey);
    if (!err || err.Code !== "AccessDenied") v.push(`DeleteObjects ${otherKey}: not denied`);
  } else denied(`DeleteObjects ${otherKey}`, del);
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: otherKey }), { expiresIn: 60 });
  const res = await fetch(url);
  if (res.status !== 403) v.push(`presigned GET ${otherKey}: HTTP ${res.status}`);

  // Must-allow: the intruder's own folder works (else "isolated" means nothing).
  const own = `${prefix}${ownId}/isolation-check.txt`;
  const put = await outcome(s3.send(new PutObjectCommand({ Bucket: bucket, Key: own, Body: "mine" })));
  if (!put.ok) v.push(`own folder: PutObject ${own} denied (${put.name})`);
  const list = await outcome(s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${ownId}/`, Delimiter: "/" })));
  if (!list.ok) v.push(`own folder: ListObjectsV2 denied (${list.name})`);
  const get = await outcome(s3.send(new GetObjectCommand({ Bucket: bucket, Key: own })));
  if (!get.ok) v.push(`own folder: GetObject denied (${get.name})`);
  else await get.value.Body.transformToString();
  await outcome(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: own })));
  return v;
}
