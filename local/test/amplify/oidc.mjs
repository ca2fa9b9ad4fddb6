// Signs a user up or in through the stand-in's managed login from Node, the
// way a browser following signInWithRedirect would: authorization code with
// PKCE (S256) on /oauth2/authorize, the login page's form, the redirect back
// to the app with ?code=, then the code exchange on /oauth2/token. Cookies
// are kept in a small jar; redirects are followed by hand.

import assert from "node:assert/strict";
import crypto from "node:crypto";

class Jar {
  constructor() {
    this.cookies = new Map();
  }
  store(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Returns { idToken, accessToken, refreshToken, claims } for email/password,
 * creating the account first when signUp is true.
 */
export async function oidcSignIn(standIn, { email, password, signUp = false }) {
  const redirectUri = standIn.urls.site + "/";
  const clientId = standIn.ids.clientId;
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const state = crypto.randomBytes(12).toString("hex");
  const jar = new Jar();
  const go = async (url, init = {}) => {
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers ?? {}), cookie: jar.header() } });
    jar.store(res);
    return res;
  };
  const q = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    scope: (standIn.config.scopes ?? ["openid", "email", "profile"]).join(" "),
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
    nonce: crypto.randomBytes(12).toString("hex"),
  });
  let url = `${standIn.urls.login}/${signUp ? "signup" : "login"}?${q}`;
  let res;
  // Follow redirects to the login page (/interaction/<uid>).
  for (let i = 0; i < 10; i++) {
    res = await go(url);
    if (res.status < 300 || res.status >= 400) break;
    url = new URL(res.headers.get("location"), url).href;
  }
  assert.equal(res.status, 200, `login page: ${url} answered ${res.status}`);
  const uid = /\/interaction\/([^/?#]+)/.exec(url)?.[1];
  assert.ok(uid, `no interaction in ${url}`);
  await res.text();
  // The sign-in form's field is managed login's `username`; the sign-up form's is `email`.
  const form = new URLSearchParams(signUp ? { email, password, confirm: password } : { username: email, password });
  res = await go(`${standIn.urls.login}/interaction/${uid}/${signUp ? "signup" : "login"}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  url = `${standIn.urls.login}/interaction/${uid}`;
  for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
    url = new URL(res.headers.get("location"), url).href;
    if (url.startsWith(redirectUri)) break;
    res = await go(url);
  }
  if (!url.startsWith(redirectUri)) {
    const text = await res.text();
    throw new Error(`sign-in did not return to the app (${res.status} at ${url}): ${(/class="error"[^>]*>([^<]*)/.exec(text) ?? [])[1] ?? text.slice(0, 200)}`);
  }
  const back = new URL(url).searchParams;
  assert.equal(back.get("state"), state, "state round trip");
  const code = back.get("code");
  assert.ok(code, `no code in ${url}`);
  const tokenRes = await fetch(`${standIn.urls.login}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }).toString(),
  });
  const tokens = await tokenRes.json();
  assert.equal(tokenRes.status, 200, `token endpoint: ${JSON.stringify(tokens)}`);
  return {
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    claims: JSON.parse(Buffer.from(tokens.id_token.split(".")[1], "base64url").toString()),
  };
}
