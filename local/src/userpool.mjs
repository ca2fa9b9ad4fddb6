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
// Every other operation answers UnsupportedOperationException (the sign-in
// flows are managed login's; the app client allows only refresh-token auth).

import { jsonService, ServiceError } from "./awsjson.mjs";

/**
 * opts: { clientId, loginUrl (the managed login's origin), tokens (tokens.mjs),
 *         users (UserStore), signOutEverywhere(sub), allowedOrigins, next(req, res) }
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
