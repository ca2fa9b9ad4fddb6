// The share service (issue 15, docs/sharing-api.md) in the stand-in: when
// the template has it (the function of constructs/share, its table and HTTP
// API), a DynamoDB API server (dynalite) with the template's table, and the
// Go handler over HTTP (cmd/share-local, which stands for API Gateway and
// the Lambda function) running with credentials for the FUNCTION ROLE, so
// its S3 calls and presigned URLs are evaluated under that role's policy,
// as on AWS. The site origin forwards /api/* and /s/* to it, as the
// distribution's behaviors do.

import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { LOCAL, newestGoSource, REPO, run, toolchainEnv } from "./prepare.mjs";

const require = createRequire(import.meta.url);

/**
 * The share service of a template, or undefined: { functionId, env (the
 * function's resolved environment), roleArn, table: { name, properties } }.
 * Recognized as the Lambda function whose TABLE_NAME is a Ref to the
 * template's AWS::DynamoDB::Table, in a template with an HTTP API.
 */
export function shareServiceOf(resolver) {
  if (resolver.ofType("AWS::ApiGatewayV2::Api").length === 0) return undefined;
  const tables = new Set(resolver.ofType("AWS::DynamoDB::Table"));
  for (const id of resolver.ofType("AWS::Lambda::Function")) {
    const raw = resolver.resources[id].Properties?.Environment?.Variables ?? {};
    const tableId = raw.TABLE_NAME?.Ref;
    if (!tables.has(tableId)) continue;
    const p = resolver.properties(id);
    return {
      functionId: id,
      env: p.Environment.Variables,
      roleArn: p.Role,
      table: { name: p.Environment.Variables.TABLE_NAME, properties: resolver.properties(tableId) },
    };
  }
  return undefined;
}

/** The CreateTable request for an AWS::DynamoDB::Table's properties (keys, attributes, GSIs, billing). */
export function createTableInput(name, p) {
  const input = {
    TableName: name,
    AttributeDefinitions: p.AttributeDefinitions,
    KeySchema: p.KeySchema,
    BillingMode: p.BillingMode ?? "PROVISIONED",
  };
  if (input.BillingMode === "PROVISIONED") input.ProvisionedThroughput = p.ProvisionedThroughput;
  if (p.GlobalSecondaryIndexes?.length) {
    input.GlobalSecondaryIndexes = p.GlobalSecondaryIndexes.map((g) => ({
      IndexName: g.IndexName,
      KeySchema: g.KeySchema,
      Projection: g.Projection,
      ...(input.BillingMode === "PROVISIONED" ? { ProvisionedThroughput: g.ProvisionedThroughput } : {}),
    }));
  }
  if (p.LocalSecondaryIndexes?.length) input.LocalSecondaryIndexes = p.LocalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }));
  return input;
}

/**
 * Calls a DynamoDB API operation (JSON 1.0 protocol). The signature is not
 * checked by dynalite; the header has the shape it requires.
 */
