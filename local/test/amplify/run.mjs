#!/usr/bin/env node
// npm run test:amplify — the tests of issue 8 ("A drop-in backend for Amplify
// clients"): amplify_outputs.json, as the stack deploys it, for each
// access-level configuration:
//   1. type-checked against @aws-amplify/client-config's v1.4 definitions
//      (AWSAmplifyBackendOutputs) and aws-amplify's own AmplifyOutputs type,
//      with negative controls that must fail; parsed by aws-amplify;
//   2. its storage `paths` against the template's IAM policies, both ways
//      (src/iam evaluator), and Amplify's listPaths locations (what the
//      Storage Browser shows) against them;
//   3. aws-amplify in Node against the local stand-in: managed-login tokens,
//      identity-pool credentials, uploadData/list/downloadData/remove with
//      ({ identityId }) => paths; anything outside the user's folder is
//      AccessDenied.
// Prints each case and ends with "N passed, N failed"; exit 1 on failure.
//
//   --synth     synthesize every configuration again
//   --only=a,b  only these configurations (the stand-in cases need "defaults")

import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Amplify } from "aws-amplify";
import { downloadData, getProperties, list, remove, uploadData } from "aws-amplify/storage";
import { parseAmplifyConfig } from "aws-amplify/utils";
import { amplifyOutputsOf, createPathStyleFetch, localAmplifyOutputs, withAmplifyOutputs } from "../../src/amplify.mjs";
import { loadPolicyModel } from "../../src/iam/index.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { credentialsFor } from "../helpers.mjs";
import { amplifyLocations, configureAmplify } from "./client.mjs";
import { CONFIGS, synthesizeConfigs } from "./configs.mjs";
import { oidcSignIn } from "./oidc.mjs";
import { actorsOf, checkPathsAgainstIam, iamAllows, OTHER, OWNER_TOKEN } from "./pathsIam.mjs";
import { createRunner } from "../runner.mjs";
import { CLIENT_CONFIG, clientConfigTypes, NEGATIVE_CONTROLS, typeCheck } from "./schema.mjs";

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const { test, finish, fail } = createRunner();

// ---------------------------------------------------------------- prepare
console.log("== preparing: one synthesized template per configuration");
let templates;
try {
  templates = await synthesizeConfigs({ force: args.includes("--synth"), names: only ?? Object.keys(CONFIGS), log: (m) => console.log(m) });
} catch (e) {
  console.log(`could not synthesize: ${e.stack ?? e}`);
  fail("prepare");
  finish();
}
const cfgs = {};
for (const [name, file] of Object.entries(templates)) {
  const model = loadPolicyModel(file);
  cfgs[name] = { file, model, outputs: amplifyOutputsOf(model.resolver, path.dirname(file)) };
}

// ------------------------------------------------------------- the files
console.log("== amplify_outputs.json as deployed (deployment source, markers resolved)");
for (const [name, c] of Object.entries(cfgs)) {
  await test(`[${name}] amplify_outputs.json is a source of the site deployment and names the template's resources`, () => {
    const o = c.outputs;
    assert.ok(o, `no amplify_outputs.json among the Custom::CDKBucketDeployment sources next to ${c.file}`);
    assert.equal(o.version, "1.4");
    const r = c.model.resolver;
    const one = (type) => r.ofType(type)[0];
    assert.equal(o.auth.user_pool_id, r.ref(one("AWS::Cognito::UserPool")));
    assert.equal(o.auth.user_pool_client_id, r.ref(one("AWS::Cognito::UserPoolClient")));
    assert.equal(o.auth.identity_pool_id, r.ref(one("AWS::Cognito::IdentityPool")));
    assert.equal(o.auth.aws_region, c.model.env.region);
    assert.equal(o.storage.bucket_name, c.model.dataBucket.name);
    assert.equal(o.storage.buckets.length, 1);
    assert.equal(o.storage.buckets[0].bucket_name, c.model.dataBucket.name);
    assert.equal(o.auth.unauthenticated_identities_enabled, !!CONFIGS[name].allowGuests);
    const groups = (CONFIGS[name].groups ?? []).map((g) => ({ [g.name]: { precedence: g.precedence } }));
    assert.deepEqual(o.auth.groups, groups);
    return `paths: ${JSON.stringify(o.storage.buckets[0].paths)}`;
  });
}

