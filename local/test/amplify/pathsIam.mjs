// amplify_outputs.json's storage `paths` against the synthesized template's
// IAM policies, with the stand-in's evaluator (src/iam): every paths entry
// must be granted to the role it names, and every grant of those roles on
// the data bucket must have a paths entry.
//
// Actors, as the identity pool maps them to roles:
//   authenticated   the authenticated role; Amplify keys "entityidentity"
//                   (in its own folder) and "authenticated"
//   guest           the unauthenticated role (allowGuests); key "guest"
//   groups<name>    the group's role; this stack attaches the owner policy
//                   to it too, so "entityidentity" and "authenticated" apply
//                   besides "groups<name>"
// Probes: for every paths entry, the folder it names with {entity_id} as
// the actor's own id and as another id; for every Allow statement on the
// data bucket in an actor's role, the location it grants; and a fixed set
// that must stay denied (bucket root, the level prefixes, version deletes,
// another's versions). At each location every permission (get, list,
// write, delete) is turned into the S3 requests that need it
// (mapS3Request), evaluated, and compared with what the paths entries say.
// Old versions (s3:GetObjectVersion, s3:ListBucketVersions) have no Amplify
// permission (the schema knows get, list, write, delete only): such a grant
// is accepted only where the actor owns the folder ("entityidentity"
// paths), and checked to be allowed there.

import { mapS3Request } from "../../src/iam/s3actions.mjs";

export const SELF = "eu-west-1:11111111-1111-4111-8111-111111111111";
export const OTHER = "eu-west-1:22222222-2222-4222-8222-222222222222";
export const GUEST = "eu-west-1:33333333-3333-4333-8333-333333333333";
const SUB_VAR = "${cognito-identity.amazonaws.com:sub}";
const PERMS = ["get", "list", "write", "delete"];

/** The owner token of a paths key: "{entity_id}" (this stack today) or Amplify Gen 2's "${cognito-identity.amazonaws.com:sub}". */
export const OWNER_TOKEN = /\{entity_id\}|\$\{cognito-identity\.amazonaws\.com:sub\}/;
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The actors of a template (see above). */
export function actorsOf(model) {
  const r = model.resolver;
  const byArn = new Map([...model.roles.values()].map((x) => [x.arn, x]));
  const actors = [{ name: "authenticated", role: model.authenticatedRole, id: SELF, keys: ["entityidentity", "authenticated"], amr: ["authenticated"] }];
  if (model.unauthenticatedRole) actors.push({ name: "guest", role: model.unauthenticatedRole, id: GUEST, keys: ["guest"], amr: ["unauthenticated"] });
  for (const id of r.ofType("AWS::Cognito::UserPoolGroup")) {
    const p = r.properties(id);
    const role = byArn.get(p.RoleArn);
    if (!role) throw new Error(`group ${p.GroupName}: no role ${p.RoleArn} in the template`);
    actors.push({ name: `groups${p.GroupName}`, role, id: SELF, keys: ["entityidentity", "authenticated", `groups${p.GroupName}`], amr: ["authenticated"] });
  }
  return actors;
}

/** What the paths entries allow `actor` to do at `location` (an object key, or a list prefix). */
export function pathsAllow(paths, actor, perm, location) {
  for (const [pattern, rule] of Object.entries(paths)) {
    for (const key of actor.keys) {
      if (!(rule[key] ?? []).includes(perm)) continue;
      const owner = key === "entityidentity" ? esc(actor.id) : "[^/]+";
      const re = new RegExp(
        "^" +
          pattern
            .split(OWNER_TOKEN)
            .map((part) => esc(part).replace(/\\\*$/, ".*"))
            .join(owner) +
          "$",
      );
      if (re.test(location)) return `${pattern} ${key}`;
    }
  }
  return undefined;
}

/** Version rights, which no Amplify permission names, and the paths permission of the same place. */
const VERSION_GET = "versions:get";
const VERSION_LIST = "versions:list";
const VERSION_PERMS = { [VERSION_GET]: "get", [VERSION_LIST]: "list" };