export async function dynamodb(endpoint, region, op, body) {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${op}`,
      "x-amz-date": new Date().toISOString().replace(/[-:]|\.\d{3}/g, ""),
      authorization: `AWS4-HMAC-SHA256 Credential=local/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00`,
    },
    body: JSON.stringify(body),
  });
  const out = await res.json();
  if (!res.ok) {
    const e = new Error(`DynamoDB ${op}: ${out.__type ?? res.status}: ${out.message ?? out.Message ?? ""}`);
    e.type = String(out.__type ?? "").split("#").pop();
    throw e;
  }
  return out;
}

/** Creates the table as the template defines it (keys, attributes, GSIs), unless it exists (a kept data dir). */
export async function ensureTable(endpoint, region, { name, properties }) {
  const tables = await dynamodb(endpoint, region, "ListTables", {});
  if (tables.TableNames.includes(name)) return false;
  await dynamodb(endpoint, region, "CreateTable", createTableInput(name, properties));
  // TTL: dynalite has no UpdateTimeToLive and never deletes expired items. Nothing relies on the
  // deletion (DynamoDB's own can lag by days): the handler checks expiresAt on every read.
  return true;
}

/** Starts dynalite on loopback: in memory, or on disk in dir. Resolves { url, stop() }. */
export function startDynalite({ host = "127.0.0.1", dir } = {}) {
  const dynalite = require("dynalite");
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      const url = `http://${host}:${server.address().port}`;
      resolve({
        url,
        stop: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

/** The share-local binary in local/.cache/bin, built again when a Go source is newer. */
export async function buildShareLocal({ log = () => {} } = {}) {
  const bin = path.join(LOCAL, ".cache", "bin", "share-local");
  const built = fs.existsSync(bin) ? fs.statSync(bin).mtimeMs : 0;
  if (built > newestGoSource()) return bin;
  log("Share service: building cmd/share-local (go build)...");
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  // Built beside and renamed, so parallel test files never run half a binary.
  const tmp = `${bin}.${process.pid}.tmp`;
  const r = await run("go", ["build", "-o", tmp, "./cmd/share-local"], { cwd: REPO, env: toolchainEnv(log) });
  if (r.code !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`could not build cmd/share-local:\n${r.out.trim()}`);
  }
  fs.renameSync(tmp, bin);
  return bin;
}

/**
 * Starts cmd/share-local. opts: { bin, env: the function's environment,
 * credentials (the function role's: accessKeyId, secretAccessKey,
 * sessionToken), region, issuer, audience, siteOrigin, dynamodb, s3,
 * identity (endpoint URLs), caFile (a CA to trust, optional), log }.
 * Resolves { url, stop() }.
 */
export function startShareAdapter(opts) {
  const env = {
    PATH: process.env.PATH,
    ...opts.env,
    AWS_REGION: opts.region,
    AWS_ACCESS_KEY_ID: opts.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: opts.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: opts.credentials.sessionToken,
    ...(opts.caFile ? { SSL_CERT_FILE: opts.caFile } : {}),
  };
  const args = [
    `-issuer=${opts.issuer}`,
    `-audience=${opts.audience}`,
    `-site-origin=${opts.siteOrigin}`,
    `-dynamodb-endpoint=${opts.dynamodb}`,
    `-s3-endpoint=${opts.s3}`,
    `-identity-endpoint=${opts.identity}`,
  ];
  const child = spawn(opts.bin, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const log = opts.log ?? (() => {});
  child.stderr.on("data", (d) => String(d).trimEnd().split("\n").forEach((l) => log(`[share] ${l}`)));
  return new Promise((resolve, reject) => {
    let out = "";
    const onExit = (code) => reject(new Error(`share-local exited (${code}) before listening:\n${out}`));
    child.once("exit", onExit);
    child.once("error", reject);
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (!line || child.listening) return;
      child.listening = true;
      child.off("exit", onExit);
      resolve({
        url: JSON.parse(line).url,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

/** Whether the distribution sends this path to the share API (/api/* and /s/*). */
export function isSharePath(url) {
  const p = new URL(url, "http://local").pathname;
  return p.startsWith("/api/") || p.startsWith("/s/");
}

/**
 * A site handler that forwards /api/* and /s/* to the share adapter at
 * target (method, headers, body, status, headers of the answer, Location
 * included) and everything else to next.
 */
export function withShareRoutes(next, target) {
  return async function site(req, res) {
    if (!isSharePath(req.url)) return next(req, res);
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (["host", "connection", "content-length", "transfer-encoding", "keep-alive"].includes(k)) continue;
      headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    }
    const hasBody = !["GET", "HEAD"].includes(req.method);
    const answer = await fetch(target + req.url, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined, redirect: "manual" });
    const body = Buffer.from(await answer.arrayBuffer());
    const out = {};
    for (const [k, v] of answer.headers) if (!["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive", "set-cookie"].includes(k)) out[k] = v;
    const cookies = answer.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    out["content-length"] = String(body.length);
    res.writeHead(answer.status, out);
    res.end(req.method === "HEAD" ? undefined : body);
  };
}

/**
 * Starts the share service for a stand-in when the template has it:
 * dynalite (in memory, or in dataDir/dynamodb when kept), the table, and
 * the adapter with function-role credentials from `credentials` (a
 * CredentialsRegistry). s3: the S3 endpoint the function uses (default
 * urls.s3; https when S3 evaluates aws:SecureTransport from the connection,
 * with caFile, the stand-in's certificate, for the adapter to trust).
 * Resolves undefined without a share service, else { service, url,
 * dynamodb, stop() }.
 */
export async function startShareService({ resolver, region, credentials, dataDir, urls, s3 = urls.s3, caFile, issuer, audience, log = () => {} }) {
  const service = shareServiceOf(resolver);
  if (!service) return undefined;
  const bin = await buildShareLocal({ log });
  const db = await startDynalite({ dir: dataDir && path.join(dataDir, "dynamodb") });
  try {
    await ensureTable(db.url, region, service.table);
    // The function role's session, as Lambda gives it (12 h there; the stand-in's lives as long as it runs).
    const creds = credentials.issue({ roleArn: service.roleArn, service: true }, 365 * 86400);
    const adapter = await startShareAdapter({
      bin,
      env: service.env,
      credentials: creds,
      region,
      issuer,
      audience,
      siteOrigin: urls.site,
      dynamodb: db.url,
      s3,
      caFile,
      identity: urls.identity,
      log,
    });
    return {
      service,
      url: adapter.url,
      dynamodb: db.url,
      async stop() {
        await adapter.stop();
        await db.stop();
      },
    };
  } catch (e) {
    await db.stop();
    throw e;
  }
}
