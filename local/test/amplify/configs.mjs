// The access-level configurations the Amplify tests cover, each synthesized
// into local/.cache/amplify/synth/<name>/ (cdk.json's context plus the
// configuration's keys, CDK bundling skipped). A synthesized template is
// reused while it is newer than every Go source and cdk.json; the app is
// built once (go build) and its synths run two at a time.

import fs from "node:fs";
import path from "node:path";
import { LOCAL, newestGoSource, prepareTemplate, REPO, run, templateIn, toolchainEnv } from "../../src/prepare.mjs";

export const CACHE = path.join(LOCAL, ".cache", "amplify");

const ALL = ["get", "list", "write", "delete"];

/** Where the Storage Browser test serves its front end: an origin its configuration allows (callbackUrls, corsOrigins). */
export const STORAGE_BROWSER_ORIGIN = "http://localhost:4530";

/** name -> context keys added to cdk.json's (every one with ownerKey identityId, the default). */
export const CONFIGS = {
  defaults: {},
  protected: { protectedPrefix: "protected/" },
  public: { publicPrefix: "public/" },
  publicWrite: { publicPrefix: "public/", publicWrite: true },
  guests: { publicPrefix: "public/", allowGuests: true },
  groups: {
    groups: [
      { name: "auditors", precedence: 1, rules: [{ path: "private/", permissions: ["get", "list"] }] },
      { name: "editors", precedence: 2, rules: [{ path: "shared/{owner}/", permissions: ALL }] },
    ],
  },
  // The Storage Browser end-to-end test's front end is served on this origin (test/storage-browser/).
  storageBrowser: { callbackUrls: [`${STORAGE_BROWSER_ORIGIN}/`], corsOrigins: [STORAGE_BROWSER_ORIGIN] },
  everything: {
    protectedPrefix: "protected/",
    publicPrefix: "public/",
    publicWrite: true,
    allowGuests: true,
    groups: [{ name: "auditors", precedence: 1, rules: [{ path: "private/", permissions: ["get", "list"] }] }],
  },
};

function mtime(f) {
  try {
    return fs.statSync(f).mtimeMs;
  } catch {
    return 0;
  }
}




/**
 * Returns { name: templateFile } for every configuration ("defaults" is
 * prepareTemplate()'s, shared with npm test). Throws with the synth's
 * output when one fails.
 */
export async function synthesizeConfigs({ force = false, log = console.log, names = Object.keys(CONFIGS) } = {}) {
  const out = {};
  const newestSource = newestGoSource();
  const stale = [];
  for (const name of names) {
    if (name === "defaults") {
      out.defaults = await prepareTemplate({ force, log });
      continue;
    }
    const dir = path.join(CACHE, "synth", name);
    const t = templateIn(dir);
    if (!force && t && mtime(t) > newestSource) out[name] = t;
    else stale.push(name);
  }
  if (stale.length === 0) {
    log(`Templates: reusing ${names.filter((n) => n !== "defaults").length} synthesized configurations in local/.cache/amplify/synth (newer than the Go sources).`);
    return out;
  }
  const env = toolchainEnv(log);
  const bin = path.join(CACHE, "privatefolders-app");
  fs.mkdirSync(CACHE, { recursive: true });
  if (force || mtime(bin) <= newestSource) {
    const started = Date.now();
    const b = await run("go", ["build", "-o", bin, "."], { cwd: REPO, env });
    if (b.code !== 0) throw new Error(`go build failed:\n${b.out}`);
    log(`Built the CDK app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  const cdkJson = JSON.parse(fs.readFileSync(path.join(REPO, "cdk.json"), "utf8"));
  const started = Date.now();
  const queue = [...stale];
  const failures = [];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const dir = path.join(CACHE, "synth", name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const context = { ...(cdkJson.context ?? {}), "aws:cdk:bundling-stacks": [], ...CONFIGS[name] };
      for (const [k, v] of Object.entries(CONFIGS[name])) if (typeof v === "object") context[k] = JSON.stringify(v);
      const r = await run(bin, [], { cwd: REPO, env: { ...env, CDK_OUTDIR: dir, CDK_CONTEXT_JSON: JSON.stringify(context) } });
      const t = templateIn(dir);
      if (r.code !== 0 || !t) failures.push(`${name}: ${r.out.trim().split("\n").slice(-8).join("\n")}`);
      else out[name] = t;
    }
  };
  await Promise.all([worker(), worker()]);
  if (failures.length) throw new Error(`synthesis failed:\n${failures.join("\n")}`);
  log(`Templates: synthesized ${stale.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return out;
}
