import { describe, expect, it } from "vitest";
import {
  appRedirectUri,
  cleanCallbackUrl,
  cognitoMetadata,
  decodeJwtPayload,
  logoutUrl,
  parseCallback,
  secondsUntilExpiry,
  signInErrorMessage,
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

describe("signInErrorMessage", () => {
  const codes = [
    "access_denied",
    "invalid_request",
    "unauthorized_client",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
    "login_required",
    "interaction_required",
    "consent_required",
    "account_selection_required",
    "invalid_request_uri",
    "invalid_request_object",
    "request_not_supported",
    "request_uri_not_supported",
    "registration_not_supported",
  ];
  it("has a fixed message for each OAuth and OpenID Connect error code, naming the code", () => {
    for (const c of codes) {
      expect(signInErrorMessage(c)).toMatch(/^Sign-in failed: .+ \(error code: [a-z_]+\)$/);
      expect(signInErrorMessage(c)).toContain(c);
    }
    expect(signInErrorMessage("access_denied")).toBe("Sign-in failed: Sign-in was cancelled or refused. You can try again. (error code: access_denied)");
    expect(signInErrorMessage("temporarily_unavailable")).toContain("try again in a few minutes");
    expect(signInErrorMessage("server_error")).toContain("internal error");
    expect(signInErrorMessage("login_required")).toContain("sign in to continue");
    expect(new Set(["access_denied", "invalid_request", "server_error", "temporarily_unavailable", "login_required"].map(signInErrorMessage)).size).toBe(5);
  });
  it("says the same generic thing for any unknown code, without repeating it", () => {
    for (const c of ["", "toString", "__proto__", "constructor", "<b>Your account is locked</b>", "call_555_0100_now"]) {
      expect(signInErrorMessage(c)).toBe("Sign-in did not complete. Please try again.");
    }
  });
  it("a crafted callback's description never reaches the message", () => {
    const cb = parseCallback("?error=access_denied&error_description=Your+account+is+locked.+Call+555-0100&state=s");
    expect(cb.kind).toBe("error");
    if (cb.kind !== "error") return;
    expect(signInErrorMessage(cb.error)).not.toContain("555");
    expect(signInErrorMessage(cb.error)).not.toContain("locked");
  });
});
