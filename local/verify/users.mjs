// The two throwaway users: created with the admin API (verified email,
// permanent password: they sign in without a challenge), signed in through
// the site, and their identity-pool credentials from the ID token.

import { AdminCreateUserCommand, AdminSetUserPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import { GetCredentialsForIdentityCommand, GetIdCommand } from "@aws-sdk/client-cognito-identity";
import { throwawayEmail, throwawayPassword } from "./password.mjs";
import { signInThroughSite } from "./signin.mjs";

/** Creates a user (recorded in the ledger before the call, so an interrupted create is still cleaned up). */
export async function createUser(ctx, who) {
  const { outputs } = ctx.target;
  const email = throwawayEmail(ctx.runId, who);
  const password = throwawayPassword(ctx.amplify?.auth?.password_policy);
  ctx.ledger.users.add(email);
  await ctx.clients.admin.idp.send(
    new AdminCreateUserCommand({
      UserPoolId: outputs.UserPoolId,
      Username: email,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await ctx.clients.admin.idp.send(new AdminSetUserPasswordCommand({ UserPoolId: outputs.UserPoolId, Username: email, Password: password, Permanent: true }));
  return { who, email, password };
}

/**
 * The name of a user's folder under the owner prefix: the identity id, or
 * with ownerKey "userPoolSub" (config.json) the ID token's sub.
 */
export function ownerIdOf(config, identityId, idToken) {
  if (config?.ownerKey !== "userPoolSub") return identityId;
  return JSON.parse(Buffer.from(idToken.split(".")[1], "base64url").toString("utf8")).sub;
}

/** The identity pool's Logins key for the user pool. */
export const loginsKey = (outputs) => `cognito-idp.${outputs.Region}.amazonaws.com/${outputs.UserPoolId}`;

/** GetId + GetCredentialsForIdentity with the ID token, as the app does. */
export async function identityCredentials(ctx, idToken) {
  const { outputs } = ctx.target;
  const Logins = { [loginsKey(outputs)]: idToken };
  const { IdentityId } = await ctx.clients.identity.send(new GetIdCommand({ IdentityPoolId: outputs.IdentityPoolId, Logins }));
  ctx.ledger.identities.add(IdentityId);
  const { Credentials } = await ctx.clients.identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));
  return {
    identityId: IdentityId,
    credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken, expiration: Credentials.Expiration },
  };
}

/**
 * Sets up users A and B, one report line per step and user. Returns the
 * users (with email, idToken, identityId, credentials, prefix) or undefined when a
 * step failed (the checks that need them cannot run).
 */
export async function setUpUsers(ctx) {
  const users = [];
  for (const who of ["a", "b"]) {
    const step = async (name, fn) => {
      try {
        const out = await fn();
        ctx.report.pass(name, out.detail);
        return out;
      } catch (e) {
        ctx.report.fail(name, `${e.name}: ${e.message}`);
        return undefined;
      }
    };
    const u = await step(`user ${who}: created (AdminCreateUser, AdminSetUserPassword)`, async () => {
      const made = await createUser(ctx, who);
      return { ...made, detail: made.email };
    });
    if (!u) return undefined;
    const signedIn = await step(`user ${who}: signs in through the site and managed login`, async () => {
      const idToken = await signInThroughSite(ctx.browser, { siteUrl: ctx.target.outputs.SiteUrl, email: u.email, password: u.password, ignoreHTTPSErrors: ctx.target.ignoreHTTPSErrors });
      return { idToken, detail: "ID token received" };
    });
    if (!signedIn) return undefined;
    const id = await step(`user ${who}: identity-pool credentials (GetId, GetCredentialsForIdentity)`, async () => {
      const got = await identityCredentials(ctx, signedIn.idToken);
      const prefix = `${ctx.ownerPrefix}${ownerIdOf(ctx.config, got.identityId, signedIn.idToken)}/`;
      ctx.ledger.folders.add(prefix);
      return { ...got, prefix, detail: `${got.identityId}, folder ${prefix}` };
    });
    if (!id) return undefined;
    users.push({ ...u, idToken: signedIn.idToken, identityId: id.identityId, credentials: id.credentials, prefix: id.prefix });
  }
  return users;
}
