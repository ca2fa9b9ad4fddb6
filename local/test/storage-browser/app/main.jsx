// A minimal Amplify front end, as a developer would write one for this
// stack: Amplify configured from the deployed amplify_outputs.json, sign-in
// with signInWithRedirect (managed login), and Amplify UI's Storage Browser.
// The only local part is reading the stand-in's endpoints from
// `custom.local_stand_in` (amplify_outputs.json has no endpoint fields) and
// passing them to the options Amplify has for them.
//
// For the end-to-end test, window.plainAmplify exposes plain aws-amplify
// calls (fetchAuthSession, uploadData, list, downloadData, remove) with the
// same configuration.

import React, { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { Amplify } from "aws-amplify";
import { fetchAuthSession, getCurrentUser, signInWithRedirect, signOut } from "aws-amplify/auth";
import "aws-amplify/auth/enable-oauth-listener";
import { downloadData, list, remove, uploadData } from "aws-amplify/storage";
import { Hub } from "aws-amplify/utils";
import { createAmplifyAuthAdapter, createStorageBrowser } from "@aws-amplify/ui-react-storage/browser";
import "@aws-amplify/ui-react-storage/styles.css";

const outputs = await (await fetch("/amplify_outputs.json")).json();
Amplify.configure(outputs);
const local = outputs.custom?.local_stand_in;
if (local) {
  const config = Amplify.getConfig();
  Amplify.configure({
    ...config,
    Auth: { ...config.Auth, Cognito: { ...config.Auth.Cognito, userPoolEndpoint: local.user_pool_endpoint, identityPoolEndpoint: local.identity_pool_endpoint } },
  });
}
const customEndpoint = local?.s3_custom_endpoint;
const withEndpoint = (input) => ({ ...input, options: { ...input.options, ...(customEndpoint ? { customEndpoint } : {}) } });

window.plainAmplify = {
  async session() {
    const s = await fetchAuthSession();
    return { identityId: s.identityId, accessKeyId: s.credentials?.accessKeyId, idToken: s.tokens?.idToken?.toString(), accessToken: s.tokens?.accessToken?.toString() };
  },
  async currentUser() {
    return getCurrentUser();
  },
  async upload(path, text) {
    const r = await uploadData(withEndpoint({ path, data: text, options: { contentType: "text/plain" } })).result;
    return r.path;
  },
  async list(path) {
    const r = await list(withEndpoint({ path }));
    return r.items.map((i) => i.path);
  },
  async download(path) {
    const r = await downloadData(withEndpoint({ path })).result;
    return r.body.text();
  },
  async remove(path) {
    await remove(withEndpoint({ path }));
  },
  /** Runs fn and returns the error's name (or "ok"). */
  async errorName(fn, ...args) {
    try {
      await this[fn](...args);
      return "ok";
    } catch (e) {
      return e.name;
    }
  },
};

const { StorageBrowser } = createStorageBrowser({ config: { ...createAmplifyAuthAdapter(), ...(customEndpoint ? { customEndpoint } : {}) } });

function App() {
  const [user, setUser] = useState(undefined);
  const [error, setError] = useState("");
  useEffect(() => {
    const check = () =>
      getCurrentUser()
        .then(setUser)
        .catch(() => setUser(null));
    check();
    return Hub.listen("auth", ({ payload }) => {
      if (payload.event === "signInWithRedirect" || payload.event === "signedOut") check();
      if (payload.event === "signInWithRedirect_failure") setError(String(payload.data?.error?.message ?? "sign-in failed"));
    });
  }, []);
  if (user === undefined) return <p>Loading…</p>;
  if (!user)
    return (
      <main>
        <h1>Files</h1>
        {error && <p role="alert">{error}</p>}
        <button onClick={() => signInWithRedirect()}>Sign in</button>
      </main>
    );
  return (
    <main>
      <header>
        <span data-testid="username">{user.username}</span> <button onClick={() => signOut()}>Sign out</button>
      </header>
      <StorageBrowser />
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
