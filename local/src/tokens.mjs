// The user pool's tokens in Cognito's shape. oidc-provider runs the OAuth
// flows and keeps the grants, but its access token is opaque and its ID
// token carries only OIDC's claims; Cognito's are JWTs signed with the keys
// at the pool's jwks.json (access and ID tokens with different keys, as
// Cognito does), and clients read their claims: Amplify JS takes the user's
// `username` and `cognito:groups` from the access token and decides that a
// session can be revoked from its `origin_jti`. So the token endpoint's
// answer is rewritten here (a Koa middleware on the provider):
//   access token: sub, cognito:groups (when any), iss, client_id,
//     origin_jti, event_id, token_use "access", scope, auth_time, exp, iat,
//     jti, username;
//   ID token: oidc-provider's (sub, aud, iss, exp, iat, nonce, email,
//     email_verified, cognito:username, cognito:groups) plus token_use "id",
//     auth_time, jti, origin_jti, event_id, at_hash, cognito:roles and
//     cognito:preferred_role for groups with a role, identities for
//     federated users.
// origin_jti and event_id name the sign-in: tokens refreshed from one
// refresh token share them. Each access token JWT stands for the opaque
// token oidc-provider stored, so revoking the refresh token (/oauth2/revoke
// revokes its grant) or signing the user out everywhere revokes it too.

import crypto from "node:crypto";
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";

async function signingKey() {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = crypto.randomBytes(32).toString("base64");
  return {
    kid,
    privateKey,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
  };
}

/** A UUID-shaped id derived from a secret value (the same input always gives the same id). */
function uuidFrom(label, value) {
  const h = crypto.createHash("sha256").update(`${label}\0${value}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** OIDC's at_hash: the left half of the SHA-256 of the access token, base64url. */
export function atHash(accessToken) {
  return crypto.createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
}

/**
 * The groups' IAM roles as Cognito puts them in ID tokens: cognito:roles
 * (every group's role) and cognito:preferred_role (the role of the group
 * with the lowest precedence). groupRoles: { name: { roleArn, precedence } }.
 */
export function roleClaims(groups = [], groupRoles = {}) {
  const withRole = groups.map((g) => ({ name: g, ...(groupRoles[g] ?? {}) })).filter((g) => g.roleArn);
  if (withRole.length === 0) return {};
  const preferred = [...withRole].sort((a, b) => (a.precedence ?? Infinity) - (b.precedence ?? Infinity))[0];
  return { "cognito:roles": [...new Set(withRole.map((g) => g.roleArn))], "cognito:preferred_role": preferred.roleArn };
}

/**
 * opts: { issuer, users (UserStore), groupRoles }
 * Returns the keys (privateJwks for oidc-provider, publicJwks for
 * jwks.json, keySet for verifying) and:
 *   install(provider): rewrite the token endpoint's answers;
 *   verifyAccessToken(jwt): its claims if it is a live access token of this
 *     pool, else throws;
 *   opaqueFor(jwt): the provider's opaque token it stands for, or undefined.
 */
export async function createCognitoTokens({ issuer, users, groupRoles = {} }) {
  const idKey = await signingKey();
  const accessKey = await signingKey();
  const publicJwks = { keys: [idKey.publicJwk, accessKey.publicJwk] };
  const keySet = createLocalJWKSet(publicJwks);
  const issued = new Map(); // access token jti -> { opaque, exp }
  let provider;

  const sign = (claims, key) => new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: "RS256" }).sign(key.privateKey);

  function forget(nowSec) {
    for (const [jti, e] of issued) if (e.exp < nowSec) issued.delete(jti);
  }

  async function cognitoTokens(body, oidc) {
    const at = oidc.entities.AccessToken;
    const rt = oidc.entities.RefreshToken;
    const source = oidc.entities.AuthorizationCode ?? rt;
    const user = users.bySub(at.accountId);
    const groups = user?.groups ?? [];
    const origin = rt?.jti ?? at.grantId;
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + body.expires_in;
    const common = {
      origin_jti: uuidFrom("origin_jti", origin),
      event_id: uuidFrom("event_id", origin),
      auth_time: source?.authTime ?? iat,
    };
    const jti = crypto.randomUUID();
    forget(iat);
    issued.set(jti, { opaque: body.access_token, exp });
    const accessToken = await sign(
      {
        sub: at.accountId,
        ...(groups.length ? { "cognito:groups": groups } : {}),
        iss: issuer,
        client_id: at.clientId,
        ...common,
        token_use: "access",
        scope: body.scope ?? at.scope,
        exp,
        iat,
        jti,
        username: user?.username ?? at.accountId,
      },
      accessKey,
    );
    const out = { ...body, access_token: accessToken };
    if (body.id_token) {
      const oidcClaims = decodeJwt(body.id_token);
      out.id_token = await sign(
        {
          ...oidcClaims,
          at_hash: atHash(accessToken),
          ...roleClaims(groups, groupRoles),
          ...(user?.identities?.length ? { identities: user.identities } : {}),
          ...common,
          token_use: "id",
          jti: crypto.randomUUID(),
        },
        idKey,
      );
    }
    return out;
  }

  return {
    publicJwks,
    keySet,
    /** oidc-provider's `jwks` (both keys; every token it signs is signed again here). */
    privateJwks: { keys: [idKey.privateJwk, accessKey.privateJwk] },
    install(p) {
      provider = p;
      p.use(async (ctx, next) => {
        await next();
        if (ctx.oidc?.route === "token" && ctx.status === 200 && ctx.body?.access_token && ctx.oidc.entities.AccessToken) {
          ctx.body = await cognitoTokens(ctx.body, ctx.oidc);
        }
      });
    },
    async verifyAccessToken(jwt) {
      const { payload } = await jwtVerify(jwt, keySet, { issuer, algorithms: ["RS256"] });
      if (payload.token_use !== "access") throw new Error("not an access token");
      const e = issued.get(payload.jti);
      if (!e || !(await provider.AccessToken.find(e.opaque))) throw new Error("Access Token has been revoked");
      return payload;
    },
    async opaqueFor(jwt) {
      try {
        const { payload } = await jwtVerify(jwt, keySet, { issuer, algorithms: ["RS256"] });
        return payload.token_use === "access" ? issued.get(payload.jti)?.opaque : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
