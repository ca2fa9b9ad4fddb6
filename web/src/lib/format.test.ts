import { describe, expect, it } from "vitest";
import { MIB, formatBytes, formatDuration, overallProgress, partSizeFor } from "./format";

describe("format", () => {
  it("formatBytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
    expect(formatBytes(undefined)).toBe("");
  });
  it("formatDuration", () => {
    expect(formatDuration(59)).toBe("59 seconds");
    expect(formatDuration(3599)).toBe("59 minutes");
    expect(formatDuration(3600)).toBe("1 hour");
    expect(formatDuration(5400)).toBe("1 h 30 min");
    expect(formatDuration(7 * 86400)).toBe("7 days");
  });
  it("overallProgress skips cancelled and skipped files", () => {
    expect(
      overallProgress([
        { loaded: 50, total: 100, state: "uploading" },
        { loaded: 0, total: 100, state: "done" },
        { loaded: 10, total: 1000, state: "cancelled" },
        { loaded: 0, total: 100, state: "pending" },
      ]),
    ).toEqual({ loaded: 150, total: 300, percent: 50 });
    expect(overallProgress([]).percent).toBe(0);
    expect(overallProgress([{ loaded: 0, total: 0, state: "done" }]).percent).toBe(100);
  });
  it("partSizeFor keeps 5 GB and 5 TB uploads within 10,000 parts", () => {
    expect(partSizeFor(10)).toBe(8 * MIB);
    const fiveGB = 5 * 1024 ** 3;
    expect(partSizeFor(fiveGB)).toBe(8 * MIB);
    expect(Math.ceil(fiveGB / partSizeFor(fiveGB))).toBe(640);
    const fiveTB = 5 * 1024 ** 4;
    expect(Math.ceil(fiveTB / partSizeFor(fiveTB))).toBeLessThanOrEqual(10000);
    expect(partSizeFor(fiveTB) % MIB).toBe(0);
  });
});
