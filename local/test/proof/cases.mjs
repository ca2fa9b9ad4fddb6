// The named cases: each proves one rule of the README's "Who can do what"
// for one configuration, as one concrete request evaluated against the
// template's policies. expect: "allow", "deny" (implicit or explicit) or
// "explicit" (explicitly denied by the data bucket's policy).

import { malwareCases } from "./malware.mjs";
import { COGNITO_SUB, OWNER_TAG, USERS } from "./world.mjs";

const OWN_ACTIONS = [
  ["s3:PutObject", "writes"],
  ["s3:GetObject", "reads"],
  ["s3:DeleteObject", "deletes"],
  ["s3:AbortMultipartUpload", "aborts a multipart upload in"],
  ["s3:ListMultipartUploadParts", "lists the parts of an upload in"],
];
const WRITE_ACTIONS = OWN_ACTIONS.filter(([a]) => a !== "s3:GetObject");
const BUCKET_WRITES = [
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutLifecycleConfiguration",
  "s3:DeleteBucket",
  "s3:PutBucketVersioning",
  "s3:PutBucketCORS",
  "s3:PutBucketAcl",
  "s3:PutBucketPublicAccessBlock",
];

/** Every named case of one configuration (world: world.mjs). */
export function namedCases(w) {
  const L = w.levels;
  const { A, A1, B, G } = USERS;
  const o = (u) => w.owner(u);
  const cases = [];
  const add = (rule, principal, user, req, expect, extra = {}) => cases.push({ rule, principal, user, req: { bucket: "data", ...req }, expect, ...extra });

  for (const p of w.principals().filter((x) => x.kind !== "guest")) {
    const auditor = p.kind === "group" && (L.groups[p.group] ?? []).some((r) => r.path === L.private);
    const via = auditor ? ` (${p.group}' rule ${L.private}: get, list)` : "";
    const who = p.kind === "group" ? `${p.group} member` : "owner";

    // Private level: the own folder.
    for (const [action, verb] of OWN_ACTIONS) add(`${who} ${verb} own folder (private level)`, p, A, { action, key: `${L.private}${o(A)}/docs/f.txt` }, "allow");
    add(`${who} lists own folder (private level)`, p, A, { action: "s3:ListBucket", prefix: `${L.private}${o(A)}/`, delimiter: "/" }, "allow");
    add(`${who} lists a subfolder of own folder`, p, A, { action: "s3:ListBucket", prefix: `${L.private}${o(A)}/photos/2024` }, "allow");

    // Another identity's folder.
    for (const [action, verb] of OWN_ACTIONS) {
      const allowed = auditor && action === "s3:GetObject";
      add(allowed ? `auditors read another identity's private folder${via}` : `cannot ${verb.replace(/s\b/, "")} another identity's folder (private level)`, p, A, { action, key: `${L.private}${o(B)}/f.txt` }, allowed ? "allow" : "deny");
    }
    add(auditor ? `auditors list another identity's folder${via}` : "cannot list another identity's folder", p, A, { action: "s3:ListBucket", prefix: `${L.private}${o(B)}/` }, auditor ? "allow" : "deny");
    if (auditor) add("auditors keep their own folder: write own", p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/mine.txt` }, "allow");

    // Prefix confusion: A's key is a prefix of A1's.
    for (const [action, verb] of OWN_ACTIONS) {
      const allowed = auditor && action === "s3:GetObject";
      add(`prefix confusion: ${o(A)} ${allowed ? "reads (as auditor)" : `cannot ${verb.replace(/s\b/, "")}`} ${o(A1)}'s folder`, p, A, { action, key: `${L.private}${o(A1)}/f.txt` }, allowed ? "allow" : "deny");
      add(`prefix confusion: ${o(A1)} ${allowed ? "reads (as auditor)" : `cannot ${verb.replace(/s\b/, "")}`} ${o(A)}'s folder`, p, A1, { action, key: `${L.private}${o(A)}/f.txt` }, allowed ? "allow" : "deny");
    }
    add(`prefix confusion: ${o(A)} ${auditor ? "lists (as auditor)" : "cannot list"} ${L.private}${o(A)} without the slash (it would show ${o(A1)}'s folder)`, p, A, { action: "s3:ListBucket", prefix: `${L.private}${o(A)}` }, auditor ? "allow" : "deny");
    add(`prefix confusion: ${o(A)} ${auditor ? "lists (as auditor)" : "cannot list"} ${o(A1)}'s folder`, p, A, { action: "s3:ListBucket", prefix: `${L.private}${o(A1)}/` }, auditor ? "allow" : "deny");
    if (w.mode === "userPoolSub") {
      add("userPoolSub: the identity id names no folder (the policy uses the principal tag, not the identity id)", p, A, { action: "s3:PutObject", key: `${L.private}${A.identityId}/f.txt` }, "deny");
    }

    // A "*" in a request is a literal character (S3 keys may contain it); only the policy's "*" is a wildcard.
    for (const [action, verb] of OWN_ACTIONS) add(`${who} ${verb} a key with a literal * in own folder`, p, A, { action, key: `${L.private}${o(A)}/a*b.txt` }, "allow");
    for (const [action, verb] of OWN_ACTIONS) {
      const allowed = auditor && action === "s3:GetObject";
      add(allowed ? `auditors read ${L.private}*/f.txt${via}` : `a literal * names no folder: cannot ${verb.replace(/s\b/, "")} ${L.private}*/f.txt`, p, A, { action, key: `${L.private}*/f.txt` }, allowed ? "allow" : "deny");
      add(`a literal * stands for no other id: cannot ${verb.replace(/s\b/, "")} ${o(A)}*/f.txt`, p, A, { action, key: `${L.private}${o(A)}*/f.txt` }, allowed ? "allow" : "deny");
    }
    add(auditor ? `auditors list ${L.private}*/${via}` : `a literal * names no folder: cannot list ${L.private}*/`, p, A, { action: "s3:ListBucket", prefix: `${L.private}*/` }, auditor ? "allow" : "deny");

    // Parent prefixes and the bucket root.
    add(auditor ? `auditors list all of ${L.private}${via}` : `nobody lists the parent prefix ${L.private} (it reveals every id)`, p, A, { action: "s3:ListBucket", prefix: L.private, delimiter: "/" }, auditor ? "allow" : "deny");
    add("nobody lists the parent prefix protected/", p, A, { action: "s3:ListBucket", prefix: "protected/", delimiter: "/" }, "deny");
    add('nobody lists the bucket root (s3:prefix "")', p, A, { action: "s3:ListBucket", prefix: "", delimiter: "/" }, "deny");
    add("nobody lists the bucket root (no s3:prefix)", p, A, { action: "s3:ListBucket" }, "deny");
    add("no listing outside the granted prefixes (other/)", p, A, { action: "s3:ListBucket", prefix: "other/" }, "deny");
    add(`no listing outside the granted prefixes (${L.private.slice(0, -1)} without the slash)`, p, A, { action: "s3:ListBucket", prefix: L.private.slice(0, -1) }, "deny");
    add("no object reads at the bucket root", p, A, { action: "s3:GetObject", key: "f.txt" }, "deny");
    add(auditor ? `auditors read anything under ${L.private}${via}` : `no object reads directly under ${L.private}`, p, A, { action: "s3:GetObject", key: `${L.private}f.txt` }, auditor ? "allow" : "deny");

    // Old versions: the owner reads and lists them in its own folder (download, restore by copy), nobody deletes one.
    add(`${who} reads an old version in own folder (download it, or copy it back to restore it)`, p, A, { action: "s3:GetObjectVersion", key: `${L.private}${o(A)}/docs/f.txt` }, "allow");
    add(`${who} lists the versions and delete markers of own folder`, p, A, { action: "s3:ListBucketVersions", prefix: `${L.private}${o(A)}/`, delimiter: "/" }, "allow");
    add(`${who} lists the versions of one file in own folder`, p, A, { action: "s3:ListBucketVersions", prefix: `${L.private}${o(A)}/docs/f.txt` }, "allow");
    add("restore writes the new current version with s3:PutObject (no retention or version right needed)", p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/docs/f.txt` }, "allow");
    add("no version deletes, even in the own folder (old versions stay restorable)", p, A, { action: "s3:DeleteObjectVersion", key: `${L.private}${o(A)}/f.txt` }, "deny");
    add("no version deletes of another identity's files", p, A, { action: "s3:DeleteObjectVersion", key: `${L.private}${o(B)}/f.txt` }, "deny");
    add(auditor ? "auditors read no versions of others' files (only current ones)" : "cannot read another identity's old versions", p, A, { action: "s3:GetObjectVersion", key: `${L.private}${o(B)}/f.txt` }, "deny");
    add("cannot list another identity's versions", p, A, { action: "s3:ListBucketVersions", prefix: `${L.private}${o(B)}/` }, "deny");
    add(`prefix confusion: ${o(A)} cannot read ${o(A1)}'s old versions`, p, A, { action: "s3:GetObjectVersion", key: `${L.private}${o(A1)}/f.txt` }, "deny");
    add(`prefix confusion: ${o(A1)} cannot read ${o(A)}'s old versions`, p, A1, { action: "s3:GetObjectVersion", key: `${L.private}${o(A)}/f.txt` }, "deny");
    add(`prefix confusion: ${o(A)} cannot list versions of ${L.private}${o(A)} without the slash (it would show ${o(A1)}'s)`, p, A, { action: "s3:ListBucketVersions", prefix: `${L.private}${o(A)}` }, "deny");
    add(`prefix confusion: ${o(A1)} cannot list ${o(A)}'s versions`, p, A1, { action: "s3:ListBucketVersions", prefix: `${L.private}${o(A)}/` }, "deny");
    add(`nobody lists the versions of ${L.private} (it reveals every id)`, p, A, { action: "s3:ListBucketVersions", prefix: L.private, delimiter: "/" }, "deny");
    add('nobody lists the versions of the bucket root (s3:prefix "")', p, A, { action: "s3:ListBucketVersions", prefix: "", delimiter: "/" }, "deny");
    add("nobody lists versions without s3:prefix", p, A, { action: "s3:ListBucketVersions" }, "deny");
    add(`a literal * names no folder: cannot read ${L.private}*/f.txt's old versions`, p, A, { action: "s3:GetObjectVersion", key: `${L.private}*/f.txt` }, "deny");
    add("no version reads at the bucket root", p, A, { action: "s3:GetObjectVersion", key: "f.txt" }, "deny");
    add("no plain HTTP: own version reads denied by the bucket policy", p, A, { action: "s3:GetObjectVersion", key: `${L.private}${o(A)}/f.txt`, secure: false }, "explicit");
    add("no version tag writes (only reading the version itself)", p, A, { action: "s3:PutObjectVersionTagging", key: `${L.private}${o(A)}/f.txt` }, "deny");
    add("nobody bypasses Object Lock retention", p, A, { action: "s3:BypassGovernanceRetention", key: `${L.private}${o(A)}/f.txt` }, "deny");
    add("nobody changes a version's retention", p, A, { action: "s3:PutObjectRetention", key: `${L.private}${o(A)}/f.txt` }, "deny");
    add("no ACL writes, even in the own folder", p, A, { action: "s3:PutObjectAcl", key: `${L.private}${o(A)}/f.txt` }, "deny");
    add("no version ACL writes", p, A, { action: "s3:PutObjectVersionAcl", key: `${L.private}${o(A)}/f.txt` }, "deny");
    add("no tag writes, even in the own folder", p, A, { action: "s3:PutObjectTagging", key: `${L.private}${o(A)}/f.txt` }, "deny");

    // Bucket-level writes.
    for (const action of BUCKET_WRITES) add(`no bucket-level writes (${action})`, p, A, { action }, "deny");

    // The site and logs buckets.
    add("no identity reads the site bucket (CloudFront only)", p, A, { bucket: "site", action: "s3:GetObject", key: "index.html" }, "deny");
    add("no identity reads the site's config.json from S3", p, A, { bucket: "site", action: "s3:GetObject", key: "config.json" }, "deny");
    add("no identity writes the site bucket", p, A, { bucket: "site", action: "s3:PutObject", key: "index.html" }, "deny");
    add("no identity deletes from the site bucket", p, A, { bucket: "site", action: "s3:DeleteObject", key: "index.html" }, "deny");
    add("no identity lists the site bucket", p, A, { bucket: "site", action: "s3:ListBucket", prefix: "" }, "deny");
    add("no identity reads the logs bucket", p, A, { bucket: "logs", action: "s3:GetObject", key: "data-bucket/log" }, "deny");

    // TLS: the bucket policy denies, whatever the identity policies allow.
    add("no plain HTTP: own write denied by the bucket policy (aws:SecureTransport false)", p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/f.txt`, secure: false }, "explicit");
    add("no plain HTTP: own read denied by the bucket policy", p, A, { action: "s3:GetObject", key: `${L.private}${o(A)}/f.txt`, secure: false }, "explicit");
    add("no plain HTTP: own listing denied by the bucket policy", p, A, { action: "s3:ListBucket", prefix: `${L.private}${o(A)}/`, secure: false }, "explicit");
    add("no TLS below 1.2: own write denied by the bucket policy", p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/f.txt`, tls: "1.1" }, "explicit");
    if (auditor) add("no plain HTTP: auditors' reads denied by the bucket policy", p, A, { action: "s3:GetObject", key: `${L.private}${o(B)}/f.txt`, secure: false }, "explicit");

    // Protected level.
    const P = L.protected || "protected/";
    if (L.protected) {
      for (const [action, verb] of OWN_ACTIONS) add(`${who} ${verb} own protected folder`, p, A, { action, key: `${P}${o(A)}/f.txt` }, "allow");
      add(`${who} lists own protected folder`, p, A, { action: "s3:ListBucket", prefix: `${P}${o(A)}/` }, "allow");
      add("signed-in users read another's protected folder (knowing the id)", p, A, { action: "s3:GetObject", key: `${P}${o(B)}/f.txt` }, "allow");
      add("signed-in users list another's protected folder (knowing the id)", p, A, { action: "s3:ListBucket", prefix: `${P}${o(B)}/`, delimiter: "/" }, "allow");
      for (const [action, verb] of WRITE_ACTIONS) add(`cannot ${verb.replace(/s\b/, "")} another's protected folder`, p, A, { action, key: `${P}${o(B)}/f.txt` }, "deny");
      add(`prefix confusion: ${o(A)} cannot write ${o(A1)}'s protected folder`, p, A, { action: "s3:PutObject", key: `${P}${o(A1)}/f.txt` }, "deny");
      add(`prefix confusion: ${o(A1)} cannot write ${o(A)}'s protected folder`, p, A1, { action: "s3:PutObject", key: `${P}${o(A)}/f.txt` }, "deny");
      add(`nobody lists ${P}${o(A)} without the slash (ids are not enumerable)`, p, A, { action: "s3:ListBucket", prefix: `${P}${o(A)}` }, "deny");
      add("no version reads in another's protected folder", p, A, { action: "s3:GetObjectVersion", key: `${P}${o(B)}/f.txt` }, "deny");
      add("no version listing of another's protected folder", p, A, { action: "s3:ListBucketVersions", prefix: `${P}${o(B)}/` }, "deny");
      add(`${who} reads an old version in own protected folder`, p, A, { action: "s3:GetObjectVersion", key: `${P}${o(A)}/f.txt` }, "allow");
      add(`${who} lists the versions of own protected folder`, p, A, { action: "s3:ListBucketVersions", prefix: `${P}${o(A)}/` }, "allow");
      add(`nobody lists the versions of ${P}`, p, A, { action: "s3:ListBucketVersions", prefix: P }, "deny");
      add("no plain HTTP: reading another's protected folder denied by the bucket policy", p, A, { action: "s3:GetObject", key: `${P}${o(B)}/f.txt`, secure: false }, "explicit");
    } else {
      add("protected level off: nothing readable under protected/", p, A, { action: "s3:GetObject", key: `${P}${o(B)}/f.txt` }, "deny");
      add("protected level off: nothing writable under protected/<own id>/", p, A, { action: "s3:PutObject", key: `${P}${o(A)}/f.txt` }, "deny");
      add("protected level off: no listing of protected/<own id>/", p, A, { action: "s3:ListBucket", prefix: `${P}${o(A)}/` }, "deny");
    }

    // Public level.
    const U = L.public || "public/";
    if (L.public) {
      add("signed-in users read public", p, A, { action: "s3:GetObject", key: `${U}f.txt` }, "allow");
      add("signed-in users list public", p, A, { action: "s3:ListBucket", prefix: U, delimiter: "/" }, "allow");
      add("signed-in users list a public subfolder", p, A, { action: "s3:ListBucket", prefix: `${U}docs/` }, "allow");
      for (const [action, verb] of WRITE_ACTIONS) {
        add(L.publicWrite ? `publicWrite: signed-in users ${verb} public` : `public read-only: signed-in users cannot ${verb.replace(/s\b/, "")} public`, p, A, { action, key: `${U}f.txt` }, L.publicWrite ? "allow" : "deny");
      }
      add(`no listing of ${U.slice(0, -1)} without the slash`, p, A, { action: "s3:ListBucket", prefix: U.slice(0, -1) }, "deny");
      add(`prefix confusion: ${U.slice(0, -1)}ity/ is not public`, p, A, { action: "s3:GetObject", key: `${U.slice(0, -1)}ity/f.txt` }, "deny");
      add("no version deletes in public", p, A, { action: "s3:DeleteObjectVersion", key: `${U}f.txt` }, "deny");
      add(`no version reads in public${L.publicWrite ? " (even with publicWrite)" : ""}`, p, A, { action: "s3:GetObjectVersion", key: `${U}f.txt` }, "deny");
      add("no version listing of public", p, A, { action: "s3:ListBucketVersions", prefix: U }, "deny");
      add("no ACL writes in public", p, A, { action: "s3:PutObjectAcl", key: `${U}f.txt` }, "deny");
    } else {
      add("public level off: nothing readable under public/", p, A, { action: "s3:GetObject", key: `${U}f.txt` }, "deny");
      add("public level off: nothing writable under public/", p, A, { action: "s3:PutObject", key: `${U}f.txt` }, "deny");
      add("public level off: no listing of public/", p, A, { action: "s3:ListBucket", prefix: U }, "deny");
    }

    // The variable is resolved from the caller's credentials, and only from them.
    const key = w.mode === "userPoolSub" ? OWNER_TAG : COGNITO_SUB;
    add(`guard: without ${key} the owner's own write is denied (the allow rests on the resolved variable)`, p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/f.txt`, drop: [key] }, "deny");
    if (!auditor) add(`guard: without ${key} the owner's own listing is denied`, p, A, { action: "s3:ListBucket", prefix: `${L.private}${o(A)}/`, drop: [key] }, "deny");
    add(`guard: without ${key} the owner's version listing is denied`, p, A, { action: "s3:ListBucketVersions", prefix: `${L.private}${o(A)}/`, drop: [key] }, "deny");
    add(`guard: without ${key} the owner's version read is denied`, p, A, { action: "s3:GetObjectVersion", key: `${L.private}${o(A)}/f.txt`, drop: [key] }, "deny");
    if (w.mode === "userPoolSub") {
      add(`guard: ${COGNITO_SUB} equal to the sub does not open the folder (only the principal tag does)`, p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/f.txt`, drop: [OWNER_TAG], set: { [COGNITO_SUB]: A.sub } }, "deny");
      add(`guard: another caller's tag opens only that caller's folder`, p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/f.txt`, set: { [OWNER_TAG]: B.sub } }, "deny");
    } else {
      add(`guard: a principal tag owner equal to the id does not open the folder (only ${COGNITO_SUB} does)`, p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/f.txt`, drop: [COGNITO_SUB], set: { [OWNER_TAG]: A.identityId } }, "deny");
      add("guard: another caller's identity id opens only that caller's folder", p, A, { action: "s3:PutObject", key: `${L.private}${o(A)}/f.txt`, set: { [COGNITO_SUB]: B.identityId } }, "deny");
    }
  }

  // Guests: the unauthenticated role, with guests on or off (off, the pool issues no guest credentials, and the role must grant nothing either).
  const guest = w.principals().find((x) => x.kind === "guest");
  if (guest) {
    const U = L.public;
    if (U) {
      add(L.guests ? "guests read public" : "guests off: the unauthenticated role cannot read public", guest, G, { action: "s3:GetObject", key: `${U}f.txt` }, L.guests ? "allow" : "deny");
      add(L.guests ? "guests list public" : "guests off: the unauthenticated role cannot list public", guest, G, { action: "s3:ListBucket", prefix: U, delimiter: "/" }, L.guests ? "allow" : "deny");
      for (const [action, verb] of WRITE_ACTIONS) add(`guests cannot ${verb.replace(/s\b/, "")} public (even with publicWrite)`, guest, G, { action, key: `${U}f.txt` }, "deny");
      if (L.guests) add("no plain HTTP: guests' public reads denied by the bucket policy", guest, G, { action: "s3:GetObject", key: `${U}f.txt`, secure: false }, "explicit");
    }
    for (const [action, verb] of OWN_ACTIONS) add(`guests have no folder: cannot ${verb.replace(/s\b/, "")} private/<own identity id>/`, guest, G, { action, key: `${L.private}${G.identityId}/f.txt` }, "deny");
    add("guests cannot list private/<own identity id>/", guest, G, { action: "s3:ListBucket", prefix: `${L.private}${G.identityId}/` }, "deny");
    add("guests cannot read another identity's folder", guest, G, { action: "s3:GetObject", key: `${L.private}${B.identityId}/f.txt` }, "deny");
    add("guests cannot list private/", guest, G, { action: "s3:ListBucket", prefix: L.private }, "deny");
    add("guests read no old versions, not even under their own identity id", guest, G, { action: "s3:GetObjectVersion", key: `${L.private}${G.identityId}/f.txt` }, "deny");
    add("guests list no versions, not even under their own identity id", guest, G, { action: "s3:ListBucketVersions", prefix: `${L.private}${G.identityId}/` }, "deny");
    if (L.public) add("guests list no versions of public", guest, G, { action: "s3:ListBucketVersions", prefix: L.public }, "deny");
    if (L.protected) {
      add("guests cannot read protected folders", guest, G, { action: "s3:GetObject", key: `${L.protected}${o(B)}/f.txt` }, "deny");
      add("guests cannot list protected folders", guest, G, { action: "s3:ListBucket", prefix: `${L.protected}${o(B)}/` }, "deny");
    }
    add('guests cannot list the bucket root (s3:prefix "")', guest, G, { action: "s3:ListBucket", prefix: "" }, "deny");
    add("guests cannot list the bucket root (no s3:prefix)", guest, G, { action: "s3:ListBucket" }, "deny");
    for (const action of BUCKET_WRITES) add(`guests: no bucket-level writes (${action})`, guest, G, { action }, "deny");
    add("guests cannot read the site bucket", guest, G, { bucket: "site", action: "s3:GetObject", key: "index.html" }, "deny");
    add("guests cannot write the site bucket", guest, G, { bucket: "site", action: "s3:PutObject", key: "index.html" }, "deny");
  }
  if (L.malwareScan) malwareCases(w, add);
  return cases;
}
