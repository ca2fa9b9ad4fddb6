// Thin adapter over oidc-client-ts for the Cognito managed login:
// authorization code + PKCE, token renewal with the refresh token only (never
// an iframe: the CSP forbids framing), and Cognito's /logout endpoint.

import { UserManager, type User } from "oidc-client-ts";
import type { AppConfig } from "../lib/config";
import { safeReturnHash } from "../lib/deepLink";
import { SessionExpiredError } from "../lib/errors";
import {
  appRedirectUri,
  cleanCallbackUrl,
  cognitoMetadata,
  logoutUrl,
  parseCallback,
  secondsUntilExpiry,
  signInErrorMessage,
  type AuthorizePage,
} from "../lib/oidc";

/** Renew this long before the ID or access token expires. */
const RENEW_BEFORE_SECONDS = 120;

export interface SignedInUser {
  idToken: string;
  sub: string;
  /** What to show in the header (email, username or sub). */
  displayName: string;
}

export type CallbackResult =
  | { kind: "none" }
  | { kind: "signed-in"; returnTo?: string }
  | { kind: "error"; message: string };

type Listener = () => void;

export class Auth {
  private readonly cfg: AppConfig;
  private readonly origin: string;
  private readonly managers = new Map<AuthorizePage, UserManager>();
  private renewing: Promise<User> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private expiredListeners = new Set<Listener>();
  private expired = false;

  constructor(cfg: AppConfig, origin: string = window.location.origin) {
    this.cfg = cfg;
    this.origin = origin;
  }

  private manager(page: AuthorizePage = "authorize"): UserManager {
    let m = this.managers.get(page);
    if (!m) {
      const redirect = appRedirectUri(this.origin);
      m = new UserManager({
        authority: this.cfg.oidcIssuer,
        metadata: cognitoMetadata(this.cfg, page),
        client_id: this.cfg.userPoolClientId,
        redirect_uri: redirect,
        post_logout_redirect_uri: redirect,
        response_type: "code",
        scope: this.cfg.scopes.join(" "),
        // Renewal is driven here, with the refresh token only.
        automaticSilentRenew: false,
        monitorSession: false,
        loadUserInfo: false,
        // Tokens live in sessionStorage (per tab); PKCE state in localStorage.
        revokeTokensOnSignout: false,
      });
      this.managers.set(page, m);
    }
    return m;
  }

  /** Handles ?code=&state= (or ?error=) on page load, then cleans the URL. */
  async handleCallback(): Promise<CallbackResult> {
    const { pathname, search, hash } = window.location;
    const cb = parseCallback(search);
    if (cb.kind === "none") return { kind: "none" };
    const clean = () => window.history.replaceState(null, "", cleanCallbackUrl(pathname, search, hash));
    if (cb.kind === "error") {
      clean();
      return { kind: "error", message: signInErrorMessage(cb.error) };
    }
    try {
      const user = await this.manager().signinRedirectCallback(window.location.href);
      clean();
      this.expired = false;
      const state = user.state as { returnTo?: unknown } | undefined;
      return { kind: "signed-in", returnTo: safeReturnHash(state?.returnTo) };
    } catch (e) {
      clean();
      const msg = (e as Error).message || String(e);
      // e.g. after sign-up/password reset pages that did not carry our state
      if (/state/i.test(msg)) {
        return { kind: "error", message: "Your sign-in could not be completed (it may have been started in another tab). Please sign in again." };
      }
      return { kind: "error", message: `Sign-in failed: ${msg}` };
    }
  }

  /**
   * The stored user, renewed with the refresh token if needed; null if
   * signed out. Throws SessionExpiredError if a session existed but can no
   * longer be renewed.
   */
  async currentUser(): Promise<SignedInUser | null> {
    const user = await this.manager().getUser();
    if (!user) return null;
    return this.toSignedIn(await this.ensureFresh(user));
  }

