// The stand-in's user pool and identity pool as Amplify JS and the AWS SDK
// meet them: Cognito-shaped access and ID tokens signed with the keys at
// jwks.json, refresh and revocation (/oauth2/token, /oauth2/revoke and the
// user pool API), the identity pool's Logins keys, CORS for the app
// client's origins, and amplify_outputs.json with the local endpoints.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import { prepareTemplate, prepareWeb } from "../../src/prepare.mjs";
import { amplifyOutputsOf } from "../../src/amplify.mjs";
import { startStandIn } from "../../src/standin.mjs";
import { roleClaims } from "../../src/tokens.mjs";
import { oidcSignIn } from "../amplify/oidc.mjs";
import path from "node:path";

let s, templateFile, user;
const decode = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());

before(async () => {
  templateFile = process.env.LOCAL_TEMPLATE ?? (await prepareTemplate({ log: () => {} }));
  const webDist = process.env.LOCAL_WEB_DIST ?? prepareWeb({ log: () => {} });
  s = await startStandIn({ template: templateFile, webDist });
  user = await oidcSignIn(s, { email: "tokens@example.com", password: "Local-Pass1", signUp: true });
});
after(async () => {
  await s?.stop();
});

const form = (url, params, headers = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(params).toString() });
const awsJson = (url, target, body, headers = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target, ...headers }, body: JSON.stringify(body) });
const userPool = (op, body) => awsJson(`${s.urls.idp}/`, `AWSCognitoIdentityProviderService.${op}`, body);
const identity = (op, body, headers) => awsJson(`${s.urls.identity}/`, `AWSCognitoIdentityService.${op}`, body, headers);

test("the access token is a JWT with Cognito's claims, signed with a key at the pool's jwks.json", async () => {
  const jwks = await (await fetch(`${s.urls.issuer}/.well-known/jwks.json`)).json();
  const { payload, protectedHeader } = await jwtVerify(user.accessToken, createLocalJWKSet(jwks), { issuer: s.urls.issuer, algorithms: ["RS256"] });
  assert.deepEqual(Object.keys(protectedHeader).sort(), ["alg", "kid"]);
  assert.deepEqual(Object.keys(payload).sort(), ["auth_time", "client_id", "event_id", "exp", "iat", "iss", "jti", "origin_jti", "scope", "sub", "token_use", "username"]);
  assert.equal(payload.token_use, "access");
  assert.equal(payload.client_id, s.ids.clientId);
  assert.equal(payload.username, user.claims["cognito:username"]);
  assert.equal(payload.scope, s.config.scopes.join(" "));
  assert.equal(payload.exp - payload.iat, s.settings.accessTokenTtl);
});

test("the ID token has Cognito's claims, shares origin_jti and event_id with the access token, and is signed with the other key", async () => {
  const jwks = await (await fetch(`${s.urls.issuer}/.well-known/jwks.json`)).json();
  assert.equal(jwks.keys.length, 2);
  const { payload, protectedHeader } = await jwtVerify(user.idToken, createLocalJWKSet(jwks), { issuer: s.urls.issuer, audience: s.ids.clientId });
  const at = decode(user.accessToken);
  for (const c of ["sub", "aud", "iss", "exp", "iat", "auth_time", "jti", "at_hash", "email", "email_verified", "cognito:username", "origin_jti", "event_id"]) assert.ok(c in payload, `ID token has ${c}`);
  assert.equal(payload.token_use, "id");
  assert.equal(payload.origin_jti, at.origin_jti);
  assert.equal(payload.event_id, at.event_id);
  assert.equal(payload.auth_time, at.auth_time);
  assert.notEqual(protectedHeader.kid, JSON.parse(Buffer.from(user.accessToken.split(".")[0], "base64url")).kid);
  assert.equal(payload["cognito:groups"], undefined, "no groups claim for a user without groups");
});

test("cognito:roles and cognito:preferred_role come from the groups' roles, the lowest precedence preferred", () => {
  const roles = { a: { roleArn: "arn:aws:iam::1:role/A", precedence: 5 }, b: { roleArn: "arn:aws:iam::1:role/B", precedence: 1 }, c: {} };
  assert.deepEqual(roleClaims(["a", "b", "c"], roles), { "cognito:roles": ["arn:aws:iam::1:role/A", "arn:aws:iam::1:role/B"], "cognito:preferred_role": "arn:aws:iam::1:role/B" });
  assert.deepEqual(roleClaims(["c"], roles), {});
});

test("refreshing (token endpoint and GetTokensFromRefreshToken) keeps origin_jti; GetUser takes the access token; userInfo takes it too", async () => {
  const r = await form(`${s.urls.login}/oauth2/token`, { grant_type: "refresh_token", client_id: s.ids.clientId, refresh_token: user.refreshToken });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(decode(body.access_token).origin_jti, decode(user.accessToken).origin_jti);
  const api = await userPool("GetTokensFromRefreshToken", { ClientId: s.ids.clientId, RefreshToken: user.refreshToken });
  const { AuthenticationResult } = await api.json();
  assert.equal(api.status, 200);
  assert.equal(decode(AuthenticationResult.IdToken).token_use, "id");
  assert.equal(decode(AuthenticationResult.AccessToken).origin_jti, decode(user.accessToken).origin_jti);
  const me = await (await userPool("GetUser", { AccessToken: AuthenticationResult.AccessToken })).json();
  assert.equal(me.Username, decode(user.accessToken).username);
  assert.ok(me.UserAttributes.some((a) => a.Name === "email" && a.Value === "tokens@example.com"));
  const info = await fetch(`${s.urls.login}/oauth2/userInfo`, { headers: { authorization: `Bearer ${user.accessToken}` } });
  assert.equal(info.status, 200);
  assert.equal((await info.json()).email, "tokens@example.com");
});

