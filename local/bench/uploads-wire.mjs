// Where the ceiling is for many small files in a browser, measured without a
// browser: the PUTs the app sends (SigV4, If-None-Match: *, a CRC32
// checksum) from a Node client in its own process, under Chromium's two
// constraints, against the same stand-in and the AWS CLI:
//
//   chromium-rules  6 connections to the S3 host (HTTP/1.1, Chromium's limit
//                   per host), at most 6 requests in flight (the app's
//                   maxRequests), and a CORS preflight (OPTIONS) before each
//                   PUT: a PUT with Authorization and x-amz-* headers is never
//                   a simple request, and Chromium caches a preflight per URL,
//                   so every new key costs one (Access-Control-Max-Age does
//                   not help a URL never seen before)
//   no-preflight    the same 6 connections, no OPTIONS: the preflights' share
//   cli-shape       10 connections, no OPTIONS: the CLI's default concurrency
//   cli             `aws s3 cp --recursive` of the same folder
//
// If chromium-rules keeps up with the CLI, the connection limit and the
// preflights are not what holds the app below it: the rest is the browser's
// own cost per request (bench/uploads-many.sh measures that as CPU per file).
// Alternating, RUNS rounds each; prints files/s per variant and its ratio to
// the CLI (medians), also to the CLI without its start-up (`aws --version`,
// timed apart), one `name value unit` line each, and the load average.
//
//   BENCH_TMP=<dir> node local/bench/uploads-wire.mjs   (env: RUNS=3, FILES=2000, SIZE=4096, AWS_CLI=/usr/bin/aws, BENCH_TIMEOUT=900)

import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { awsCliEnv, log, median, metric, round, setUp, watchdog, writeCliConfig } from "./common.mjs";

/** Headers the app's PUT of a small file carries, as its preflight asks for them. */
const PREFLIGHT_HEADERS = "amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,if-none-match,x-amz-checksum-crc32,x-amz-content-sha256,x-amz-date,x-amz-sdk-checksum-algorithm,x-amz-security-token,x-amz-user-agent";