  /** A valid ID token (renewing it first if it is about to expire). Throws SessionExpiredError. */
  async idToken(): Promise<string> {
    const user = await this.manager().getUser();
    if (!user) throw new SessionExpiredError("You are signed out.");
    const fresh = await this.ensureFresh(user);
    return fresh.id_token!;
  }

  private remaining(user: User): number {
    const now = Date.now();
    const access = user.expires_in ?? 0;
    let id = 0;
    try {
      id = user.id_token ? (secondsUntilExpiry(user.id_token, now) ?? access) : 0;
    } catch {
      id = 0;
    }
    return Math.min(access, id);
  }

  private async ensureFresh(user: User): Promise<User> {
    if (user.id_token && this.remaining(user) > RENEW_BEFORE_SECONDS) {
      this.schedule(user);
      return user;
    }
    return this.renew(user);
  }

  private renew(user: User): Promise<User> {
    if (!user.refresh_token) {
      return Promise.reject(new SessionExpiredError());
    }
    if (!this.renewing) {
      this.renewing = this.manager()
        .signinSilent() // uses the refresh token because the user has one
        .then((u) => {
          if (!u || !u.id_token) throw new SessionExpiredError();
          this.schedule(u);
          return u;
        })
        .catch((e: unknown) => {
          const err = e as { error?: string; name?: string; message?: string };
          if (err.error === "invalid_grant" || err.error === "invalid_token" || e instanceof SessionExpiredError) {
            this.markExpired();
            throw new SessionExpiredError();
          }
          throw e; // network errors etc.: keep the session, let the caller retry
        })
        .finally(() => {
          this.renewing = null;
        });
    }
    return this.renewing;
  }

  /** Renews in the background shortly before expiry, so idle tabs notice an ended session. */
  private schedule(user: User): void {
    clearTimeout(this.timer);
    const secs = Math.max(5, this.remaining(user) - RENEW_BEFORE_SECONDS + 5);
    this.timer = setTimeout(() => {
      void this.manager()
        .getUser()
        .then((u) => (u ? this.ensureFresh(u) : undefined))
        .catch(() => undefined);
    }, Math.min(secs * 1000, 2 ** 31 - 1));
  }

  private markExpired(): void {
    if (this.expired) return;
    this.expired = true;
    clearTimeout(this.timer);
    void this.manager().removeUser();
    for (const l of this.expiredListeners) l();
  }

  /** Called when the session ends and cannot be renewed. */
  onExpired(l: Listener): () => void {
    this.expiredListeners.add(l);
    return () => this.expiredListeners.delete(l);
  }

  /**
   * Redirects to the managed login (sign in, sign up, or forgotten
   * password). returnTo, the app's place ("#/docs/"), travels in the OAuth
   * state and comes back from handleCallback.
   */
  async signIn(page: AuthorizePage = "authorize", returnTo?: string): Promise<void> {
    const back = safeReturnHash(returnTo);
    await this.manager(page).signinRedirect(back ? { state: { returnTo: back } } : undefined);
  }

  /** Removes the local session, revokes the refresh token (best effort) and ends the managed-login session. */
  async signOut(): Promise<void> {
    clearTimeout(this.timer);
    const m = this.manager();
    const user = await m.getUser();
    if (user?.refresh_token) {
      await Promise.race([
        m.revokeTokens(["refresh_token"]).catch(() => undefined),
        new Promise((r) => setTimeout(r, 3000)),
      ]);
    }
    await m.removeUser();
    window.location.assign(logoutUrl(this.cfg, this.origin));
  }

  private toSignedIn(user: User): SignedInUser {
    const p = user.profile as Record<string, unknown>;
    const sub = typeof p.sub === "string" ? p.sub : "";
    const name =
      (typeof p.email === "string" && p.email) ||
      (typeof p["cognito:username"] === "string" && (p["cognito:username"] as string)) ||
      (typeof p.preferred_username === "string" && p.preferred_username) ||
      sub;
    return { idToken: user.id_token!, sub, displayName: name };
  }
}