test("the identity pool takes the real pool's Logins key and the one Amplify derives from the ID token's iss; any other is refused", async () => {
  const canonical = `cognito-idp.${s.config.region}.amazonaws.com/${s.ids.userPoolId}`;
  const derived = s.urls.issuer.replace(/^https?:\/\//, "");
  const ids = [];
  for (const key of [canonical, derived]) {
    const r = await identity("GetId", { IdentityPoolId: s.ids.identityPoolId, Logins: { [key]: user.idToken } });
    assert.equal(r.status, 200, key);
    ids.push((await r.json()).IdentityId);
  }
  assert.equal(ids[0], ids[1]);
  const bad = await identity("GetId", { IdentityPoolId: s.ids.identityPoolId, Logins: { [`cognito-idp.us-east-1.amazonaws.com/${s.ids.userPoolId}`]: user.idToken } });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).__type, "NotAuthorizedException");
  const withAccessToken = await identity("GetId", { IdentityPoolId: s.ids.identityPoolId, Logins: { [derived]: user.accessToken } });
  assert.equal((await withAccessToken.json()).__type, "NotAuthorizedException");
});

test("CORS: the token, revocation, user pool and identity endpoints answer the app client's origins only", async () => {
  const allowed = s.urls.site;
  const other = "http://evil.localhost:1234";
  // What the browser reads: Access-Control-Allow-Origin on the answer itself (a preflight of the
  // token endpoint is answered for any origin, as the client is only known from the body).
  const calls = {
    token: (origin) => form(`${s.urls.login}/oauth2/token`, { grant_type: "refresh_token", client_id: s.ids.clientId, refresh_token: user.refreshToken }, { origin }),
    revoke: (origin) => form(`${s.urls.login}/oauth2/revoke`, { token: "unknown", client_id: s.ids.clientId }, { origin }),
    userPool: (origin) => awsJson(`${s.urls.idp}/`, "AWSCognitoIdentityProviderService.GetUser", { AccessToken: user.accessToken }, { origin }),
    identity: (origin) => identity("GetId", { IdentityPoolId: s.ids.identityPoolId, Logins: {} }, { origin }),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.equal((await call(allowed)).headers.get("access-control-allow-origin"), allowed, name);
    assert.equal((await call(other)).headers.get("access-control-allow-origin"), null, name);
  }
  assert.ok(s.clientOrigins.includes(allowed));
});

test("revocation as Cognito's: an access token is unsupported_token_type; the refresh token revokes itself and its access tokens", async () => {
  const u = await oidcSignIn(s, { email: "tokens@example.com", password: "Local-Pass1" });
  const wrong = await form(`${s.urls.login}/oauth2/revoke`, { token: u.accessToken, client_id: s.ids.clientId });
  assert.equal(wrong.status, 400);
  assert.equal((await wrong.json()).error, "unsupported_token_type");
  const revoked = await userPool("RevokeToken", { ClientId: s.ids.clientId, Token: u.refreshToken });
  assert.equal(revoked.status, 200);
  const again = await form(`${s.urls.login}/oauth2/token`, { grant_type: "refresh_token", client_id: s.ids.clientId, refresh_token: u.refreshToken });
  assert.equal((await again.json()).error, "invalid_grant");
  const getUser = await userPool("GetUser", { AccessToken: u.accessToken });
  assert.deepEqual(await getUser.json(), { __type: "NotAuthorizedException", message: "Access Token has been revoked" });
  const info = await fetch(`${s.urls.login}/oauth2/userInfo`, { headers: { authorization: `Bearer ${u.accessToken}` } });
  assert.equal(info.status, 401);
  const other = await userPool("ListUsers", {});
  assert.equal((await other.json()).__type, "UnsupportedOperationException");
  const unsigned = await userPool("AdminCreateUser", {});
  assert.equal((await unsigned.json()).__type, "MissingAuthenticationTokenException", "admin calls need the operator's signature");
});

test("the site serves amplify_outputs.json: the stack's file plus only the local login domain and endpoints", async () => {
  const served = await (await fetch(`${s.urls.site}/amplify_outputs.json`)).json();
  const stack = amplifyOutputsOf(s.model.resolver, path.dirname(templateFile));
  const local = served.custom.local_stand_in;
  assert.deepEqual(local, { user_pool_endpoint: s.urls.idp, identity_pool_endpoint: s.urls.identity, s3_custom_endpoint: `localhost:${new URL(s.urls.s3).port}` });
  assert.equal(served.auth.oauth.domain, new URL(s.urls.login).host);
  const strip = (o) => {
    const c = structuredClone(o);
    delete c.custom;
    delete c.auth.oauth.domain;
    return c;
  };
  assert.deepEqual(strip(served), strip(stack));
  assert.equal(stack.custom, undefined);
});
