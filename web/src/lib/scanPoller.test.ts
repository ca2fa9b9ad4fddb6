import { describe, expect, it } from "vitest";
import { eachLimited, pollScanStatus } from "./scanPoller";
import { scanStatusOf, SCAN_TAG, type ScanStatus } from "./scanStatus";

const clean = scanStatusOf([{ Key: SCAN_TAG, Value: "NO_THREATS_FOUND" }]);
const blocked = scanStatusOf([{ Key: SCAN_TAG, Value: "THREATS_FOUND" }]);
const scanning = scanStatusOf([]);
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A fake clock: schedule() records the delay, run() fires the pending callback. */
function fakeClock() {
  const delays: number[] = [];
  let pending: (() => void) | undefined;
  return {
    delays,
    schedule: (f: () => void, ms: number) => {
      delays.push(ms);
      pending = f;
      return () => (pending = undefined);
    },
    run: async () => {
      const f = pending;
      pending = undefined;
      f?.();
      await flush();
    },
    get waiting() {
      return pending !== undefined;
    },
  };
}

describe("pollScanStatus", () => {
  it("looks again, with backoff, only at files still being scanned, and stops when none is", async () => {
    const answers: Record<string, ScanStatus[]> = { a: [scanning, scanning, clean], b: [blocked], c: [clean] };
    const asked: string[] = [];
    const clock = fakeClock();
    let last = new Map<string, ScanStatus>();
    pollScanStatus(["a", "b", "c"], {
      lookup: async (k) => (asked.push(k), answers[k]!.shift()!),
      onUpdate: (m) => (last = m),
      schedule: clock.schedule,
    });
    await flush();
    expect(last.get("a")?.state).toBe("scanning");
    expect(last.get("b")?.state).toBe("blocked");
    await clock.run();
    await clock.run();
    expect(last.get("a")?.state).toBe("clean");
    expect(asked).toEqual(["a", "b", "c", "a", "a"]);
    expect(clock.delays).toEqual([2000, 4000]);
    expect(clock.waiting).toBe(false);
  });

  it("stops when asked (another folder, or the page closed)", async () => {
    const clock = fakeClock();
    let rounds = 0;
    const stop = pollScanStatus(["a"], { lookup: async () => scanning, onUpdate: () => rounds++, schedule: clock.schedule });
    await flush();
    stop();
    await clock.run();
    expect(rounds).toBe(1);
  });

  it("a failed lookup leaves the file without a status and is not retried", async () => {
    const clock = fakeClock();
    let last = new Map<string, ScanStatus>();
    pollScanStatus(["a"], { lookup: async () => Promise.reject(new Error("denied")), onUpdate: (m) => (last = m), schedule: clock.schedule });
    await flush();
    expect(last.size).toBe(0);
    expect(clock.waiting).toBe(false);
  });
});

describe("eachLimited", () => {
  it("never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    await eachLimited([...Array(20).keys()], 6, async () => {
      peak = Math.max(peak, ++running);
      await flush();
      running--;
    });
    expect(peak).toBe(6);
  });
});
