// "Shared with me": the files and folders other people of this site shared
// with my (verified) email address. A file downloads through a short-lived
// link the share service signs; a folder shows its files first. A link to
// one share (#shared/<id>, from /shared/<id>) opens that one.

import { useEffect, useRef, useState } from "preact/hooks";
import type { SharedItem, SharedWithMe, ShareApi } from "../aws/shares";
import { formatBytes } from "../lib/format";
import { ViewBar, When } from "./ShareFields";
import { startDownload } from "./startDownload";
import { useAsyncList } from "./useAsyncList";

interface Props {
  api: ShareApi;
  /** The share a link named, opened (a folder's files shown) and focused. */
  openId?: string;
  report: (e: unknown, context: string) => string | null;
  announce: (msg: string) => void;
}

export function SharedWithMeView({ api, openId, report, announce }: Props) {
  const list = useAsyncList(() => api.sharedWithMe(), "Shared with me", report);
  const [error, setError] = useState<string | null>(null);
  const download = async (share: SharedWithMe, path?: string) => {
    setError(null);
    const name = path ?? share.name;
    try {
      startDownload(await api.fileUrl(share.id, path));
      announce(`Downloading ${name}.`);
    } catch (e) {
      setError(report(e, `Download ${name}`));
    }
  };
  const missing = openId && list.items && !list.items.some((s) => s.id === openId);
  const problem = error ?? list.error ?? (missing ? "That share is not shared with you, or it has expired or was revoked." : null);
  return (
    <>
      <ViewBar label="Shared with me actions" loading={list.loading} onRefresh={list.reload} problem={problem} />
      {list.items && list.items.length > 0 && (
        <ul class="shared-list">
          {list.items.map((s) => (
            <SharedEntry key={s.id} share={s} open={s.id === openId} api={api} report={report} onDownload={(path) => void download(s, path)} />
          ))}
        </ul>
      )}
      {list.items?.length === 0 && <p class="empty">Nothing is shared with you. When someone shares a file with your email address, it appears here.</p>}
      {list.loading && <p class="loading">Loading…</p>}
    </>
  );
}

function SharedEntry(props: {
  share: SharedWithMe;
  open: boolean;
  api: ShareApi;
  report: (e: unknown, context: string) => string | null;
  onDownload: (path?: string) => void;
}) {
  const { share: s } = props;
  const [shown, setShown] = useState(props.open && s.isFolder);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.open) heading.current?.focus();
  }, []);
  return (
    <li class={props.open ? "shared opened" : "shared"} data-share-id={s.id}>
      <div class="shared-head">
        <h2 class="shared-name break" tabIndex={-1} ref={heading}>
          {s.name}
          {s.isFolder ? "/" : ""}
        </h2>
        <p class="help">
          {s.ownerEmail ? `From ${s.ownerEmail}. ` : ""}Until <When iso={s.expiresAt} />.
        </p>
        {s.isFolder ? (
          <button type="button" aria-expanded={shown ? "true" : "false"} aria-label={`${shown ? "Hide files" : "Show files"} of ${s.name}`} onClick={() => setShown((v) => !v)}>
            {shown ? "Hide files" : "Show files"}
          </button>
        ) : (
          <button type="button" aria-label={`Download ${s.name}`} onClick={() => props.onDownload()}>
            Download
          </button>
        )}
      </div>
      {shown && <SharedFolderItems id={s.id} name={s.name} api={props.api} report={props.report} onDownload={props.onDownload} />}
    </li>
  );
}

function SharedFolderItems({ id, name, api, report, onDownload }: { id: string; name: string; api: ShareApi; report: (e: unknown, context: string) => string | null; onDownload: (path: string) => void }) {
  const list = useAsyncList<SharedItem>(() => api.items(id), `The files of ${name}`, report);
  if (list.error)
    return (
      <p role="alert" class="error">
        {list.error}
      </p>
    );
  if (!list.items) return <p class="loading">Loading…</p>;
  if (list.items.length === 0) return <p class="empty">This folder is empty.</p>;
  return (
    <ul class="shared-items">
      {list.items.map((it) => (
        <li key={it.path}>
          <span class="name-text break">{it.path}</span>
          <span class="help">
            {formatBytes(it.size)} · <When iso={it.lastModified} />
          </span>
          <button type="button" aria-label={`Download ${it.path}`} onClick={() => onDownload(it.path)}>
            Download
          </button>
        </li>
      ))}
    </ul>
  );
}
