// Gets the two inputs of the stand-in ready: the synthesized template
// (synthesized again only when the Go sources or cdk.json are newer) and
// the built web app (built again only when its sources are newer).

import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const LOCAL = path.join(REPO, "local");

function mtime(f) {
  try {
    return fs.statSync(f).mtimeMs;
  } catch {
    return 0;
  }
}

function newest(files) {
  return Math.max(0, ...files.map(mtime));
}

function walk(dir, skip = new Set(["node_modules", "dist"])) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, skip));
    else out.push(p);
  }
  return out;
}

/** The pinned Node toolchain first on PATH (installed if missing), as the Makefile does. */
export function toolchainEnv(log = console.error) {
  const tc = path.join(REPO, ".toolchain");
  const bin = path.join(tc, "node_modules", ".bin");
  if (!fs.existsSync(path.join(bin, "node")) && fs.existsSync(path.join(tc, "package-lock.json"))) {
    log("Installing the pinned toolchain (.toolchain: Node.js 22, CDK CLI)...");
    execFileSync("npm", ["ci", "--prefix", tc, "--no-audit", "--no-fund"], { stdio: ["ignore", process.stderr, process.stderr] });
  }
  const env = { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: "1" };
  if (fs.existsSync(path.join(bin, "node"))) {
    env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
    env.JSII_NODE = path.join(bin, "node");
  }
  return env;
}

/** The Go sources (tracked and untracked, tests excluded), go.mod, go.sum and cdk.json: what a synthesized template depends on. */
export function goSources() {
  const r = spawnSync("git", ["ls-files", "*.go", "go.mod", "go.sum", "cdk.json"], { cwd: REPO, encoding: "utf8" });
  const tracked = r.status === 0 ? r.stdout.split("\n").filter(Boolean) : [];
  const untracked = spawnSync("git", ["ls-files", "--others", "--exclude-standard", "*.go"], { cwd: REPO, encoding: "utf8" });
  const all = [...tracked, ...(untracked.status === 0 ? untracked.stdout.split("\n").filter(Boolean) : [])];
  return all.filter((f) => !f.endsWith("_test.go")).map((f) => path.join(REPO, f));
}

/** The newest modification time (ms) of goSources(), 0 when there are none. */
export function newestGoSource() {
  return Math.max(0, ...goSources().map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
}

/** The *.template.json in dir, or undefined. */
export function templateIn(dir) {
  if (!fs.existsSync(dir)) return undefined;
  const f = fs.readdirSync(dir).find((n) => n.endsWith(".template.json"));
  return f ? path.join(dir, f) : undefined;
}

/**
 * Returns the path of a synthesized template. Synthesizes the app into
 * local/.cache/synth (`go build`, then the app with bundling skipped: the
 * web app is built separately) unless that template is newer than every Go
 * source and cdk.json, printing what it does while it runs (the first build
 * takes minutes). When Go is missing or the synth fails, falls back to
 * cdk.out. opts: { force, log, variant: { name, settings } } where a variant
 * synthesizes with these settings (context keys) too, into
 * local/.cache/synth-<name>, and has no cdk.out fallback.
 */
export async function prepareTemplate({ force = false, log = console.error, variant } = {}) {
  const out = path.join(LOCAL, ".cache", variant ? `synth-${variant.name}` : "synth");
  const cached = templateIn(out);
  if (!force && cached && mtime(cached) > newest(goSources())) {
    log(`Template: reusing ${path.relative(REPO, cached)} (newer than the Go sources and cdk.json).`);
    return cached;
  }
  const started = Date.now();
  log(`Synthesizing the stack into ${path.relative(REPO, out)} (no AWS credentials needed):`);
  const env = toolchainEnv(log);
  const bin = path.join(LOCAL, ".cache", "bin", "privatefolders");
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const build = await runWithProgress("go", ["build", "-o", bin, "."], { cwd: REPO, env }, {
    log,
    doing: "1/2 compiling the Go app (go build)",
    note: "the first build downloads the Go modules and compiles the AWS CDK's Go bindings: about two minutes; later builds take seconds",
  });
  let r = build;
  if (build.code === 0) {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(REPO, "cdk.json"), "utf8"));
    const context = { ...(cdkJson.context ?? {}), ...(variant?.settings ?? {}), "aws:cdk:bundling-stacks": [] };
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    r = await runWithProgress(bin, [], { cwd: REPO, env: { ...env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify(context) } }, {
      log,
      doing: "2/2 running the app (the AWS CDK runs in Node.js through jsii)",
      note: "usually 10 to 40 seconds",
    });
  }
  const t = templateIn(out);
  if (r.code === 0 && t) {
    log(`Template: synthesized ${path.relative(REPO, t)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return t;
  }
  const fallback = variant ? undefined : templateIn(path.join(REPO, "cdk.out"));
  const why = r.code === -1 && /ENOENT/.test(r.out) ? "Go is not installed or not on PATH (see go.mod for the version; https://go.dev/dl/)" : r.out.trim().split("\n").slice(-5).join("\n");
  if (fallback) {
    log(`Synthesis failed (${why}); using ${path.relative(REPO, fallback)} instead.`);
    return fallback;
  }
  throw new Error(`Could not synthesize the stack and there is no cdk.out template:\n${why}`);
}

/**
 * run(), saying what it does first and, while it runs, every `every` ms how
 * long it has been at it (so a long quiet step does not look stuck).
 */
export async function runWithProgress(cmd, args, opts, { log, doing, note, every = 15000 }) {
  const started = Date.now();
  log(`  ${doing}; ${note}...`);
  const timer = setInterval(() => log(`  ... still ${doing.replace(/^\d\/\d /, "")}: ${Math.round((Date.now() - started) / 1000)} s so far (normal; ${note.split(":")[0]})`), every);
  try {
    return await run(cmd, args, opts);
  } finally {
    clearInterval(timer);
  }
}

/** The configuration the malware-scan tests run: malwareScan on (local/test/e2e-malware.mjs, unit/malware.test.mjs). */
export const MALWARE_VARIANT = { name: "malware", settings: { malwareScan: "true" } };

/** The configuration the share service's tests run: sharing on (local/test/unit/share.test.mjs, test/e2e-sharing.mjs). */
export const SHARING_VARIANT = { name: "sharing", settings: { sharing: "true" } };

/** Builds web/ (npm ci && npm run build) unless web/dist is newer than its sources. Returns web/dist. */
export function prepareWeb({ force = false, log = console.error } = {}) {
  const web = path.join(REPO, "web");
  const dist = path.join(web, "dist");
  const sources = [...walk(path.join(web, "src")), ...["index.html", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.json"].map((f) => path.join(web, f))];
  const built = mtime(path.join(dist, "index.html"));
  if (!force && built && built > newest(sources)) {
    log("Web app: reusing web/dist (newer than its sources).");
    return dist;
  }
  const env = toolchainEnv(log);
  const started = Date.now();
  if (!fs.existsSync(path.join(web, "node_modules")) || mtime(path.join(web, "package-lock.json")) > mtime(path.join(web, "node_modules", ".package-lock.json"))) {
    log("Web app: npm ci...");
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: web, env, stdio: ["ignore", process.stderr, process.stderr] });
  }
  log("Web app: npm run build...");
  execFileSync("npm", ["run", "build"], { cwd: web, env, stdio: ["ignore", process.stderr, process.stderr] });
  log(`Web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return dist;
}

/** Runs cmd without a shell; resolves { code, out } with stdout and stderr together, never rejects. */
export function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", (e) => resolve({ code: -1, out: String(e) }));
    p.on("close", (code) => resolve({ code, out }));
  });
}
