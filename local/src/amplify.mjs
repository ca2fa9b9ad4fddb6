// amplify_outputs.json (Amplify's client configuration, schema 1.4) for the
// local stand-in: the stack's deployed asset with its deploy-time markers
// resolved, exactly as runtimeConfig() in standin.mjs resolves config.json;
// the file the preview serves next to /config.json (the same, plus the
// local login domain and endpoints: localAmplifyOutputs); a wrapper that
// serves it; and a fetch for Amplify JS in Node that carries its S3
// requests to the stand-in's path-style endpoint.
//
// How Amplify JS (aws-amplify 6.22.1) reaches the stand-in, in the browser:
//   - managed login: auth.oauth.domain = "127.0.0.1:<login port>"; Amplify
//     always builds https://<domain>/oauth2/..., so that port also speaks
//     TLS (tls.mjs, a self-signed certificate);
//   - user pool and identity pool: Auth.Cognito.userPoolEndpoint and
//     identityPoolEndpoint (full URLs, http is fine);
//   - S3: the `customEndpoint` option of each Storage call (and of
//     createStorageBrowser's config), a host name that Amplify puts behind
//     https:// with the bucket as a subdomain: "localhost:<s3 port>" gives
//     https://<bucket>.localhost:<port>/<key>, which browsers resolve to
//     loopback and the stand-in reads virtual-hosted-style (s3address.mjs).
// Schema 1.4 has no field for an endpoint, so the three endpoints travel in
// `custom.local_stand_in` and the front end passes them to Amplify itself
// (local/README.md shows the lines). Storage's
// `dangerouslyConnectToHttpEndpointForTesting` cannot serve: it fails with
// InvalidCustomEndpoint in @aws-amplify/storage 6.17.0, and forcePathStyle
// is not a public option.
//
// In Node, where *.localhost does not resolve and the certificate is not
// trusted, createPathStyleFetch() sits where the network would be: it checks
// Amplify's own SigV4 signature of the virtual-hosted request with the
// stand-in's verifier, then sends the same request path-style, signed again
// with the same credentials, so the stand-in's S3 (SigV4 check, the
// template's IAM policies, the store) decides.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256, SigV4Error, verify } from "./sigv4.mjs";

export const AMPLIFY_OUTPUTS_FILE = "amplify_outputs.json";

/**
 * The template's amplify_outputs.json: the source of its
 * Custom::CDKBucketDeployment that holds the file, with the source's
 * SourceMarkers resolved by `resolver` (see template.mjs). Returns
 * undefined when no deployment source next to the template holds it.
 */
export function amplifyOutputsOf(resolver, templateDir) {
  if (!templateDir) return undefined;
  for (const id of resolver.ofType("Custom::CDKBucketDeployment")) {
    const raw = resolver.resources[id].Properties;
    const keys = raw.SourceObjectKeys ?? [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key !== "string") continue;
      const file = path.join(templateDir, `asset.${key.replace(/\.zip$/, "")}`, AMPLIFY_OUTPUTS_FILE);
      if (!fs.existsSync(file)) continue;
      let text = fs.readFileSync(file, "utf8");
      for (const [marker, value] of Object.entries(raw.SourceMarkers?.[i] ?? {})) {
        text = text.split(marker).join(resolver.resolve(value, `${id}.SourceMarkers[${i}]`));
      }
      if (/<<marker:/.test(text)) throw new Error(`${file}: a deploy-time marker is left unresolved`);
      return JSON.parse(text);
    }
  }
  return undefined;
}

/** Where the local endpoints travel in amplify_outputs.json (`custom`, the schema's free-form section). */
export const LOCAL_ENDPOINTS_KEY = "local_stand_in";

/**
 * The stack's amplify_outputs.json with only the local login domain
 * (auth.oauth.domain, host:port of the login endpoint) and the local
 * endpoints (custom.local_stand_in: user_pool_endpoint,
 * identity_pool_endpoint, s3_custom_endpoint) added. urls: the stand-in's.
 */
export function localAmplifyOutputs(outputs, urls) {
  const o = structuredClone(outputs);
  if (o.auth?.oauth) o.auth.oauth.domain = new URL(urls.login).host;
  o.custom = {
    ...(o.custom ?? {}),
    [LOCAL_ENDPOINTS_KEY]: {
      user_pool_endpoint: urls.idp,
      identity_pool_endpoint: urls.identity,
      s3_custom_endpoint: `localhost:${new URL(urls.s3).port}`,
    },
  };
  return o;
}

