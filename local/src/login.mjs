// The user pool's managed login, played by oidc-provider: authorization code
// + PKCE (required), the app client's id, scopes and token lifetimes,
// Cognito's access and ID tokens (JWTs with Cognito's claims: tokens.mjs),
// refresh tokens without offline_access (and not rotated, like Cognito's),
// revocation, CORS for the app client's origins, and Cognito's paths on the
// login domain: /oauth2/authorize, /oauth2/token, /oauth2/revoke,
// /oauth2/userInfo, /login, /signup, /forgotPassword,
// /logout?client_id=&logout_uri=. The server speaks http and https on one
// port (tls.mjs), since Amplify JS reaches the login domain over https only.
// Sign-in, sign-up and password-reset pages are plain HTML forms (no script).

import crypto from "node:crypto";
import Provider from "oidc-provider";
import { createCognitoTokens } from "./tokens.mjs";
import { passwordProblems, UserStore } from "./users.mjs";
import { esc } from "./xml.mjs";

const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#f3f5f8;--card:#fff;--line:#c9d1da;--accent:#0b66d6;--err:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--bg:#15181c;--card:#1f2329;--line:#3a414b;--accent:#6aa8ff;--err:#ff8a80}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:26rem;margin:8vh auto;padding:2rem;background:var(--card);border:1px solid var(--line);border-radius:12px}
h1{font-size:1.5rem;margin:0 0 .25rem}p.sub{margin:0 0 1.5rem;opacity:.75}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid var(--line);border-radius:6px;background:transparent;color:inherit}
button{margin-top:1.5rem;width:100%;padding:.7rem;font:inherit;font-weight:600;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
.error{color:var(--err);font-weight:600}.notice{border-left:4px solid var(--accent);padding-left:.75rem}
nav{margin-top:1.5rem;display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}a{color:var(--accent)}
.badge{display:inline-block;font-size:.75rem;padding:.1rem .5rem;border:1px solid var(--line);border-radius:99px;margin-bottom:1rem}
ul.rules{margin:.5rem 0 0;padding-left:1.2rem;font-size:.9rem;opacity:.85}
`;

/**
 * oidc-provider's storage (its adapter interface), in memory, per stand-in
 * instance, so tokens can be listed and revoked by user.
 */
function memoryAdapter() {
  const models = new Map();
  const of = (name) => {
    if (!models.has(name)) models.set(name, new Map());
    return models.get(name);
  };
  class MemoryStore {
    static of = of;
    constructor(name) {
      this.m = of(name);
    }
    live(id) {
      const e = this.m.get(id);
      if (!e) return undefined;
      if (e.exp && e.exp < Date.now()) {
        this.m.delete(id);
        return undefined;
      }
      return e;
    }
    async upsert(id, payload, expiresIn) {
      this.m.set(id, { payload, exp: expiresIn ? Date.now() + expiresIn * 1000 : 0 });
    }
    async find(id) {
      return this.live(id)?.payload;
    }
    async findByUid(uid) {
      for (const [id, e] of this.m) if (e.payload.uid === uid) return this.find(id);
      return undefined;
    }
    async findByUserCode(code) {
      for (const [id, e] of this.m) if (e.payload.userCode === code) return this.find(id);
      return undefined;
    }
    async consume(id) {
      const e = this.live(id);
      if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id) {
      this.m.delete(id);
    }
    async revokeByGrantId(grantId) {
      for (const [id, e] of this.m) if (e.payload.grantId === grantId) this.m.delete(id);
    }
  }
  return MemoryStore;
}

/** Resolved template values that shape the client (see standin.mjs). */
export async function createLogin(opts) {
  const {
    issuer, // http://127.0.0.1:<idp>/<userPoolId>
    clientId,
    redirectUris,
    logoutUris,
    scopes,
    settings, // mutable: { accessTokenTtl, idTokenTtl, refreshTokenTtl } (seconds)
    users,
    passwordPolicy,
    allowedOrigins, // the app client's origins (callback and sign-out URLs): CORS and the pages' form-action
    groupRoles, // { group: { roleArn, precedence } } for cognito:roles
    log = () => {},
  } = opts;
  const mountPath = new URL(issuer).pathname.replace(/\/$/, "");

  const tokens = await createCognitoTokens({ issuer, users, groupRoles });
  const resetCodes = new Map(); // email -> code (printed where Cognito would email it)
  const MemoryStore = memoryAdapter();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: "none",
        application_type: "web",
        redirect_uris: redirectUris,
        post_logout_redirect_uris: logoutUris,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        scope: scopes.join(" "),
      },
    ],
    adapter: MemoryStore,
    jwks: tokens.privateJwks,
    cookies: { keys: [crypto.randomBytes(32).toString("base64")] },
    scopes: ["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"],
    claims: {
      openid: ["sub", "cognito:username", "cognito:groups"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    conformIdTokenClaims: false,
    extraParams: ["screen"],
    responseTypes: ["code"],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      // Only the client a token was issued to may revoke it (Cognito's rule).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: false },
    },
    routes: {
      authorization: "/oauth2/authorize",
      token: "/oauth2/token",
      revocation: "/oauth2/revoke",
      userinfo: "/oauth2/userInfo",
      jwks: "/.well-known/jwks.json",
    },
    ttl: {
      AccessToken: () => settings.accessTokenTtl,
      IdToken: () => settings.idTokenTtl,
      RefreshToken: () => settings.refreshTokenTtl,
      AuthorizationCode: 300,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 3650 * 24 * 3600,
    },
    // Cognito issues a refresh token to every code exchange (no offline_access
    // scope) and keeps it across renewals; it lives independently of the
    // managed-login session.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: () => false,
    expiresWithSession: async () => false,
    clientBasedCORS: (_ctx, origin) => allowedOrigins.includes(origin),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // First-party app: no consent screen; the grant covers the client's scopes.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const g = await ctx.oidc.provider.Grant.find(grantId);
        if (g) return g;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(scopes.join(" "));
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const u = users.bySub(sub);
      if (!u) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: u.email,
          email_verified: true,
          "cognito:username": sub,
          ...(u.groups?.length ? { "cognito:groups": u.groups } : {}),
        }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = page("Something went wrong", `<p class="error">${esc(out.error)}</p><p>${esc(out.error_description ?? "")}</p>`);
    },
  });
  provider.proxy = false;
  tokens.install(provider);
  const providerCallback = provider.callback();

  const csp = `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' ${allowedOrigins.join(" ")}; frame-ancestors 'none'; base-uri 'none'`;

  function page(title, body) {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><link rel="stylesheet" href="/static/login.css"></head><body><main><span class="badge">Local sign-in (no AWS)</span>${body}</main></body></html>`;
  }

  function html(res, status, title, body) {
    const b = Buffer.from(page(title, body));
    res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "content-length": String(b.length),
      "content-security-policy": csp,
      "x-frame-options": "DENY",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    });
    res.end(b);
  }

  async function form(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
  }

  const rules = () => {
    const p = passwordPolicy;
    const r = [`at least ${p.minLength} characters`];
    if (p.lower) r.push("a lower-case letter");
    if (p.upper) r.push("an upper-case letter");
    if (p.digit) r.push("a number");
    if (p.symbol) r.push("a symbol");
    return `<ul class="rules">${r.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>`;
  };

  const signInPage = (uid, { error, notice, email = "" } = {}) =>
    `<h1>Sign in</h1><p class="sub">to My files</p>` +
    (notice ? `<p class="notice" role="status">${esc(notice)}</p>` : "") +
    (error ? `<p class="error" role="alert">${esc(error)}</p>` : "") +
    `<form method="post" action="/interaction/${esc(uid)}/login">` +
    // The field names are managed login's (`username`, `password`): a
    // script that signs in by name or label works on both pages.
    `<label for="email">Email address</label><input id="email" name="username" type="email" autocomplete="username" required value="${esc(email)}">` +
    `<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>` +
    `<button type="submit">Sign in</button></form>` +
    `<nav><a href="/interaction/${esc(uid)}/signup">Create an account</a><a href="/interaction/${esc(uid)}/forgot">Forgot your password?</a></nav>`;

  const signUpPage = (uid, { error, email = "" } = {}) =>
    `<h1>Create an account</h1><p class="sub">for My files</p>` +
    (error ? `<p class="error" role="alert">${esc(error)}</p>` : "") +
    `<form method="post" action="/interaction/${esc(uid)}/signup">` +
    `<label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="username" required value="${esc(email)}">` +
    `<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="pw-rules">` +
    `<div id="pw-rules">Your password needs ${rules()}</div>` +
    `<label for="confirm">Confirm password</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required>` +
    `<button type="submit">Create account</button></form>` +
    `<nav><a href="/interaction/${esc(uid)}">Already have an account? Sign in</a></nav>`;

  const forgotPage = (uid, { error, email = "", step = 1 } = {}) =>
    `<h1>Reset your password</h1>` +
    (error ? `<p class="error" role="alert">${esc(error)}</p>` : "") +
    (step === 1
      ? `<p class="sub">We will send a code to your email address. (Locally, the code is printed in the terminal running the stand-in.)</p>` +
        `<form method="post" action="/interaction/${esc(uid)}/forgot"><label for="email">Email address</label><input id="email" name="email" type="email" required value="${esc(email)}"><button type="submit">Send code</button></form>`
      : `<p class="sub">Enter the code and choose a new password.</p>` +
        `<form method="post" action="/interaction/${esc(uid)}/reset"><input type="hidden" name="email" value="${esc(email)}">` +
        `<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>` +
        `<label for="password">New password</label><input id="password" name="password" type="password" autocomplete="new-password" required>` +
        `<button type="submit">Reset password</button></form>`) +
    `<nav><a href="/interaction/${esc(uid)}">Back to sign in</a></nav>`;

  async function interaction(req, res, uid, action) {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return html(res, 400, "Sign-in expired", `<h1>This sign-in page has expired</h1><p>Go back to the app and choose Sign in again.</p>`);
    }
    if (details.uid !== uid) return html(res, 400, "Sign-in expired", `<h1>This sign-in page has expired</h1><p>Go back to the app and choose Sign in again.</p>`);
    const screen = details.params.screen;
    const finishLogin = (u) => {
      log(`[login] ${u.email} signed in`);
      return provider.interactionFinished(req, res, { login: { accountId: u.sub, remember: true } }, { mergeWithLastSubmission: false });
    };

    if (req.method === "GET") {
      if (details.prompt.name !== "login" && details.session?.accountId) {
        const u = users.bySub(details.session.accountId);
        if (u) return finishLogin(u);
      }
      if (action === "signup" || (!action && screen === "signup")) return html(res, 200, "Create an account", signUpPage(uid));
      if (action === "forgot" || (!action && screen === "forgotPassword")) return html(res, 200, "Reset your password", forgotPage(uid));
      return html(res, 200, "Sign in", signInPage(uid));
    }
    const f = await form(req);
    switch (action) {
      case "login": {
        const email = f.username;
        const u = users.authenticate(email, f.password);
        if (!u) return html(res, 200, "Sign in", signInPage(uid, { error: "Incorrect username or password.", email }));
        // An admin-created user with a temporary password: Cognito asks for a new one; the stand-in has no such page.
        if (u.status === "FORCE_CHANGE_PASSWORD") {
          return html(res, 200, "Sign in", signInPage(uid, { error: "Password change required: the local stand-in has no page for it (set a permanent password with AdminSetUserPassword).", email }));
        }
        return finishLogin(u);
      }
      case "signup": {
        if (f.password !== f.confirm) return html(res, 200, "Create an account", signUpPage(uid, { error: "The passwords do not match.", email: f.email }));
        try {
          const u = users.create(f.email, f.password, passwordPolicy);
          log(`[login] ${u.email} signed up`);
          return finishLogin(u);
        } catch (e) {
          return html(res, 200, "Create an account", signUpPage(uid, { error: e.message, email: f.email }));
        }
      }
      case "forgot": {
        const email = UserStore.normalize(f.email);
        if (users.byEmail(email)) {
          const code = String(crypto.randomInt(0, 1e6)).padStart(6, "0");
          resetCodes.set(email, code);
          log(`[login] password reset code for ${email}: ${code}`);
        }
        return html(res, 200, "Reset your password", forgotPage(uid, { email, step: 2 }));
      }
      case "reset": {
        const email = UserStore.normalize(f.email);
        if (!resetCodes.has(email) || resetCodes.get(email) !== f.code) {
          return html(res, 200, "Reset your password", forgotPage(uid, { email, step: 2, error: "Invalid verification code provided, please try again." }));
        }
        const problems = passwordProblems(f.password ?? "", passwordPolicy);
        if (problems.length) return html(res, 200, "Reset your password", forgotPage(uid, { email, step: 2, error: `Password does not conform to policy: ${problems[0]}` }));
        users.setPassword(email, f.password, passwordPolicy);
        resetCodes.delete(email);
        return html(res, 200, "Sign in", signInPage(uid, { notice: "Your password was changed. Sign in with the new one.", email }));
      }
      default:
        res.writeHead(404).end();
    }
  }

  async function logout(req, res, url) {
    const cid = url.searchParams.get("client_id");
    const to = url.searchParams.get("logout_uri");
    if (cid !== clientId) return html(res, 400, "Error", `<h1>An error was encountered with the requested page.</h1><p class="error">Invalid client_id</p>`);
    if (!to || !logoutUris.includes(to)) return html(res, 400, "Error", `<h1>An error was encountered with the requested page.</h1><p class="error">Required String parameter 'redirect_uri' is not present or logout_uri not allowed</p>`);
    const cookies = Object.fromEntries(
      (req.headers.cookie ?? "")
        .split(";")
        .map((c) => c.trim().split("="))
        .filter((p) => p.length >= 2)
        .map(([k, ...v]) => [k, v.join("=")]),
    );
    const sid = cookies[provider.cookieName("session")];
    if (sid) {
      const s = await provider.Session.find(sid);
      if (s) await s.destroy();
    }
    const name = provider.cookieName("session");
    res.writeHead(302, {
      location: to,
      "set-cookie": [`${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`, `${name}.sig=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`],
      "cache-control": "no-store",
    });
    res.end();
  }

  async function handler(req, res) {
    const url = new URL(req.url, "http://local");
    let path = url.pathname;
    // URLs that oidc-provider builds carry the issuer's path (/<userPoolId>).
    if (mountPath && (path === mountPath || path.startsWith(mountPath + "/"))) {
      path = path.slice(mountPath.length) || "/";
      req.url = path + url.search;
    }
    if (path === "/static/login.css") {
      res.writeHead(200, { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" });
      return res.end(CSS);
    }
    if (path === "/login" || path === "/signup" || path === "/forgotPassword") {
      const q = new URLSearchParams(url.search);
      if (path !== "/login") q.set("screen", path.slice(1));
      res.writeHead(302, { location: `/oauth2/authorize?${q}`, "cache-control": "no-store" });
      return res.end();
    }
    if (path === "/logout") return logout(req, res, url);
    const m = /^\/interaction\/([^/]+)(?:\/(login|signup|forgot|reset))?$/.exec(path);
    if (m) {
      try {
        return await interaction(req, res, m[1], m[2]);
      } catch (e) {
        console.error("[login]", e);
        return html(res, 500, "Error", `<h1>Something went wrong</h1><p class="error">${esc(e.message)}</p>`);
      }
    }
    if (path === "/oauth2/userInfo") await acceptAccessTokenJwt(req);
    return providerCallback(req, res);
  }

  /** /oauth2/userInfo takes Cognito's access token: the JWT is exchanged for the opaque token oidc-provider knows. */
  async function acceptAccessTokenJwt(req) {
    const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? "");
    const opaque = m && (await tokens.opaqueFor(m[1]));
    if (opaque) req.headers.authorization = `Bearer ${opaque}`;
  }

  /** Revokes every refresh and access token of a user, like AdminUserGlobalSignOut. Returns how many. */
  async function signOutEverywhere(sub) {
    let n = 0;
    for (const name of ["RefreshToken", "AccessToken", "Grant", "Session"]) {
      for (const [id, e] of MemoryStore.of(name)) {
        if (e.payload.accountId === sub) {
          MemoryStore.of(name).delete(id);
          n++;
        }
      }
    }
    return n;
  }
  provider.on("server_error", (_ctx, err) => console.error("[login] server_error", err));

  return { handler, provider, keySet: tokens.keySet, publicJwks: tokens.publicJwks, tokens, signOutEverywhere, resetCodes };
}
