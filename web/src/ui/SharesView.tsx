// "My shares": every link and file-drop link I made, newest first, with
// its state, and Revoke for those still working. A drop's row opens the
// folder its files arrive in.

import { useState } from "preact/hooks";
import type { Share, ShareApi } from "../aws/shares";
import { linkFor } from "../lib/deepLink";
import { relativePath } from "../lib/keys";
import { ViewBar, When } from "./ShareFields";
import { useAsyncList } from "./useAsyncList";

interface Props {
  api: ShareApi;
  home: string;
  report: (e: unknown, context: string) => string | null;
  announce: (msg: string) => void;
  onNewDrop: () => void;
  /** Bumped when a share was made elsewhere (the dialogs): list again. */
  version: number;
}

const STATUS: Record<Share["status"], string> = { active: "Active", expired: "Expired", revoked: "Revoked", "used-up": "Download limit reached" };

export function SharesView({ api, home, report, announce, onNewDrop, version }: Props) {
  const list = useAsyncList(() => api.list(), "My shares", report, version);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (s: Share) => {
    setError(null);
    try {
      await api.revoke(s.id);
      list.setItems((all) => all.map((x) => (x.id === s.id ? { ...x, status: "revoked" } : x)));
      announce(`Revoked the share of ${s.name}. Its link no longer works.`);
    } catch (e) {
      setError(report(e, `Revoke ${s.name}`));
    }
  };
  const problem = error ?? list.error;
  return (
    <>
      <ViewBar label="Share actions" loading={list.loading} onRefresh={list.reload} problem={problem}>
        <button type="button" class="primary" onClick={onNewDrop}>
          Create file-drop link
        </button>
      </ViewBar>
      {list.items && list.items.length > 0 && (
        <div class="table-wrap">
          <table class="shares" aria-busy={list.loading ? "true" : "false"}>
            <caption class="visually-hidden">Your shares and file-drop links, newest first.</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">What</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((s) => (
                <ShareRow key={s.id} share={s} home={home} onRevoke={() => void revoke(s)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.items?.length === 0 && <p class="empty">You have not shared anything yet. Use “Share…” on a file or folder.</p>}
      {list.loading && <p class="loading">Loading…</p>}
    </>
  );
}

function describe(s: Share): string {
  if (s.kind === "drop") return `File drop${s.signedInOnly ? ", signed-in people only" : ""}`;
  const parts = [s.key.endsWith("/") ? "Folder link" : "Link"];
  if (s.recipients.length) parts.push(`for ${s.recipients.join(", ")}`);
  if (s.hasPassword) parts.push("password");
  parts.push(s.maxDownloads ? `${s.downloads} of ${s.maxDownloads} downloads` : `${s.downloads} download${s.downloads === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

function ShareRow({ share: s, home, onRevoke }: { share: Share; home: string; onRevoke: () => void }) {
  const active = s.status === "active";
  const label = s.kind === "drop" ? `file-drop link ${s.name}` : s.name;
  return (
    <tr class={`share ${s.status}`} data-share-id={s.id}>
      <td class="break">
        {s.kind === "drop" ? (
          <a href={linkFor(home, { folder: s.key })}>
            {relativePath(s.key, home)}
          </a>
        ) : (
          <span class="name-text">{relativePath(s.key, home)}</span>
        )}
      </td>
      <td>{describe(s)}</td>
      <td class="share-expires">
        <When iso={s.expiresAt} />
      </td>
      <td class="share-status">{STATUS[s.status] ?? s.status}</td>
      <td class="col-actions">
        {active && (
          <>
            <CopyButton url={s.url} label={`Copy link of ${label}`} />
            <button type="button" class="danger" aria-label={`Revoke ${label}`} onClick={onRevoke}>
              Revoke
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/** Copies a share's link; where the clipboard refuses, shows the link to copy by hand. */
function CopyButton({ url, label }: { url: string; label: string }) {
  const [state, setState] = useState<"" | "copied" | "failed">("");
  return (
    <>
      <button type="button" aria-label={label} onClick={() => void navigator.clipboard.writeText(url).then(() => setState("copied"), () => setState("failed"))}>
        Copy link
      </button>
      <span role="status" class="help">
        {state === "copied" ? "Copied" : ""}
      </span>
      {state === "failed" && <input readOnly aria-label={`${label}: copy it from here`} value={url} onFocus={(e) => e.currentTarget.select()} />}
    </>
  );
}