/** amplify_outputs.json of a running stand-in (startStandIn): its ids, bucket and region (the stack's file, no local additions). */
export function standInAmplifyOutputs(standIn, templateDir) {
  return amplifyOutputsOf(standIn.model.resolver, templateDir);
}

/**
 * Wraps a site handler (createSiteHandler) so that GET/HEAD
 * /amplify_outputs.json answers `outputs`, as the site bucket serves the
 * deployed file; everything else goes to `site`.
 */
export function withAmplifyOutputs(site, outputs, headers = {}) {
  const body = Buffer.from(JSON.stringify(outputs, null, 2));
  return function siteWithAmplifyOutputs(req, res) {
    const p = new URL(req.url, "http://local").pathname;
    if (p === `/${AMPLIFY_OUTPUTS_FILE}` && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { ...headers, "content-type": "application/json", "content-length": String(body.length), "cache-control": "no-cache" });
      return res.end(req.method === "HEAD" ? undefined : body);
    }
    return site(req, res);
  };
}

function s3Error(status, code, message) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<&>]/g, (c) => `&#${c.charCodeAt(0)};`)}</Message></Error>`;
  return new Response(body, { status, headers: { "content-type": "application/xml" } });
}

/**
 * A fetch for aws-amplify in Node. Requests to the data plane of S3 in
 * `region` (https://<bucket>.s3.<region>.amazonaws.com/<key>) are
 *   1. checked: Amplify's SigV4 signature must be valid for the request as it
 *      was signed (host <bucket>.s3.<region>.amazonaws.com), with credentials
 *      the stand-in issued (lookupCredentials); else 403 SignatureDoesNotMatch
 *      or InvalidAccessKeyId, as S3 would answer;
 *   2. sent path-style to `s3Endpoint` (http://127.0.0.1:<port>/<bucket>/<key>),
 *      re-signed with the same credentials for that host.
 * Every other request goes to `baseFetch` unchanged.
 * onRequest({ method, url, forwardedTo }) is called for each S3 request.
 */
export function createPathStyleFetch({ s3Endpoint, region, lookupCredentials, baseFetch = globalThis.fetch, onRequest = () => {} }) {
  const target = new URL(s3Endpoint);
  const virtualHost = new RegExp(`^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\\.s3\\.${region.replace(/[-]/g, "\\-")}\\.amazonaws\\.com$`);
  return async function pathStyleFetch(input, init) {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const m = url.protocol === "https:" ? virtualHost.exec(url.host) : null;
    if (!m) return baseFetch(input, init);
    const bucket = m[1];
    const rawPath = url.pathname;
    const rawQuery = url.search.replace(/^\?/, "");
    const headers = {};
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    headers.host = url.host;
    const rawHeaders = Object.entries(headers).flat();
    let auth;
    try {
      auth = verify({ method: request.method, rawPath, rawQuery, rawHeaders }, { region, service: "s3", lookup: lookupCredentials });
    } catch (e) {
      if (e instanceof SigV4Error) return s3Error(e.status, e.code, e.message);
      throw e;
    }
    if (!auth) return s3Error(403, "AccessDenied", "Access Denied");
    const creds = auth.credentials;
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : new Uint8Array(await request.arrayBuffer());

    const forwarded = { ...headers, host: target.host };
    for (const h of ["authorization", "x-amz-date", "x-amz-security-token"]) delete forwarded[h];
    const query = {};
    for (const [k, v] of new URLSearchParams(rawQuery.replace(/\+/g, "%2B"))) {
      if (query[k] === undefined) query[k] = v;
      else query[k] = [].concat(query[k], v);
    }
    const signer = new SignatureV4({
      service: "s3",
      region,
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    });
    const signed = await signer.sign({
      method: request.method,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : undefined,
      path: `/${bucket}${rawPath}`,
      query,
      headers: forwarded,
      body,
    });
    const forwardedTo = `${target.origin}/${bucket}${rawPath}${url.search}`;
    onRequest({ method: request.method, url: request.url, forwardedTo });
    const out = { ...signed.headers };
    delete out.host;
    return baseFetch(forwardedTo, { method: request.method, headers: out, body, signal: request.signal });
  };
}
