// The README's "Who can do what" table as code: the expected decision of a
// request, written independently of the Go policy builders. Every case the
// proof evaluates (named ones and the action sweep) is checked against it.

const ACTIONS = {
  get: ["s3:GetObject"],
  write: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
  delete: ["s3:DeleteObject"],
  versions: ["s3:GetObjectVersion"], // and s3:ListBucketVersions, a listing
  scanStatus: ["s3:GetObjectTagging"], // with malwareScan: the owner reads its files' scan status
};
/** The tag GuardDuty writes, its clean value, and the actions that return content (malwareScan's gate). */
export const SCAN_TAG = "GuardDutyMalwareScanStatus";
export const CLEAN = "NO_THREATS_FOUND";
const CONTENT_READS = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTorrent", "s3:GetObjectVersionTorrent"];
const ALL = ["get", "list", "write", "delete"];
const READ = ["get", "list"];
/** What an owner has in its own folders: everything, and reading and listing old versions (never deleting one). */
const OWNER = [...ALL, "versions"];

/** s starts with base, then some owner's folder ("<base><anything>/"), as the IAM pattern "<base>*∕" matches. */
const anyOwner = (base) => (s) => s.startsWith(base) && s.slice(base.length).includes("/");
const under = (p) => (s) => s.startsWith(p);

/**
 * What a principal may do, as [{ covers(keyOrPrefix), perms }].
 * who: { kind: "authenticated" | "group" | "guest", group?, owner? } where
 * owner is the caller's folder name (identity id, or user pool sub with
 * ownerKey=userPoolSub). Group members are signed in: they keep everything
 * an authenticated identity has, plus their group's rules.
 */
export function grantsOf(levels, who) {
  const out = [];
  if (who.kind === "guest") {
    if (levels.guests && levels.public) out.push({ covers: under(levels.public), perms: READ });
    return out;
  }
  const owner = levels.malwareScan ? [...OWNER, "scanStatus"] : OWNER;
  if (who.owner) out.push({ covers: under(`${levels.private}${who.owner}/`), perms: owner });
  if (levels.protected) {
    if (who.owner) out.push({ covers: under(`${levels.protected}${who.owner}/`), perms: owner });
    out.push({ covers: anyOwner(levels.protected), perms: READ });
  }
  if (levels.public) out.push({ covers: under(levels.public), perms: levels.publicWrite ? ALL : READ });
  if (who.kind === "group") for (const r of levels.groups[who.group] ?? []) out.push({ covers: under(r.path), perms: r.perms });
  return out;
}

/**
 * Expected: is the request allowed?
 * req: { action, bucket: "data" | "site" | "logs" | "*", key?, prefix?, secure, tls, tag?, requestTags?, copySource?, dataBucket }
 *   key: the object key for object actions; prefix: s3:prefix (undefined: absent);
 *   with malwareScan: tag, the version's scan status (null: not scanned yet);
 *   requestTags, the x-amz-tagging of a write; copySource, a copy's x-amz-copy-source.
 */
export function expectedAllowed(levels, who, req) {
  if (req.bucket !== "data") return false; // no identity reads or writes the site or logs bucket, nor anything outside S3 buckets
  if (req.secure === false || Number(req.tls) < 1.2) return false; // the bucket policy denies plain HTTP and old TLS
  const grants = grantsOf(levels, who);
  const listing = { "s3:ListBucket": "list", "s3:ListBucketVersions": "versions" }[req.action];
  if (listing) {
    if (req.key !== undefined || req.prefix === undefined) return false; // no listing without a prefix (the bucket root)
    return grants.some((g) => g.perms.includes(listing) && g.covers(req.prefix));
  }
  if (req.key === undefined) return false; // every other bucket-level action
  if (levels.malwareScan && !passesGate(req)) return false;
  return grants.some((g) => g.covers(req.key) && g.perms.some((p) => (ACTIONS[p] ?? []).includes(req.action)));
}

/** malwareScan's gate: only clean content is read, no write carries the scan tag, copies come from this bucket. */
function passesGate(req) {
  if (CONTENT_READS.includes(req.action) && req.tag !== CLEAN) return false;
  if (req.action !== "s3:PutObject") return true;
  if (Object.keys(req.requestTags ?? {}).some((k) => k.toLowerCase() === SCAN_TAG.toLowerCase())) return false;
  return req.copySource === undefined || req.copySource.replace(/^\//, "").startsWith(`${req.dataBucket}/`);
}
