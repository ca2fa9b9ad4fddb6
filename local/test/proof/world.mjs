// One configuration's template as the proof sees it: the identity pool's
// roles (authenticated, unauthenticated, one per user-pool group), the
// buckets, the callers, and an evaluate() that builds the request context
// the credentials of each caller carry and refuses results in which the
// evaluator dropped a key a policy variable needs.

import { loadPolicyModel } from "../../src/iam/index.mjs";
import { CLEAN, expectedAllowed, SCAN_TAG } from "./oracle.mjs";

export const REGION = "eu-west-1";
export const POOL = `${REGION}:00000000-0000-4000-8000-000000000000`;
export const OWNER_TAG = "aws:PrincipalTag/owner";
export const COGNITO_SUB = "cognito-identity.amazonaws.com:sub";

/**
 * The keys that fill the owner's policy variable in each mode. If the
 * evaluator ignores one of them the variable resolves to nothing and every
 * per-identity grant is denied: evaluate() throws instead.
 */
export const VARIABLE_KEYS = [COGNITO_SUB, OWNER_TAG];

/**
 * Callers. "aaaa" is a prefix of "aaaa1", for identity ids and for user pool
 * subs alike. Identity ids and subs differ, so a policy keyed by the wrong
 * one fails the must-allow cases.
 */
export const USERS = {
  A: { label: "A", identityId: `${REGION}:aaaa`, sub: "5d3c2b1a-0f9e-4d8c-9b7a-6f5e4d3c2b1a" },
  A1: { label: "A1", identityId: `${REGION}:aaaa1`, sub: "5d3c2b1a-0f9e-4d8c-9b7a-6f5e4d3c2b1a1" },
  B: { label: "B", identityId: `${REGION}:7c9e6679-7425-40de-944b-e07fc1f90ae7`, sub: "e02fd0e4-00fd-490a-8d3e-0d5c9f2a7b61" },
  G: { label: "G", identityId: `${REGION}:0f8fad5b-d9cb-469f-a165-70867728950e`, sub: undefined }, // a guest: no user pool user
};

export class World {
  constructor(config, templateFile) {
    this.config = config;
    this.levels = config.levels;
    this.mode = config.levels.ownerKey;
    this.model = loadPolicyModel(templateFile);
    const m = this.model;
    const r = m.resolver;
    const roleByArn = new Map([...m.roles.values()].map((x) => [x.arn, x]));

    // The identity pool.
    const pools = r.ofType("AWS::Cognito::IdentityPool");
    if (pools.length !== 1) throw new Error(`expected one identity pool, found ${pools.length}`);
    this.identityPool = r.properties(pools[0]);
    this.attachment = r.properties(r.ofType("AWS::Cognito::IdentityPoolRoleAttachment")[0]);
    this.authenticatedRole = m.authenticatedRole;
    this.unauthenticatedRole = m.unauthenticatedRole;

    // User-pool groups and their roles.
    this.groupRoles = new Map();
    for (const id of r.ofType("AWS::Cognito::UserPoolGroup")) {
      const g = r.properties(id);
      const role = roleByArn.get(g.RoleArn);
      if (!role) throw new Error(`group ${g.GroupName} has role ${g.RoleArn}, which the template does not define`);
      this.groupRoles.set(g.GroupName, { role, precedence: g.Precedence });
    }

    // Roles a Cognito identity can get: trusted by cognito-identity.amazonaws.com.
    this.cognitoRoles = [...m.roles.values()].filter((x) =>
      (x.trustPolicy?.Statement ?? []).some((s) => [s.Principal?.Federated].flat().includes("cognito-identity.amazonaws.com")),
    );

    // Buckets: the data bucket (the model finds it), the site bucket (read by CloudFront), the logs bucket (written by S3 logging).
    const byPrincipal = (service) =>
      [...m.buckets.values()].find((b) => (b.policy?.Statement ?? []).some((s) => [s.Principal?.Service].flat().includes(service)));
    this.buckets = { data: m.dataBucket, site: byPrincipal("cloudfront.amazonaws.com"), logs: byPrincipal("logging.s3.amazonaws.com") };
    for (const [k, b] of Object.entries(this.buckets)) if (!b) throw new Error(`no ${k} bucket found in the template`);
  }

