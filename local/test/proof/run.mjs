#!/usr/bin/env node
// Proof, not hope: synthesizes the stack in each configuration of configs.mjs, takes the
// identity pool's roles, their policies and the bucket policies from each
// template, and evaluates concrete requests with an independent IAM
// evaluator (@cloud-copilot/iam-simulate). Prints one line per case, then
// "N passed, N failed" alone on the last line; exits 1 on any failure.
//
//   node test/proof/run.mjs [--synth] [--only <config>] [--failures-only]
//   (npm --prefix local run test:proof)

import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { namedCases } from "./cases.mjs";
import { MALWARE_MUTATIONS, mutatedTemplates } from "./selftest.mjs";
import { CONFIGS } from "./configs.mjs";
import { shareCases } from "./sharecases.mjs";
import { structuralCases } from "./structure.mjs";
import { sweepCases } from "./sweep.mjs";
import { synthesizeAll } from "./synth.mjs";
import { COGNITO_SUB, OWNER_TAG, World } from "./world.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const force = args.includes("--synth");
const failuresOnly = args.includes("--failures-only");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const configs = CONFIGS.filter((c) => !only || c.name === only);

let passed = 0;
let failed = 0;
function report(config, ok, rule, detail = "") {
  if (ok) passed++;
  else failed++;
  if (ok && failuresOnly) return;
  const width = Math.max(...CONFIGS.map((c) => c.name.length));
  console.log(`${ok ? "ok  " : "FAIL"} ${config.padEnd(width)}  ${rule}${detail ? ` — ${detail}` : ""}`);
}

function child(configName, template) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(HERE, "pitfall-child.mjs"), configName, template], { cwd: path.join(HERE, "..", ".."), encoding: "utf8" }, (err, stdout, stderr) => {
      if (err) resolve({ error: `${err.message}\n${stderr}` });
      else resolve(JSON.parse(stdout.trim().split("\n").pop()));
    });
  });
}

const short = (req) => {
  const listing = /^s3:ListBucket/.test(req.action);
  const target = req.key !== undefined ? req.key : req.prefix !== undefined ? `s3:prefix="${req.prefix}"` : listing ? "(no s3:prefix)" : "(the bucket)";
  const bucket = req.bucket === "data" ? "" : `${req.bucket} bucket `;
  const extra = [req.secure === false ? "aws:SecureTransport=false" : "", req.tls ? `s3:TlsVersion=${req.tls}` : "", ...(req.drop ?? []).map((k) => `no ${k}`), ...Object.entries(req.set ?? {}).map(([k, v]) => `${k}=${v}`)].filter(Boolean);
  return `${req.action} ${bucket}${target}${extra.length ? ` [${extra.join(", ")}]` : ""}`;
};

/** Every structural and named case of one configuration's template: [{ ok, rule, detail }]. */
async function evaluateCases(w) {
  const out = structuralCases(w);
  for (const c of namedCases(w)) {
    const label = `${c.principal.label}${c.principal.kind === "guest" ? "" : ` ${c.user.label}`}`;
    try {
      const r = await w.evaluate(c.principal, c.user, c.req);
      const want = c.expect;
      let ok = want === "allow" ? r.allowed : want === "deny" ? !r.allowed : r.decision === "ExplicitlyDenied" && r.denials.some((d) => d.policyType === "resource");
      let why = ok ? "" : `; expected ${want}: ${r.reason}`;
      // The oracle (README table) must agree, except for the guards, which tamper with the context on purpose.
      if (!c.req.drop && !c.req.set && c.oracle !== false) {
        const table = w.expected(c.principal, c.user, c.req);
        if (table !== r.allowed) {
          ok = false;
          why += `; the README table says ${table ? "allowed" : "denied"}`;
        }
      }
      out.push({ ok, rule: c.rule, detail: `${label}: ${short(c.req)} -> ${r.decision}${why}` });
    } catch (e) {
      out.push({ ok: false, rule: c.rule, detail: `${label}: ${short(c.req)} threw ${e.message}` });
    }
  }
  return out;
}

