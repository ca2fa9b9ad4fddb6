// Top level: load /config.json, handle the sign-in callback, get AWS
// credentials, then show the file browser (or a clear page for each failure).
// With the share service on, /drop/<id> is a file-drop page that needs no
// sign-in, and /shared/<id> opens "Shared with me" once signed in.

import { useCallback, useEffect, useState } from "preact/hooks";
import { Auth, type SignedInUser } from "../aws/auth";
import { AwsSession } from "../aws/credentials";
import { Storage } from "../aws/s3";
import { ShareApi } from "../aws/shares";
import { ConfigError, parseConfigText, type AppConfig } from "../lib/config";
import { describeError } from "../lib/errors";
import { ownerFolder } from "../lib/keys";
import { dropOfReturnHash, dropReturnHash, entryPath, sharingLink } from "../lib/shareRoutes";
import { DropPage } from "./DropPage";
import { ConfigErrorPage, ExpiredPage, FatalPage, SignedOutPage } from "./Pages";
import { SignedIn } from "./SignedIn";

type Phase =
  | { k: "loading" }
  | { k: "config-error"; message: string; field: string }
  | { k: "signed-out"; notice?: string }
  | { k: "expired"; unfinished?: string[] }
  | { k: "fatal"; message: string }
  | { k: "ready"; user: SignedInUser; storage: Storage; keepDays?: number; shares?: ShareApi }
  | { k: "drop"; id: string; shares: ShareApi; signedIn: boolean };

async function loadConfig(): Promise<AppConfig> {
  let res: Response;
  try {
    res = await fetch("/config.json", { cache: "no-store", credentials: "same-origin" });
  } catch {
    throw new ConfigError("", "could not be loaded (network error).");
  }
  if (!res.ok) throw new ConfigError("", `could not be loaded (HTTP ${res.status}).`);
  return parseConfigText(await res.text());
}

export function App() {
  const [phase, setPhase] = useState<Phase>({ k: "loading" });
  const [auth, setAuth] = useState<Auth | null>(null);

  const start = useCallback(async () => {
    setPhase({ k: "loading" });
    let cfg: AppConfig;
    try {
      cfg = await loadConfig();
    } catch (e) {
      if (e instanceof ConfigError) setPhase({ k: "config-error", message: e.message, field: e.field });
      else setPhase({ k: "config-error", message: String(e), field: "" });
      return;
    }
    const a = new Auth(cfg);
    setAuth(a);
    a.onExpired(() => setPhase((p) => (p.k === "expired" || p.k === "drop" ? p : { k: "expired" })));
    const shares = cfg.sharing.enabled ? new ShareApi(() => a.idToken()) : undefined;
    const entry = shares ? entryPath(window.location.pathname) : null;
    if (shares && entry?.k === "drop") {
      // A file-drop page: never starts a sign-in; uses a session this tab already has.
      setPhase({ k: "drop", id: entry.id, shares, signedIn: !!(await a.currentUser().catch(() => null)) });
      return;
    }
    if (entry?.k === "shared") window.history.replaceState(null, "", "/" + sharingLink({ k: "shared", id: entry.id }));
    try {
      const cb = await a.handleCallback();
      // Back where the user was before signing in (a deep link, or the place the session expired in).
      if (cb.kind === "signed-in" && cb.returnTo) {
        const drop = shares ? dropOfReturnHash(cb.returnTo) : null;
        window.history.replaceState(null, "", drop ? `/drop/${drop}` : window.location.pathname + cb.returnTo);
        if (drop) return void setPhase({ k: "drop", id: drop, shares: shares!, signedIn: true });
      }
      const user = await a.currentUser();
      if (!user) {
        setPhase({ k: "signed-out", notice: cb.kind === "error" ? cb.message : undefined });
        return;
      }
      const session = new AwsSession(cfg, a);
      const creds = await session.credentials(false);
      const home = ownerFolder(cfg, { identityId: creds.identityId, sub: user.sub });
      setPhase({ k: "ready", user, storage: new Storage(cfg, session, home), keepDays: cfg.noncurrentVersionExpirationDays, shares });
    } catch (e) {
      const d = describeError(e);
      if (d.reauth) setPhase({ k: "expired" });
      else setPhase({ k: "fatal", message: d.message });
    }
  }, []);

  useEffect(() => {
    void start();
  }, [start]);

  useEffect(() => {
    const titles: Record<Phase["k"], string> = {
      loading: "My files",
      "config-error": "Configuration error – My files",
      "signed-out": "Sign in – My files",
      expired: "Session expired – My files",
      fatal: "Error – My files",
      ready: "My files",
      drop: "Send files",
    };
    document.title = titles[phase.k];
  }, [phase.k]);

  const signIn = (page?: "authorize" | "signup" | "forgotPassword") => {
    void auth?.signIn(page, window.location.hash).catch((e: unknown) => setPhase({ k: "fatal", message: describeError(e, "Sign-in").message }));
  };
  const signOut = () => {
    void auth?.signOut();
  };

  switch (phase.k) {
    case "loading":
      return (
        <p class="boot" role="status">
          Loading…
        </p>
      );
    case "config-error":
      return <ConfigErrorPage message={phase.message} field={phase.field} />;
    case "signed-out":
      return (
        <SignedOutPage
          notice={phase.notice}
          onSignIn={() => signIn()}
          onSignUp={() => signIn("signup")}
          onForgot={() => signIn("forgotPassword")}
        />
      );
    case "expired":
      return <ExpiredPage unfinished={phase.unfinished} onSignIn={() => signIn()} />;
    case "fatal":
      return <FatalPage message={phase.message} onRetry={() => void start()} onSignOut={auth ? signOut : undefined} />;
    case "drop":
      return <DropPage id={phase.id} api={phase.shares} signedIn={phase.signedIn ? phase.shares : null} onSignIn={() => void auth?.signIn("authorize", dropReturnHash(phase.id))} />;
    case "ready":
      return (
        <SignedIn
          storage={phase.storage}
          user={phase.user}
          keepDays={phase.keepDays}
          shares={phase.shares}
          onSignOut={signOut}
          onSessionExpired={(unfinished) =>
            setPhase((p) => ({
              k: "expired",
              unfinished: [...(p.k === "expired" ? (p.unfinished ?? []) : []), ...(unfinished ?? [])],
            }))
          }
        />
      );
  }
}