// ---------------------------------------------------------------- schema
console.log(`== schema: ${CLIENT_CONFIG.name}@${CLIENT_CONFIG.version} (v1.4 definitions), typescript ${JSON.parse(fs.readFileSync(new URL("../../node_modules/typescript/package.json", import.meta.url))).version}`);
let types;
await test(`${CLIENT_CONFIG.name}@${CLIENT_CONFIG.version}: tarball matches the pinned integrity; its schema ships as TypeScript definitions`, () => {
  types = clientConfigTypes((m) => console.log(m));
  assert.ok(types.listing.includes(CLIENT_CONFIG.typesFile));
  const defs = types.listing.filter((f) => /client_config_v[\d.]+\.d\.ts$/.test(f)).map((f) => path.basename(f));
  return (
    `definitions: ${defs.join(", ")}; ` +
    (types.jsonSchemas.length ? `JSON schema files: ${types.jsonSchemas.join(", ")}` : `no JSON schema file among its ${types.listing.length} files (so no ajv validation: tsc on the generated definitions instead)`)
  );
});
if (types) {
  const ready = Object.fromEntries(Object.entries(cfgs).filter(([, c]) => c.outputs).map(([n, c]) => [n, c.outputs]));
  const base = ready.defaults ?? Object.values(ready)[0];
  // The file the preview serves: the local login domain and endpoints added (custom.local_stand_in).
  const preview = localAmplifyOutputs(base, { login: "http://127.0.0.1:4511", idp: "http://127.0.0.1:4512", identity: "http://127.0.0.1:4513", s3: "http://127.0.0.1:4514" });
  ready["local preview"] = preview;
  const tc = typeCheck(ready, base, types.file);
  console.log(`tsc --strict --noEmit on ${Object.keys(ready).length + Object.keys(NEGATIVE_CONTROLS).length} files in ${tc.ms} ms (${path.relative(process.cwd(), tc.dir)})`);
  for (const name of Object.keys(ready)) {
    await test(`[${name}] satisfies AWSAmplifyBackendOutputs (v1.4, excess-property checked) and aws-amplify's AmplifyOutputs`, () => {
      assert.deepEqual(tc.errors[name], []);
      assert.deepEqual(tc.unattributed, []);
    });
  }
  for (const name of Object.keys(NEGATIVE_CONTROLS)) {
    await test(`control: a file with ${name} fails the type check`, () => {
      const errs = tc.errors[`control: ${name}`];
      assert.ok(errs.length > 0, "tsc accepted it");
      return errs[0].replace(/^.*error /, "");
    });
  }
}

