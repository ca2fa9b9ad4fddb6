// Schema check of amplify_outputs.json against what the pinned npm package
// @aws-amplify/client-config ships: no JSON schema file (checked below, on
// the tarball's file list), but TypeScript definitions generated from the
// schema by json-schema-to-typescript. Each file is written as a TypeScript
// object literal `satisfies AWSAmplifyBackendOutputs` (v1.4) and type-checked
// with the pinned typescript (tsc --strict --noEmit): excess-property
// checking makes an unknown field fail, literal types a wrong enum value.
//
// The package is not a dependency of local/: installing it pulls ~520 MB
// (aws-cdk-lib, @aws-cdk/toolkit-lib, model generators, core-js install
// scripts) for one 20 KB .d.ts. Its tarball alone is fetched with
// `npm pack` at the pinned version and checked against the pinned
// integrity (the registry's sha512) before use; it is cached in
// local/.cache/amplify/.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { LOCAL } from "../../src/prepare.mjs";
import { CACHE } from "./configs.mjs";

export const CLIENT_CONFIG = {
  name: "@aws-amplify/client-config",
  version: "1.11.1",
  integrity: "sha512-p5Vw8SVlPq/zNKpXdmq6lb5sqLagUAQJ1ULv816JAFm7CRm28GEQeEmrvIhmve5sHrEkkb+DkBwBjwPtCZLMSQ==",
  typesFile: "package/lib/client-config-schema/client_config_v1.4.d.ts",
};

/**
 * The v1.4 definitions of the pinned package: { file, listing, jsonSchemas }
 * (listing: every file of the tarball; jsonSchemas: those that look like a
 * JSON schema of the client config).
 */
export function clientConfigTypes(log = console.log) {
  const dir = path.join(CACHE, `client-config-${CLIENT_CONFIG.version}`);
  const file = path.join(dir, "client_config_v1.4.d.ts");
  const listingFile = path.join(dir, "files.txt");
  if (!fs.existsSync(file) || !fs.existsSync(listingFile)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    log(`Fetching ${CLIENT_CONFIG.name}@${CLIENT_CONFIG.version} (npm pack, tarball only)...`);
    const r = spawnSync("npm", ["pack", `${CLIENT_CONFIG.name}@${CLIENT_CONFIG.version}`, "--json", "--pack-destination", dir], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
    const [info] = JSON.parse(r.stdout);
    if (info.integrity !== CLIENT_CONFIG.integrity) throw new Error(`${info.filename}: integrity ${info.integrity}, pinned ${CLIENT_CONFIG.integrity}`);
    const tgz = path.join(dir, info.filename);
    const list = spawnSync("tar", ["-tzf", tgz], { encoding: "utf8" });
    if (list.status !== 0) throw new Error(`tar -t: ${list.stderr}`);
    const x = spawnSync("tar", ["-xzf", tgz, "-C", dir, CLIENT_CONFIG.typesFile], { encoding: "utf8" });
    if (x.status !== 0) throw new Error(`tar -x: ${x.stderr}`);
    fs.renameSync(path.join(dir, CLIENT_CONFIG.typesFile), file);
    fs.rmSync(path.join(dir, "package"), { recursive: true, force: true });
    fs.writeFileSync(listingFile, list.stdout);
    fs.rmSync(tgz);
  }
  const listing = fs.readFileSync(listingFile, "utf8").split("\n").filter(Boolean);
  const jsonSchemas = listing.filter((f) => /schema.*\.json$|client_config.*\.json$/i.test(f) && !f.endsWith("package.json"));
  return { file, listing, jsonSchemas };
}

/** Invalid variants of a valid file: each must fail the type check. */
export const NEGATIVE_CONTROLS = {
  "unknown field": (o) => (o.auth.user_pool_endpoint = "http://127.0.0.1:1"),
  "wrong enum value": (o) => (o.auth.mfa_configuration = "OFF"),
  "wrong type": (o) => (o.auth.password_policy.min_length = "8"),
  "unknown access key in paths": (o) => (o.storage.buckets[0].paths["private/${cognito-identity.amazonaws.com:sub}/*"].owner = ["get"]),
  "unknown storage action": (o) => (o.storage.buckets[0].paths["private/${cognito-identity.amazonaws.com:sub}/*"].entityidentity.push("read_write")),
  "wrong version": (o) => (o.version = "1.5"),
};

/**
 * Type-checks each { name: outputs } as AWSAmplifyBackendOutputs (v1.4 of
 * the pinned package) and as aws-amplify's own AmplifyOutputs type, plus
 * the negative controls made from `controlBase`. Returns
 * { errors: { name: [lines] }, ms }.
 */
export function typeCheck(outputsByName, controlBase, typesFile) {
  const dir = path.join(CACHE, "typecheck");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(typesFile, path.join(dir, "client_config_v1.4.d.ts"));
  const header =
    `import type { AWSAmplifyBackendOutputs } from "./client_config_v1.4";\n` + `import type { AmplifyOutputs } from "@aws-amplify/core/internals/utils";\n`;
  const files = {};
  const write = (name, o) => {
    const f = `${name.replace(/[^A-Za-z0-9]+/g, "_")}.ts`;
    files[f] = name;
    fs.writeFileSync(
      path.join(dir, f),
      `${header}\nexport const outputs = ${JSON.stringify(o, null, 2)} satisfies AWSAmplifyBackendOutputs;\n\nexport const forAmplifyJs: AmplifyOutputs = outputs;\n`,
    );
  };
  for (const [name, o] of Object.entries(outputsByName)) write(name, o);
  for (const [name, mutate] of Object.entries(NEGATIVE_CONTROLS)) {
    const o = structuredClone(controlBase);
    mutate(o);
    write(`control: ${name}`, o);
  }
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler", skipLibCheck: true, types: [], exactOptionalPropertyTypes: true },
        files: Object.keys(files),
      },
      null,
      2,
    ),
  );
  const started = Date.now();
  const tsc = path.join(LOCAL, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir, encoding: "utf8" });
  const errors = Object.fromEntries(Object.values(files).map((n) => [n, []]));
  const unattributed = [];
  for (const line of (r.stdout + r.stderr).split("\n").filter(Boolean)) {
    const m = /^([^(]+\.ts)\(\d+,\d+\): error/.exec(line);
    const f = m && path.basename(m[1]);
    if (f && files[f]) errors[files[f]].push(line.replace(/^[^(]+\.ts/, f));
    else if (/error/.test(line)) unattributed.push(line);
  }
  if (r.status !== 0 && Object.values(errors).every((e) => e.length === 0)) unattributed.push(`tsc exited ${r.status}`);
  return { errors, unattributed, ms: Date.now() - started, dir };
}
