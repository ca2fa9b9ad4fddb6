// Builds the test front end (app/) with esbuild into `outDir`: main.js,
// main.css, index.html, and Storage Browser's download service worker where
// the package expects it (/amplify-storage-download/download-sw.js, its
// copy-serviceworker step). Returns { outDir, ms }.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function buildApp(outDir) {
  const t0 = Date.now();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, "amplify-storage-download"), { recursive: true });
  await esbuild.build({
    entryPoints: { main: path.join(HERE, "app", "main.jsx") },
    bundle: true,
    format: "esm",
    target: "chrome120",
    jsx: "automatic",
    minify: true,
    sourcemap: false,
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis" },
    outdir: outDir,
    logLevel: "warning",
    absWorkingDir: HERE,
  });
  fs.copyFileSync(path.join(HERE, "app", "index.html"), path.join(outDir, "index.html"));
  fs.copyFileSync(path.join(HERE, "node_modules", "@aws-amplify", "ui-react-storage", "dist", "download-sw.js"), path.join(outDir, "amplify-storage-download", "download-sw.js"));
  return { outDir, ms: Date.now() - t0 };
}
