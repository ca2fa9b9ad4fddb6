// Strict validation of the run-time configuration served as /config.json.
// Pure: no DOM, no SDK. Every failure names the offending field.

export type OwnerKey = "identityId" | "userPoolSub";

export interface Endpoints {
  /** S3 endpoint override (a local stand-in); absent in AWS. */
  s3?: string;
  /** Cognito Identity (identity pool) endpoint override; absent in AWS. */
  cognitoIdentity?: string;
}

export interface AppConfig {
  version: 1;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  /** OIDC issuer, no trailing slash. */
  oidcIssuer: string;
  /** Managed login origin, no trailing slash. */
  loginDomain: string;
  scopes: string[];
  bucket: string;
  /** Ends with "/", e.g. "private/". */
  ownerPrefix: string;
  ownerKey: OwnerKey;
  endpoints: Endpoints;
  s3ForcePathStyle: boolean;
  /** Days old versions and deleted files stay restorable (the bucket's lifecycle rule); absent when not published. */
  noncurrentVersionExpirationDays?: number;
  /** Every upload is scanned for malware and only clean files open (the malwareScan setting); false when absent. */
  malwareScan: boolean;
  /** The share service (issue 15): served on the site's own origin under /api and /s. Off when absent. */
  sharing: Sharing;
}

export interface Sharing {
  enabled: boolean;
}

export class ConfigError extends Error {
  /** Dotted path of the bad field ("" for the document itself). */
  readonly field: string;
  constructor(field: string, message: string) {
    super(field ? `config.json: "${field}" ${message}` : `config.json: ${message}`);
    this.name = "ConfigError";
    this.field = field;
  }
}

const TOP_LEVEL_KEYS = new Set([
  "version",
  "region",
  "userPoolId",
  "userPoolClientId",
  "identityPoolId",
  "oidcIssuer",
  "loginDomain",
  "scopes",
  "bucket",
  "ownerPrefix",
  "ownerKey",
  "endpoints",
  "s3ForcePathStyle",
  "noncurrentVersionExpirationDays",
  "malwareScan",
  "sharing",
]);
const SHARING_KEYS = new Set(["enabled"]);
const ENDPOINT_KEYS = new Set(["s3", "cognitoIdentity"]);

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLIENT_ID_RE = /^[A-Za-z0-9]{1,128}$/;
const POOL_SUFFIX_RE = /^[A-Za-z0-9]{1,55}$/;
// RFC 6749 scope-token: %x21 / %x23-5B / %x5D-7E
const SCOPE_RE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(obj: Record<string, unknown>, field: string): string {
  const v = obj[field];
  if (v === undefined) throw new ConfigError(field, "is missing");
  if (typeof v !== "string") throw new ConfigError(field, `must be a string, got ${typeName(v)}`);
  if (v.length === 0) throw new ConfigError(field, "must not be empty");
  if (v.trim() !== v) throw new ConfigError(field, "must not have leading or trailing spaces");
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v}`;
}

/**
 * An http(s) URL. https is required unless the host is a loopback address
 * (a local stand-in). With originOnly, no path/query/fragment is allowed.
 * Returns the URL without a trailing slash.
 */
export function validateUrl(value: string, field: string, originOnly: boolean): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(field, `is not a valid URL: ${JSON.stringify(value)}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new ConfigError(field, "must be an http(s) URL");
  }
  if (u.protocol === "http:" && !LOOPBACK_HOSTS.has(u.hostname)) {
    throw new ConfigError(field, "must use https (http is only allowed for localhost)");
  }
  if (u.username || u.password) throw new ConfigError(field, "must not contain credentials");
  if (u.search || u.hash || value.includes("?") || value.includes("#")) {
    throw new ConfigError(field, "must not contain a query or fragment");
  }
  if (originOnly && u.pathname !== "/") {
    throw new ConfigError(field, "must be an origin without a path (e.g. https://example.com)");
  }
  const out = originOnly ? u.origin : u.origin + u.pathname;
  return out.replace(/\/+$/, "");
}