/** The S3 requests (as IAM authorizations) a permission needs at a location. */
function requestsFor(bucket, partition, perm, location, { versioned = false } = {}) {
  const q = (o) => new Map(Object.entries(o));
  const h = new Map();
  const reqs = [];
  const add = (method, key, query) => reqs.push(...mapS3Request({ method, bucket, key, query: q(query), headers: h }, { partition }).authorizations);
  const key = location;
  if (perm === "list") {
    add("GET", undefined, { "list-type": "2", prefix: location, delimiter: "/" });
    add("GET", undefined, { "list-type": "2", prefix: location });
  } else if (perm === VERSION_LIST) {
    add("GET", undefined, { versions: "", prefix: location, delimiter: "/" });
  } else if (perm === VERSION_GET) {
    add("GET", key, { versionId: "v1" });
    add("PUT", key, {}); // a restore: CopyObject from the version onto the key
  } else if (perm === "get") {
    add(versioned ? "GET" : "GET", key, versioned ? { versionId: "v1" } : {});
    add("HEAD", key, versioned ? { versionId: "v1" } : {});
  } else if (perm === "write") {
    add("PUT", key, {});
    add("POST", key, { uploads: "" });
    add("PUT", key, { partNumber: "1", uploadId: "u1" });
    add("GET", key, { uploadId: "u1" });
    add("DELETE", key, { uploadId: "u1" });
  } else if (perm === "delete") {
    add("DELETE", key, versioned ? { versionId: "v1" } : {});
  }
  return reqs;
}

/** Locations the Allow statements of a role grant on the data bucket, made concrete for an actor. */
function grantedLocations(model, actor) {
  const bucket = model.dataBucket;
  const out = [];
  const concrete = (p, tail) =>
    p
      .split(SUB_VAR)
      .join(actor.id)
      .replace(/\*(?=.)/g, OTHER)
      .replace(/\*$/, tail);
  for (const { policy } of actor.role.policies) {
    for (const st of [].concat(policy.Statement ?? [])) {
      if (st.Effect !== "Allow") continue;
      const actions = [].concat(st.Action ?? []);
      for (const res of [].concat(st.Resource ?? [])) {
        if (typeof res !== "string") continue;
        if (res.startsWith(bucket.arn + "/")) {
          const pattern = res.slice(bucket.arn.length + 1);
          for (const a of actions) {
            const perm = { "s3:GetObject": "get", "s3:PutObject": "write", "s3:DeleteObject": "delete", "s3:AbortMultipartUpload": "write", "s3:ListMultipartUploadParts": "write", "s3:GetObjectVersion": VERSION_GET }[a];
            out.push({ perm: perm ?? a, location: concrete(pattern, "granted.txt"), from: `${st.Sid ?? "statement"} ${a} ${res}` });
          }
        } else if (res === bucket.arn) {
          for (const [action, perm] of [["s3:ListBucket", "list"], ["s3:ListBucketVersions", VERSION_LIST]]) {
            if (!actions.includes(action)) continue;
            const prefixes = [st.Condition?.StringLike?.["s3:prefix"], st.Condition?.StringEquals?.["s3:prefix"]].flat().filter(Boolean);
            if (prefixes.length === 0) out.push({ perm, location: "", from: `${st.Sid ?? "statement"} ${action} without s3:prefix` });
            for (const p of prefixes) out.push({ perm, location: concrete(p, "sub/"), from: `${st.Sid ?? "statement"} ${action} s3:prefix ${p}` });
          }
        }
      }
    }
  }
  return out;
}

/** Whether IAM allows every S3 request that `perm` needs at `location` for `actor`. */
export async function iamAllows(model, actor, perm, location) {
  for (const a of requestsFor(model.dataBucket.name, model.env.partition, perm, location)) {
    const r = await model.evaluate({ role: actor.role, action: a.action, resource: a.resource, context: contextFor(actor, a.context) });
    if (!r.allowed) return false;
  }
  return true;
}

function contextFor(actor, extra) {
  return {
    "cognito-identity.amazonaws.com:sub": actor.id,
    "cognito-identity.amazonaws.com:aud": "eu-west-1:00000000-0000-4000-8000-000000000000",
    "cognito-identity.amazonaws.com:amr": actor.amr,
    "aws:FederatedProvider": "cognito-identity.amazonaws.com",
    "aws:SecureTransport": "true",
    "s3:TlsVersion": "1.3",
    ...extra,
  };
}

/**
 * Runs every probe of one configuration. Returns
 * { probes, allowed, denied, mismatches: [text] }.
 */
