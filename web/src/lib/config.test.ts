import { describe, expect, it } from "vitest";
import { ConfigError, identityPoolLoginKey, parseConfig, parseConfigText } from "./config";
import { VALID_CONFIG } from "./config.fixture";

const valid = VALID_CONFIG;

function fieldOf(raw: unknown): string {
  try {
    parseConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).field;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads malwareScan: off when absent, a boolean otherwise", () => {
    expect(parseConfig(valid).malwareScan).toBe(false);
    expect(parseConfig({ ...valid, malwareScan: true }).malwareScan).toBe(true);
    expect(fieldOf({ ...valid, malwareScan: "yes" })).toBe("malwareScan");
  });

  it("accepts the AWS form (no endpoints) with defaults", () => {
    const c = parseConfig(valid);
    expect(c.endpoints).toEqual({});
    expect(c.s3ForcePathStyle).toBe(false);
    expect(c.scopes).toEqual(["openid", "email", "profile"]);
  });

  it("accepts the local stand-in form with endpoint overrides", () => {
    const c = parseConfig({
      ...valid,
      ownerKey: "userPoolSub",
      oidcIssuer: "http://localhost:4571/eu-west-1_AbCdEf123/",
      loginDomain: "http://127.0.0.1:4572/",
      endpoints: { s3: "http://localhost:4569", cognitoIdentity: "http://localhost:4570/" },
      s3ForcePathStyle: true,
    });
    expect(c.endpoints).toEqual({ s3: "http://localhost:4569", cognitoIdentity: "http://localhost:4570" });
    expect(c.oidcIssuer).toBe("http://localhost:4571/eu-west-1_AbCdEf123");
    expect(c.loginDomain).toBe("http://127.0.0.1:4572");
    expect(c.s3ForcePathStyle).toBe(true);
    expect(c.ownerKey).toBe("userPoolSub");
  });

  it("names each missing field", () => {
    for (const k of Object.keys(valid)) {
      const raw: Record<string, unknown> = { ...valid };
      delete raw[k];
      expect(fieldOf(raw)).toBe(k);
    }
  });

  it("rejects non-objects and bad JSON", () => {
    expect(fieldOf(null)).toBe("");
    expect(fieldOf([valid])).toBe("");
    expect(fieldOf("x")).toBe("");
    expect(() => parseConfigText("{not json")).toThrow(/not valid JSON/);
    expect(() => parseConfigText("<!doctype html><html></html>")).toThrow(ConfigError);
    expect(parseConfigText(JSON.stringify(valid)).bucket).toBe("my-data-bucket");
  });

  it("rejects unknown fields (typos)", () => {
    expect(fieldOf({ ...valid, endpoint: { s3: "http://localhost:1" } })).toBe("endpoint");
    expect(fieldOf({ ...valid, endpoints: { sts: "http://localhost:1" } })).toBe("endpoints.sts");
  });

  it.each([
    ["version", 2],
    ["version", "1"],
    ["region", "EU-WEST-1"],
    ["region", "eu west 1"],
    ["region", 42],
    ["userPoolId", "us-east-1_AbCdEf123"],
    ["userPoolId", "eu-west-1-AbCdEf123"],
    ["userPoolId", "eu-west-1_"],
    ["userPoolId", "eu-west-1_a/b"],
    ["userPoolClientId", "abc-def"],
    ["userPoolClientId", ""],
    ["userPoolClientId", " abc"],
    ["identityPoolId", "eu-west-1:not-a-uuid"],
    ["identityPoolId", "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"],
    ["identityPoolId", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"],
    ["oidcIssuer", "cognito-idp.eu-west-1.amazonaws.com/x"],
    ["oidcIssuer", "http://cognito-idp.eu-west-1.amazonaws.com/x"],
    ["oidcIssuer", "https://issuer.example.com/x?y=1"],
    ["oidcIssuer", "javascript:alert(1)"],
    ["loginDomain", "https://login.example.com/path"],
    ["loginDomain", "ftp://login.example.com"],
    ["loginDomain", "https://user:pw@login.example.com"],
    ["scopes", "openid email"],
    ["scopes", ["email"]],
    ["scopes[1]", ["openid", "a b"]],
    ["scopes[1]", ["openid", "openid"]],
    ["scopes[0]", [1]],
    ["bucket", "My_Bucket"],
    ["bucket", "ab"],
    ["bucket", "a..b"],
    ["bucket", "192.168.1.1"],
    ["bucket", "-abc"],
    ["ownerPrefix", "private"],
    ["ownerPrefix", "/private/"],
    ["ownerPrefix", "a//b/"],
    ["ownerPrefix", "../"],
    ["ownerPrefix", 5],
    ["ownerKey", "sub"],
    ["endpoints", "http://localhost:4569"],
    ["endpoints.s3", "http://example.com:4569"],
    ["endpoints.s3", ""],
    ["endpoints.cognitoIdentity", 4570],
    ["s3ForcePathStyle", "true"],
    ["noncurrentVersionExpirationDays", "30"],
    ["noncurrentVersionExpirationDays", 0],
    ["noncurrentVersionExpirationDays", 2.5],
  ])("names the bad field %s = %j", (field, value) => {
    const top = field.split(/[.[]/)[0]!;
    const raw: Record<string, unknown> = { ...valid };
    if (field.startsWith("endpoints.")) raw.endpoints = { [field.slice(10)]: value };
    else raw[top] = value;
    const got = fieldOf(raw);
    expect(got).toBe(field);
  });

  it("reads how long deleted files stay restorable, when published", () => {
    expect(parseConfig({ ...valid, noncurrentVersionExpirationDays: 30 }).noncurrentVersionExpirationDays).toBe(30);
    expect(parseConfig(valid).noncurrentVersionExpirationDays).toBeUndefined();
  });

  it("reads whether the share service is on (off when absent)", () => {
    expect(parseConfig(valid).sharing).toEqual({ enabled: false });
    expect(parseConfig({ ...valid, sharing: { enabled: true } }).sharing).toEqual({ enabled: true });
    expect(parseConfig({ ...valid, sharing: { enabled: false } }).sharing).toEqual({ enabled: false });
    expect(parseConfig({ ...valid, sharing: true }).sharing).toEqual({ enabled: true });
    expect(parseConfig({ ...valid, sharing: false }).sharing).toEqual({ enabled: false });
  });

  it.each([
    ["sharing", "yes", /"sharing" must be true, false or \{"enabled": true\}, got a string/],
    ["sharing.enabled", {}, /"sharing.enabled" must be true or false, got nothing/],
    ["sharing.enabled", { enabled: "yes" }, /"sharing.enabled" must be true or false, got "yes"/],
    ["sharing.on", { enabled: true, on: 1 }, /"sharing.on" is not a known field/],
  ])("names the bad sharing field %s", (field, value, message) => {
    expect(fieldOf({ ...valid, sharing: value })).toBe(field);
    expect(() => parseConfig({ ...valid, sharing: value })).toThrow(message);
  });

  it("puts the field name in the message", () => {
    expect(() => parseConfig({ ...valid, bucket: "Bad Bucket" })).toThrow(/"bucket"/);
  });

  it("accepts https endpoints, dotted bucket names and an [::1] loopback", () => {
    const c = parseConfig({
      ...valid,
      bucket: "my.data.bucket",
      endpoints: { s3: "https://s3.eu-west-1.amazonaws.com", cognitoIdentity: "http://[::1]:4570" },
    });
    expect(c.endpoints.cognitoIdentity).toBe("http://[::1]:4570");
  });
});

describe("identityPoolLoginKey", () => {
  it("always uses the real issuer host, even with overridden endpoints", () => {
    const c = parseConfig({ ...valid, oidcIssuer: "http://localhost:4571/eu-west-1_AbCdEf123" });
    expect(identityPoolLoginKey(c)).toBe("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
  });
});
