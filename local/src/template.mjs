// Reads a synthesized CloudFormation template and resolves its intrinsic
// functions with fixed local values, the way CloudFormation would at deploy
// time: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If,
// Fn::Equals/And/Or/Not, Fn::Base64 and the pseudo-parameters.
//
// Strings are never rewritten: IAM policy variables such as
// "${cognito-identity.amazonaws.com:sub}" inside a Fn::Join stay as they are
// (only Fn::Sub expands ${...}).

import fs from "node:fs";

/** The fixed account, region and partition the stand-in plays. */
export const LOCAL_ENV = Object.freeze({
  account: "000000000000",
  region: "eu-west-1",
  partition: "aws",
  urlSuffix: "amazonaws.com",
});

export class TemplateError extends Error {
  constructor(path, message) {
    super(`${path}: ${message}`);
    this.name = "TemplateError";
    this.path = path;
  }
}

/** Reads a template file. */
export function readTemplate(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** CloudFormation's generated physical names: <stack>-<logical id, cut>-<suffix>. */
function generatedName(stackName, logicalId, max = 64) {
  let h = 0;
  for (const c of logicalId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const suffix = h.toString(36).toUpperCase().padStart(12, "X").slice(0, 12);
  const room = max - stackName.length - suffix.length - 2;
  return `${stackName}-${logicalId.slice(0, Math.max(1, room))}-${suffix}`;
}

/**
 * A resolver bound to one template and one environment.
 *
 * opts.env: { account, region, partition, urlSuffix } (default LOCAL_ENV)
 * opts.stackName: for AWS::StackName and generated names
 * opts.physicalIds: { [logicalId]: string } overrides what Ref returns
 *   (e.g. the stand-in's user pool id, client id, identity pool id)
 * opts.attributes: { "<logicalId>.<Attr>": string } overrides Fn::GetAtt
 */
export class Resolver {
  constructor(template, opts = {}) {
    this.template = template;
    this.resources = template.Resources ?? {};
    this.env = { ...LOCAL_ENV, ...(opts.env ?? {}) };
    this.stackName = opts.stackName ?? "PrivateFolders";
    this.physicalIds = { ...(opts.physicalIds ?? {}) };
    this.attributes = { ...(opts.attributes ?? {}) };
    this.parameters = opts.parameters ?? {};
    this.resolving = new Set();
  }

  pseudo(name) {
    const e = this.env;
    switch (name) {
      case "AWS::AccountId":
        return e.account;
      case "AWS::Region":
        return e.region;
      case "AWS::Partition":
        return e.partition;
      case "AWS::URLSuffix":
        return e.urlSuffix;
      case "AWS::StackName":
        return this.stackName;
      case "AWS::StackId":
        return `arn:${e.partition}:cloudformation:${e.region}:${e.account}:stack/${this.stackName}/00000000-0000-4000-8000-000000000000`;
      case "AWS::NotificationARNs":
        return [];
      default:
        return undefined;
    }
  }

  /** What Ref returns for a resource (its physical id). */
  ref(logicalId, path = logicalId) {
    if (logicalId in this.physicalIds) return this.physicalIds[logicalId];
    const pseudo = this.pseudo(logicalId);
    if (pseudo !== undefined) return pseudo;
    if (logicalId in this.parameters) return this.parameters[logicalId];
    const p = this.template.Parameters?.[logicalId];
    if (p) {
      if (p.Default === undefined) throw new TemplateError(path, `parameter ${logicalId} has no default`);
      return p.Default;
    }
    const r = this.resources[logicalId];
    if (!r) throw new TemplateError(path, `Ref to unknown resource ${logicalId}`);
    if (this.resolving.has(logicalId)) throw new TemplateError(path, `circular reference through ${logicalId}`);
    this.resolving.add(logicalId);
    try {
      const props = r.Properties ?? {};
      const named = (prop, max) =>
        props[prop] !== undefined ? this.resolve(props[prop], `${logicalId}.Properties.${prop}`) : generatedName(this.stackName, logicalId, max);
      let id;
      switch (r.Type) {
        case "AWS::S3::Bucket":
          id = props.BucketName !== undefined ? this.resolve(props.BucketName, `${logicalId}.Properties.BucketName`) : generatedName(this.stackName, logicalId, 63).toLowerCase();
          break;
        case "AWS::IAM::Role":
          id = named("RoleName", 64);
          break;
        case "AWS::IAM::ManagedPolicy":
          id = `arn:${this.env.partition}:iam::${this.env.account}:policy/${named("ManagedPolicyName", 128)}`;
          break;
        case "AWS::IAM::Policy":
          id = named("PolicyName", 128);
          break;
        case "AWS::Cognito::UserPoolDomain":
          id = this.resolve(props.Domain, `${logicalId}.Properties.Domain`);
          break;
        case "AWS::Cognito::UserPool":
          id = `${this.env.region}_Local${logicalId.replace(/[^A-Za-z0-9]/g, "").slice(0, 4)}`;
          break;
        case "AWS::Lambda::Function":
          id = named("FunctionName", 64);
          break;
        case "AWS::DynamoDB::Table":
          id = named("TableName", 255);
          break;
        case "AWS::Logs::LogGroup":
          id = named("LogGroupName", 512);
          break;
        default:
          id = `${logicalId.toLowerCase()}-local`;
      }
      return id;
    } finally {
      this.resolving.delete(logicalId);
    }
  }

  /** What Fn::GetAtt returns. */
  getAtt(logicalId, attr, path) {
    const key = `${logicalId}.${attr}`;
    if (key in this.attributes) return this.attributes[key];
    const r = this.resources[logicalId];
    if (!r) throw new TemplateError(path, `Fn::GetAtt of unknown resource ${logicalId}`);
    const { partition, region, account, urlSuffix } = this.env;
    const id = () => this.ref(logicalId, path);
    switch (`${r.Type}.${attr}`) {
      case "AWS::S3::Bucket.Arn":
        return `arn:${partition}:s3:::${id()}`;
      case "AWS::S3::Bucket.DomainName":
        return `${id()}.s3.${urlSuffix}`;
      case "AWS::S3::Bucket.RegionalDomainName":
        return `${id()}.s3.${region}.${urlSuffix}`;
      case "AWS::IAM::Role.Arn":
        return `arn:${partition}:iam::${account}:role/${id()}`;
      case "AWS::IAM::Role.RoleId":
        return `AROA${logicalId.toUpperCase().replace(/[^A-Z0-9]/g, "").padEnd(17, "X").slice(0, 17)}`;
      case "AWS::Cognito::UserPool.ProviderURL":
        return `https://cognito-idp.${region}.${urlSuffix}/${id()}`;
      case "AWS::Cognito::UserPool.ProviderName":
        return `cognito-idp.${region}.${urlSuffix}/${id()}`;
      case "AWS::Cognito::UserPool.Arn":
        return `arn:${partition}:cognito-idp:${region}:${account}:userpool/${id()}`;
      case "AWS::Cognito::IdentityPool.Name":
        return this.resources[logicalId].Properties?.IdentityPoolName
          ? this.resolve(this.resources[logicalId].Properties.IdentityPoolName, path)
          : logicalId;
      case "AWS::CloudFront::Distribution.DomainName":
        return "d111111abcdef8.cloudfront.net";
      case "AWS::Lambda::Function.Arn":
        return `arn:${partition}:lambda:${region}:${account}:function:${id()}`;
      case "AWS::DynamoDB::Table.Arn":
        return `arn:${partition}:dynamodb:${region}:${account}:table/${id()}`;
      case "AWS::Logs::LogGroup.Arn":
        return `arn:${partition}:logs:${region}:${account}:log-group:${id()}:*`;
      default:
        throw new TemplateError(path, `Fn::GetAtt ${logicalId}.${attr} (${r.Type}) has no local value`);
    }
  }

  condition(name, path) {
    const c = this.template.Conditions?.[name];
    if (c === undefined) throw new TemplateError(path, `unknown condition ${name}`);
    return this.truth(c, `Conditions.${name}`);
  }

  truth(v, path) {
    if (typeof v === "boolean") return v;
    if (v && typeof v === "object") {
      if ("Condition" in v) return this.condition(v.Condition, path);
      if ("Fn::Equals" in v) {
        const [a, b] = v["Fn::Equals"].map((x, i) => this.resolve(x, `${path}.Fn::Equals[${i}]`));
        return JSON.stringify(a) === JSON.stringify(b);
      }
      if ("Fn::And" in v) return v["Fn::And"].every((x, i) => this.truth(x, `${path}.Fn::And[${i}]`));
      if ("Fn::Or" in v) return v["Fn::Or"].some((x, i) => this.truth(x, `${path}.Fn::Or[${i}]`));
      if ("Fn::Not" in v) return !this.truth(v["Fn::Not"][0], `${path}.Fn::Not`);
    }
    if (v === "true") return true;
    if (v === "false") return false;
    throw new TemplateError(path, `not a condition: ${JSON.stringify(v)}`);
  }

  sub(template, vars, path) {
    return template.replace(/\$\{(!?)([^}]*)\}/g, (m, bang, name) => {
      if (bang) return "${" + name + "}";
      if (name in vars) return String(vars[name]);
      if (name.includes(".")) {
        const dot = name.indexOf(".");
        return String(this.getAtt(name.slice(0, dot), name.slice(dot + 1), path));
      }
      return String(this.ref(name, path));
    });
  }

  /** Resolves every intrinsic function in value. AWS::NoValue drops the property. */
  resolve(value, path = "$") {
    if (Array.isArray(value)) {
      const out = [];
      value.forEach((v, i) => {
        const r = this.resolve(v, `${path}[${i}]`);
        if (r !== NO_VALUE) out.push(r);
      });
      return out;
    }
    if (value === null || typeof value !== "object") return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [k] = keys;
      const arg = value[k];
      const p = `${path}.${k}`;
      switch (k) {
        case "Ref":
          if (arg === "AWS::NoValue") return NO_VALUE;
          return this.ref(arg, p);
        case "Fn::GetAtt": {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
          return this.getAtt(id, this.resolve(attr, p), p);
        }
        case "Fn::Join": {
          const [sep, parts] = arg;
          const list = this.resolve(parts, p);
          return list.map((x) => (typeof x === "string" || typeof x === "number" ? String(x) : fail(p, x))).join(sep);
        }
        case "Fn::Sub": {
          if (typeof arg === "string") return this.sub(arg, {}, p);
          const [tpl, vars] = arg;
          return this.sub(tpl, this.resolve(vars ?? {}, p), p);
        }
        case "Fn::Select": {
          const [idx, list] = this.resolve(arg, p);
          const i = Number(idx);
          if (!Array.isArray(list) || !(i >= 0 && i < list.length)) throw new TemplateError(p, "index out of range");
          return list[i];
        }
        case "Fn::Split": {
          const [sep, s] = this.resolve(arg, p);
          return String(s).split(sep);
        }
        case "Fn::If": {
          const [cond, a, b] = arg;
          return this.condition(cond, p) ? this.resolve(a, p) : this.resolve(b, p);
        }
        case "Fn::Base64":
          return Buffer.from(String(this.resolve(arg, p))).toString("base64");
        case "Fn::GetAZs":
          return ["a", "b", "c"].map((z) => this.env.region + z);
        case "Fn::Equals":
        case "Fn::And":
        case "Fn::Or":
        case "Fn::Not":
          return this.truth(value, path);
        case "Fn::ImportValue":
        case "Fn::FindInMap":
        case "Fn::Cidr":
        case "Fn::Transform":
          throw new TemplateError(p, `${k} is not supported locally`);
        default:
          break;
      }
    }
    const out = {};
    for (const k of keys) {
      const r = this.resolve(value[k], `${path}.${k}`);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  /** Logical ids of the resources of a type. */
  ofType(type) {
    return Object.keys(this.resources).filter((id) => this.resources[id].Type === type);
  }

  /** One resource's resolved Properties. */
  properties(logicalId) {
    const r = this.resources[logicalId];
    if (!r) throw new TemplateError(logicalId, "no such resource");
    return this.resolve(r.Properties ?? {}, `Resources.${logicalId}.Properties`);
  }
}

const NO_VALUE = Symbol("AWS::NoValue");

function fail(path, x) {
  throw new TemplateError(path, `Fn::Join of a non-string ${JSON.stringify(x)}`);
}