/** The client (a child process, so it does not share the stand-in's thread): PUTs every file of a folder. */
async function client(job) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const s3 = new S3Client({
    region: job.region,
    endpoint: job.endpoint,
    forcePathStyle: true,
    credentials: job.credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
  const preflight = (key) =>
    new Promise((resolve, reject) => {
      const u = new URL(`${job.endpoint}/${job.bucket}/${key.split("/").map(encodeURIComponent).join("/")}`);
      const req = http.request(u, {
        method: "OPTIONS",
        agent,
        headers: { origin: job.origin, "access-control-request-method": "PUT", "access-control-request-headers": PREFLIGHT_HEADERS },
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 && res.headers["access-control-allow-origin"] ? resolve() : reject(new Error(`preflight ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end();
    });
  const files = fs.readdirSync(job.dir).sort();
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: job.inFlight }, async () => {
      while (next < files.length) {
        const name = files[next++];
        const key = `${job.prefix}${name}`;
        if (job.preflight) await preflight(key);
        const body = fs.readFileSync(path.join(job.dir, name));
        await s3.send(new PutObjectCommand({ Bucket: job.bucket, Key: key, Body: body, IfNoneMatch: "*", ChecksumAlgorithm: "CRC32" }));
      }
    }),
  );
  const ms = performance.now() - t0;
  s3.destroy();
  agent.destroy();
  const u = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (u.user + u.system) / 1000 }));
}

if (process.argv[2] === "client") {
  await client(JSON.parse(process.env.WIRE_JOB));
  process.exit(0);
}

const RUNS = Number(process.env.RUNS ?? 3);
const FILES = Number(process.env.FILES ?? 2000);
const SIZE = Number(process.env.SIZE ?? 4096);
const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";
const TMP = process.env.BENCH_TMP ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-wire-"));
watchdog(Number(process.env.BENCH_TIMEOUT ?? 900), "uploads-wire");

/** Runs a child process; resolves { ms (wall), out }. */
function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve({ ms: performance.now() - t0, out }) : reject(new Error(`${cmd} exited ${code}: ${(err || out).trim().slice(-2000)}`))));
  });
}

const VARIANTS = {
  "chromium-rules": { connections: 6, inFlight: 6, preflight: true },
  "no-preflight": { connections: 6, inFlight: 6, preflight: false },
  "cli-shape": { connections: 10, inFlight: 10, preflight: false },
};

const b = await setUp({ email: "wire@example.com" });
try {
  const { s } = b;
  const bucket = s.config.bucket;
  await b.browser.close();
  const dir = path.join(TMP, `wire-${FILES}x${SIZE}`);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(5, "0")}.bin`), crypto.randomBytes(SIZE));
  const prefix = `${b.home}${path.basename(dir)}/`;
  // Requests at the S3 endpoint: what each variant really sent.
  const wire = { options: 0, other: 0 };
  for (const h of s.servers.s3.httpServers ?? [s.servers.s3]) h.prependListener("request", (req) => void (req.method === "OPTIONS" ? wire.options++ : wire.other++));
  const landed = (who) => {
    const keys = s.store.list(bucket, { prefix, maxKeys: 1e6 }).contents.map((o) => o.key);
    for (const k of keys) s.store.purge(bucket, k);
    if (keys.length !== FILES) throw new Error(`${who}: ${keys.length} of ${FILES} files at ${prefix}`);
  };
  const cliEnv = awsCliEnv(b, writeCliConfig(TMP, s.config.region));
  const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
  const job = { region: s.config.region, endpoint: s.urls.s3, bucket, prefix, dir, origin: new URL(s.urls.site).origin, credentials: { accessKeyId: b.credentials.accessKeyId, secretAccessKey: b.credentials.secretAccessKey, sessionToken: b.credentials.sessionToken } };
  // The CLI's start-up (Python), inside its wall time: also compared without it.
  const startup = [];
  for (let i = 0; i < 3; i++) startup.push((await run(AWS, ["--version"], cliEnv)).ms);
  const cliNet = [];
  const rates = Object.fromEntries([...Object.keys(VARIANTS), "cli"].map((k) => [k, []]));
  const perFile = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, []]));
  for (let i = 1; i <= RUNS; i++) {
    for (const [name, v] of Object.entries(VARIANTS)) {
      Object.assign(wire, { options: 0, other: 0 });
      const r = await run(process.execPath, [fileURLToPath(import.meta.url), "client"], { ...childEnv, WIRE_JOB: JSON.stringify({ ...job, ...v }) });
      const res = JSON.parse(r.out);
      landed(name);
      rates[name].push((FILES * 1000) / res.ms);
      perFile[name].push(wire.options / FILES);
      log(`run ${i} ${name}: ${round(res.ms)} ms, ${round((FILES * 1000) / res.ms, 1)} files/s; ${wire.other} PUTs + ${wire.options} preflights; client CPU ${round(res.cpuMs / FILES, 2)} ms per file`);
    }
    Object.assign(wire, { options: 0, other: 0 });
    const c = await run(AWS, ["s3", "cp", "--recursive", dir, `s3://${bucket}/${prefix}`, "--endpoint-url", s.urls.s3, "--no-progress", "--only-show-errors"], cliEnv);
    landed("cli");
    rates.cli.push((FILES * 1000) / c.ms);
    cliNet.push((FILES * 1000) / Math.max(1, c.ms - median(startup)));
    log(`run ${i} cli: ${round(c.ms)} ms, ${round((FILES * 1000) / c.ms, 1)} files/s; ${wire.other} requests`);
  }
  const set = `${FILES}x${SIZE >= 1048576 ? `${SIZE / 1048576}MiB` : `${SIZE / 1024}KiB`}`;
  const cli = median(rates.cli);
  const net = median(cliNet);
  metric(`wire_${set}_cli_rate`, round(cli, 1), "files/s");
  metric(`wire_${set}_cli_rate_without_startup`, round(net, 1), "files/s");
  metric("wire_cli_startup", round(median(startup)), "ms");
  for (const name of Object.keys(VARIANTS)) {
    const key = `wire_${set}_${name.replace(/-/g, "_")}`;
    metric(`${key}_rate`, round(median(rates[name]), 1), "files/s");
    metric(`${key}_vs_cli`, round(median(rates[name]) / cli, 2), "x");
    metric(`${key}_vs_cli_without_startup`, round(median(rates[name]) / net, 2), "x");
    metric(`${key}_preflights_per_file`, round(median(perFile[name]), 2), "requests");
  }
  metric("wire_loadavg", fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join("/"), "(1/5/15 min)");
  fs.rmSync(dir, { recursive: true, force: true });
} finally {
  await b.stop();
  if (!process.env.BENCH_TMP) fs.rmSync(TMP, { recursive: true, force: true });
}
