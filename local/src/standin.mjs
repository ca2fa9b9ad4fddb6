// Starts the whole local stand-in on loopback: the web site, the managed
// login (oidc-provider), the user pool's issuer (JWKS, discovery), the
// identity pool and S3, all configured from one synthesized template.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadPolicyModel } from "./iam/index.mjs";
import { CredentialsRegistry, createIdentityHandler, IdentityStore } from "./identity.mjs";
import { createLogin } from "./login.mjs";
import { createS3Handler } from "./s3.mjs";
import { ObjectStore } from "./s3store.mjs";
import { createScanner, protectedBuckets } from "./scanner.mjs";
import { startShareService, withShareRoutes } from "./share.mjs";
import { createSiteHandler, securityHeaders } from "./site.mjs";
import { amplifyOutputsOf, localAmplifyOutputs, withAmplifyOutputs } from "./amplify.mjs";
import { certificateIn, createDualServer } from "./tls.mjs";
import { adminOperations, createUserPoolHandler } from "./userpool.mjs";
import { LOCAL_ENV, readTemplate } from "./template.mjs";
import { passwordPolicyFrom, UserStore } from "./users.mjs";

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const randomString = (n, alphabet = ALNUM) => Array.from(crypto.randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");

/** Cognito-shaped ids for this stand-in (stable when kept in the data dir). */
export function newIds(region = LOCAL_ENV.region) {
  return {
    userPoolId: `${region}_${randomString(9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`,
    clientId: randomString(26),
    identityPoolId: `${region}:${crypto.randomUUID()}`,
  };
}

/**
 * Adds the local app origin to the data bucket's CORS rules and the app
 * client's callback and logout URLs, as the stack does for the
 * corsOrigins and callbackUrls context keys (no-op when already there).
 * Returns a new template.
 */
export function withLocalOrigin(template, origin) {
  const t = structuredClone(template);
  const url = origin + "/";
  for (const r of Object.values(t.Resources ?? {})) {
    if (r.Type === "AWS::S3::Bucket" && r.Properties?.CorsConfiguration) {
      for (const rule of r.Properties.CorsConfiguration.CorsRules ?? []) {
        const o = (rule.AllowedOrigins ??= []);
        if (!o.includes(origin)) o.push(origin);
      }
    }
    if (r.Type === "AWS::Cognito::UserPoolClient") {
      for (const k of ["CallbackURLs", "LogoutURLs"]) {
        const list = (r.Properties[k] ??= []);
        if (!list.includes(url)) list.push(url);
      }
    }
  }
  return t;
}

/** { group: { roleArn, precedence } } of the template's AWS::Cognito::UserPoolGroup resources. */
function groupRolesOf(resolver) {
  const out = {};
  for (const id of resolver.ofType("AWS::Cognito::UserPoolGroup")) {
    const p = resolver.properties(id);
    if (p.GroupName) out[p.GroupName] = { roleArn: p.RoleArn, precedence: p.Precedence };
  }
  return out;
}

function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address().port);
    });
  });
}

/**
 * The app's /config.json as the stack deploys it: the config asset of the
 * template's BucketDeployment with its deploy-time markers resolved, then the
 * local endpoints. Falls back to building it from the template's resources
 * when the asset is not next to the template.
 */
export function runtimeConfig(resolver, templateDir, local) {
  let cfg;
  for (const id of resolver.ofType("Custom::CDKBucketDeployment")) {
    const raw = resolver.resources[id].Properties;
    (raw.SourceMarkers ?? []).forEach((markers, i) => {
      if (cfg || !markers || Object.keys(markers).length === 0) return;
      const key = raw.SourceObjectKeys?.[i];
      const dir = key && templateDir ? path.join(templateDir, `asset.${key.replace(/\.zip$/, "")}`) : undefined;
      const file = dir && fs.existsSync(path.join(dir, "config.json")) ? path.join(dir, "config.json") : undefined;
      if (!file) return;
      let text = fs.readFileSync(file, "utf8");
      for (const [marker, value] of Object.entries(markers)) text = text.split(marker).join(resolver.resolve(value, `${id}.SourceMarkers`));
      cfg = JSON.parse(text);
    });
  }
  cfg ??= {
    version: 1,
    region: local.region,
    userPoolId: local.userPoolId,
    userPoolClientId: local.clientId,
    identityPoolId: local.identityPoolId,
    scopes: local.scopes,
    bucket: local.bucket,
    ownerPrefix: "private/",
    ownerKey: "identityId",
    ...(local.sharing ? { sharing: true } : {}),
  };
  return {
    ...cfg,
    oidcIssuer: local.issuer,
    loginDomain: local.loginDomain,
    endpoints: { s3: local.s3, cognitoIdentity: local.cognitoIdentity },
    s3ForcePathStyle: true,
  };
}

