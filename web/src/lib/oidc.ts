// Cognito managed-login URLs and OAuth callback parsing. Pure.

import type { AppConfig } from "./config";

/** The redirect and post-logout URI the stack registers: origin + "/". */
export function appRedirectUri(origin: string): string {
  return origin.replace(/\/+$/, "") + "/";
}

export type AuthorizePage = "authorize" | "signup" | "forgotPassword";

/**
 * OIDC metadata for Cognito, built from config instead of fetched, so no
 * discovery request is needed and every endpoint follows config.json.
 * `page` picks the managed-login page the authorization request opens on
 * (all accept the usual authorize parameters incl. state and PKCE).
 */
export function cognitoMetadata(cfg: Pick<AppConfig, "loginDomain" | "oidcIssuer">, page: AuthorizePage = "authorize") {
  const d = cfg.loginDomain;
  return {
    issuer: cfg.oidcIssuer,
    authorization_endpoint: page === "authorize" ? `${d}/oauth2/authorize` : `${d}/${page}`,
    token_endpoint: `${d}/oauth2/token`,
    userinfo_endpoint: `${d}/oauth2/userInfo`,
    revocation_endpoint: `${d}/oauth2/revoke`,
    jwks_uri: `${cfg.oidcIssuer}/.well-known/jwks.json`,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
  };
}

/** Cognito's logout endpoint (its metadata has no end_session_endpoint). */
export function logoutUrl(cfg: Pick<AppConfig, "loginDomain" | "userPoolClientId">, origin: string): string {
  const q = new URLSearchParams({ client_id: cfg.userPoolClientId, logout_uri: appRedirectUri(origin) });
  return `${cfg.loginDomain}/logout?${q.toString()}`;
}

export type Callback =
  | { kind: "none" }
  | { kind: "code" }
  | { kind: "error"; error: string; description: string };

/** Classifies the query string of the page load: an OAuth callback or not. */
export function parseCallback(search: string): Callback {
  const q = new URLSearchParams(search);
  const error = q.get("error");
  if (error) return { kind: "error", error, description: q.get("error_description") ?? "" };
  if (q.get("code") && q.get("state")) return { kind: "code" };
  return { kind: "none" };
}

const TRY_AGAIN = "Please try again.";
const REQUEST_REFUSED = "The sign-in service did not accept the request from this site. Try again; if it keeps happening, tell whoever runs this site.";
const SIGN_IN_NEEDED = "Please sign in to continue.";

/**
 * What the signed-out page says for each OAuth 2.0 (RFC 6749 §4.1.2.1) and
 * OpenID Connect (Core §3.1.2.6) authorization error code.
 */
const SIGN_IN_ERRORS: Readonly<Record<string, string>> = {
  access_denied: "Sign-in was cancelled or refused. You can try again.",
  invalid_request: REQUEST_REFUSED,
  unauthorized_client: REQUEST_REFUSED,
  unsupported_response_type: REQUEST_REFUSED,
  invalid_scope: REQUEST_REFUSED,
  invalid_request_uri: REQUEST_REFUSED,
  invalid_request_object: REQUEST_REFUSED,
  request_not_supported: REQUEST_REFUSED,
  request_uri_not_supported: REQUEST_REFUSED,
  registration_not_supported: REQUEST_REFUSED,
  server_error: `The sign-in service had an internal error. ${TRY_AGAIN}`,
  temporarily_unavailable: "The sign-in service is busy or down for maintenance. Please try again in a few minutes.",
  login_required: SIGN_IN_NEEDED,
  interaction_required: SIGN_IN_NEEDED,
  consent_required: SIGN_IN_NEEDED,
  account_selection_required: SIGN_IN_NEEDED,
};

/**
 * The message for a sign-in that came back with ?error=: a fixed text per
 * error code, never the callback's error_description (anyone can craft a
 * link that puts words there), and the code only when it is a known one.
 */
export function signInErrorMessage(error: string): string {
  const known = Object.hasOwn(SIGN_IN_ERRORS, error) ? SIGN_IN_ERRORS[error] : undefined;
  return known ? `Sign-in failed: ${known} (error code: ${error})` : `Sign-in did not complete. ${TRY_AGAIN}`;
}

/** The URL to leave in the address bar after handling a callback: no code/state. */
export function cleanCallbackUrl(pathname: string, search: string, hash: string): string {
  const q = new URLSearchParams(search);
  for (const k of ["code", "state", "error", "error_description", "error_uri", "session_state", "iss"]) q.delete(k);
  const rest = q.toString();
  return pathname + (rest ? `?${rest}` : "") + hash;
}

/** Decodes a JWT payload without verifying it (the token came straight from the token endpoint over TLS). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) throw new Error("Malformed token");
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error("Malformed token");
  return json as Record<string, unknown>;
}

/** Seconds until a JWT's exp claim (negative if expired, undefined if none). */
export function secondsUntilExpiry(token: string, nowMs: number): number | undefined {
  const exp = decodeJwtPayload(token).exp;
  return typeof exp === "number" ? exp - nowMs / 1000 : undefined;
}