  /** The folder name of a user in this mode. */
  owner(user) {
    return this.mode === "userPoolSub" ? user.sub : user.identityId;
  }

  /** Principals to evaluate as: the authenticated role, each group's role, the guest role. */
  principals() {
    const out = [{ kind: "authenticated", label: "signed-in user", role: this.authenticatedRole }];
    for (const [group, { role }] of this.groupRoles) out.push({ kind: "group", group, label: `${group} member`, role });
    if (this.unauthenticatedRole) out.push({ kind: "guest", label: "guest", role: this.unauthenticatedRole });
    return out;
  }

  /** The request context a caller's identity-pool credentials carry. */
  context(principal, user, { secure = true, tls = "1.3" } = {}) {
    const guest = principal.kind === "guest";
    const ctx = {
      [COGNITO_SUB]: user.identityId,
      "cognito-identity.amazonaws.com:aud": POOL,
      "cognito-identity.amazonaws.com:amr": guest ? ["unauthenticated"] : ["authenticated", `cognito-idp.${REGION}.amazonaws.com/${REGION}_Local`],
      "aws:SecureTransport": secure ? "true" : "false",
      "s3:TlsVersion": tls,
    };
    // ownerKey=userPoolSub: the identity pool maps the id token's sub to the principal tag "owner" (users only, not guests).
    if (this.mode === "userPoolSub" && !guest && user.sub) ctx[OWNER_TAG] = user.sub;
    return ctx;
  }

  /**
   * Evaluates req as principal with user's credentials.
   * req: { action, bucket: "data" | "site" | "logs" | "*", key?, prefix?, delimiter?, secure?, tls?, drop?: [keys], set?: {k: v} }
   */
  async evaluate(principal, user, req) {
    const b = req.bucket === "*" ? undefined : this.buckets[req.bucket];
    const resource = req.bucket === "*" ? "*" : req.key !== undefined ? `${b.arn}/${req.key}` : b.arn;
    const context = { ...this.context(principal, user, req), ...(req.set ?? {}) };
    if (req.prefix !== undefined) context["s3:prefix"] = req.prefix;
    if (req.delimiter !== undefined) context["s3:delimiter"] = req.delimiter;
    Object.assign(context, this.objectContext(req));
    for (const k of req.drop ?? []) delete context[k];
    const r = await this.model.evaluate({ role: principal.role, action: req.action, resource, context });
    const lost = r.ignoredContextKeys.filter((k) => VARIABLE_KEYS.some((v) => v.toLowerCase() === k.toLowerCase()));
    if (lost.length) throw new Error(`the evaluator ignored ${lost.join(", ")}: the owner's policy variable would match nothing`);
    return { ...r, resource };
  }

  /**
   * The object's and the write's tags as S3 puts them in the context. With
   * malwareScan a request reads a clean version unless req.tag says
   * otherwise (null: not scanned yet).
   */
  objectContext(req) {
    const ctx = {};
    const tag = req.tag === undefined && this.levels.malwareScan ? CLEAN : req.tag;
    if (tag !== undefined && tag !== null && req.key !== undefined) ctx[`s3:ExistingObjectTag/${SCAN_TAG}`] = tag;
    if (req.requestTags) {
      ctx["s3:RequestObjectTagKeys"] = Object.keys(req.requestTags);
      for (const [k, v] of Object.entries(req.requestTags)) ctx[`s3:RequestObjectTag/${k}`] = v;
    }
    if (req.copySource !== undefined) ctx["s3:x-amz-copy-source"] = req.copySource;
    return ctx;
  }

  /** The oracle's answer (README table) for principal/user/req. */
  expected(principal, user, req) {
    const who = { kind: principal.kind, group: principal.group, owner: principal.kind === "guest" ? undefined : this.owner(user) };
    const tag = req.tag === undefined && this.levels.malwareScan ? CLEAN : req.tag;
    return expectedAllowed(this.levels, who, { secure: true, tls: "1.3", ...req, tag, dataBucket: this.buckets.data.name });
  }
}
