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
