import { describe, expect, it } from "vitest";
import { blockedMessage, canOpen, scanPollDelay, scanStatusOf, SCAN_TAG } from "./scanStatus";

const tag = (Value: string) => [{ Key: "project", Value: "x" }, { Key: SCAN_TAG, Value }];

describe("scanStatusOf", () => {
  it("an untagged file is still being scanned, and does not open yet", () => {
    expect(scanStatusOf([]).state).toBe("scanning");
    expect(scanStatusOf(undefined).state).toBe("scanning");
    expect(canOpen(scanStatusOf([]))).toBe(false);
  });
  it("only NO_THREATS_FOUND opens", () => {
    expect(scanStatusOf(tag("NO_THREATS_FOUND"))).toEqual({ state: "clean", label: "Scanned" });
    expect(canOpen(scanStatusOf(tag("NO_THREATS_FOUND")))).toBe(true);
    for (const v of ["THREATS_FOUND", "UNSUPPORTED", "ACCESS_DENIED", "FAILED", "no_threats_found", "SOMETHING_NEW"]) {
      expect(canOpen(scanStatusOf(tag(v))), v).toBe(false);
    }
  });
  it("says why: blocked for a threat, not scannable with the reason otherwise", () => {
    expect(scanStatusOf(tag("THREATS_FOUND"))).toMatchObject({ state: "blocked", label: "Blocked: malware found" });
    expect(scanStatusOf(tag("UNSUPPORTED"))).toMatchObject({ state: "unscannable", reason: expect.stringContaining("too large") });
    expect(scanStatusOf(tag("FAILED")).reason).toBe("the scan failed");
    expect(blockedMessage("Downloading", "a.exe", scanStatusOf(tag("THREATS_FOUND")))).toBe("Downloading a.exe is not possible: the malware scan found a threat in it.");
  });
  it("a status not known (scan off, or not looked up yet) does not block", () => {
    expect(canOpen(undefined)).toBe(true);
  });
});

describe("scanPollDelay", () => {
  it("backs off from 2 s, doubling, up to 30 s", () => {
    expect([0, 1, 2, 3, 4, 10].map(scanPollDelay)).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
