// The identity pool: Cognito Identity's JSON protocol (GetId,
// GetCredentialsForIdentity) for the user pool's ID tokens. Each user gets a
// stable identity id "<region>:<uuid>"; the credentials are temporary keys
// bound to that identity and to the pool's authenticated role, which the S3
// endpoint looks up to verify signatures and to fill the request context.

import crypto from "node:crypto";
import { jwtVerify, errors as joseErrors } from "jose";
import { jsonService, requireOperator, ServiceError } from "./awsjson.mjs";

export class CredentialsRegistry {
  constructor() {
    this.byKey = new Map();
  }

  /**
   * Issues temporary credentials (AccessKeyId ASIA..., SecretKey, SessionToken, Expiration).
   * service: a service role's session (the share function's): S3 evaluates it as roleArn
   * (s3.mjs roleOf) and without the identity pool's context keys.
   */
  issue({ identityId, identityPoolId, roleArn, amr, sub, service = false }, ttlSeconds) {
    const issuedAt = new Date();
    const rec = {
      accessKeyId: "ASIA" + crypto.randomBytes(10).toString("hex").toUpperCase().slice(0, 16),
      secretAccessKey: crypto.randomBytes(30).toString("base64"),
      sessionToken: "IQoJb3JpZ2luX2VjE" + crypto.randomBytes(240).toString("base64"),
      expiration: new Date(Math.floor((issuedAt.getTime() + ttlSeconds * 1000) / 1000) * 1000),
      issuedAt,
      identityId,
      identityPoolId,
      roleArn,
      amr,
      sub,
      service,
    };
    this.byKey.set(rec.accessKeyId, rec);
    return rec;
  }

  /**
   * A long-term access key (AKIA..., no session token) of the account's
   * operator: S3 evaluates it as an administrator (PolicyModel.operatorRole),
   * the user pool API accepts its admin calls.
   */
  issueOperator(roleArn) {
    const rec = {
      accessKeyId: "AKIA" + crypto.randomBytes(10).toString("hex").toUpperCase().slice(0, 16),
      secretAccessKey: crypto.randomBytes(30).toString("base64"),
      operator: true,
      roleArn,
      issuedAt: new Date(),
    };
    this.byKey.set(rec.accessKeyId, rec);
    return rec;
  }

  lookup(accessKeyId) {
    return this.byKey.get(accessKeyId);
  }

  /** Makes matching credentials expire now (all when no filter). Returns how many. */
  expire(filter = () => true) {
    let n = 0;
    const now = new Date(Date.now() - 1000);
    for (const r of this.byKey.values()) {
      if (filter(r) && r.expiration > now) {
        r.expiration = now;
        n++;
      }
    }
    return n;
  }
}

/** sub -> identity id, stable for the life of the store (persisted by the caller via onChange). */
export class IdentityStore {
  constructor(region, initial = {}, onChange = () => {}) {
    this.region = region;
    this.bySub = new Map(Object.entries(initial));
    this.onChange = onChange;
  }
  idFor(sub) {
    let id = this.bySub.get(sub);
    if (!id) {
      id = `${this.region}:${crypto.randomUUID()}`;
      this.bySub.set(sub, id);
      this.onChange(Object.fromEntries(this.bySub));
    }
    return id;
  }
  has(identityId) {
    return [...this.bySub.values()].includes(identityId);
  }
  /** Forgets an identity (DeleteIdentities); false when there was none. */
  delete(identityId) {
    const sub = [...this.bySub].find(([, id]) => id === identityId)?.[0];
    if (sub === undefined) return false;
    this.bySub.delete(sub);
    this.onChange(Object.fromEntries(this.bySub));
    return true;
  }
}

/**
 * The Logins keys the identity pool accepts for its user pool:
 *   - `cognito-idp.<region>.amazonaws.com/<userPoolId>`, the real pool's
 *     provider name (what the web app and the AWS docs use);
 *   - the ID token's `iss` without its scheme, `127.0.0.1:<port>/<userPoolId>`:
 *     what Amplify JS and the AWS SDK's fromCognitoIdentityPool derive from the
 *     token (on AWS the two are the same string).
 * The issuer stays the stand-in's own URL (its JWKS and discovery live
 * there); a token is accepted under either key, and the identity's `amr`
 * always names the real provider.
 */
