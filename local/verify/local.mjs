#!/usr/bin/env node
// make verify against the local stand-in: starts the stand-in from the
// synthesized template, writes the target file verify.mjs reads (--local:
// the outputs the stack would have, the stand-in's endpoints, its operator
// key), and runs verify.mjs in a child process, as an operator runs it.
// What differs from a run against AWS, and nothing else:
//   - endpoints: the stand-in's ports instead of the AWS services';
//   - the operator: the stand-in's key instead of the default credentials;
//   - TLS: the stand-in's self-signed certificate (NODE_EXTRA_CA_CERTS for
//     Node, ignoreHTTPSErrors for Chromium);
//   - the stand-in runs with secureTransport "connection": its S3 evaluates
//     aws:SecureTransport from each request's connection, so the plain-HTTP
//     check meets the template's bucket policy deny as on AWS.
//
//   node local/verify/local.mjs      (npm --prefix local run verify:local)

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStandIn } from "../src/standin.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The outputs of the deployed stack, as the stand-in plays it (stacks/stack.go addOutputs). */
export function localOutputs(s) {
  return {
    SiteUrl: `${s.urls.site}/`,
    UserPoolId: s.ids.userPoolId,
    UserPoolClientId: s.ids.clientId,
    IdentityPoolId: s.ids.identityPoolId,
    DataBucketName: s.model.dataBucket.name,
    Region: s.config.region,
    OidcIssuer: s.urls.issuer,
    AmplifyOutputs: JSON.stringify(s.amplifyOutputs ?? {}),
  };
}

/**
 * Starts a stand-in for verify; returns { standIn, file, env } (the target
 * file, the child's environment). opts: startStandIn's (template, webDist, ...).
 */
export async function startLocalTarget(opts) {
  const standIn = await startStandIn({ ...opts, secureTransport: "connection", log: opts.log ?? (() => {}) });
  const file = path.join(standIn.dataDir, "verify-target.json");
  const target = {
    stackName: "PrivateFolders",
    outputs: localOutputs(standIn),
    endpoints: {
      s3: standIn.urls.s3.replace(/^http:/, "https:"),
      s3Plain: standIn.urls.s3,
      cognitoIdentity: standIn.urls.identity,
      cognitoIdp: standIn.urls.idp,
    },
    operator: standIn.operator,
  };
  fs.writeFileSync(file, JSON.stringify(target, null, 2), { mode: 0o600 });
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(standIn.dataDir, "tls-cert.pem") };
  return { standIn, file, env };
}

/**
 * Runs verify.mjs --local file. onLine(line, child) sees each output line
 * (a test may signal the child). Resolves { code, signal, lines }.
 */
export function runVerify(file, env, onLine = () => {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(HERE, "verify.mjs"), "--local", file], { env, stdio: ["ignore", "pipe", "pipe"] });
    const lines = [];
    let rest = "";
    const take = (chunk) => {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop();
      for (const l of parts) {
        lines.push(l);
        onLine(l, child);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("close", (code, signal) => {
      if (rest) lines.push(rest);
      resolve({ code, signal, lines });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { prepareTemplate, prepareWeb } = await import("../src/prepare.mjs");
  const template = await prepareTemplate({ log: console.log });
  const webDist = prepareWeb({ log: console.log });
  const { standIn, file, env } = await startLocalTarget({ template, webDist });
  const r = await runVerify(file, env, (l) => console.log(l));
  await standIn.stop();
  process.exit(r.code ?? 1);
}