// ------------------------------------------------------- aws-amplify parses
console.log("== aws-amplify's parser (parseAmplifyConfig, Amplify.configure)");
for (const [name, c] of Object.entries(cfgs)) {
  if (!c.outputs) continue;
  await test(`[${name}] aws-amplify parses it into Auth and Storage config`, () => {
    const o = c.outputs;
    const rc = parseAmplifyConfig(o);
    Amplify.configure(o);
    const cfg = Amplify.getConfig();
    for (const x of [rc, cfg]) {
      const cog = x.Auth.Cognito;
      assert.equal(cog.userPoolId, o.auth.user_pool_id);
      assert.equal(cog.userPoolClientId, o.auth.user_pool_client_id);
      assert.equal(cog.identityPoolId, o.auth.identity_pool_id);
      assert.equal(!!cog.allowGuestAccess, !!CONFIGS[name].allowGuests);
      assert.equal(cog.passwordFormat.minLength, o.auth.password_policy.min_length);
      assert.equal(cog.loginWith.email, true);
      assert.deepEqual(cog.loginWith.oauth.scopes, o.auth.oauth.scopes);
      assert.equal(cog.loginWith.oauth.responseType, "code");
      assert.match(cog.loginWith.oauth.domain, /^[a-z0-9-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com$/, "a host name, no scheme (Amplify adds https://)");
      assert.deepEqual(cog.groups, o.auth.groups);
      assert.equal(x.Storage.S3.bucket, c.model.dataBucket.name);
      assert.equal(x.Storage.S3.region, c.model.env.region);
      assert.deepEqual(x.Storage.S3.buckets.files, { bucketName: c.model.dataBucket.name, region: c.model.env.region, paths: o.storage.buckets[0].paths });
    }
  });
}

// ------------------------------------------------------------ paths ⇄ IAM
console.log("== storage paths ⇄ the template's IAM policies (src/iam evaluator)");
for (const [name, c] of Object.entries(cfgs)) {
  if (!c.outputs) continue;
  await test(`[${name}] every paths entry is granted to its role and every grant has a paths entry`, async () => {
    const r = await checkPathsAgainstIam(c.model, c.outputs);
    assert.deepEqual(r.mismatches, []);
    assert.ok(r.allowed > 0 && r.denied > 0);
    return `${r.probes} probes (actors ${r.actors.join(", ")}): ${r.allowed} allowed, ${r.denied} denied, as the paths say`;
  });
}

console.log("== Amplify's listPaths (the Storage Browser's locations) for each actor");
const fakeToken = (claims) => ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), "sig"].join(".");
for (const [name, c] of Object.entries(cfgs)) {
  if (!c.outputs) continue;
  await test(`[${name}] every location and permission listPaths gives an actor is allowed by IAM`, async () => {
    const notes = [];
    for (const actor of actorsOf(c.model)) {
      const group = actor.name.startsWith("groups") ? actor.name.slice(6) : undefined;
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const session =
        actor.name === "guest"
          ? { identityId: actor.id, credentials: { accessKeyId: "ASIAFAKE", secretAccessKey: "x", sessionToken: "x" } }
          : {
              idToken: fakeToken({ sub: "s", exp, iat: exp - 3600, token_use: "id", ...(group ? { "cognito:groups": [group] } : {}) }),
              accessToken: "placeholder",
              identityId: actor.id,
              credentials: { accessKeyId: "ASIAFAKE", secretAccessKey: "x", sessionToken: "x" },
            };
      configureAmplify(c.outputs, session);
      const locations = await amplifyLocations();
      const shown = [];
      for (const loc of locations) {
        assert.equal(loc.bucket, c.model.dataBucket.name);
        const prefix = loc.prefix.replace(/\*$/, "").replace(OWNER_TOKEN, OTHER);
        // Amplify lists every path holding the owner token for a signed-in
        // user, with permission undefined when the path has no
        // entityidentity entry (a group-only path such as shared/{owner}/):
        // it offers nothing there.
        const permission = loc.permission ?? [];
        for (const p of permission) {
          const perms = p === "read" ? ["get", "list"] : [p];
          for (const perm of perms) {
            const where = perm === "list" ? prefix : prefix + "probe.txt";
            assert.ok(await iamAllows(c.model, actor, perm, where), `${actor.name}: listPaths offers ${perm} on ${loc.prefix}, IAM denies ${where}`);
          }
        }
        shown.push(`${loc.prefix} [${permission.join(",")}]`);
      }
      // What IAM grants that the Storage Browser does not show: Amplify drops the
      // owner's folder for group members (amplify-backend#1771), this stack keeps it.
      const own = `private/${actor.id}/`;
      const hidden = actor.keys.includes("entityidentity") && !locations.some((l) => l.prefix.startsWith(own)) && (await iamAllows(c.model, actor, "list", own));
      notes.push(`${actor.name}: ${shown.join("; ") || "(none)"}${hidden ? `; not shown though IAM allows it: ${own}` : ""}`);
    }
    return notes.join("\n");
  });
}

