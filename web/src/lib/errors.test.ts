import { describe, expect, it } from "vitest";
import { SessionExpiredError, describeError } from "./errors";

const s3 = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe("describeError", () => {
  it("AccessDenied / 403 -> own folder only", () => {
    expect(describeError(s3("AccessDenied", 403))).toMatchObject({
      kind: "access-denied",
      message: "access denied: you can only use your own folder.",
    });
    expect(describeError(s3("Forbidden", 403)).kind).toBe("access-denied");
    expect(describeError(s3("AccessDenied", 403), "Upload a.txt").message).toBe(
      "Upload a.txt: access denied: you can only use your own folder.",
    );
  });
  it("NoSuchKey / NotFound / 404", () => {
    expect(describeError(s3("NoSuchKey", 404)).kind).toBe("not-found");
    expect(describeError(s3("NotFound", 404)).kind).toBe("not-found");
    expect(describeError(s3("UnknownError", 404)).kind).toBe("not-found");
  });
  it("network failures in each browser", () => {
    for (const m of ["Failed to fetch", "NetworkError when attempting to fetch resource.", "Load failed"]) {
      expect(describeError(new TypeError(m)).kind).toBe("network");
    }
    expect(describeError(new TypeError("x is not a function")).kind).toBe("other");
  });
  it("expired sessions and credentials ask to sign in again", () => {
    for (const e of [
      new SessionExpiredError(),
      s3("ExpiredToken", 400),
      s3("ExpiredToken", 403),
      s3("InvalidAccessKeyId", 403),
      s3("TokenRefreshRequired", 400),
      Object.assign(new Error("Invalid login token. Token expired: 1 >= 0"), { name: "NotAuthorizedException" }),
      Object.assign(new Error("invalid_grant"), { error: "invalid_grant" }),
    ]) {
      expect(describeError(e)).toMatchObject({ kind: "expired", reauth: true });
    }
  });
  it("other identity pool refusals also offer to sign in again", () => {
    const e = Object.assign(new Error("Invalid login token. Issuer doesn't match providerName"), {
      name: "NotAuthorizedException",
    });
    expect(describeError(e)).toMatchObject({ kind: "access-denied", reauth: true });
  });
  it("aborts, throttling, scope errors and unknowns", () => {
    expect(describeError(Object.assign(new Error("Upload aborted."), { name: "AbortError" })).kind).toBe("aborted");
    expect(describeError(s3("SlowDown", 503)).kind).toBe("throttled");
    expect(describeError(Object.assign(new Error("outside"), { name: "KeyScopeError" })).kind).toBe("scope");
    expect(describeError("weird").message).toBe("weird");
    expect(describeError(null).kind).toBe("other");
  });
});