export function loginsKeys({ region, userPoolId, issuer }) {
  return [`cognito-idp.${region}.amazonaws.com/${userPoolId}`, issuer.replace(/^\w+:\/\//, "")];
}

/**
 * opts: { region, identityPoolId, userPoolId, clientId, issuer, keySet (jose key set function),
 *         roleArn, credentials: CredentialsRegistry, identities: IdentityStore,
 *         allowedOrigins: string[], credentialsTtl(): seconds, userExists(sub): boolean }
 * DeleteIdentities is the operator's (signed with its key; see requireOperator).
 */
export function createIdentityHandler(opts) {
  const [providerName, ...aliases] = loginsKeys(opts);
  const accepted = [providerName, ...aliases];

  async function verifyLogins(logins) {
    if (!logins || typeof logins !== "object" || Object.keys(logins).length === 0) {
      throw new ServiceError("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.");
    }
    const key = Object.keys(logins).find((k) => accepted.includes(k));
    const token = key && logins[key];
    if (typeof token !== "string") {
      throw new ServiceError("NotAuthorizedException", `Invalid login token. Can't find a provider named ${Object.keys(logins)[0]}`);
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, opts.keySet, { issuer: opts.issuer, audience: opts.clientId, algorithms: ["RS256"] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) {
        const exp = e.payload?.exp;
        throw new ServiceError("NotAuthorizedException", `Invalid login token. Token expired: ${exp} >= ${Math.floor(Date.now() / 1000)}`);
      }
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "iss") {
        throw new ServiceError("NotAuthorizedException", "Invalid login token. Issuer doesn't match providerName");
      }
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "aud") {
        throw new ServiceError("NotAuthorizedException", "Invalid login token. Incorrect token audience.");
      }
      throw new ServiceError("NotAuthorizedException", "Invalid login token. Not a valid OpenId Connect identity token.");
    }
    if (payload.token_use !== "id") throw new ServiceError("NotAuthorizedException", "Invalid login token. Not a valid OpenId Connect identity token.");
    // ServerSideTokenCheck: the user must still exist in the user pool.
    if (opts.userExists && !opts.userExists(payload.sub)) throw new ServiceError("NotAuthorizedException", "Invalid login token. Token is not from a supported provider of this identity pool.");
    return payload;
  }

  const ops = {
    async GetId(body) {
      if (body.IdentityPoolId !== opts.identityPoolId) {
        throw new ServiceError("ResourceNotFoundException", `IdentityPool '${body.IdentityPoolId}' not found.`);
      }
      const claims = await verifyLogins(body.Logins);
      return { IdentityId: opts.identities.idFor(claims.sub) };
    },
    async GetCredentialsForIdentity(body) {
      const identityId = body.IdentityId;
      if (typeof identityId !== "string" || !opts.identities.has(identityId)) {
        throw new ServiceError("ResourceNotFoundException", `Identity '${identityId}' not found.`);
      }
      if (body.CustomRoleArn) {
        throw new ServiceError("InvalidParameterException", "CustomRoleArn is not allowed: the identity pool has no role rules.");
      }
      const claims = await verifyLogins(body.Logins);
      if (opts.identities.idFor(claims.sub) !== identityId) {
        throw new ServiceError("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool.");
      }
      const rec = opts.credentials.issue(
        {
          identityId,
          identityPoolId: opts.identityPoolId,
          roleArn: opts.roleArn,
          sub: claims.sub,
          amr: ["authenticated", providerName, `${providerName}:CognitoSignIn:${claims.sub}`],
        },
        opts.credentialsTtl(),
      );
      return {
        IdentityId: identityId,
        Credentials: {
          AccessKeyId: rec.accessKeyId,
          SecretKey: rec.secretAccessKey,
          SessionToken: rec.sessionToken,
          Expiration: Math.floor(rec.expiration.getTime() / 1000),
        },
      };
    },
  };

  ops.DeleteIdentities = async (body, req) => {
    requireOperator(req, { region: opts.region, service: "cognito-identity", lookupCredentials: (k) => opts.credentials.lookup(k), action: "cognito-identity:DeleteIdentities", resource: opts.identityPoolId });
    const ids = body.IdentityIdsToDelete;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 60) throw new ServiceError("InvalidParameterException", "IdentityIdsToDelete must hold 1 to 60 identity ids.");
    for (const id of ids) {
      opts.credentials.expire((c) => c.identityId === id);
      opts.identities.delete(id);
    }
    return { UnprocessedIdentityIds: [] };
  };
  return jsonService("AWSCognitoIdentityService", ops, { allowedOrigins: opts.allowedOrigins, name: "identity" });
}