// ------------------------------------------- aws-amplify against the stand-in
if (cfgs.defaults?.outputs) {
  console.log("== aws-amplify (Node) against the local stand-in, default configuration");
  const c = cfgs.defaults;
  const decisions = [];
  const s = await startStandIn({ template: c.file, webDist: fs.mkdtempSync(path.join(os.tmpdir(), "pf-amplify-")), log: () => {}, onDecision: (d) => decisions.push(d) });
  const outputs = amplifyOutputsOf(s.model.resolver, path.dirname(c.file));
  const realFetch = globalThis.fetch;
  const forwarded = [];
  globalThis.fetch = createPathStyleFetch({
    s3Endpoint: s.urls.s3,
    region: outputs.storage.aws_region,
    lookupCredentials: (k) => s.credentials.lookup(k),
    baseFetch: realFetch,
    onRequest: (r) => forwarded.push(r),
  });
  const bucket = s.model.dataBucket.name;
  const st = {};
  const denied = async (what, fn) => {
    const mark = decisions.length;
    try {
      await fn();
    } catch (e) {
      assert.equal(e.name, "AccessDenied", `${what}: ${e.name}: ${e.message}`);
      const d = decisions.slice(mark).filter((x) => x.decision && x.decision !== "Allowed");
      assert.ok(d.length > 0, `${what}: no denial recorded by the stand-in`);
      return `${what}: AccessDenied (${d[0].action} ${d[0].decision})`;
    }
    assert.fail(`${what} succeeded`);
  };
  try {
    await test("the stand-in's amplify_outputs.json names its user pool, client, identity pool and bucket, and is served next to config.json", async () => {
      assert.equal(outputs.auth.user_pool_id, s.ids.userPoolId);
      assert.equal(outputs.auth.user_pool_client_id, s.ids.clientId);
      assert.equal(outputs.auth.identity_pool_id, s.ids.identityPoolId);
      assert.equal(outputs.storage.bucket_name, bucket);
      assert.equal(outputs.auth.user_pool_id, s.config.userPoolId, "same values as config.json");
      assert.equal(outputs.storage.bucket_name, s.config.bucket);
      const server = http.createServer(withAmplifyOutputs((req, res) => res.writeHead(404).end(), outputs));
      await new Promise((r) => server.listen(0, "127.0.0.1", r));
      try {
        const res = await realFetch(`http://127.0.0.1:${server.address().port}/amplify_outputs.json`);
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), outputs);
      } finally {
        server.close();
      }
    });

    await test("A signs up through managed login (code + PKCE); Amplify's session has the identity pool's id and credentials", async () => {
      st.a = await oidcSignIn(s, { email: "amplify-a@example.com", password: "Local-Pass1", signUp: true });
      st.b = await oidcSignIn(s, { email: "amplify-b@example.com", password: "Local-Pass1", signUp: true });
      assert.equal(st.a.claims.aud, s.ids.clientId);
      assert.equal(st.a.claims.iss, s.config.oidcIssuer);
      Object.assign(st.a, await credentialsFor(s, st.a.idToken));
      Object.assign(st.b, await credentialsFor(s, st.b.idToken));
      configureAmplify(outputs, () => st.current);
      st.current = st.b;
      await uploadData({ path: ({ identityId }) => `private/${identityId}/b-secret.txt`, data: "B's" }).result;
      st.current = st.a;
      const { fetchAuthSession } = await import("aws-amplify/auth");
      const session = await fetchAuthSession();
      assert.equal(session.identityId, st.a.identityId);
      assert.match(session.identityId, /^eu-west-1:[0-9a-f-]{36}$/);
      assert.equal(session.credentials.accessKeyId, st.a.credentials.accessKeyId);
      assert.equal(session.tokens.idToken.payload.email, "amplify-a@example.com");
    });

    await test("uploadData({ path: ({identityId}) => `private/${identityId}/hello.txt` }) lands in A's folder", async () => {
      const mark = forwarded.length;
      const r = await uploadData({ path: ({ identityId }) => `private/${identityId}/hello.txt`, data: "Hello from Amplify JS\n", options: { contentType: "text/plain" } }).result;
      const key = `private/${st.a.identityId}/hello.txt`;
      assert.equal(r.path, key);
      const stored = s.store.get(bucket, key);
      assert.ok(stored, `not in the stand-in's store at ${key}`);
      assert.equal(stored.body.toString(), "Hello from Amplify JS\n");
      const req = forwarded.slice(mark).map((f) => `${f.method} ${f.url}`);
      assert.ok(req.some((u) => u.startsWith(`PUT https://${bucket}.s3.eu-west-1.amazonaws.com/private/${encodeURIComponent(st.a.identityId)}/hello.txt`)), req.join("\n"));
      return `Amplify sent ${req.join(", ")}`;
    });

    await test("list({ path: ({identityId}) => `private/${identityId}/` }) returns it; downloadData and getProperties read it", async () => {
      const { items } = await list({ path: ({ identityId }) => `private/${identityId}/` });
      assert.deepEqual(
        items.map((i) => i.path),
        [`private/${st.a.identityId}/hello.txt`],
      );
      const { body } = await downloadData({ path: ({ identityId }) => `private/${identityId}/hello.txt` }).result;
      assert.equal(await body.text(), "Hello from Amplify JS\n");
      const props = await getProperties({ path: ({ identityId }) => `private/${identityId}/hello.txt` });
      assert.equal(props.size, Buffer.byteLength("Hello from Amplify JS\n"));
    });

    await test("outside A's folder Amplify gets AccessDenied: list private/ and the root, B's folder; upload to private/ and B's folder", async () => {
      const notes = [];
      notes.push(await denied("list private/", () => list({ path: "private/" })));
      notes.push(await denied("list the bucket root", () => list({ path: "" })));
      notes.push(await denied("list B's folder", () => list({ path: `private/${st.b.identityId}/` })));
      notes.push(await denied("upload to private/x.txt", () => uploadData({ path: "private/x.txt", data: "x" }).result));
      notes.push(await denied("upload into B's folder", () => uploadData({ path: `private/${st.b.identityId}/x.txt`, data: "x" }).result));
      notes.push(await denied("download B's file", () => downloadData({ path: `private/${st.b.identityId}/b-secret.txt` }).result));
      notes.push(await denied("remove B's file", () => remove({ path: `private/${st.b.identityId}/b-secret.txt` })));
      notes.push(await denied("upload with a path callback outside the folder", () => uploadData({ path: ({ identityId }) => `private/${identityId}x/hello.txt`, data: "x" }).result));
      assert.ok(s.store.get(bucket, `private/${st.b.identityId}/b-secret.txt`), "B's file still there");
      assert.equal(s.store.has(bucket, "private/x.txt"), false);
      return notes.join("\n");
    });

    await test("remove({ path: ({identityId}) => ... }) deletes in A's own folder", async () => {
      await remove({ path: ({ identityId }) => `private/${identityId}/hello.txt` });
      assert.equal(s.store.has(bucket, `private/${st.a.identityId}/hello.txt`), false);
    });

    await test("the Storage Browser's locations for A (Amplify's listPaths) include A's own folder, and each permission works through Amplify", async () => {
      const locations = await amplifyLocations();
      const own = locations.find((l) => l.prefix === `private/${st.a.identityId}/*`);
      // aws-amplify (storage 6.17.0, resolveLocationsForCurrentSession) recognises an owner
      // path only by the token "${cognito-identity.amazonaws.com:sub}", which is also what
      // Amplify Gen 2 backends write (e.g. "protected/${cognito-identity.amazonaws.com:sub}/*");
      // "{entity_id}" is the token of defineStorage's input, not of amplify_outputs.json.
      assert.ok(
        own,
        `listPaths gives A ${JSON.stringify(locations.map((l) => l.prefix))}, not its folder: the file's owner path is ` +
          `${JSON.stringify(Object.keys(outputs.storage.buckets[0].paths))}; Amplify JS matches only "private/\${cognito-identity.amazonaws.com:sub}/*" ` +
          "(policies.AmplifyEntityToken must be \"${cognito-identity.amazonaws.com:sub}\")",
      );
      assert.deepEqual(own.permission, ["get", "list", "write", "delete"]);
      const prefix = own.prefix.replace(/\*$/, "");
      await uploadData({ path: `${prefix}via-location.txt`, data: "ok" }).result;
      const { items } = await list({ path: prefix });
      assert.ok(items.some((i) => i.path === `${prefix}via-location.txt`));
      assert.equal(await (await downloadData({ path: `${prefix}via-location.txt` }).result).body.text(), "ok");
      await remove({ path: `${prefix}via-location.txt` });
    });

    await test("a request Amplify did not sign with the stand-in's credentials is refused (the gateway checks Amplify's own signature)", async () => {
      const saved = st.a.credentials;
      st.a = { ...st.a, credentials: { ...saved, secretAccessKey: "not-the-secret" } };
      st.current = st.a;
      try {
        await assert.rejects(() => list({ path: ({ identityId }) => `private/${identityId}/` }), (e) => e.name === "SignatureDoesNotMatch");
      } finally {
        st.a = { ...st.a, credentials: saved };
        st.current = st.a;
      }
    });
  } finally {
    globalThis.fetch = realFetch;
    await s.stop();
  }
}

finish();
