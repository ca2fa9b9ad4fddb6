import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration } from "./format";

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
});
