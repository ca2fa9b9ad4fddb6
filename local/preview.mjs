#!/usr/bin/env node
// Local preview: the real web app against the local stand-in of managed
// login, the identity pool and S3 (with the template's IAM policies), on
// loopback, with no AWS account. `node local/preview.mjs --help` lists the
// options; local/README.md explains them.

import path from "node:path";
import { usePinnedNode } from "./src/pinned-node.mjs";
import { previewOptions, UsageError, USAGE } from "./src/preview-options.mjs";

await usePinnedNode();

let args;
try {
  args = previewOptions(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`preview: ${e.message}\n\n${USAGE}`);
  process.exit(1);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

/** A folder as the user would type it: relative when it is under the current one. */
function shown(dir) {
  const rel = path.relative(process.cwd(), dir);
  return rel === "" ? "." : rel.startsWith("..") ? dir : rel;
}

const started = Date.now();
const log = (m) => console.error(m);
const fs = await import("node:fs");
if (args.clean && fs.existsSync(args.data)) {
  fs.rmSync(args.data, { recursive: true, force: true });
  log(`Started clean: removed ${shown(args.data)} (accounts, identities, files).`);
}
const { prepareTemplate, prepareWeb } = await import("./src/prepare.mjs");
const { startStandIn } = await import("./src/standin.mjs");
const template = await prepareTemplate({ force: args.synth, log, variant: args.variant });
const dist = prepareWeb({ log });
const base = args.port;
const s = await startStandIn({
  template,
  webDist: dist,
  dataDir: args.data,
  settings: args.settings,
  ports: { site: base, login: base + 1, idp: base + 2, identity: base + 3, s3: base + 4 },
  log,
  onDecision: (d) => {
    if (args.verbose || (d.decision && d.decision !== "Allowed")) log(`[s3] ${d.method} ${decodeURIComponent(d.url)} -> ${d.decision}${d.reason ? `: ${d.reason}` : ""}`);
  },
});

const ttl = (seconds) => (seconds % 60 ? `${seconds} s` : seconds % 3600 ? `${seconds / 60} min` : seconds % 86400 ? `${seconds / 3600} h` : `${seconds / 86400} days`);
console.log(`
Private folders, local preview (no AWS account), ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Open  ${s.urls.site}/

  Choose "Create an account", sign up with any email address and a password
  with ${s.passwordPolicy.minLength}+ characters, upper and lower case, a digit and a symbol (e.g. Local-Pass1).
  Accounts and files are kept in ${shown(s.dataDir)} (a restart keeps them; --clean starts afresh).

  Lifetimes: ID and access tokens ${ttl(s.settings.idTokenTtl)}, refresh token ${ttl(s.settings.refreshTokenTtl)}, AWS credentials ${ttl(s.settings.credentialsTtl)}
             (shorten them with --token-minutes, --refresh-token-minutes, --credentials-minutes to try expiry)
  Stand-ins: login ${s.urls.login}  issuer ${s.urls.issuer}
             identity pool ${s.urls.identity}  S3 ${s.urls.s3} (bucket ${s.model.dataBucket.name})
${s.share ? `  Sharing:   the share service (cmd/share-local) at ${s.urls.site}/api/ and /s/, its table in dynalite (${shown(path.join(s.dataDir, "dynamodb"))})\n` : ""}  Every S3 request is checked against the template's IAM policies; denials are printed here (-v: all).
  Ctrl-C stops.
`);

const stop = async () => {
  await s.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
