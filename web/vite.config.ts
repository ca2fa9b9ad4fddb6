import { readFileSync } from "node:fs";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

// Dev server only: serve /config.json from web/config.dev.json (gitignored),
// so `npm run dev` works against a deployed stack or a local stand-in. The
// production build ships no config.json: the stack writes it at deploy time.
function devConfigJson(): Plugin {
  return {
    name: "dev-config-json",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use("/config.json", (_req, res) => {
        try {
          const body = readFileSync(new URL("./config.dev.json", import.meta.url));
          res.setHeader("Content-Type", "application/json");
          res.end(body);
        } catch {
          res.statusCode = 404;
          res.end("config.dev.json not found");
        }
      });
    },
  };
}

export default defineConfig({
  plugins: [devConfigJson()],
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  publicDir: false,
  resolve: {
    alias: [
      // The package's "browser" field maps its index to index.browser, which
      // the bundler does not apply to a bare import: point at it directly so
      // Node-only providers (process, SSO, login) are never even resolved.
      {
        find: /^@aws-sdk\/credential-providers$/,
        replacement: "@aws-sdk/credential-providers/dist-es/index.browser.js",
      },
    ],
  },
  build: {
    target: "es2022",
    // No inline modulepreload polyfill: the CSP allows only 'self' scripts.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URIs into JS/CSS.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: true,
    rolldownOptions: {
      // The download service worker must sit at /sw.js to control the whole app (its scope is its folder).
      input: { index: "index.html", sw: "src/sw.ts" },
      output: {
        entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js"),
        // pdf.js's worker ships as .mjs: served as .js, a type every host maps to JavaScript
        // (a module worker is refused with any other Content-Type).
        assetFileNames: (asset) => (asset.names?.[0]?.endsWith(".mjs") ? "assets/[name]-[hash].js" : "assets/[name]-[hash][extname]"),
      },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
