// The file-drop page (/drop/<id>): anyone holding the link sends files to
// its owner, without signing in (a drop for signed-in people only asks for
// a sign-in first). It shows the drop's limits, then each file's progress.
// Nothing here can list or read what is in the drop.

import { useEffect, useState } from "preact/hooks";
import type { DropApi, DropInfo, ShareApi } from "../aws/shares";
import { describeError } from "../lib/errors";
import { formatBytes } from "../lib/format";
import { When } from "./ShareFields";
import { useDropUploads, type DropUpload } from "./useDropUploads";

interface Props {
  id: string;
  api: DropApi;
  /** The signed-in client when this tab has a session (for drops that take only signed-in people). */
  signedIn: ShareApi | null;
  onSignIn: () => void;
}

type Load = { k: "loading" } | { k: "error"; message: string } | { k: "ready"; info: DropInfo };

export function DropPage({ id, api, signedIn, onSignIn }: Props) {
  const [load, setLoad] = useState<Load>({ k: "loading" });
  useEffect(() => {
    document.title = "Send files";
    api.drop(id).then(
      (info) => setLoad({ k: "ready", info }),
      (e: unknown) => setLoad({ k: "error", message: describeError(e).message }),
    );
  }, [id]);
  return (
    <main class="page" id="main">
      <h1>Send files</h1>
      {load.k === "loading" && <p role="status">Loading…</p>}
      {load.k === "error" && (
        <p role="alert" class="error">
          {load.message}
        </p>
      )}
      {load.k === "ready" && (load.info.signedInOnly && !signedIn ? <SignInFirst onSignIn={onSignIn} /> : <DropForm id={id} info={load.info} api={api} signedIn={signedIn} />)}
    </main>
  );
}

function SignInFirst({ onSignIn }: { onSignIn: () => void }) {
  return (
    <>
      <p>Only people signed in to this site can send files through this link.</p>
      <div class="actions-row">
        <button type="button" class="primary" onClick={onSignIn}>
          Sign in to send files
        </button>
      </div>
    </>
  );
}

function DropForm({ id, info, api, signedIn }: { id: string; info: DropInfo; api: DropApi; signedIn: ShareApi | null }) {
  const target = (f: File) => (info.signedInOnly && signedIn ? signedIn.signedInUploadTarget(id, f) : api.uploadTarget(id, f));
  const uploads = useDropUploads(target, info.maxBytes);
  const done = uploads.items.filter((u) => u.state === "done").length;
  const failed = uploads.items.filter((u) => u.state === "failed").length;
  return (
    <>
      <p>Files you send here go to the person who gave you this link.</p>
      <p>
        Files up to {formatBytes(info.maxBytes)} each, until <When iso={info.expiresAt} />. You can send files here, but you cannot see or download anything
        that is in this folder, your own files included.
      </p>
      <label for="drop-files" class="drop-pick">
        Choose files to send
      </label>
      <input
        id="drop-files"
        type="file"
        multiple
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = "";
          if (files.length) uploads.add(files);
        }}
      />
      {uploads.items.length > 0 && (
        <ul class="drop-list" aria-label="Files sent">
          {uploads.items.map((u) => (
            <DropItem key={u.id} u={u} />
          ))}
        </ul>
      )}
      <p role="status" class="drop-summary">
        {uploads.items.length ? `${done} of ${uploads.items.length} sent${failed ? `, ${failed} failed` : ""}.` : ""}
      </p>
    </>
  );
}

const STATE_TEXT: Record<DropUpload["state"], string> = { waiting: "waiting", sending: "sending", done: "sent", failed: "failed" };

function DropItem({ u }: { u: DropUpload }) {
  return (
    <li class={`drop-item ${u.state}`}>
      <span class="name-text break">{u.name}</span>
      <progress max={Math.max(1, u.size)} value={u.state === "done" ? Math.max(1, u.size) : u.sent} aria-label={`Progress of ${u.name}`} />
      <span class="drop-state">
        {STATE_TEXT[u.state]}
        {u.message ? `: ${u.message}` : ""}
      </span>
    </li>
  );
}
