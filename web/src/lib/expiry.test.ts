import { describe, expect, it } from "vitest";
import { MAX_PRESIGN_SECONDS, capShareExpiry, keepableDurations } from "./expiry";

const now = new Date("2025-01-01T12:00:00Z");
const inSec = (s: number) => new Date(now.getTime() + s * 1000);

describe("capShareExpiry", () => {
  it("keeps the request when the credentials outlive it", () => {
    const r = capShareExpiry(900, inSec(3600), now);
    expect(r).toEqual({ requestedSeconds: 900, effectiveSeconds: 900, expiresAt: inSec(900), cappedBy: "none" });
  });
  it("caps at the remaining credential lifetime", () => {
    const r = capShareExpiry(24 * 3600, inSec(3000), now);
    expect(r.effectiveSeconds).toBe(3000);
    expect(r.expiresAt).toEqual(inSec(3000));
    expect(r.cappedBy).toBe("credentials");
  });
  it("applies the safety margin", () => {
    expect(capShareExpiry(3600, inSec(3000), now, 60).effectiveSeconds).toBe(2940);
  });
  it("caps at the SigV4 maximum of 7 days", () => {
    const r = capShareExpiry(30 * 24 * 3600, undefined, now);
    expect(r.effectiveSeconds).toBe(MAX_PRESIGN_SECONDS);
    expect(r.cappedBy).toBe("sigv4-max");
  });
  it("credential cap wins over the SigV4 cap when shorter", () => {
    expect(capShareExpiry(30 * 24 * 3600, inSec(3600), now).cappedBy).toBe("credentials");
  });
  it("expired credentials give zero", () => {
    const r = capShareExpiry(600, inSec(-5), now);
    expect(r.effectiveSeconds).toBe(0);
    expect(r.expiresAt).toEqual(now);
  });
  it("sanitises odd requests", () => {
    expect(capShareExpiry(-10, undefined, now).effectiveSeconds).toBe(0);
    expect(capShareExpiry(Number.NaN, undefined, now).effectiveSeconds).toBe(0);
    expect(capShareExpiry(90.9, inSec(100.5), now).effectiveSeconds).toBe(90);
    expect(capShareExpiry(600, inSec(100.9), now).effectiveSeconds).toBe(100);
  });
});

describe("keepableDurations", () => {
  it("offers only what credentials of that life can keep, and the longest possible", () => {
    expect(keepableDurations(3570).map((d) => d.seconds)).toEqual([900, 3540]);
    expect(keepableDurations(3570)[1]!.label).toBe("59 minutes (the longest possible now)");
    expect(keepableDurations(3600).map((d) => d.seconds)).toEqual([900, 3600]);
    expect(keepableDurations(MAX_PRESIGN_SECONDS).map((d) => d.seconds)).toEqual([900, 3600, 43200, 86400, 604800]);
    expect(keepableDurations(30)).toEqual([]);
  });
});
