#!/usr/bin/env node
// Local preview: the real web app against the local stand-in of managed
// login, the identity pool and S3 (with the template's IAM policies), on
// loopback, with no AWS account.
//
//   node local/preview.mjs [--port 4510] [--data DIR] [--synth]
//
// Ports: the site on --port, then login, issuer, identity pool and S3 on the
// next four. Users, identity ids and the stand-in's ids are kept in --data
// (default local/.cache/preview); files are kept in memory only.

import path from "node:path";
import { parseArgs } from "node:util";
import { LOCAL, prepareTemplate, prepareWeb } from "./src/prepare.mjs";
import { startStandIn } from "./src/standin.mjs";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "4510" },
    data: { type: "string", default: path.join(LOCAL, ".cache", "preview") },
    synth: { type: "boolean", default: false },
    verbose: { type: "boolean", short: "v", default: false },
  },
});

const started = Date.now();
const log = (m) => console.error(m);
const template = prepareTemplate({ force: args.synth, log });
const dist = prepareWeb({ log });
const base = Number(args.port);
const s = await startStandIn({
  template,
  webDist: dist,
  dataDir: path.resolve(args.data),
  ports: { site: base, login: base + 1, idp: base + 2, identity: base + 3, s3: base + 4 },
  log,
  onDecision: (d) => {
    if (args.verbose || (d.decision && d.decision !== "Allowed")) log(`[s3] ${d.method} ${decodeURIComponent(d.url)} -> ${d.decision}${d.reason ? `: ${d.reason}` : ""}`);
  },
});

console.log(`
Private folders, local preview (no AWS account), ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Open  ${s.urls.site}/

  Choose "Create an account", sign up with any email address and a password
  with ${s.passwordPolicy.minLength}+ characters, upper and lower case, a digit and a symbol (e.g. Local-Pass1).
  Accounts are kept in ${path.relative(process.cwd(), s.dataDir) || "."}; files only while this runs.

  Stand-ins: login ${s.urls.login}  issuer ${s.urls.issuer}
             identity pool ${s.urls.identity}  S3 ${s.urls.s3} (bucket ${s.model.dataBucket.name})
  Every S3 request is checked against the template's IAM policies; denials are printed here (-v: all).
  Ctrl-C stops.
`);

const stop = async () => {
  await s.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
