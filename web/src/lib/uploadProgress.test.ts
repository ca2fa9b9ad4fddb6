import { describe, expect, it } from "vitest";
import { problemsLine, RateMeter, summarize, summaryLine, type ProgressItem } from "./uploadProgress";

const item = (state: ProgressItem["state"], total: number, loaded = 0): ProgressItem => ({ state, total, loaded });

describe("summarize", () => {
  it("counts files and bytes of what is meant to go up: cancelled and skipped leave the totals, failed stay", () => {
    const s = summarize([item("done", 100), item("uploading", 100, 40), item("failed", 50, 10), item("cancelled", 1000, 500), item("skipped", 7)]);
    expect(s).toMatchObject({ done: 1, total: 3, bytesDone: 150, bytesTotal: 250, active: true, percent: 60 });
    expect(s.counts).toMatchObject({ done: 1, uploading: 1, failed: 1, cancelled: 1, skipped: 1 });
  });

  it("is right after everything was cancelled: nothing to go up, nothing done, not 100 %", () => {
    const s = summarize([item("cancelled", 10, 5)]);
    expect(s).toMatchObject({ done: 0, total: 0, bytesDone: 0, bytesTotal: 0, active: false, percent: 0 });
    expect(summaryLine(s, undefined)).toBe("0 of 0 files · 0 B of 0 B");
    expect(problemsLine(s)).toBe("1 cancelled");
  });

  it("empty files and folders count by number", () => {
    expect(summarize([item("done", 0), item("queued", 0)]).percent).toBe(50);
  });
});

describe("speed and time left", () => {
  it("rate over the window, from a counter that only grows", () => {
    const m = new RateMeter(5000);
    m.add(0, 0);
    expect(m.rate(500)).toBeUndefined();
    m.add(1000, 1024 * 1024);
    m.add(2000, 2 * 1024 * 1024);
    expect(m.rate(2000)).toBe(1024 * 1024);
    m.add(10000, 2 * 1024 * 1024); // stalled: the window forgets the busy seconds
    expect(m.rate(10000)).toBeLessThan(200 * 1024);
  });

  it("the line: n of N files · bytes · speed · time left", () => {
    const s = summarize([item("done", 4096), item("queued", 4096), ...Array.from({ length: 1998 }, () => item("queued", 4096))]);
    expect(summaryLine(s, 1024 * 1024)).toBe("1 of 2,000 files · 4.0 KiB of 7.8 MiB · 1.0 MiB/s · about 8 seconds left");
    // Small files: the files to go at 40 a second take longer than their bytes.
    expect(summaryLine(s, 1024 * 1024, 40)).toBe("1 of 2,000 files · 4.0 KiB of 7.8 MiB · 1.0 MiB/s · about 50 seconds left");
  });
});