/** Validates and normalises a parsed config.json document. Throws ConfigError. */
export function parseConfig(raw: unknown): AppConfig {
  if (!isObject(raw)) throw new ConfigError("", `must be a JSON object, got ${typeName(raw)}`);

  for (const k of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.has(k)) throw new ConfigError(k, "is not a known field");
  }

  if (raw.version === undefined) throw new ConfigError("version", "is missing");
  if (raw.version !== 1) {
    throw new ConfigError("version", `must be 1, got ${JSON.stringify(raw.version)}`);
  }

  const region = str(raw, "region");
  if (!REGION_RE.test(region)) {
    throw new ConfigError("region", `is not an AWS region name: ${JSON.stringify(region)}`);
  }

  const userPoolId = str(raw, "userPoolId");
  {
    const [r, suffix, ...rest] = userPoolId.split("_");
    if (rest.length || r !== region || !suffix || !POOL_SUFFIX_RE.test(suffix)) {
      throw new ConfigError("userPoolId", `must look like "${region}_AbCdEf123"`);
    }
  }

  const userPoolClientId = str(raw, "userPoolClientId");
  if (!CLIENT_ID_RE.test(userPoolClientId)) {
    throw new ConfigError("userPoolClientId", "must be 1-128 letters and digits");
  }

  const identityPoolId = str(raw, "identityPoolId");
  {
    const idx = identityPoolId.indexOf(":");
    const r = identityPoolId.slice(0, idx);
    const uuid = identityPoolId.slice(idx + 1);
    if (idx < 0 || r !== region || !UUID_RE.test(uuid)) {
      throw new ConfigError("identityPoolId", `must look like "${region}:<lower-case uuid>"`);
    }
  }

  const oidcIssuer = validateUrl(str(raw, "oidcIssuer"), "oidcIssuer", false);
  const loginDomain = validateUrl(str(raw, "loginDomain"), "loginDomain", true);

  const scopesRaw = raw.scopes;
  if (scopesRaw === undefined) throw new ConfigError("scopes", "is missing");
  if (!Array.isArray(scopesRaw)) throw new ConfigError("scopes", "must be an array of strings");
  const scopes: string[] = [];
  scopesRaw.forEach((s, i) => {
    if (typeof s !== "string" || !SCOPE_RE.test(s)) {
      throw new ConfigError(`scopes[${i}]`, "must be a non-empty scope name without spaces");
    }
    if (scopes.includes(s)) throw new ConfigError(`scopes[${i}]`, `duplicates "${s}"`);
    scopes.push(s);
  });
  if (!scopes.includes("openid")) {
    throw new ConfigError("scopes", 'must include "openid" (the identity pool needs the ID token)');
  }

  const bucket = str(raw, "bucket");
  if (
    !BUCKET_RE.test(bucket) ||
    bucket.includes("..") ||
    bucket.includes(".-") ||
    bucket.includes("-.") ||
    /^\d+\.\d+\.\d+\.\d+$/.test(bucket)
  ) {
    throw new ConfigError("bucket", `is not a valid S3 bucket name: ${JSON.stringify(bucket)}`);
  }

  const ownerPrefix = raw.ownerPrefix;
  if (ownerPrefix === undefined) throw new ConfigError("ownerPrefix", "is missing");
  if (typeof ownerPrefix !== "string") {
    throw new ConfigError("ownerPrefix", `must be a string, got ${typeName(ownerPrefix)}`);
  }
  if (!ownerPrefix.endsWith("/") || ownerPrefix.startsWith("/")) {
    throw new ConfigError("ownerPrefix", 'must end with "/" and not start with "/" (e.g. "private/")');
  }
  if (ownerPrefix.slice(0, -1).split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw new ConfigError("ownerPrefix", 'must not contain empty, "." or ".." segments');
  }

  const ownerKey = raw.ownerKey;
  if (ownerKey === undefined) throw new ConfigError("ownerKey", "is missing");
  if (ownerKey !== "identityId" && ownerKey !== "userPoolSub") {
    throw new ConfigError("ownerKey", 'must be "identityId" or "userPoolSub"');
  }

  const endpoints: Endpoints = {};
  if (raw.endpoints !== undefined) {
    if (!isObject(raw.endpoints)) throw new ConfigError("endpoints", "must be an object");
    for (const [k, v] of Object.entries(raw.endpoints)) {
      const field = `endpoints.${k}`;
      if (!ENDPOINT_KEYS.has(k)) throw new ConfigError(field, "is not a known endpoint (s3, cognitoIdentity)");
      if (typeof v !== "string" || v === "") throw new ConfigError(field, "must be a non-empty URL string");
      endpoints[k as keyof Endpoints] = validateUrl(v, field, false);
    }
  }

  let s3ForcePathStyle = false;
  if (raw.s3ForcePathStyle !== undefined) {
    if (typeof raw.s3ForcePathStyle !== "boolean") {
      throw new ConfigError("s3ForcePathStyle", "must be true or false");
    }
    s3ForcePathStyle = raw.s3ForcePathStyle;
  }

  if (raw.malwareScan !== undefined && typeof raw.malwareScan !== "boolean") {
    throw new ConfigError("malwareScan", "must be true or false");
  }
  const malwareScan = raw.malwareScan === true;

  const days = raw.noncurrentVersionExpirationDays;
  if (days !== undefined && (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 3650)) {
    throw new ConfigError("noncurrentVersionExpirationDays", `must be a whole number of days from 1 to 3650, got ${JSON.stringify(days)}`);
  }
  const sharing = parseSharing(raw.sharing);
  return {
    version: 1,
    region,
    userPoolId,
    userPoolClientId,
    identityPoolId,
    oidcIssuer,
    loginDomain,
    scopes,
    bucket,
    ownerPrefix,
    ownerKey,
    endpoints,
    s3ForcePathStyle,
    malwareScan,
    ...(days !== undefined ? { noncurrentVersionExpirationDays: days } : {}),
    sharing,
  };
}

/**
 * The optional "sharing": true (what the stack writes) or {"enabled": true}
 * turns the share service's views on.
 */
function parseSharing(raw: unknown): Sharing {
  if (raw === undefined) return { enabled: false };
  if (typeof raw === "boolean") return { enabled: raw };
  if (!isObject(raw)) throw new ConfigError("sharing", `must be true, false or {"enabled": true}, got ${typeName(raw)}`);
  for (const k of Object.keys(raw)) {
    if (!SHARING_KEYS.has(k)) throw new ConfigError(`sharing.${k}`, "is not a known field (enabled)");
  }
  if (typeof raw.enabled !== "boolean") throw new ConfigError("sharing.enabled", `must be true or false, got ${JSON.stringify(raw.enabled) ?? "nothing"}`);
  return { enabled: raw.enabled };
}

/** Parses the text of config.json (JSON syntax errors become ConfigError). */
export function parseConfigText(text: string): AppConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError("", `is not valid JSON (${(e as Error).message})`);
  }
  return parseConfig(raw);
}

/** The provider name used as the identity-pool logins key: always the real issuer host. */
export function identityPoolLoginKey(cfg: Pick<AppConfig, "region" | "userPoolId">): string {
  return `cognito-idp.${cfg.region}.amazonaws.com/${cfg.userPoolId}`;
}
