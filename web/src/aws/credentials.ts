// Temporary AWS credentials from the Cognito identity pool, for the signed-in
// user's ID token. Cached until 5 minutes before they expire.

import { fromCognitoIdentityPool } from "@aws-sdk/credential-providers";
import { identityPoolLoginKey, type AppConfig } from "../lib/config";
import type { Auth } from "./auth";

const REFRESH_BEFORE_MS = 5 * 60 * 1000;

/** Credentials with the identity id they were issued for. */
export type PoolCredentials = Awaited<ReturnType<ReturnType<typeof fromCognitoIdentityPool>>>;

export class AwsSession {
  private readonly cfg: AppConfig;
  private readonly auth: Auth;
  private cached: PoolCredentials | null = null;
  private pending: Promise<PoolCredentials> | null = null;

  constructor(cfg: AppConfig, auth: Auth) {
    this.cfg = cfg;
    this.auth = auth;
  }

  /** The identity id ("<region>:<uuid>") from the last credentials fetched. */
  get identityId(): string | undefined {
    return this.cached?.identityId;
  }

  /** An SDK credential provider (arrow function: safe to pass around). */
  readonly provider = (): Promise<PoolCredentials> => this.credentials(false);

  /**
   * Current credentials; fetches new ones when they are within 5 minutes of
   * expiry, or always when `force` is set (e.g. to give a share link the
   * longest possible life).
   */
  async credentials(force: boolean): Promise<PoolCredentials> {
    const c = this.cached;
    if (!force && c && (!c.expiration || c.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return c;
    if (!this.pending) {
      this.pending = this.fetch().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  private async fetch(): Promise<PoolCredentials> {
    const idToken = await this.auth.idToken();
    const provider = fromCognitoIdentityPool({
      identityPoolId: this.cfg.identityPoolId,
      // The provider name is always the real Cognito issuer host, even when
      // endpoints are overridden for a local stand-in.
      logins: { [identityPoolLoginKey(this.cfg)]: idToken },
      clientConfig: {
        region: this.cfg.region,
        ...(this.cfg.endpoints.cognitoIdentity ? { endpoint: this.cfg.endpoints.cognitoIdentity } : {}),
      },
    });
    const creds = await provider();
    this.cached = creds;
    return creds;
  }

  clear(): void {
    this.cached = null;
  }
}
