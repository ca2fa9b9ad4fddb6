// Maps errors from S3, Cognito, oidc-client-ts and the network to messages a
// person can act on. Pure: works on the shape of the error only.

export type ErrorKind =
  | "access-denied"
  | "not-found"
  | "network"
  | "expired"
  | "aborted"
  | "conflict"
  | "throttled"
  | "scope"
  | "other";

export interface Described {
  kind: ErrorKind;
  message: string;
  /** True if the fix is to sign in again. */
  reauth: boolean;
}

/** Thrown by the auth adapter when the session cannot be renewed. */
export class SessionExpiredError extends Error {
  constructor(message = "Your session has expired.") {
    super(message);
    this.name = "SessionExpiredError";
  }
}

interface ErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  error?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const EXPIRED_NAMES = new Set([
  "SessionExpiredError",
  "ExpiredToken",
  "ExpiredTokenException",
  "TokenRefreshRequired",
  "InvalidToken",
  "InvalidAccessKeyId",
]);
const NOT_FOUND_NAMES = new Set(["NoSuchKey", "NotFound", "NoSuchUpload"]);
const THROTTLE_NAMES = new Set(["SlowDown", "TooManyRequestsException", "ThrottlingException", "Throttling"]);
const NETWORK_MESSAGES = [/failed to fetch/i, /networkerror/i, /load failed/i, /network request failed/i, /network error/i];

export function describeError(err: unknown, context?: string): Described {
  const e = (typeof err === "object" && err !== null ? err : { message: String(err) }) as ErrorShape;
  const name = typeof e.name === "string" ? e.name : "";
  const code = typeof e.Code === "string" ? e.Code : typeof e.code === "string" ? e.code : "";
  const oauthError = typeof e.error === "string" ? e.error : "";
  const msg = typeof e.message === "string" ? e.message : "";
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const id = name || code;
  const where = context ? `${context}: ` : "";

  if (id === "AbortError" || name === "AbortError") {
    return { kind: "aborted", message: `${where}cancelled.`, reauth: false };
  }
  if (id === "KeyScopeError") {
    return { kind: "scope", message: `${where}${msg}`, reauth: false };
  }
  if (id === "NotAuthorizedException" && !/expired/i.test(msg)) {
    return {
      kind: "access-denied",
      message: `${where}the identity pool did not accept your sign-in (${msg || id}). Sign in again.`,
      reauth: true,
    };
  }
  if (
    EXPIRED_NAMES.has(id) ||
    id === "NotAuthorizedException" ||
    oauthError === "invalid_grant" ||
    /token (is )?expired|expired token|session has expired/i.test(msg)
  ) {
    return {
      kind: "expired",
      message: `${where}your session has expired. Sign in again to continue.`,
      reauth: true,
    };
  }
  if (id === "AccessDenied" || id === "AllAccessDisabled" || status === 403) {
    return {
      kind: "access-denied",
      message: `${where}access denied: you can only use your own folder.`,
      reauth: false,
    };
  }
  if (NOT_FOUND_NAMES.has(id) || status === 404) {
    return {
      kind: "not-found",
      message: `${where}not found: it may have been moved or deleted. Refresh the list.`,
      reauth: false,
    };
  }
  if (id === "PreconditionFailed" || status === 412 || status === 409) {
    return { kind: "conflict", message: `${where}it was changed by someone else meanwhile. Try again.`, reauth: false };
  }
  if (THROTTLE_NAMES.has(id) || status === 429 || status === 503) {
    return { kind: "throttled", message: `${where}the service is busy. Wait a moment and try again.`, reauth: false };
  }
  if (id === "RequestTimeTooSkewed") {
    return {
      kind: "other",
      message: `${where}your computer's clock is wrong; fix the time and try again.`,
      reauth: false,
    };
  }
  if ((name === "TypeError" || name === "NetworkError" || name === "TimeoutError" || id === "ErrorTimeout") &&
      (NETWORK_MESSAGES.some((re) => re.test(msg)) || name !== "TypeError")) {
    return {
      kind: "network",
      message: `${where}network error: check your connection and try again.`,
      reauth: false,
    };
  }
  if (NETWORK_MESSAGES.some((re) => re.test(msg))) {
    return { kind: "network", message: `${where}network error: check your connection and try again.`, reauth: false };
  }
  const detail = msg || id || "unknown error";
  return { kind: "other", message: `${where}${detail}`, reauth: false };
}
