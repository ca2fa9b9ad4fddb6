// When an upload request is tried again, and how long to wait first: 503
// SlowDown and other throttling, 5xx answers and network errors, with
// exponential backoff and full jitter; and the number of requests in flight,
// halved when S3 asks to slow down and grown back one by one. Pure.

export type RetryKind = "throttle" | "server" | "network";

interface ErrorShape {
  name?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const THROTTLE = new Set(["SlowDown", "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);
const SERVER = new Set(["InternalError", "ServiceUnavailable", "RequestTimeout", "RequestTimeTooSkewed", "ConditionalRequestConflict"]);
const NETWORK = [/failed to fetch/i, /networkerror/i, /network error/i, /load failed/i, /network request failed/i, /ERR_[A-Z_]+/];

/** How an upload request failed, if trying again may help (null: it will not). */
export function retryKind(err: unknown): RetryKind | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as ErrorShape;
  const name = typeof e.name === "string" ? e.name : typeof e.Code === "string" ? e.Code : "";
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const msg = typeof e.message === "string" ? e.message : "";
  if (name === "AbortError") return null;
  if (THROTTLE.has(name) || status === 429 || status === 503) return "throttle";
  if (SERVER.has(name) || (status !== undefined && status >= 500)) return "server";
  if (name === "TimeoutError" || (name === "TypeError" && NETWORK.some((re) => re.test(msg))) || (status === undefined && NETWORK.some((re) => re.test(msg)))) {
    return "network";
  }
  return null;
}

/** Tries per request, the first included. */
export const MAX_ATTEMPTS = 8;

/** Wait before try number `attempt + 1` (attempt counts from 1): full jitter over an exponential ceiling. */
export function backoffMs(attempt: number, kind: RetryKind, random: () => number = Math.random): number {
  const base = kind === "throttle" ? 500 : 250;
  const ceiling = Math.min(20000, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Requests in flight: starts at `max`; halves (at most once a second) when
 * S3 throttles; after as many successes in a row as the current limit, one
 * more, up to `max`.
 */
export class AdaptiveLimit {
  readonly max: number;
  private value: number;
  private successes = 0;
  private lastCut = -Infinity;

  constructor(max: number) {
    this.max = max;
    this.value = max;
  }

  get current(): number {
    return this.value;
  }

  throttled(now: number): void {
    this.successes = 0;
    if (now - this.lastCut < 1000) return;
    this.lastCut = now;
    this.value = Math.max(1, Math.floor(this.value / 2));
  }

  succeeded(): void {
    if (this.value >= this.max) return;
    if (++this.successes >= this.value) {
      this.successes = 0;
      this.value++;
    }
  }
}
