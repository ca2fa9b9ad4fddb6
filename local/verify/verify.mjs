#!/usr/bin/env node
// make verify: proves a deployed stack end to end (see README "Verify a
// deployment"). One line per check, a summary, exit 1 on any failure, 2 when
// it cannot start, 130/143 when interrupted. Everything it creates is
// removed at the end, also on failure and on Ctrl-C (SIGINT) or SIGTERM.
//
//   node local/verify/verify.mjs [--stack NAME] [--region REGION]   the deployed stack (AWS credentials)
//   node local/verify/verify.mjs --local FILE                        the local stand-in (local.mjs writes FILE)
//
// Without --stack: the stackName (and region) of cdk.json's context and of
// CDK_ARGS' -c key=value, as `make deploy` reads them.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../test/helpers.mjs";
import { CORE_CHECKS, settingChecks } from "./checks/index.mjs";
import { siteChecks } from "./checks/site.mjs";
import { stackFromContext } from "./context.mjs";
import { cleanUp, Inflight, Ledger } from "./ledger.mjs";
import { missingOutputs } from "./outputs.mjs";
import { Report } from "./report.mjs";
import { adminClients, clientsFor, loadTarget } from "./target.mjs";
import { setUpUsers } from "./users.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** --key value options. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") out.help = true;
    else if (["--local", "--stack", "--region"].includes(a)) {
      if (!argv[i + 1]) throw new Error(`${a} needs a value`);
      out[a.slice(2)] = argv[++i];
    } else throw new Error(`unknown argument ${JSON.stringify(a)} (--stack NAME, --region REGION, --local FILE)`);
  }
  return out;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`verify: ${e.message}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 12).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
    return;
  }
  const cdkJson = fs.existsSync(path.join(REPO, "cdk.json")) ? JSON.parse(fs.readFileSync(path.join(REPO, "cdk.json"), "utf8")) : {};
  const fromContext = stackFromContext(cdkJson, process.env.CDK_ARGS ?? "");
  const report = new Report();
  let target;
  try {
    target = await loadTarget({ localFile: args.local, stackName: args.stack ?? fromContext.stackName, region: args.region ?? fromContext.region });
  } catch (e) {
    const hint = /Region is missing/.test(e.message) ? " (set AWS_REGION, or pin the stack's region: -c region=... in CDK_ARGS or cdk.json)" : "";
    console.error(`verify: cannot read the stack ${args.stack ?? fromContext.stackName}: ${e.name}: ${e.message}${hint}`);
    process.exit(2);
  }
  const missing = missingOutputs(target.outputs);
  if (missing.length) {
    console.error(`verify: the stack ${target.name} has no output ${missing.join(", ")}: is it deployed from this repository?`);
    process.exit(2);
  }
  console.log(`verify: ${target.name}, site ${target.outputs.SiteUrl}`);

  const inflight = new Inflight();
  const ctx = {
    runId: `${new Date().toISOString().slice(0, 10).replace(/-/g, "")}-${crypto.randomBytes(4).toString("hex")}`,
    target,
    report,
    ledger: new Ledger(),
    clients: clientsFor(target, inflight),
    ownerPrefix: "private/",
  };

  let cleaning;
  const cleanupOnce = () =>
    (cleaning ??= (async () => {
      await ctx.browser?.close().catch(() => {});
      const admin = adminClients(target); // untracked: it must run after stop()
      const r = await cleanUp(ctx.ledger, { ...admin, bucket: target.outputs.DataBucketName, userPoolId: target.outputs.UserPoolId });
      const detail = `${r.shares ? `${r.shares} share(s) revoked, ` : ""}${r.versions} object version(s), ${r.uploads} upload(s), ${r.users} user(s), ${r.identities} identity(ies) removed`;
      if (r.problems.length) report.fail("cleanup", `${detail}; left behind: ${r.problems.join("; ")}`);
      else report.pass("cleanup", detail);
    })());

  let interrupted = false;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
    process.on(signal, async () => {
      if (interrupted) return;
      interrupted = true;
      console.log(`verify: ${signal}: waiting for requests in flight, then cleaning up`);
      inflight.stop();
      await inflight.settled();
      await cleanupOnce();
      console.log(report.summary());
      process.exit(code);
    });
  }

  try {
    await siteChecks(ctx);
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    ctx.users = await setUpUsers(ctx);
    if (ctx.users) {
      for (const c of CORE_CHECKS) await c.run(ctx);
      await settingChecks(ctx);
    }
  } catch (e) {
    if (!interrupted) report.fail("run", `${e.name}: ${e.message}`);
  } finally {
    if (!interrupted) await cleanupOnce();
  }
  if (interrupted) return new Promise(() => {}); // the signal handler exits
  console.log(report.summary());
  process.exit(report.failed.length ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
