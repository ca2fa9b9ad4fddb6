// Full-page states: bad config, signed out, session expired, fatal errors.

import type { ComponentChildren } from "preact";

function Page({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <main class="page" id="main">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export function ConfigErrorPage({ message, field }: { message: string; field: string }) {
  return (
    <Page title="This site is not configured correctly">
      <p role="alert" class="error">
        {message}
      </p>
      {field && (
        <p>
          The field <code>{field}</code> in <code>/config.json</code> needs fixing.
        </p>
      )}
      <p>
        The file <code>/config.json</code> is written when the application is deployed. Ask whoever runs this site to
        deploy it again or to correct the file.
      </p>
    </Page>
  );
}

export function SignedOutPage({
  notice,
  onSignIn,
  onSignUp,
  onForgot,
}: {
  notice?: string;
  onSignIn: () => void;
  onSignUp: () => void;
  onForgot: () => void;
}) {
  return (
    <Page title="My files">
      {notice && (
        <p role="alert" class="error">
          {notice}
        </p>
      )}
      <p>Your private folder in the cloud. Sign in to see, upload and share your files.</p>
      <div class="actions-row">
        <button type="button" class="primary" onClick={onSignIn}>
          Sign in
        </button>
        <button type="button" onClick={onSignUp}>
          Create an account
        </button>
      </div>
      <p>
        <button type="button" class="link" onClick={onForgot}>
          Forgot your password?
        </button>
      </p>
    </Page>
  );
}

export function ExpiredPage({ onSignIn, unfinished = [] }: { onSignIn: () => void; unfinished?: string[] }) {
  return (
    <Page title="Your session has expired">
      <p role="alert">For your security you were signed out. Sign in again to continue where you left off.</p>
      {unfinished.length > 0 && (
        <div class="error" role="alert">
          <p>
            {unfinished.length === 1 ? "This upload did not finish and was not saved:" : `These ${unfinished.length} uploads did not finish and were not saved:`}
          </p>
          <ul class="name-list">
            {unfinished.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <p>Upload {unfinished.length === 1 ? "it" : "them"} again after you sign in.</p>
        </div>
      )}
      <button type="button" class="primary" onClick={onSignIn}>
        Sign in again
      </button>
    </Page>
  );
}

export function FatalPage({ message, onRetry, onSignOut }: { message: string; onRetry: () => void; onSignOut?: () => void }) {
  return (
    <Page title="Something went wrong">
      <p role="alert" class="error">
        {message}
      </p>
      <div class="actions-row">
        <button type="button" class="primary" onClick={onRetry}>
          Try again
        </button>
        {onSignOut && (
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        )}
      </div>
    </Page>
  );
}
