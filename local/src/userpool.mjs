// The user pool's API (cognito-idp's JSON protocol, X-Amz-Target:
// AWSCognitoIdentityProviderService.*), the operations a browser client of
// managed login calls after signing in. On AWS it shares its host with the
// issuer (https://cognito-idp.<region>.amazonaws.com/ and
// .../<userPoolId>/.well-known/...); here it is POST / on the issuer's port,
// which Amplify's `userPoolEndpoint` option points at.
//   GetTokensFromRefreshToken, InitiateAuth (REFRESH_TOKEN_AUTH): new access
//     and ID tokens from the refresh token (Amplify's token refresh);
//   RevokeToken: as /oauth2/revoke (Amplify's signOut);
//   GetUser: the user's attributes for a live access token;
//   GlobalSignOut: revokes every token of the user.
// Each runs through the managed login's own endpoints, so the tokens and
// the revocation rules are the same as on /oauth2/token and /oauth2/revoke.
//   AdminCreateUser, AdminSetUserPassword, AdminDeleteUser: the operator's
//     calls (make verify's throwaway users), SigV4-signed for service
//     cognito-idp with the stand-in's operator key (any other signer is
//     AccessDeniedException, none MissingAuthenticationTokenException).
// Every other operation answers UnsupportedOperationException (the sign-in
// flows are managed login's; the app client allows only refresh-token auth).

import crypto from "node:crypto";
import { jsonService, requireOperator, ServiceError } from "./awsjson.mjs";

/**
 * The admin operations, for requests signed with an operator key
 * (credentials record with operator: true) of lookupCredentials.
 * opts: { region, userPoolId, users (UserStore), passwordPolicy, signOutEverywhere(sub), lookupCredentials(accessKeyId) }
 */
export function adminOperations(opts) {
  function pool(body) {
    if (body.UserPoolId !== opts.userPoolId) throw new ServiceError("ResourceNotFoundException", `User pool ${body.UserPoolId} does not exist.`);
  }
  function user(name) {
    const u = opts.users.byEmail(name) ?? opts.users.bySub(name);
    if (!u) throw new ServiceError("UserNotFoundException", "User does not exist.");
    return u;
  }
  const asServiceError = (e) => (e instanceof ServiceError ? e : new ServiceError(e.name && e.name !== "Error" ? e.name : "InvalidParameterException", e.message));
  const admin = (op, fn) => async (body, req) => {
    requireOperator(req, { region: opts.region, service: "cognito-idp", lookupCredentials: opts.lookupCredentials, action: `cognito-idp:${op}`, resource: opts.userPoolId });
    pool(body);
    try {
      return await fn(body);
    } catch (e) {
      throw asServiceError(e);
    }
  };
  return {
    AdminCreateUser: admin("AdminCreateUser", (b) => {
      const attrs = Object.fromEntries((b.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      const temporary = b.TemporaryPassword ?? `Tmp-${crypto.randomBytes(6).toString("hex")}aA1!`;
      const u = opts.users.adminCreate(attrs.email ?? b.Username, temporary, opts.passwordPolicy);
      const attributes = [{ Name: "sub", Value: u.sub }, { Name: "email", Value: u.email }, { Name: "email_verified", Value: attrs.email_verified ?? "false" }];
      return { User: { Username: u.sub, Attributes: attributes, UserCreateDate: Date.parse(u.createdAt) / 1000, UserLastModifiedDate: Date.parse(u.createdAt) / 1000, Enabled: true, UserStatus: u.status } };
    }),
    AdminSetUserPassword: admin("AdminSetUserPassword", (b) => {
      opts.users.adminSetPassword(user(b.Username).email, b.Password, b.Permanent === true, opts.passwordPolicy);
      return {};
    }),
    AdminDeleteUser: admin("AdminDeleteUser", async (b) => {
      const u = user(b.Username);
      await opts.signOutEverywhere(u.sub);
      opts.users.delete(u.email);
      return {};
    }),
  };
}

/**
 * opts: { clientId, loginUrl (the managed login's origin), tokens (tokens.mjs),
 *         users (UserStore), signOutEverywhere(sub), allowedOrigins, next(req, res),
 *         admin: adminOperations(...) (optional) }
 */
export function createUserPoolHandler(opts) {
  const form = (path, params) =>
    fetch(`${opts.loginUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });

  function checkClient(clientId) {
    if (clientId !== opts.clientId) throw new ServiceError("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
  }

  async function refresh(clientId, refreshToken) {
    checkClient(clientId);
    if (typeof refreshToken !== "string" || !refreshToken) throw new ServiceError("InvalidParameterException", "Missing required parameter REFRESH_TOKEN");
    const res = await form("/oauth2/token", { grant_type: "refresh_token", client_id: clientId, refresh_token: refreshToken });
    const body = await res.json();
    if (res.status !== 200) throw new ServiceError("NotAuthorizedException", body.error === "invalid_grant" ? "Invalid Refresh Token" : body.error_description ?? body.error);
    // No RefreshToken: the client does not rotate them (Cognito returns one only with rotation on).
    return { AuthenticationResult: { AccessToken: body.access_token, ExpiresIn: body.expires_in, IdToken: body.id_token, TokenType: "Bearer" }, ChallengeParameters: {} };
  }

  async function liveUser(accessToken) {
    let claims;
    try {
      claims = await opts.tokens.verifyAccessToken(accessToken ?? "");
    } catch (e) {
      throw new ServiceError("NotAuthorizedException", /revoked/.test(e.message) ? "Access Token has been revoked" : "Invalid Access Token");
    }
    const user = opts.users.bySub(claims.sub);
    if (!user) throw new ServiceError("UserNotFoundException", "User does not exist.");
    return { claims, user };
  }

  const ops = {
    ...(opts.admin ?? {}),
    GetTokensFromRefreshToken: (b) => refresh(b.ClientId, b.RefreshToken),
    async InitiateAuth(b) {
      if (b.AuthFlow !== "REFRESH_TOKEN_AUTH" && b.AuthFlow !== "REFRESH_TOKEN") {
        throw new ServiceError("InvalidParameterException", `Auth flow not enabled for this client: ${b.AuthFlow} (the app client allows ALLOW_REFRESH_TOKEN_AUTH only)`);
      }
      return refresh(b.ClientId, b.AuthParameters?.REFRESH_TOKEN);
    },
    async RevokeToken(b) {
      checkClient(b.ClientId);
      const res = await form("/oauth2/revoke", { token: b.Token ?? "", client_id: b.ClientId });
      if (res.status === 200) return {};
      const body = await res.json().catch(() => ({}));
      if (body.error === "unsupported_token_type") throw new ServiceError("UnsupportedTokenTypeException", "Unsupported token type");
      throw new ServiceError("InvalidParameterException", body.error_description ?? body.error ?? `revocation answered ${res.status}`);
    },
    async GetUser(b) {
      const { claims, user } = await liveUser(b.AccessToken);
      const attributes = { sub: user.sub, email: user.email, email_verified: "true", ...(user.name ? { name: user.name } : {}) };
      return { Username: claims.username, UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })) };
    },
    async GlobalSignOut(b) {
      const { user } = await liveUser(b.AccessToken);
      await opts.signOutEverywhere(user.sub);
      return {};
    },
  };
  const otherOperation = (op) => {
    throw new ServiceError("UnsupportedOperationException", `${op} is not played by the local stand-in (managed login signs users in)`);
  };
  return jsonService("AWSCognitoIdentityProviderService", ops, { allowedOrigins: opts.allowedOrigins, name: "user pool", next: opts.next, otherOperation });
}