/**
 * opts: {
 *   template: object or path to <stack>.template.json (required)
 *   webDist: folder of the built app (required)
 *   host: "127.0.0.1"; ports: { site, login, idp, identity, s3 } (0 = any free port)
 *   dataDir: where accounts (users.json), identity ids, the stand-in's ids and the
 *            S3 objects (s3/, versions and uploads included) are kept across restarts
 *            (default: a new temp dir removed by stop(), objects in memory)
 *   settings: { accessTokenTtl, idTokenTtl, refreshTokenTtl, credentialsTtl } seconds
 *             (default: the app client's validities; credentials 3600 s as Cognito's)
 *   secureTransport: "true" (default) or "false": aws:SecureTransport in S3 requests;
 *            "connection": from each request's connection (https "true", http "false"), and
 *            the app's config then names S3's https URL (make verify's local run)
 *   scanDelayMs, scanMaxBytes: the malware scanner's delay and size limit, when the
 *            template has a malware protection plan (scanner.mjs; default 1500 ms, 100 MiB)
 *   log: (line) => void; onDecision: (entry) => void (every S3 authorization)
 *   onRequest: (server, req) => void: every request as it arrives, by server name
 *              (site, login, idp, identity, s3), before it is handled; it must not read the body
 * }
 */
export async function startStandIn(opts) {
  const host = opts.host ?? "127.0.0.1";
  const ports = opts.ports ?? {};
  const log = opts.log ?? (() => {});
  const templateFile = typeof opts.template === "string" ? path.resolve(opts.template) : undefined;
  const baseTemplate = templateFile ? readTemplate(templateFile) : opts.template;
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join((await import("node:os")).tmpdir(), "privatefolders-local-"));
  fs.mkdirSync(dataDir, { recursive: true });
  const idsFile = path.join(dataDir, "ids.json");
  const ids = fs.existsSync(idsFile) ? JSON.parse(fs.readFileSync(idsFile, "utf8")) : newIds();
  fs.writeFileSync(idsFile, JSON.stringify(ids, null, 2));

  // Listen first: the URLs shape the configuration. Each port answers http
  // and https (a self-signed certificate kept in the data dir): Amplify JS
  // reaches managed login and S3 over https only.
  const tls = certificateIn(dataDir);
  const names = ["site", "login", "idp", "identity", "s3"];
  const handlers = {};
  const servers = {};
  const urls = {};
  for (const n of names) {
    servers[n] = createDualServer((req, res) => {
      opts.onRequest?.(n, req);
      Promise.resolve(handlers[n](req, res)).catch((e) => {
        console.error(`[${n}]`, e);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    }, tls);
    const port = await listen(servers[n], host, ports[n] ?? 0);
    urls[n] = `http://${host}:${port}`;
  }
  const siteOrigin = urls.site;
  const template = withLocalOrigin(baseTemplate, siteOrigin);

  const poolId = (type) => Object.keys(template.Resources).find((k) => template.Resources[k].Type === type);
  const physicalIds = {};
  if (poolId("AWS::Cognito::UserPool")) physicalIds[poolId("AWS::Cognito::UserPool")] = ids.userPoolId;
  if (poolId("AWS::Cognito::UserPoolClient")) physicalIds[poolId("AWS::Cognito::UserPoolClient")] = ids.clientId;
  if (poolId("AWS::Cognito::IdentityPool")) physicalIds[poolId("AWS::Cognito::IdentityPool")] = ids.identityPoolId;
  const model = loadPolicyModel(template, { physicalIds });
  const r = model.resolver;
  const region = model.env.region;
  const clientProps = r.properties(poolId("AWS::Cognito::UserPoolClient"));
  const userPoolProps = r.properties(poolId("AWS::Cognito::UserPool"));
  const unit = (u, fallback) => ({ seconds: 1, minutes: 60, hours: 3600, days: 86400 })[u ?? fallback];
  const units = clientProps.TokenValidityUnits ?? {};
  const settings = {
    accessTokenTtl: (clientProps.AccessTokenValidity ?? 60) * unit(units.AccessToken, "hours"),
    idTokenTtl: (clientProps.IdTokenValidity ?? 60) * unit(units.IdToken, "hours"),
    refreshTokenTtl: (clientProps.RefreshTokenValidity ?? 30) * unit(units.RefreshToken, "days"),
    credentialsTtl: 3600,
    ...(opts.settings ?? {}),
  };
  const issuer = `${urls.idp}/${ids.userPoolId}`;
  const users = new UserStore(path.join(dataDir, "users.json"));
  const passwordPolicy = passwordPolicyFrom(userPoolProps);
  const scopes = clientProps.AllowedOAuthScopes ?? ["openid", "email", "profile"];
  // Where the app client's browser front ends live: the origins of its
  // callback and sign-out URLs (the site's, and callbackUrls'). The login,
  // token, user pool and identity endpoints answer CORS for these.
  const clientOrigins = [...new Set([siteOrigin, ...[...(clientProps.CallbackURLs ?? []), ...(clientProps.LogoutURLs ?? [])].map((u) => new URL(u).origin)])];
  const login = await createLogin({
    issuer,
    clientId: ids.clientId,
    redirectUris: clientProps.CallbackURLs ?? [],
    logoutUris: clientProps.LogoutURLs ?? [],
    scopes,
    settings,
    users,
    passwordPolicy,
    allowedOrigins: clientOrigins,
    groupRoles: groupRolesOf(r),
    log,
  });

  const identitiesFile = path.join(dataDir, "identities.json");
  const identities = new IdentityStore(region, fs.existsSync(identitiesFile) ? JSON.parse(fs.readFileSync(identitiesFile, "utf8")) : {}, (all) =>
    fs.writeFileSync(identitiesFile, JSON.stringify(all, null, 2)),
  );
  const credentials = new CredentialsRegistry();
  // The account operator's key (AKIA…): admin calls to the user pool, S3 as an administrator.
  const operator = credentials.issueOperator(model.operatorRole.arn);
  if (!model.authenticatedRole) throw new Error("the template's identity pool has no authenticated role");
  const store = new ObjectStore(ownDataDir ? {} : { dir: path.join(dataDir, "s3") });
  for (const b of model.buckets.values()) store.createBucket(b.name, { versioning: b.versioning, objectLock: b.objectLock });
  // With the template's malware protection plan, the stand-in tags new versions as GuardDuty does (scanner.mjs).
  const scanned = protectedBuckets(model);
  const scanner = scanned.length ? createScanner(store, scanned, { delayMs: opts.scanDelayMs, maxBytes: opts.scanMaxBytes, log }) : undefined;
  if (scanner) store.onNewVersion = scanner.onNewVersion;

  // The share service (share.mjs) when the template has it: the site forwards /api/* and /s/* to it.
  // S3 as the app and the share function reach it: https when S3 tells plain http apart by the connection.
  const dataS3 = opts.secureTransport === "connection" ? urls.s3.replace(/^http:/, "https:") : urls.s3;
  const share = await startShareService({
    resolver: r,
    region,
    credentials,
    dataDir: ownDataDir ? undefined : dataDir,
    urls,
    s3: dataS3,
    caFile: dataS3.startsWith("https:") ? path.join(dataDir, "tls-cert.pem") : undefined,
    issuer,
    audience: ids.clientId,
    log,
  }).catch(async (e) => {
    await Promise.all(Object.values(servers).map((srv) => new Promise((done) => srv.close(() => done()))));
    throw e;
  });
  const config = runtimeConfig(r, templateFile ? path.dirname(templateFile) : opts.templateDir, {
    region,
    userPoolId: ids.userPoolId,
    clientId: ids.clientId,
    identityPoolId: ids.identityPoolId,
    scopes,
    bucket: model.dataBucket.name,
    issuer,
    loginDomain: urls.login,
    s3: dataS3,
    cognitoIdentity: urls.identity,
    sharing: !!share,
  });

  const connect = [urls.login, urls.idp, urls.identity, urls.s3];
  // Previews load images and media from the data bucket's origin: locally, the S3 stand-in.
  const siteHeaders = securityHeaders(r, connect, { [`https://${model.dataBucket.name}.s3.${region}.amazonaws.com`]: urls.s3 });
  const site = createSiteHandler({ dist: opts.webDist, config, headers: siteHeaders });
  // The site bucket also serves amplify_outputs.json; the stand-in does too.
  const amplifyOutputs = amplifyOutputsOf(r, templateFile ? path.dirname(templateFile) : opts.templateDir);
  const localOutputs = amplifyOutputs && localAmplifyOutputs(amplifyOutputs, urls);
  const appSite = localOutputs ? withAmplifyOutputs(site, localOutputs, siteHeaders) : site;
  handlers.site = share ? withShareRoutes(appSite, share.url) : appSite;
  handlers.login = login.handler;
  const issuerDocuments = (req, res) => {
    const p = new URL(req.url, "http://local").pathname;
    const cors = { "access-control-allow-origin": "*", "cache-control": "max-age=3600" };
    if (p === `/${ids.userPoolId}/.well-known/jwks.json`) {
      res.writeHead(200, { ...cors, "content-type": "application/json" });
      return res.end(JSON.stringify(login.publicJwks));
    }
    if (p === `/${ids.userPoolId}/.well-known/openid-configuration`) {
      const d = urls.login;
      res.writeHead(200, { ...cors, "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${d}/oauth2/authorize`,
          token_endpoint: `${d}/oauth2/token`,
          userinfo_endpoint: `${d}/oauth2/userInfo`,
          revocation_endpoint: `${d}/oauth2/revoke`,
          end_session_endpoint: `${d}/logout`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          response_types_supported: ["code"],
          scopes_supported: ["openid", "email", "profile", "phone"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
          code_challenge_methods_supported: ["S256"],
        }),
      );
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"code":"ResourceNotFoundException","message":"User pool does not exist."}');
  };
  const signOutUser = async (sub) => {
    const id = identities.bySub.get(sub);
    credentials.expire((c) => c.identityId === id);
    return login.signOutEverywhere(sub);
  };
  handlers.idp = createUserPoolHandler({
    clientId: ids.clientId,
    loginUrl: urls.login,
    tokens: login.tokens,
    users,
    signOutEverywhere: signOutUser,
    allowedOrigins: clientOrigins,
    next: issuerDocuments,
    admin: adminOperations({
      region,
      userPoolId: ids.userPoolId,
      users,
      passwordPolicy,
      signOutEverywhere: signOutUser,
      lookupCredentials: (k) => credentials.lookup(k),
    }),
  });
  handlers.identity = createIdentityHandler({
    region,
    identityPoolId: ids.identityPoolId,
    userPoolId: ids.userPoolId,
    clientId: ids.clientId,
    issuer,
    keySet: login.keySet,
    roleArn: model.authenticatedRole.arn,
    credentials,
    identities,
    allowedOrigins: clientOrigins,
    credentialsTtl: () => settings.credentialsTtl,
    userExists: (sub) => !!users.bySub(sub),
  });
  handlers.s3 = createS3Handler({
    store,
    model,
    region,
    lookupCredentials: (k) => credentials.lookup(k),
    secureTransport: opts.secureTransport ?? "true",
    account: model.env.account,
    onDecision: opts.onDecision,
  });

  return {
    urls: { ...urls, issuer },
    config,
    /** amplify_outputs.json as the site serves it: the stack's, plus the local login domain and endpoints (amplify.mjs). */
    amplifyOutputs: localOutputs,
    clientOrigins,
    tls,
    ids,
    model,
    store,
    /** The malware scanner (scanner.mjs) when the template has a malware protection plan, else undefined. */
    scanner,
    users,
    identities,
    credentials,
    /** The operator's access key ({ accessKeyId, secretAccessKey }): admin calls, S3 as the account's administrator. */
    operator: { accessKeyId: operator.accessKeyId, secretAccessKey: operator.secretAccessKey },
    settings,
    passwordPolicy,
    login,
    dataDir,
    template,
    /** The share service (share.mjs: { service, url, dynamodb }) when the template has it, else undefined. */
    share,
    /** The HTTP servers by name (site, login, idp, identity, s3): tests may watch or cut their connections. */
    servers,
    /** Revokes a user's refresh and access tokens and expires their AWS credentials. */
    async signOutEverywhere(email) {
      const u = users.byEmail(email);
      return u ? signOutUser(u.sub) : 0;
    },
    async stop() {
      scanner?.stop();
      await share?.stop();
      await Promise.all(
        Object.values(servers).map(
          (s) =>
            new Promise((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
      if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
