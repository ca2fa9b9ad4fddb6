// Share-link expiry. A presigned URL signed with temporary credentials stops
// working when those credentials expire, whatever X-Amz-Expires says. So the
// expiry we ask for is capped at the credentials' remaining lifetime, and the
// real expiry is what we show. Pure.

/** SigV4 presigned URLs are valid for at most 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export interface ShareExpiry {
  requestedSeconds: number;
  /** The X-Amz-Expires to sign with (whole seconds, 0 if impossible). */
  effectiveSeconds: number;
  /** When the link really stops working. */
  expiresAt: Date;
  cappedBy: "none" | "credentials" | "sigv4-max";
}

/**
 * @param requestedSeconds what the user asked for
 * @param credentialsExpiration when the signing credentials expire (undefined = long-lived)
 * @param now the current time
 * @param marginSeconds safety margin subtracted from the credentials' lifetime (clock skew)
 */
export function capShareExpiry(
  requestedSeconds: number,
  credentialsExpiration: Date | undefined,
  now: Date,
  marginSeconds = 0,
): ShareExpiry {
  const requested = Math.max(0, Math.floor(Number.isFinite(requestedSeconds) ? requestedSeconds : 0));
  let effective = requested;
  let cappedBy: ShareExpiry["cappedBy"] = "none";
  if (effective > MAX_PRESIGN_SECONDS) {
    effective = MAX_PRESIGN_SECONDS;
    cappedBy = "sigv4-max";
  }
  if (credentialsExpiration) {
    const remaining = Math.max(0, Math.floor((credentialsExpiration.getTime() - now.getTime()) / 1000) - marginSeconds);
    if (remaining < effective) {
      effective = remaining;
      cappedBy = "credentials";
    }
  }
  return {
    requestedSeconds: requested,
    effectiveSeconds: effective,
    expiresAt: new Date(now.getTime() + effective * 1000),
    cappedBy,
  };
}

/** The link lifetimes the share dialog knows. */
export const DURATIONS = [
  { label: "15 minutes", seconds: 15 * 60 },
  { label: "1 hour", seconds: 3600 },
  { label: "12 hours", seconds: 12 * 3600 },
  { label: "1 day", seconds: 86400 },
  { label: "7 days", seconds: 7 * 86400 },
];

/**
 * The lifetimes a link made now can keep, given the longest it can have
 * (limitSeconds: the credentials' remaining life): the known ones within
 * it, and the limit itself rounded down to a minute, labelled as such.
 */
export function keepableDurations(limitSeconds: number): { label: string; seconds: number }[] {
  const out = DURATIONS.filter((d) => d.seconds <= limitSeconds);
  const longest = Math.floor(limitSeconds / 60) * 60;
  if (longest >= 60 && !out.some((d) => d.seconds === longest)) {
    out.push({ label: `${longest >= 3600 ? `${Math.floor(longest / 3600)} h ${(longest % 3600) / 60} min` : `${longest / 60} minutes`} (the longest possible now)`, seconds: longest });
  }
  return out;
}
