import { describe, expect, it } from "vitest";
import {
  appRedirectUri,
  cleanCallbackUrl,
  cognitoMetadata,
  decodeJwtPayload,
  logoutUrl,
  parseCallback,
  secondsUntilExpiry,
} from "./oidc";

const cfg = {
  loginDomain: "https://myprefix.auth.eu-west-1.amazoncognito.com",
  oidcIssuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
  userPoolClientId: "1example23456789",
};

function jwt(payload: object): string {
  const b = (o: object) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o)))).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${b({ alg: "none" })}.${b(payload)}.sig`;
}

describe("oidc helpers", () => {
  it("redirect uri is origin + /", () => {
    expect(appRedirectUri("https://d111.cloudfront.net")).toBe("https://d111.cloudfront.net/");
    expect(appRedirectUri("http://localhost:5173/")).toBe("http://localhost:5173/");
  });
  it("metadata follows config for each page", () => {
    const m = cognitoMetadata(cfg);
    expect(m.authorization_endpoint).toBe(`${cfg.loginDomain}/oauth2/authorize`);
    expect(m.token_endpoint).toBe(`${cfg.loginDomain}/oauth2/token`);
    expect(m.issuer).toBe(cfg.oidcIssuer);
    expect(cognitoMetadata(cfg, "signup").authorization_endpoint).toBe(`${cfg.loginDomain}/signup`);
    expect(cognitoMetadata(cfg, "forgotPassword").authorization_endpoint).toBe(`${cfg.loginDomain}/forgotPassword`);
  });
  it("logout url", () => {
    expect(logoutUrl(cfg, "https://app.example.com")).toBe(
      `${cfg.loginDomain}/logout?client_id=1example23456789&logout_uri=https%3A%2F%2Fapp.example.com%2F`,
    );
  });
  it("parses callbacks", () => {
    expect(parseCallback("?code=abc&state=xyz")).toEqual({ kind: "code" });
    expect(parseCallback("?code=abc")).toEqual({ kind: "none" });
    expect(parseCallback("")).toEqual({ kind: "none" });
    expect(parseCallback("?error=access_denied&error_description=User+cancelled&state=s")).toEqual({
      kind: "error",
      error: "access_denied",
      description: "User cancelled",
    });
  });
  it("cleans the callback url", () => {
    expect(cleanCallbackUrl("/", "?code=a&state=b", "")).toBe("/");
    expect(cleanCallbackUrl("/", "?code=a&state=b&keep=1", "#x")).toBe("/?keep=1#x");
  });
  it("decodes JWT payloads with unicode", () => {
    const t = jwt({ sub: "abc", email: "zoë@example.com", exp: 1000 });
    expect(decodeJwtPayload(t)).toEqual({ sub: "abc", email: "zoë@example.com", exp: 1000 });
    expect(secondsUntilExpiry(t, 400_000)).toBe(600);
    expect(secondsUntilExpiry(jwt({ sub: "x" }), 0)).toBeUndefined();
    expect(() => decodeJwtPayload("nope")).toThrow();
  });
});
