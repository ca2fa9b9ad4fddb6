// The stand-in's commands run on the pinned Node.js of .toolchain/ (what
// `make` puts first on PATH and CI uses): oidc-provider warns on other
// versions, and a local run should see what CI sees. Started with another
// node (`node local/preview.mjs` on a machine whose node is 20), a command
// runs itself again with the pinned one, installing it first if needed.
// Imports only Node's own modules: call it before importing the rest.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO, toolchainEnv } from "./prepare.mjs";

/** The pinned node binary (installed by `npm ci --prefix .toolchain`). */
export const PINNED_NODE = path.join(REPO, ".toolchain", "node_modules", ".bin", "node");

const AGAIN = "PRIVATEFOLDERS_PINNED_NODE";

function realpath(f) {
  try {
    return fs.realpathSync(f);
  } catch {
    return undefined;
  }
}

/** Is this process the pinned node? */
export function onPinnedNode(execPath = process.execPath) {
  const pinned = realpath(PINNED_NODE);
  return pinned !== undefined && realpath(execPath) === pinned;
}

/**
 * Returns at once on the pinned node. Otherwise runs this script again with
 * it (same arguments, stdio and exit status) and never returns; exits 1
 * with the reason when the pinned node cannot be installed.
 */
export async function usePinnedNode(log = console.error) {
  if (onPinnedNode()) return;
  const refuse = (why) => {
    log(`${path.relative(process.cwd(), process.argv[1])} runs on the pinned Node.js of .toolchain/ (this is ${process.version} at ${process.execPath}): ${why}`);
    process.exit(1);
  };
  if (process.env[AGAIN]) refuse("it was started with it and is still not on it.");
  let env;
  try {
    env = toolchainEnv(log);
  } catch (e) {
    refuse(`installing it failed (npm ci --prefix .toolchain): ${e.message}`);
  }
  if (!fs.existsSync(PINNED_NODE)) refuse("it is not installed: run `npm ci --prefix .toolchain` (or use `make preview` / `make test`).");
  log(`Running on the pinned Node.js (.toolchain/) instead of ${process.version}.`);
  const child = spawn(PINNED_NODE, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: "inherit", env: { ...env, [AGAIN]: "1" } });
  // Ctrl-C reaches the child from the terminal; a signal sent to this process alone is passed on.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
  await new Promise(() => {}); // the child's exit ends this process
}
