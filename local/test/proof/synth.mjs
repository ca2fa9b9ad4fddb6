// Synthesizes each configuration without AWS: builds the Go app once, then
// runs it per configuration (in parallel) with CDK_OUTDIR and
// CDK_CONTEXT_JSON = cdk.json's context + the settings + no asset bundling.
// A configuration's template is reused when it was synthesized from the same
// settings after the last change to any Go source or cdk.json (--synth forces).

import fs from "node:fs";
import path from "node:path";
import { LOCAL, newestGoSource, REPO, run, templateIn, toolchainEnv } from "../../src/prepare.mjs";

export const CACHE = path.join(LOCAL, ".cache", "proof");

const mtime = (f) => {
  try {
    return fs.statSync(f).mtimeMs;
  } catch {
    return 0;
  }
};




/**
 * Returns { [config.name]: { template, seconds, cached } }; throws when a
 * configuration cannot be synthesized (its output's last lines in the message).
 */
export async function synthesizeAll(configs, { force = false, log = console.error } = {}) {
  fs.mkdirSync(CACHE, { recursive: true });
  const cdkJson = JSON.parse(fs.readFileSync(path.join(REPO, "cdk.json"), "utf8"));
  const sources = newestGoSource();
  const env = toolchainEnv(log);
  const result = {};
  const todo = [];
  for (const c of configs) {
    const dir = path.join(CACHE, c.name);
    const context = { ...(cdkJson.context ?? {}), ...c.settings, "aws:cdk:bundling-stacks": [] };
    const stamp = JSON.stringify(context);
    const template = templateIn(dir);
    const stampFile = path.join(dir, "proof-context.json");
    if (!force && template && mtime(template) > sources && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) {
      result[c.name] = { template, seconds: 0, cached: true };
    } else {
      todo.push({ c, dir, context, stamp, stampFile });
    }
  }
  if (todo.length === 0) return result;

  const bin = path.join(CACHE, "privatefolders");
  const t0 = Date.now();
  const b = await run("go", ["build", "-o", bin, "."], { cwd: REPO, env });
  if (b.code !== 0) throw new Error(`go build failed:\n${b.out.trim().split("\n").slice(-10).join("\n")}`);
  log(`proof: go build in ${((Date.now() - t0) / 1000).toFixed(1)} s; synthesizing ${todo.map((t) => t.c.name).join(", ")} in parallel`);

  await Promise.all(
    todo.map(async ({ c, dir, context, stamp, stampFile }) => {
      const started = Date.now();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const r = await run(bin, [], { cwd: REPO, env: { ...env, CDK_OUTDIR: dir, CDK_CONTEXT_JSON: JSON.stringify(context) } });
      const template = templateIn(dir);
      if (r.code !== 0 || !template) {
        throw new Error(`synthesis of ${c.name} failed (exit ${r.code}):\n${r.out.trim().split("\n").slice(-10).join("\n")}`);
      }
      fs.writeFileSync(stampFile, stamp);
      result[c.name] = { template, seconds: (Date.now() - started) / 1000, cached: false };
    }),
  );
  return result;
}
