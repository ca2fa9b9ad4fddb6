// The web site, as CloudFront serves it: the built app (web/dist), the
// generated /config.json, the single-page rewrite of the stack's CloudFront
// function (a path whose last segment has no "." gets /index.html), and the
// response headers policy of the template (CSP with the local origins in
// connect-src, HSTS, nosniff, frame denial, referrer policy, custom headers).

import fs from "node:fs";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
  ".woff2": "font/woff2",
};

/**
 * The headers of the template's AWS::CloudFront::ResponseHeadersPolicy
 * (resolved), with connect-src replaced by 'self' + connectSources, and
 * each source of the other directives that originMap names (the data
 * bucket's AWS origin in img-src and media-src) replaced by its local
 * address. Every other directive stays, upgrade-insecure-requests included
 * (Chromium does not upgrade loopback addresses, so the http stand-in
 * still works).
 */
export function securityHeaders(resolver, connectSources, originMap = {}) {
  const ids = resolver.ofType("AWS::CloudFront::ResponseHeadersPolicy");
  if (ids.length === 0) throw new Error("the template has no AWS::CloudFront::ResponseHeadersPolicy");
  const cfg = resolver.properties(ids[0]).ResponseHeadersPolicyConfig ?? {};
  const h = {};
  const sec = cfg.SecurityHeadersConfig ?? {};
  if (sec.ContentSecurityPolicy) {
    const directives = sec.ContentSecurityPolicy.ContentSecurityPolicy.split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => (d.startsWith("connect-src ") ? ["connect-src", "'self'", ...connectSources].join(" ") : d))
      .map((d) => d.split(" ").map((src) => originMap[src] ?? src).join(" "));
    h["content-security-policy"] = directives.join("; ");
  }
  if (sec.ContentTypeOptions) h["x-content-type-options"] = "nosniff";
  if (sec.FrameOptions) h["x-frame-options"] = sec.FrameOptions.FrameOption;
  if (sec.ReferrerPolicy) h["referrer-policy"] = sec.ReferrerPolicy.ReferrerPolicy;
  if (sec.StrictTransportSecurity) {
    const s = sec.StrictTransportSecurity;
    h["strict-transport-security"] = `max-age=${s.AccessControlMaxAgeSec}${s.IncludeSubdomains ? "; includeSubDomains" : ""}${s.Preload ? "; preload" : ""}`;
  }
  if (sec.XSSProtection) {
    const x = sec.XSSProtection;
    h["x-xss-protection"] = x.Protection ? `1${x.ModeBlock ? "; mode=block" : ""}` : "0";
  }
  for (const item of cfg.CustomHeadersConfig?.Items ?? []) h[item.Header.toLowerCase()] = item.Value;
  return h;
}

export function createSiteHandler({ dist, config, headers }) {
  const root = path.resolve(dist);
  const configBody = Buffer.from(JSON.stringify(config, null, 2));
  return function site(req, res) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(403, { "content-type": "text/plain" });
      return res.end("This distribution is not configured to allow the HTTP request method that was used for this request.");
    }
    let uri;
    try {
      uri = decodeURIComponent(new URL(req.url, "http://local").pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    const last = uri.split("/").pop();
    if (last === "" || !last.includes(".")) uri = "/index.html";
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, "content-type": type, "content-length": String(body.length), "cache-control": "no-cache" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (uri === "/config.json") return send(200, TYPES[".json"], configBody);
    const file = path.resolve(root, "." + uri);
    if (!file.startsWith(root + path.sep)) return send(403, "application/xml", Buffer.from("<Error><Code>AccessDenied</Code></Error>"));
    fs.readFile(file, (err, body) => {
      // The site bucket answers a missing key with 403 through Origin Access Control.
      if (err) return send(403, "application/xml", Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'));
      send(200, TYPES[path.extname(file)] ?? "application/octet-stream", body);
    });
  };
}
