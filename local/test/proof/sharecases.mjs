// The share service's function role (issue 15), under the same evaluator:
// it reads and lists under the owner prefix (presigned GETs of shared
// files, shared folders), writes only into drop folders (presigned POSTs),
// and uses its table's items and indexes; it cannot touch the site or logs
// buckets, delete anything, read or purge old versions, or change a
// bucket's settings or policy.

import { USERS } from "./world.mjs";

/** The role Lambda assumes whose policy names a DynamoDB table: the share function's. */
export function shareRole(w) {
  return [...w.model.roles.values()].find(
    (r) =>
      (r.trustPolicy?.Statement ?? []).some((s) => [s.Principal?.Service].flat().includes("lambda.amazonaws.com")) &&
      JSON.stringify(r.policies).includes("dynamodb:"),
  );
}

/** The share table's ARN, as the model resolves it. */
function tableArn(w) {
  const id = w.model.resolver.ofType("AWS::DynamoDB::Table")[0];
  return id && w.model.resolver.resolve({ "Fn::GetAtt": [id, "Arn"] }, "proof");
}

/** [{ rule, expect, req }] for the share role; req as World.evaluate takes it, or { action, resource } for the table. */
function cases(w) {
  const A = w.owner(USERS.A);
  const B = w.owner(USERS.B);
  const table = tableArn(w);
  const out = [];
  const add = (rule, expect, req) => out.push({ rule: `share function: ${rule}`, expect, req });
  // Allowed: what the routes need.
  add("reads a shared file of any user (presigned GET)", "allow", { action: "s3:GetObject", bucket: "data", key: `private/${A}/report.pdf` });
  add("reads another user's shared file too (it serves every owner)", "allow", { action: "s3:GetObject", bucket: "data", key: `private/${B}/f/x.jpg` });
  add("lists a shared folder", "allow", { action: "s3:ListBucket", bucket: "data", prefix: `private/${A}/photos/` });
  add("writes into a drop folder (presigned POST)", "allow", { action: "s3:PutObject", bucket: "data", key: `private/${A}/drop/AAAAAAAAAAAAAAAAAAAAAA/cv.pdf` });
  for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]) {
    add(`${action} on its table`, "allow", { action, resource: table });
  }
  add("queries its table's indexes", "allow", { action: "dynamodb:Query", resource: `${table}/index/byRecipient` });
  // Must deny.
  add("cannot write outside a drop folder", "deny", { action: "s3:PutObject", bucket: "data", key: `private/${A}/report.pdf` });
  add("cannot write a drop folder outside the owner prefix", "deny", { action: "s3:PutObject", bucket: "data", key: `public/x/drop/y/z` });
  add("cannot read outside the owner prefix (prefix confusion: private-x/)", "deny", { action: "s3:GetObject", bucket: "data", key: `private-x/${A}/f` });
  add("cannot read the bucket root", "deny", { action: "s3:GetObject", bucket: "data", key: "x" });
  add("cannot list the bucket root", "deny", { action: "s3:ListBucket", bucket: "data", prefix: "" });
  add("cannot list without s3:prefix", "deny", { action: "s3:ListBucket", bucket: "data" });
  for (const action of ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObjectVersion", "s3:PutObjectAcl", "s3:PutObjectTagging", "s3:BypassGovernanceRetention", "s3:PutObjectRetention"]) {
    add(`cannot ${action}`, "deny", { action, bucket: "data", key: `private/${A}/drop/AAAAAAAAAAAAAAAAAAAAAA/cv.pdf` });
  }
  add("cannot list versions (purge needs them)", "deny", { action: "s3:ListBucketVersions", bucket: "data", prefix: `private/${A}/` });
  for (const action of ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketCORS", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutBucketPublicAccessBlock", "s3:DeleteBucket", "s3:PutEncryptionConfiguration"]) {
    add(`cannot change the data bucket: ${action}`, "deny", { action, bucket: "data" });
  }
  for (const bucket of ["site", "logs"]) {
    add(`cannot read the ${bucket} bucket`, "deny", { action: "s3:GetObject", bucket, key: "index.html" });
    add(`cannot write the ${bucket} bucket`, "deny", { action: "s3:PutObject", bucket, key: "index.html" });
    add(`cannot list the ${bucket} bucket`, "deny", { action: "s3:ListBucket", bucket, prefix: "" });
    add(`cannot change the ${bucket} bucket's policy`, "deny", { action: "s3:PutBucketPolicy", bucket });
  }
  for (const action of ["dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:UpdateTimeToLive"]) {
    add(`cannot ${action}`, "deny", { action, resource: table });
  }
  add("cannot use another table", "deny", { action: "dynamodb:GetItem", resource: table.replace(/table\/[^/]+$/, "table/other") });
  return out;
}

/** Evaluates the cases: [{ ok, rule, detail }]; none when the template has no share service. */
export async function shareCases(w) {
  const role = shareRole(w);
  if (!w.config.sharing) return role ? [{ ok: false, rule: "share function: none without the sharing setting", detail: role.logicalId }] : [];
  if (!role) return [{ ok: false, rule: "share function: the role exists", detail: "no Lambda role with DynamoDB access" }];
  const out = [{ ok: role.unknownManagedPolicies.length === 0, rule: "share function: every policy of the role is in the template", detail: role.policies.map((p) => p.name).join(", ") }];
  for (const c of cases(w)) {
    const b = c.req.bucket && w.buckets[c.req.bucket];
    const resource = c.req.resource ?? (c.req.key !== undefined ? `${b.arn}/${c.req.key}` : b.arn);
    const context = { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" };
    if (c.req.prefix !== undefined) context["s3:prefix"] = c.req.prefix;
    try {
      const r = await w.model.evaluate({ role, action: c.req.action, resource, context, sessionName: "share-function" });
      const ok = c.expect === "allow" ? r.allowed : !r.allowed;
      out.push({ ok, rule: c.rule, detail: `${c.req.action} ${resource.split(":").pop()}${c.req.prefix !== undefined ? ` s3:prefix="${c.req.prefix}"` : ""} -> ${r.decision}${ok ? "" : `; expected ${c.expect}: ${r.reason}`}` });
    } catch (e) {
      out.push({ ok: false, rule: c.rule, detail: `threw ${e.message}` });
    }
  }
  return out;
}
