// Serves the built test front end on its allowed origin, with the stand-in's
// amplify_outputs.json at /amplify_outputs.json, as a static host would
// serve the app and the file the stack deploys next to it.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json" };

/** Starts the server on `origin` (http://localhost:<port>); resolves { close() }. */
export async function serveApp({ dist, outputs, origin }) {
  const outputsBody = Buffer.from(JSON.stringify(outputs, null, 2));
  const server = http.createServer((req, res) => {
    const p = new URL(req.url, origin).pathname;
    const send = (status, type, body) => {
      res.writeHead(status, { "content-type": type, "content-length": String(body.length), "cache-control": "no-store" });
      res.end(body);
    };
    if (p === "/amplify_outputs.json") return send(200, TYPES[".json"], outputsBody);
    const file = path.join(dist, p === "/" || !path.extname(p) ? "index.html" : path.normalize(p));
    if (!file.startsWith(dist) || !fs.existsSync(file)) return send(404, "text/plain", Buffer.from("not found"));
    send(200, TYPES[path.extname(file)] ?? "application/octet-stream", fs.readFileSync(file));
  });
  const { port, hostname } = new URL(origin);
  await new Promise((resolve, reject) => {
    server.once("error", (e) =>
      reject(e.code === "EADDRINUSE" ? new Error(`${origin} is in use: the Storage Browser test serves its app there (the origin its configuration allows); stop what listens on port ${port}`) : e),
    );
    server.listen(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname, resolve);
  });
  return {
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
