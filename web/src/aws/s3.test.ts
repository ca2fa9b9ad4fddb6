import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../lib/config";
import { VALID_CONFIG } from "../lib/config.fixture";
import type { AwsSession, PoolCredentials } from "./credentials";
import { Storage } from "./s3";

const NOW = new Date("2025-06-01T12:00:00Z");
const HOME = "private/eu-west-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0/";
const cfg = parseConfig(VALID_CONFIG);

/** A session whose credentials(force) hands out `fresh` when forced and `cached` otherwise. */
function session(fresh: PoolCredentials, cached: PoolCredentials) {
  const forced: boolean[] = [];
  const s = {
    provider: async () => cached,
    credentials: async (force: boolean) => {
      forced.push(force);
      return force ? fresh : cached;
    },
  };
  return { session: s as unknown as AwsSession, forced };
}

const creds = (id: string, expiresInSeconds: number): PoolCredentials =>
  ({ accessKeyId: id, secretAccessKey: "secret", sessionToken: `token-${id}`, expiration: new Date(NOW.getTime() + expiresInSeconds * 1000), identityId: "x" }) as PoolCredentials;

describe("Storage.shareUrl", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("caps the link's expiry at the fresh credentials' lifetime (less 30 s), and signs with them", async () => {
    const { session: s, forced } = session(creds("ASIAFRESH", 600), creds("ASIACACHED", 3 * 3600));
    const { url, expiry } = await new Storage(cfg, s, HOME).shareUrl(`${HOME}notes.md`, 3600, false);
    const q = new URL(url).searchParams;
    expect(forced).toEqual([true]);
    expect(q.get("X-Amz-Expires")).toBe("570");
    expect(q.get("X-Amz-Credential")).toMatch(/^ASIAFRESH\//);
    expect(q.get("X-Amz-Security-Token")).toBe("token-ASIAFRESH");
    expect(expiry).toEqual({ requestedSeconds: 3600, effectiveSeconds: 570, expiresAt: new Date(NOW.getTime() + 570_000), cappedBy: "credentials" });
  });

  it("keeps the requested expiry when the credentials outlive it", async () => {
    const { session: s } = session(creds("ASIAFRESH", 2 * 3600), creds("ASIACACHED", 60));
    const { url, expiry } = await new Storage(cfg, s, HOME).shareUrl(`${HOME}notes.md`, 3600, true);
    const q = new URL(url).searchParams;
    expect(q.get("X-Amz-Expires")).toBe("3600");
    expect(expiry.cappedBy).toBe("none");
    expect(q.get("response-content-disposition")).toContain("attachment");
  });

  it("refuses when the credentials have (nearly) expired", async () => {
    const { session: s } = session(creds("ASIAFRESH", 20), creds("ASIACACHED", 3600));
    await expect(new Storage(cfg, s, HOME).shareUrl(`${HOME}notes.md`, 3600, false)).rejects.toThrow(/expired/);
  });
});
