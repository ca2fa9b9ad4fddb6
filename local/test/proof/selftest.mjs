// Self-test: the same named cases against templates broken on purpose. Each
// mutation must make at least one case fail, or the suite could not tell a
// wrong policy from a right one.

import fs from "node:fs";

const OWNER_VAR = "${cognito-identity.amazonaws.com:sub}";

/** [{ name, mutate(templateText) -> templateText }] for an ownerKey=identityId template. */
export const MUTATIONS = [
  {
    name: "the owner policy also lets every identity list private/",
    mutate: (t) => replaceOnce(t, `"private/${OWNER_VAR}/"`, `"private/"`),
  },
  {
    name: "the owner policy's objects are private/* instead of private/<owner>/*",
    mutate: (t) => replaceAll(t, `/private/${OWNER_VAR}/*`, "/private/*"),
  },
  {
    name: "the owner folder lacks its trailing slash (private/<owner>*)",
    mutate: (t) => replaceAll(t, `/private/${OWNER_VAR}/*`, `/private/${OWNER_VAR}*`),
  },
  {
    name: "the owner policy allows s3:DeleteObject* (version deletes)",
    mutate: (t) => replaceAll(t, `"s3:DeleteObject"`, `"s3:DeleteObject*"`),
  },
  {
    name: "the data bucket policy loses its aws:SecureTransport deny",
    mutate: (t) => replaceAll(t, `"aws:SecureTransport": "false"`, `"aws:SecureTransport": "never"`),
  },
  {
    name: "the bucket root becomes listable (s3:prefix \"\" allowed)",
    mutate: (t) => replaceOnce(t, `"private/${OWNER_VAR}/"`, `""`),
  },
  {
    name: "versions of private/ become listable (the version listing's s3:prefix widened)",
    mutate: (t) => replaceNth(t, `"private/${OWNER_VAR}/"`, `"private/"`, 2),
  },
  {
    name: "the version listing loses its s3:prefix condition",
    mutate: (t) => withStatement(t, "ListOwnVersions", (st) => delete st.Condition),
  },
  {
    name: "old versions are readable under private/* instead of the own folder",
    mutate: (t) => replaceNth(t, `/private/${OWNER_VAR}/*`, "/private/*", 2),
  },
];

/** Mutations of a malwareScan template: each opens one path of the gate. */
export const MALWARE_MUTATIONS = [
  { name: "the gate no longer denies unscanned reads", mutate: (t) => withStatement(t, "DenyUnscannedReads", (st) => (st.Action = ["s3:GetObjectAcl"])) },
  { name: "everyone may write tags", mutate: (t) => withStatement(t, "DenyTagWrites", (st) => (st.Action = ["s3:GetObjectAcl"])) },
  { name: "uploads may carry the scan tag", mutate: (t) => withStatement(t, "DenyScanTagOnWrite", (st) => (st.Condition["ForAnyValue:StringEqualsIgnoreCase"]["s3:RequestObjectTagKeys"] = ["other"])) },
  { name: "copies may come from any bucket", mutate: (t) => withStatement(t, "DenyCopyFromElsewhere", (st) => (st.Condition.StringNotLike["s3:x-amz-copy-source"] = ["*"])) },
  { name: "the scanner's exemption covers every role", mutate: (t) => withStatement(t, "DenyUnscannedReads", (st) => (st.Condition.ArnNotEquals["aws:PrincipalArn"] = ["arn:aws:iam::*:role/*"])) },
];

function replaceOnce(text, from, to) {
  if (!text.includes(from)) throw new Error(`mutation target not found: ${from}`);
  return text.replace(from, to);
}
/** Changes the statement with this Sid in every identity policy (it must exist). */
function withStatement(text, sid, change) {
  const t = JSON.parse(text);
  let found = 0;
  for (const r of Object.values(t.Resources)) {
    for (const st of [r.Properties?.PolicyDocument?.Statement ?? []].flat()) {
      if (st.Sid === sid) {
        change(st);
        found++;
      }
    }
  }
  if (!found) throw new Error(`mutation target not found: statement ${sid}`);
  return JSON.stringify(t, null, 1);
}

/** Replaces the n-th (1-based) occurrence: the owner policy renders objects, listing, versions, version listing in that order. */
function replaceNth(text, from, to, n) {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = text.indexOf(from, i + 1);
    if (i < 0) throw new Error(`mutation target not found ${n} times: ${from}`);
  }
  return text.slice(0, i) + to + text.slice(i + from.length);
}
function replaceAll(text, from, to) {
  if (!text.includes(from)) throw new Error(`mutation target not found: ${from}`);
  return text.split(from).join(to);
}

/** The mutated template objects of a template file. */
export function mutatedTemplates(templateFile, mutations = MUTATIONS) {
  const text = JSON.stringify(JSON.parse(fs.readFileSync(templateFile, "utf8")), null, 1);
  return mutations.map((m) => {
    try {
      return { name: m.name, template: JSON.parse(m.mutate(text)) };
    } catch (e) {
      return { name: m.name, error: e.message };
    }
  });
}
