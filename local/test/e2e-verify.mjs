// make verify against the local stand-in (verify/local.mjs): the same
// script an operator runs after `make deploy`, through the same SDK calls,
// with only the endpoints and the operator's key switched. Each test
// starts its own stand-in and runs verify.mjs as a child process.

import assert from "node:assert/strict";
import path from "node:path";
import { ownerMayListPrivate, runTests } from "./helpers.mjs";
import { readTemplate } from "../src/template.mjs";
import { runVerify, startLocalTarget } from "../verify/local.mjs";

/** Every check a run of the default stack must pass, by name (a prefix of its line). */
export const EXPECTED_PASSES = [
  "site: security headers (CSP, HSTS, frame denial)",
  "site: config.json matches the stack outputs",
  "site: amplify_outputs.json matches the stack outputs",
  "data bucket CORS: answers the site's origin",
  "data bucket CORS: refuses another origin",
  "user a: signs in through the site and managed login",
  "user b: identity-pool credentials (GetId, GetCredentialsForIdentity)",
  "own folder: put",
  "own folder: get",
  "own folder: list",
  "own folder: multipart upload with CRC32",
  "other user's folder: get",
  "other user's folder: put",
  "other user's folder: list",
  "other user's folder: delete",
  "list private/ (every user's folder)",
  "list the bucket root",
  "own folder: delete a version (purge)",
  "plain HTTP request (own folder, no TLS)",
  "own folder: delete",
  "cleanup",
];

/** What the stand-in still holds: users, identities, object versions and delete markers, unfinished uploads. */
export function leftovers(standIn) {
  const bucket = standIn.model.dataBucket.name;
  return {
    users: [...standIn.users.users.keys()],
    identities: [...standIn.identities.bySub.values()],
    versions: standIn.store.listVersions(bucket, { prefix: "", maxKeys: 1000 }).entries.map((e) => `${e.entry.key}@${e.entry.versionId}`),
    uploads: [...standIn.store.bucket(bucket).uploads.values()].map((u) => u.key),
  };
}

const NOTHING = { users: [], identities: [], versions: [], uploads: [] };

/** The sharing module's checks, by name (a prefix of its line). */
export const SHARING_PASSES = [
  "sharing: a link share of an own file (POST /api/shares)",
  "sharing: /s/<id> without sign-in redirects to a presigned GET of the exact bytes",
  "sharing: a revoked link answers the same 404 as an unknown id",
  "sharing: a named share to user b (recipients)",
  "sharing: the recipient reads a named share (GET /api/shared-with-me/<id>/url)",
  "sharing: a named share without a token, or with a forged one, is 401",
  "sharing: a named share is not served to its owner nor by its /s/ link",
  "sharing: a file drop into the own folder (kind drop)",
  "sharing: a stranger drops a file (POST /api/drops/<id>/uploads, then the presigned POST: 204)",
  "sharing: the dropped file is in the owner's folder, byte for byte",
  "sharing: the drop's uploader cannot list the drop nor read the file",
  "sharing: a password link refuses a wrong password (401)",
];

/** The share ids a run's lines name (22-character base64url, in the sharing lines' details and keys). */
export function shareIdsIn(lines) {
  const ids = new Set();
  for (const l of lines.filter((x) => x.startsWith("PASS sharing: "))) for (const m of l.matchAll(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g)) ids.add(m[0]);
  return [...ids];
}

async function withTarget(opts, template, fn) {
  const templateDir = path.dirname(typeof template === "string" ? template : opts.template);
  const t = await startLocalTarget({ template, templateDir, webDist: opts.webDist });
  try {
    return await fn(t);
  } finally {
    await t.standIn.stop();
  }
}