export async function checkPathsAgainstIam(model, outputs) {
  const bucketName = outputs.storage.buckets[0].bucket_name;
  if (bucketName !== model.dataBucket.name) throw new Error(`amplify_outputs names bucket ${bucketName}, the template's data bucket is ${model.dataBucket.name}`);
  const paths = outputs.storage.buckets[0].paths ?? {};
  const partition = model.env.partition;
  const actors = actorsOf(model);
  const mismatches = [];
  let probes = 0;
  let allowed = 0;
  let denied = 0;
  const seen = new Set();

  const decide = async (actor, perm, location, extra = {}, opts = {}) => {
    const reqs = requestsFor(bucketName, partition, perm, location, opts);
    const results = [];
    for (const a of reqs) {
      const r = await model.evaluate({
        role: actor.role,
        action: a.action,
        resource: a.resource,
        context: contextFor(actor, { ...a.context, ...extra }),
      });
      results.push({ action: a.action, allowed: r.allowed, reason: r.reason });
    }
    return results;
  };

  const probe = async (actor, perm, location, why, { expect, extra, versioned } = {}) => {
    const id = `${actor.name}|${perm}|${location}|${JSON.stringify(extra ?? {})}|${versioned ? "v" : ""}`;
    if (seen.has(id)) return;
    seen.add(id);
    probes++;
    const want = expect ?? !!pathsAllow(paths, actor, perm, location);
    const results = await decide(actor, perm, location, extra, { versioned });
    const got = results.every((r) => r.allowed);
    const mixed = !got && results.some((r) => r.allowed);
    if (got) allowed++;
    else denied++;
    if (got !== want || mixed) {
      const detail = results.map((r) => `${r.action}: ${r.allowed ? "allowed" : "denied"}`).join(", ");
      mismatches.push(`${actor.name} ${perm} "${location}" (${why}): paths say ${want ? "allowed" : "denied"}, IAM ${mixed ? "mixed" : got ? "allowed" : "denied"} [${detail}]`);
    }
  };

  for (const actor of actors) {
    // Paths -> IAM (and the denials around each entry).
    for (const pattern of Object.keys(paths)) {
      const folders = OWNER_TOKEN.test(pattern) ? [SELF, OTHER].map((id) => pattern.replace(OWNER_TOKEN, id)) : [pattern];
      for (const f of folders) {
        const base = f.replace(/\*$/, "");
        for (const perm of PERMS) {
          const locs = perm === "list" ? [base, base + "sub/"] : [base + "probe.txt", base + "sub/probe.txt"];
          for (const loc of locs) await probe(actor, perm, loc, `paths entry ${pattern}`);
        }
      }
    }
    // IAM -> paths: every grant of the actor's role on the data bucket.
    for (const g of grantedLocations(model, actor)) {
      if (VERSION_PERMS[g.perm]) {
        // No Amplify permission for versions: allowed only in a folder the paths give the actor as its owner.
        if (!actor.keys.includes("entityidentity") || !pathsAllow(paths, { ...actor, keys: ["entityidentity"] }, VERSION_PERMS[g.perm], g.location)) {
          mismatches.push(`${actor.name}: ${g.from} grants old versions outside the actor's own folder (${g.location})`);
        }
        await probe(actor, g.perm, g.location, `IAM grant ${g.from} (no Amplify permission for versions)`, { expect: true });
        continue;
      }
      if (!PERMS.includes(g.perm)) {
        mismatches.push(`${actor.name}: ${g.from} grants ${g.perm}, which no Amplify permission names`);
        continue;
      }
      await probe(actor, g.perm, g.location, `IAM grant ${g.from}`);
    }
    // Must stay denied.
    for (const loc of ["", "private/", "protected/", "public", "shared/"]) await probe(actor, "list", loc, "level prefix or root", {});
    await probe(actor, "get", "probe.txt", "object at the bucket root", {});
    await probe(actor, "write", "probe.txt", "object at the bucket root", {});
    const owns = actor.keys.includes("entityidentity") && !!pathsAllow(paths, { ...actor, keys: ["entityidentity"] }, "get", `private/${actor.id}/probe.txt`);
    await probe(actor, VERSION_GET, `private/${actor.id}/probe.txt`, "an old version in the own folder", { expect: owns });
    await probe(actor, "delete", `private/${actor.id}/probe.txt`, "deleting a version, even in the own folder", { expect: false, versioned: true });
    for (const perm of ["get", "delete"]) await probe(actor, perm, `private/${OTHER}/probe.txt`, "a version in another's folder", { expect: false, versioned: true });
    await probe(actor, VERSION_LIST, `private/${OTHER}/`, "another's versions", { expect: false });
    for (const loc of ["", "private/"]) await probe(actor, VERSION_LIST, loc, "versions of a level prefix or the root", { expect: false });
    if (pathsAllow(paths, actor, "get", `private/${actor.id}/probe.txt`)) {
      await probe(actor, "get", `private/${actor.id}/probe.txt`, "without TLS (aws:SecureTransport=false)", { expect: false, extra: { "aws:SecureTransport": "false" } });
    }
  }
  return { probes, allowed, denied, mismatches, actors: actors.map((a) => a.name) };
}
