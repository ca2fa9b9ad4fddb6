import { describe, expect, it } from "vitest";
import { AdaptiveLimit, backoffMs, retryKind } from "./retry";

const s3 = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe("retryKind", () => {
  it("503 SlowDown and 429 are throttling; 5xx and a 409 conditional conflict are worth another try; network errors too", () => {
    expect(retryKind(s3("SlowDown", 503))).toBe("throttle");
    expect(retryKind(s3("TooManyRequestsException", 429))).toBe("throttle");
    expect(retryKind(s3("InternalError", 500))).toBe("server");
    expect(retryKind(s3("ConditionalRequestConflict", 409))).toBe("server");
    expect(retryKind(new TypeError("Failed to fetch"))).toBe("network");
    expect(retryKind(Object.assign(new Error("x"), { name: "TimeoutError" }))).toBe("network");
  });

  it("not a conflict (412), access denied, a bad request or a cancel", () => {
    expect(retryKind(s3("PreconditionFailed", 412))).toBeNull();
    expect(retryKind(s3("AccessDenied", 403))).toBeNull();
    expect(retryKind(s3("BadDigest", 400))).toBeNull();
    expect(retryKind(new DOMException("x", "AbortError"))).toBeNull();
    expect(retryKind(new TypeError("x is not a function"))).toBeNull();
  });
});

describe("backoff", () => {
  it("grows exponentially with jitter between half and all of the ceiling, capped at 20 s", () => {
    expect(backoffMs(1, "network", () => 0)).toBe(125);
    expect(backoffMs(1, "network", () => 1)).toBe(250);
    expect(backoffMs(3, "throttle", () => 1)).toBe(2000);
    expect(backoffMs(20, "throttle", () => 1)).toBe(20000);
  });

  it("the limit halves on throttling (once a second at most) and grows back by one", () => {
    const l = new AdaptiveLimit(6);
    l.throttled(0);
    expect(l.current).toBe(3);
    l.throttled(500);
    expect(l.current).toBe(3);
    l.throttled(1500);
    expect(l.current).toBe(1);
    l.succeeded();
    expect(l.current).toBe(2);
    l.succeeded();
    l.succeeded();
    expect(l.current).toBe(3);
    for (let i = 0; i < 100; i++) l.succeeded();
    expect(l.current).toBe(6);
  });
});