/** opts: { template (file), malwareTemplate (file, the malwareScan variant), sharingTemplate (file, the sharing variant), webDist, log }. Returns [{ name, ok, ms, error }]. */
export async function runVerifyE2E(opts) {
  const log = opts.log ?? (() => {});
  const tests = [
    [
      "make verify: every check passes against the stand-in and nothing is left",
      () =>
        withTarget(opts, opts.template, async ({ standIn, file, env }) => {
          const r = await runVerify(file, env);
          const out = r.lines.join("\n");
          assert.equal(r.code, 0, `verify exits 0:\n${out}`);
          for (const name of EXPECTED_PASSES) assert.ok(r.lines.some((l) => l.startsWith(`PASS ${name}`)), `PASS ${name}\n${out}`);
          assert.ok(!r.lines.some((l) => l.startsWith("FAIL")), out);
          assert.match(r.lines.at(-1), /^verify: \d+ passed, 0 failed$/);
          assert.deepEqual(leftovers(standIn), NOTHING);
        }),
    ],
    [
      "make verify: a stack whose owner may list private/ fails, and still leaves nothing",
      () =>
        withTarget(opts, ownerMayListPrivate(readTemplate(opts.template)), async ({ standIn, file, env }) => {
          const r = await runVerify(file, env);
          const out = r.lines.join("\n");
          assert.equal(r.code, 1, `verify exits 1:\n${out}`);
          assert.ok(r.lines.some((l) => l.startsWith("FAIL list private/ (every user's folder): allowed")), out);
          assert.match(r.lines.at(-1), /^verify: \d+ passed, 1 failed \(list private\/ \(every user's folder\)\)$/);
          assert.deepEqual(leftovers(standIn), NOTHING);
        }),
    ],
    [
      "make verify: with malwareScan on, reads wait for the scan, the gate lets a clean file through and never the EICAR file",
      () =>
        withTarget(opts, opts.malwareTemplate, async ({ standIn, file, env }) => {
          const r = await runVerify(file, env);
          const out = r.lines.join("\n");
          assert.equal(r.code, 0, `verify exits 0:\n${out}`);
          for (const name of ["own folder: get", "malwareScan: a clean upload is readable once scanned", "malwareScan: the EICAR test file is never readable", "cleanup"]) {
            assert.ok(r.lines.some((l) => l.startsWith(`PASS ${name}`)), `PASS ${name}\n${out}`);
          }
          assert.deepEqual(leftovers(standIn), NOTHING);
        }),
    ],
    [
      "make verify: with sharing on, the share service's link, revoke, named share, drop and password checks pass, and every share is revoked",
      () =>
        withTarget(opts, opts.sharingTemplate, async ({ standIn, file, env }) => {
          const r = await runVerify(file, env);
          const out = r.lines.join("\n");
          assert.equal(r.code, 0, `verify exits 0:\n${out}`);
          for (const name of [...SHARING_PASSES, "cleanup"]) assert.ok(r.lines.some((l) => l.startsWith(`PASS ${name}`)), `PASS ${name}\n${out}`);
          assert.ok(r.lines.some((l) => /^PASS cleanup: 4 share\(s\) revoked, /.test(l)), out);
          const ids = shareIdsIn(r.lines);
          assert.equal(ids.length, 4, `the four shares' ids in the lines: ${ids}`);
          for (const id of ids) assert.equal((await fetch(`${standIn.urls.site}/s/${id}`, { redirect: "manual" })).status, 404, `/s/${id} after the run`);
          assert.deepEqual(leftovers(standIn), NOTHING);
        }),
    ],
    [
      "make verify: with sharing on, Ctrl-C (SIGINT) after a named share was made still revokes it",
      () =>
        withTarget(opts, opts.sharingTemplate, async ({ standIn, file, env }) => {
          const r = await runVerify(file, env, (line, child) => {
            if (line.startsWith("PASS sharing: a named share to user b")) child.kill("SIGINT");
          });
          const out = r.lines.join("\n");
          assert.equal(r.code, 130, `exit status 130 after SIGINT:\n${out}`);
          const ids = shareIdsIn(r.lines);
          assert.equal(ids.length, 2, `the link's and the named share's ids: ${ids}\n${out}`);
          assert.ok(r.lines.some((l) => /^PASS cleanup: 2 share\(s\) revoked, /.test(l)), out);
          for (const id of ids) assert.equal((await fetch(`${standIn.urls.site}/s/${id}`, { redirect: "manual" })).status, 404, `/s/${id} after the run`);
          assert.deepEqual(leftovers(standIn), NOTHING);
        }),
    ],
    [
      "make verify: Ctrl-C (SIGINT) in the middle cleans up every user and object version",
      () =>
        withTarget(opts, opts.template, async ({ standIn, file, env }) => {
          let seenBeforeCleanup;
          const r = await runVerify(file, env, (line, child) => {
            // Interrupt right after the first object version exists, with the users signed in.
            if (line.startsWith("PASS own folder: put")) {
              seenBeforeCleanup = leftovers(standIn);
              child.kill("SIGINT");
            }
          });
          const out = r.lines.join("\n");
          assert.ok(seenBeforeCleanup, `the run reached the first put:\n${out}`);
          assert.equal(seenBeforeCleanup.users.length, 2, "two users existed when interrupted");
          assert.ok(seenBeforeCleanup.versions.length >= 1, "an object version existed when interrupted");
          assert.equal(r.code, 130, `exit status 130 after SIGINT:\n${out}`);
          assert.ok(r.lines.some((l) => /^PASS cleanup: [1-9]\d* object version\(s\), \d+ upload\(s\), 2 user\(s\), 2 identity\(ies\) removed$/.test(l)), out);
          assert.ok(!r.lines.some((l) => l.startsWith("PASS own folder: list")), `stopped before the rest of the checks:\n${out}`);
          assert.deepEqual(leftovers(standIn), NOTHING);
        }),
    ],
  ];
  return runTests(tests, { log });
}
