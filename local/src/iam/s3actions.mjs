// Maps an S3 REST request (path-style) to its operation and to the IAM
// authorizations S3 performs for it: action, resource ARN and the
// request-specific condition keys (s3:prefix, s3:delimiter, ...).
// Follows "Actions, resources, and condition keys for Amazon S3" and
// "Required permissions for Amazon S3 API operations".

const BUCKET_SUBRESOURCES = {
  // subresource: [GET action, PUT action, DELETE action]
  accelerate: ["s3:GetAccelerateConfiguration", "s3:PutAccelerateConfiguration", null],
  acl: ["s3:GetBucketAcl", "s3:PutBucketAcl", null],
  analytics: ["s3:GetAnalyticsConfiguration", "s3:PutAnalyticsConfiguration", "s3:PutAnalyticsConfiguration"],
  cors: ["s3:GetBucketCORS", "s3:PutBucketCORS", "s3:PutBucketCORS"],
  encryption: ["s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration", "s3:PutEncryptionConfiguration"],
  "intelligent-tiering": ["s3:GetIntelligentTieringConfiguration", "s3:PutIntelligentTieringConfiguration", "s3:PutIntelligentTieringConfiguration"],
  inventory: ["s3:GetInventoryConfiguration", "s3:PutInventoryConfiguration", "s3:PutInventoryConfiguration"],
  lifecycle: ["s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:PutLifecycleConfiguration"],
  location: ["s3:GetBucketLocation", null, null],
  logging: ["s3:GetBucketLogging", "s3:PutBucketLogging", null],
  metrics: ["s3:GetMetricsConfiguration", "s3:PutMetricsConfiguration", "s3:PutMetricsConfiguration"],
  notification: ["s3:GetBucketNotification", "s3:PutBucketNotification", null],
  "object-lock": ["s3:GetBucketObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration", null],
  ownershipControls: ["s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls", "s3:PutBucketOwnershipControls"],
  policy: ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
  policyStatus: ["s3:GetBucketPolicyStatus", null, null],
  publicAccessBlock: ["s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
  replication: ["s3:GetReplicationConfiguration", "s3:PutReplicationConfiguration", "s3:PutReplicationConfiguration"],
  requestPayment: ["s3:GetBucketRequestPayment", "s3:PutBucketRequestPayment", null],
  tagging: ["s3:GetBucketTagging", "s3:PutBucketTagging", "s3:PutBucketTagging"],
  versioning: ["s3:GetBucketVersioning", "s3:PutBucketVersioning", null],
  website: ["s3:GetBucketWebsite", "s3:PutBucketWebsite", "s3:DeleteBucketWebsite"],
};

const OBJECT_SUBRESOURCES = {
  acl: ["s3:GetObjectAcl", "s3:PutObjectAcl", null, "s3:GetObjectVersionAcl", "s3:PutObjectVersionAcl"],
  tagging: ["s3:GetObjectTagging", "s3:PutObjectTagging", "s3:DeleteObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectVersionTagging"],
  retention: ["s3:GetObjectRetention", "s3:PutObjectRetention", null, "s3:GetObjectRetention", "s3:PutObjectRetention"],
  "legal-hold": ["s3:GetObjectLegalHold", "s3:PutObjectLegalHold", null, "s3:GetObjectLegalHold", "s3:PutObjectLegalHold"],
  torrent: ["s3:GetObjectTorrent", null, null, "s3:GetObjectVersionTorrent", null],
  attributes: ["s3:GetObjectAttributes", null, null, "s3:GetObjectVersionAttributes", null],
};

export function bucketArn(partition, bucket) {
  return `arn:${partition}:s3:::${bucket}`;
}
export function objectArn(partition, bucket, key) {
  return `arn:${partition}:s3:::${bucket}/${key}`;
}

/** "bucket/key?versionId=x" (URL-encoded, optional leading "/") -> { bucket, key, versionId } */
export function parseCopySource(value) {
  let v = value.startsWith("/") ? value.slice(1) : value;
  let versionId;
  const qi = v.indexOf("?");
  if (qi >= 0) {
    const q = new URLSearchParams(v.slice(qi + 1));
    versionId = q.get("versionId") ?? undefined;
    v = v.slice(0, qi);
  }
  let decoded;
  try {
    decoded = decodeURIComponent(v);
  } catch {
    return null;
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) return null;
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

/**
 * req: { method, bucket?, key?, query: Map<string,string>, headers: Map<string,string> }
 * opts: { partition = "aws" }
 * Returns { operation, authorizations: [{ action, resource, context }], copySource? }.
 * For DeleteObjects pass opts.deleteKeys ([{ key, versionId? }]) once the body is read:
 * one s3:DeleteObject (or s3:DeleteObjectVersion) authorization per key.
 */
export function mapS3Request(req, opts = {}) {
  const partition = opts.partition ?? "aws";
  const { method, bucket, key, query, headers } = req;
  const has = (p) => query.has(p);
  const auth = (action, resource, context = {}) => ({ action, resource, context });
  const out = (operation, authorizations, extra = {}) => ({ operation, authorizations, ...extra });

  if (!bucket) {
    if (method === "GET") return out("ListBuckets", [auth("s3:ListAllMyBuckets", "*")]);
    return out("Unknown", [auth("s3:ListAllMyBuckets", "*")]);
  }
  const bArn = bucketArn(partition, bucket);

  if (!key) {
    const sub = Object.keys(BUCKET_SUBRESOURCES).find(has);
    if (sub) {
      const [g, p, d] = BUCKET_SUBRESOURCES[sub];
      const action = method === "GET" || method === "HEAD" ? g : method === "PUT" ? p : method === "DELETE" ? d : null;
      if (action) return out(`${method === "GET" ? "Get" : method === "PUT" ? "Put" : "Delete"}Bucket:${sub}`, [auth(action, bArn)]);
    }
    if (method === "GET" && has("versions")) {
      return out("ListObjectVersions", [auth("s3:ListBucketVersions", bArn, listContext(query))]);
    }
    if (method === "GET" && has("uploads")) {
      return out("ListMultipartUploads", [auth("s3:ListBucketMultipartUploads", bArn)]);
    }
    if (method === "GET") {
      const v2 = query.get("list-type") === "2";
      return out(v2 ? "ListObjectsV2" : "ListObjects", [auth("s3:ListBucket", bArn, listContext(query))]);
    }
    if (method === "HEAD") return out("HeadBucket", [auth("s3:ListBucket", bArn)]);
    if (method === "POST" && has("delete")) {
      const keys = opts.deleteKeys ?? [];
      return out(
        "DeleteObjects",
        keys.map((k) =>
          k.versionId
            ? auth("s3:DeleteObjectVersion", objectArn(partition, bucket, k.key), { "s3:versionid": k.versionId })
            : auth("s3:DeleteObject", objectArn(partition, bucket, k.key)),
        ),
      );
    }
    if (method === "PUT") return out("CreateBucket", [auth("s3:CreateBucket", bArn)]);
    if (method === "DELETE") return out("DeleteBucket", [auth("s3:DeleteBucket", bArn)]);
    return out("Unknown", [auth("s3:ListBucket", bArn)]);
  }

  const oArn = objectArn(partition, bucket, key);
  const versionId = query.get("versionId");
  const vctx = versionId ? { "s3:versionid": versionId } : {};
  const sub = Object.keys(OBJECT_SUBRESOURCES).find(has);
  if (sub) {
    const [g, p, d, gv, pv] = OBJECT_SUBRESOURCES[sub];
    let action = null;
    if (method === "GET" || method === "HEAD") action = versionId ? gv : g;
    else if (method === "PUT") action = versionId ? pv : p;
    else if (method === "DELETE") action = versionId && sub === "tagging" ? "s3:DeleteObjectVersionTagging" : d;
    if (action) {
      const list = [auth(action, oArn, vctx)];
      if (sub === "attributes") list.unshift(auth(versionId ? "s3:GetObjectVersion" : "s3:GetObject", oArn, vctx));
      return out(`${method}Object:${sub}`, list);
    }
  }

  const common = {};
  for (const h of ["x-amz-acl", "x-amz-server-side-encryption", "x-amz-storage-class", "x-amz-grant-read", "x-amz-grant-full-control"]) {
    if (headers.has(h)) common[`s3:${h}`] = headers.get(h);
  }

  switch (method) {
    case "GET":
    case "HEAD": {
      if (has("uploadId") && method === "GET") return out("ListParts", [auth("s3:ListMultipartUploadParts", oArn)]);
      const action = versionId ? "s3:GetObjectVersion" : "s3:GetObject";
      return out(method === "GET" ? "GetObject" : "HeadObject", [auth(action, oArn, vctx)]);
    }
    case "PUT": {
      const copy = headers.get("x-amz-copy-source");
      const isPart = has("partNumber") && has("uploadId");
      const list = [];
      let src;
      if (copy !== undefined) {
        src = parseCopySource(copy);
        if (!src) return out(isPart ? "UploadPartCopy" : "CopyObject", [], { invalidCopySource: true });
        list.push(
          auth(src.versionId ? "s3:GetObjectVersion" : "s3:GetObject", objectArn(partition, src.bucket, src.key), src.versionId ? { "s3:versionid": src.versionId } : {}),
        );
      }
      const putCtx = { ...common, ...(copy !== undefined ? { "s3:x-amz-copy-source": copy } : {}), ...writeConditionContext(headers), ...requestTagContext(headers) };
      if (headers.has("x-amz-metadata-directive")) putCtx["s3:x-amz-metadata-directive"] = headers.get("x-amz-metadata-directive");
      list.push(auth("s3:PutObject", oArn, putCtx));
      if (!isPart) {
        // Writing an ACL or tags with the object needs their permissions too.
        if (headers.has("x-amz-acl") || [...headers.keys()].some((h) => h.startsWith("x-amz-grant-"))) list.push(auth("s3:PutObjectAcl", oArn, common));
        if (headers.has("x-amz-tagging")) list.push(auth("s3:PutObjectTagging", oArn));
      }
      const operation = isPart ? (copy !== undefined ? "UploadPartCopy" : "UploadPart") : copy !== undefined ? "CopyObject" : "PutObject";
      return out(operation, list, src ? { copySource: src } : {});
    }
    case "POST": {
      if (has("uploads")) {
        const list = [auth("s3:PutObject", oArn, { ...common, ...requestTagContext(headers) })];
        if (headers.has("x-amz-acl")) list.push(auth("s3:PutObjectAcl", oArn, common));
        if (headers.has("x-amz-tagging")) list.push(auth("s3:PutObjectTagging", oArn));
        return out("CreateMultipartUpload", list);
      }
      if (has("uploadId")) return out("CompleteMultipartUpload", [auth("s3:PutObject", oArn, writeConditionContext(headers))]);
      if (has("restore")) return out("RestoreObject", [auth("s3:RestoreObject", oArn)]);
      if (has("select")) return out("SelectObjectContent", [auth("s3:GetObject", oArn)]);
      return out("PostObject", [auth("s3:PutObject", oArn, common)]);
    }
    case "DELETE": {
      if (has("uploadId")) return out("AbortMultipartUpload", [auth("s3:AbortMultipartUpload", oArn)]);
      return out("DeleteObject", [auth(versionId ? "s3:DeleteObjectVersion" : "s3:DeleteObject", oArn, vctx)]);
    }
    default:
      return out("Unknown", [auth("s3:GetObject", oArn)]);
  }
}

/** s3:RequestObjectTagKeys and s3:RequestObjectTag/<key> of a write carrying x-amz-tagging. */
function requestTagContext(headers) {
  const h = headers.get("x-amz-tagging");
  if (h === undefined) return {};
  const pairs = [...new URLSearchParams(h)];
  const ctx = { "s3:RequestObjectTagKeys": pairs.map(([k]) => k) };
  for (const [k, v] of pairs) ctx[`s3:RequestObjectTag/${k}`] = v;
  return ctx;
}

/** The condition keys of a conditional write (s3:if-none-match, s3:if-match), when its headers are there. */
function writeConditionContext(headers) {
  const ctx = {};
  if (headers.has("if-none-match")) ctx["s3:if-none-match"] = headers.get("if-none-match");
  if (headers.has("if-match")) ctx["s3:if-match"] = headers.get("if-match");
  return ctx;
}

function listContext(query) {
  const ctx = {};
  if (query.has("prefix")) ctx["s3:prefix"] = query.get("prefix");
  if (query.has("delimiter")) ctx["s3:delimiter"] = query.get("delimiter");
  if (query.has("max-keys")) ctx["s3:max-keys"] = query.get("max-keys");
  return ctx;
}
