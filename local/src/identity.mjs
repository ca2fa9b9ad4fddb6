// The identity pool: Cognito Identity's JSON protocol (GetId,
// GetCredentialsForIdentity) for the user pool's ID tokens. Each user gets a
// stable identity id "<region>:<uuid>"; the credentials are temporary keys
// bound to that identity and to the pool's authenticated role, which the S3
// endpoint looks up to verify signatures and to fill the request context.

import crypto from "node:crypto";
import { jwtVerify, errors as joseErrors } from "jose";

export class CredentialsRegistry {
  constructor() {
    this.byKey = new Map();
  }

  /** Issues temporary credentials (AccessKeyId ASIA..., SecretKey, SessionToken, Expiration). */
  issue({ identityId, identityPoolId, roleArn, amr, sub }, ttlSeconds) {
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
}

class CognitoError extends Error {
  constructor(type, message, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

/**
 * opts: { region, identityPoolId, userPoolId, clientId, issuer, keySet (jose key set function),
 *         roleArn, credentials: CredentialsRegistry, identities: IdentityStore,
 *         allowedOrigins: string[], credentialsTtl(): seconds, userExists(sub): boolean }
 */
export function createIdentityHandler(opts) {
  const providerName = `cognito-idp.${opts.region}.amazonaws.com/${opts.userPoolId}`;

  async function verifyLogins(logins) {
    if (!logins || typeof logins !== "object" || Object.keys(logins).length === 0) {
      throw new CognitoError("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.");
    }
    const token = logins[providerName];
    if (typeof token !== "string") {
      throw new CognitoError("NotAuthorizedException", `Invalid login token. Can't find a provider named ${Object.keys(logins)[0]}`);
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, opts.keySet, { issuer: opts.issuer, audience: opts.clientId, algorithms: ["RS256"] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) {
        const exp = e.payload?.exp;
        throw new CognitoError("NotAuthorizedException", `Invalid login token. Token expired: ${exp} >= ${Math.floor(Date.now() / 1000)}`);
      }
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "iss") {
        throw new CognitoError("NotAuthorizedException", "Invalid login token. Issuer doesn't match providerName");
      }
      if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "aud") {
        throw new CognitoError("NotAuthorizedException", "Invalid login token. Incorrect token audience.");
      }
      throw new CognitoError("NotAuthorizedException", "Invalid login token. Not a valid OpenId Connect identity token.");
    }
    if (payload.token_use !== "id") throw new CognitoError("NotAuthorizedException", "Invalid login token. Not a valid OpenId Connect identity token.");
    // ServerSideTokenCheck: the user must still exist in the user pool.
    if (opts.userExists && !opts.userExists(payload.sub)) throw new CognitoError("NotAuthorizedException", "Invalid login token. Token is not from a supported provider of this identity pool.");
    return payload;
  }

  const ops = {
    async GetId(body) {
      if (body.IdentityPoolId !== opts.identityPoolId) {
        throw new CognitoError("ResourceNotFoundException", `IdentityPool '${body.IdentityPoolId}' not found.`);
      }
      const claims = await verifyLogins(body.Logins);
      return { IdentityId: opts.identities.idFor(claims.sub) };
    },
    async GetCredentialsForIdentity(body) {
      const identityId = body.IdentityId;
      if (typeof identityId !== "string" || !opts.identities.has(identityId)) {
        throw new CognitoError("ResourceNotFoundException", `Identity '${identityId}' not found.`);
      }
      if (body.CustomRoleArn) {
        throw new CognitoError("InvalidParameterException", "CustomRoleArn is not allowed: the identity pool has no role rules.");
      }
      const claims = await verifyLogins(body.Logins);
      if (opts.identities.idFor(claims.sub) !== identityId) {
        throw new CognitoError("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool.");
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

  return async function identity(req, res) {
    const origin = req.headers.origin;
    const cors = {};
    if (origin && opts.allowedOrigins.includes(origin)) {
      cors["access-control-allow-origin"] = origin;
      cors["access-control-expose-headers"] = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date";
      cors.vary = "Origin";
    }
    if (req.method === "OPTIONS") {
      res.writeHead(origin && cors["access-control-allow-origin"] ? 200 : 403, {
        ...cors,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "content-type, x-amz-target",
        "access-control-max-age": "172800",
        "content-length": "0",
      });
      return res.end();
    }
    const requestId = crypto.randomUUID();
    const reply = (status, obj, extra = {}) => {
      const body = Buffer.from(JSON.stringify(obj));
      res.writeHead(status, { ...cors, "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId, "content-length": String(body.length), ...extra });
      res.end(body);
    };
    const fail = (e) => reply(e.status, { __type: e.type, message: e.message }, { "x-amzn-errortype": `${e.type}:` });
    try {
      if (req.method !== "POST" || (req.url !== "/" && !req.url.startsWith("/?"))) throw new CognitoError("UnknownOperationException", "", 404);
      const target = req.headers["x-amz-target"] ?? "";
      const [svc, op] = target.split(".");
      if (svc !== "AWSCognitoIdentityService" || !ops[op]) throw new CognitoError("UnknownOperationException", `Unknown operation ${target}`);
      if (!/^application\/x-amz-json-1\.[01]/.test(req.headers["content-type"] ?? "")) {
        throw new CognitoError("SerializationException", "Content-Type must be application/x-amz-json-1.1");
      }
      const chunks = [];
      for await (const c of req) chunks.push(c);
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        throw new CognitoError("SerializationException", "Start of structure or map found where not expected.");
      }
      reply(200, await ops[op](body));
    } catch (e) {
      if (e instanceof CognitoError) return fail(e);
      console.error("[identity] internal error", e);
      fail(new CognitoError("InternalErrorException", "Internal error", 500));
    }
  };
}