async function runConfig(config, template) {
  const w = new World(config, template);
  for (const c of await evaluateCases(w)) report(config.name, c.ok, c.rule, c.detail);
  for (const c of await sweepCases(w)) report(config.name, c.ok, c.rule, c.detail);
  for (const c of await shareCases(w)) report(config.name, c.ok, c.rule, c.detail);
}

/** The suite must fail on templates broken on purpose (selftest.mjs). */
async function selfTest(config, template, mutations) {
  for (const m of mutatedTemplates(template, mutations)) {
    if (m.error) {
      report(config.name, false, `self-test: ${m.name}`, m.error);
      continue;
    }
    let failures;
    try {
      failures = (await evaluateCases(new World(config, m.template))).filter((c) => !c.ok);
    } catch (e) {
      failures = [{ rule: `the model refused the template: ${e.message}` }];
    }
    report(config.name, failures.length > 0, `self-test: the suite fails when ${m.name}`, `${failures.length} case(s) fail, e.g. "${failures[0]?.rule ?? "none"}"`);
  }
}

const t0 = Date.now();
let tSynth = 0;
try {
  const templates = await synthesizeAll(configs, { force });
  tSynth = (Date.now() - t0) / 1000;
  for (const c of configs) {
    const t = templates[c.name];
    console.log(`# ${c.name}: ${c.title}; ${path.relative(process.cwd(), t.template)} (${t.cached ? "reused" : `synthesized in ${t.seconds.toFixed(1)} s`})`);
  }
  // The pitfall guards run in their own processes, alongside the cases.
  const pitfalls = [configs.find((c) => c.levels.ownerKey === "identityId"), configs.find((c) => c.levels.ownerKey === "userPoolSub")]
    .filter(Boolean)
    .map((c) => ({ c, result: child(c.name, templates[c.name].template) }));
  for (const c of configs) {
    try {
      await runConfig(c, templates[c.name].template);
    } catch (e) {
      report(c.name, false, "configuration could be evaluated", e.stack);
    }
  }
  const base = configs.find((c) => c.name === "defaults");
  if (base) await selfTest(base, templates[base.name].template);
  const scanned = configs.find((c) => c.levels.malwareScan);
  if (scanned) await selfTest(scanned, templates[scanned.name].template, MALWARE_MUTATIONS);
  for (const { c, result } of pitfalls) {
    const r = await result;
    if (r.error) {
      report(c.name, false, "pitfall guard ran", r.error);
      continue;
    }
    if (r.mode === "identityId") {
      report(c.name, r.raw.decision !== "Allowed" && r.raw.ignored.includes(COGNITO_SUB),
        `pitfall: with the Cognito keys unregistered, iam-simulate drops ${COGNITO_SUB} and the owner's own write is denied (so the must-allow cases would fail)`,
        `raw decision ${r.raw.decision}, ignored ${JSON.stringify(r.raw.ignored)}`);
      report(c.name, r.guard.threw && r.guard.message.includes(COGNITO_SUB), "pitfall: and evaluate() refuses to answer (the guard names the dropped key)", r.guard.message ?? `no throw: ${r.guard.decision}`);
    } else {
      report(c.name, r.raw.decision !== "Allowed" && r.raw.ignored.includes(OWNER_TAG),
        `pitfall: with ${r.removedKey} not a known key, the evaluator drops ${OWNER_TAG} and the owner's own write is denied (so the must-allow cases would fail)`,
        `raw decision ${r.raw.decision}, ignored ${JSON.stringify(r.raw.ignored)}`);
      report(c.name, r.guard.threw && r.guard.message.includes(OWNER_TAG), "pitfall: and the proof's evaluate() refuses to answer (the guard names the dropped key)", r.guard.message ?? `no throw: ${r.guard.decision}`);
    }
  }
} catch (e) {
  report("setup", false, "the configurations could be synthesized", e.message);
}
console.log(`# synthesis ${tSynth.toFixed(1)} s, evaluation ${((Date.now() - t0) / 1000 - tSynth).toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
