// aws-amplify (v6, pinned) in Node, configured from amplify_outputs.json
// as a front end would be: Amplify.configure(outputs, { Auth: { tokenProvider,
// credentialsProvider } }). Amplify's SRP sign-in is not played by the
// stand-in (and the app client allows only refresh-token flows), so the
// tokens come from the managed login (oidc.mjs) and the identity pool's
// credentials from the stand-in's identity endpoint, handed to Amplify
// through its documented custom-provider interfaces. Storage requests go
// through createPathStyleFetch (src/amplify.mjs) to the stand-in's S3.

import { Amplify } from "aws-amplify";
import { listPaths } from "@aws-amplify/storage/internals";

const decode = (t) => JSON.parse(Buffer.from(t.split(".")[1], "base64url").toString());

/**
 * A JWT as Amplify holds it ({ payload, toString }). The stand-in's access
 * tokens are JWTs with Cognito's claims (Amplify's listPaths reads
 * `cognito:groups` there); the sessions made up for the listPaths checks
 * (no sign-in) carry a placeholder, whose payload is built from the ID
 * token's claims.
 */
function jwt(token, payload) {
  return { payload, toString: () => token };
}

/**
 * session: { idToken, accessToken, identityId, credentials } (signed in),
 * or { identityId, credentials } (guest), or a function returning one
 * (called on each fetchAuthSession).
 */
export function configureAmplify(outputs, session) {
  const current = () => (typeof session === "function" ? session() : session);
  const tokenProvider = {
    async getTokens() {
      const s = current();
      if (!s.idToken) return null;
      const claims = decode(s.idToken);
      return {
        idToken: jwt(s.idToken, claims),
        accessToken: jwt(
          s.accessToken,
          s.accessToken.split(".").length === 3
            ? decode(s.accessToken)
            : { sub: claims.sub, token_use: "access", exp: claims.exp, iat: claims.iat, ...(claims["cognito:groups"] ? { "cognito:groups": claims["cognito:groups"] } : {}) },
        ),
      };
    },
  };
  const credentialsProvider = {
    async getCredentialsAndIdentityId() {
      const s = current();
      return { credentials: s.credentials, identityId: s.identityId };
    },
    clearCredentialsAndIdentityId() {},
  };
  Amplify.configure(outputs, { Auth: { tokenProvider, credentialsProvider } });
  return Amplify;
}

/** The locations Amplify's listPaths (what Amplify UI's Storage Browser lists) gives the configured session. */
export async function amplifyLocations() {
  return (await listPaths()).locations;
}
