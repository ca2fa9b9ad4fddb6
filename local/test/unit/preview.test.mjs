// The preview command: its options, the progress it prints during a long
// synth step, and running on the pinned Node.js.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { onPinnedNode, PINNED_NODE } from "../../src/pinned-node.mjs";
import { LOCAL, runWithProgress } from "../../src/prepare.mjs";
import { previewOptions, UsageError } from "../../src/preview-options.mjs";

test("preview options: defaults, lifetimes in minutes (fractions too) for the stand-in's settings in seconds", () => {
  const d = previewOptions([], {});
  assert.deepEqual([d.port, d.data, d.clean, d.settings], [4510, path.join(LOCAL, ".cache", "preview"), false, {}]);
  assert.equal(previewOptions([], { PORT: "4600" }).port, 4600);
  const o = previewOptions(["--port", "4610", "--data", "x", "--clean", "--token-minutes", "0.5", "--refresh-token-minutes", "5", "--credentials-minutes", "2"], {});
  assert.equal(o.port, 4610);
  assert.equal(o.data, path.resolve("x"));
  assert.equal(o.clean, true);
  assert.deepEqual(o.settings, { idTokenTtl: 30, accessTokenTtl: 30, refreshTokenTtl: 300, credentialsTtl: 120 });
});

test("preview options: -c KEY=VALUE settings synthesize a variant of their own", () => {
  assert.equal(previewOptions([], {}).variant, undefined);
  const o = previewOptions(["-c", "sharing=true", "--context", "malwareScan=true"], {});
  assert.deepEqual(o.variant, { name: "preview-malwareScan-true-sharing-true", settings: { sharing: "true", malwareScan: "true" } });
});

test("preview options: a bad value names the option, the value and the rule", () => {
  const bad = [
    [["--token-minutes", "abc"], /--token-minutes must be a number of minutes greater than 0.*\(received: "abc"\)/],
    [["--credentials-minutes", "0"], /--credentials-minutes .*\(received: "0"\)/],
    [["--refresh-token-minutes=-5"], /--refresh-token-minutes .*\(received: "-5"\)/],
    [["--port", "80"], /--port must be a whole number from 1024 to 65531 \(received: "80"\)/],
    [["--nope"], /Unknown option '--nope'/],
    [["-c", "sharing"], /--context must be KEY=VALUE, e.g. sharing=true \(received: "sharing"\)/],
  ];
  for (const [argv, re] of bad) assert.throws(() => previewOptions(argv, {}), (e) => e instanceof UsageError && re.test(e.message), argv.join(" "));
});

test("a long step says what it does, then how long it has been at it", async () => {
  const lines = [];
  const r = await runWithProgress(process.execPath, ["-e", "setTimeout(() => {}, 250)"], {}, { log: (l) => lines.push(l), doing: "1/2 compiling the Go app (go build)", note: "about two minutes the first time: normal", every: 60 });
  assert.equal(r.code, 0);
  assert.match(lines[0], /^ {2}1\/2 compiling the Go app \(go build\); about two minutes the first time: normal\.\.\.$/);
  assert.ok(lines.length >= 3, lines.join("\n"));
  assert.match(lines[1], /^ {2}\.\.\. still compiling the Go app \(go build\): \d+ s so far \(normal; about two minutes the first time\)$/);
});

test("run directly with another Node.js, a command runs itself again on the pinned one", (t) => {
  assert.ok(onPinnedNode(PINNED_NODE));
  const other = (process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "node")).find((f) => fs.existsSync(f) && !onPinnedNode(f));
  if (!other) return t.skip("no other node on PATH");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pinned-node-"));
  try {
    const script = path.join(dir, "which.mjs");
    fs.writeFileSync(script, `import { usePinnedNode } from ${JSON.stringify(new URL("../../src/pinned-node.mjs", import.meta.url).href)};\nawait usePinnedNode(() => {});\nconsole.log(process.version, process.argv.slice(2).join(" "));\nprocess.exit(3);\n`);
    const r = spawnSync(other, [script, "--a", "b"], { encoding: "utf8" });
    const pinned = spawnSync(PINNED_NODE, ["-p", "process.version"], { encoding: "utf8" }).stdout.trim();
    assert.equal(r.stdout.trim(), `${pinned} --a b`, r.stderr);
    assert.equal(r.status, 3, "the exit status is passed on");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
