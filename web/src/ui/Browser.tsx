// The file browser for the user's own folder: composes the listing
// (useListing), the selection, the dialogs, uploads and the drop zone.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { SignedInUser } from "../aws/auth";
import type { Storage } from "../aws/s3";
import { buildBreadcrumbs } from "../lib/breadcrumbs";
import { describeError } from "../lib/errors";
import type { Entry } from "../lib/pagination";
import { Breadcrumbs } from "./Breadcrumbs";
import { BrowserDialogs, useDialog } from "./BrowserDialogs";
import { FileTable, type RowActions } from "./FileTable";
import { Pager } from "./Pager";
import { Toolbar } from "./Toolbar";
import { UploadArea } from "./UploadArea";
import { useUploads } from "./uploads";
import { useDropZone, type DropReader, type PickedFiles } from "./useDropZone";
import { useListing, type ListingView } from "./useListing";
import { useSelection } from "./useSelection";

interface Props {
  storage: Storage;
  user: SignedInUser;
  onSignOut: () => void;
  /** The session ended; `unfinished` names uploads that did not finish (if any were running). */
  onSessionExpired: (unfinished?: string[]) => void;
}

export function Browser({ storage, user, onSignOut, onSessionExpired }: Props) {
  const [status, setStatus] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);

  /** Maps an error to a message; an expired session goes to the sign-in-again page. */
  const report = useCallback(
    (e: unknown, context: string): string | null => {
      const d = describeError(e, context);
      if (d.reauth) {
        onSessionExpired();
        return null;
      }
      return d.message;
    },
    [onSessionExpired],
  );

  const selection = useSelection();
  const after = useRef({ focus: false, announce: true });
  const list = useListing(storage, {
    report,
    onViewChange: selection.clear,
    onNavigate: (kind) => {
      after.current = { focus: after.current.focus || kind === "folder", announce: true };
    },
  });
  const crumbs = buildBreadcrumbs(list.folder, storage.home);
  const folderLabel = crumbs[crumbs.length - 1]!.label;
  useAnnounceListing(list, folderLabel, after, headingRef, setStatus);

  const dialogs = useDialog();
  const folderRef = useRef(list.folder);
  folderRef.current = list.folder;
  const uploads = useUploads({ storage, announce: setStatus, onSessionExpired, onWritten: (objects) => list.showWritten(objects) });
  const upload = (source: DropReader | PickedFiles) => void uploads.start(source, folderRef.current);
  const drop = useDropZone(upload);

  const download = async (entry: Entry) => {
    try {
      const a = document.createElement("a");
      a.href = await storage.downloadUrl(entry.key);
      a.rel = "noopener noreferrer";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setStatus(`Downloading ${entry.name}.`);
    } catch (e) {
      list.setError(report(e, `Download ${entry.name}`));
    }
  };
  const actions: RowActions = {
    open: (e) => list.openFolder(e.key),
    download: (e) => void download(e),
    share: (e) => dialogs.open({ type: "share", entry: e }),
    rename: (e) => dialogs.open({ type: "rename", entry: e }),
    remove: (e) => dialogs.open({ type: "delete", entries: [e] }),
  };
  const selected = selection.of(list.listing.entries);

  return (
    <div class="app">
      <a class="skip" href="#main">
        Skip to files
      </a>
      <header class="topbar">
        <span class="brand">My files</span>
        <span class="user" title={user.displayName}>
          {user.displayName}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>

      <main id="main" class={drop.dragging ? "dropzone dragging" : "dropzone"} {...drop.handlers}>
        <Breadcrumbs crumbs={crumbs} onOpen={list.openFolder} />
        <h1 tabIndex={-1} ref={headingRef} class="folder-title">
          {folderLabel}
        </h1>
        <Toolbar
          onPick={upload}
          onNewFolder={() => dialogs.open({ type: "new-folder" })}
          selectedCount={selected.length}
          onDeleteSelected={() => dialogs.open({ type: "delete", entries: selected })}
          onRefresh={list.reload}
          loading={list.loading}
          search={list.search}
          onSearch={list.setSearch}
        />
        <p class="drop-hint">You can also drop files and folders anywhere here to upload them to “{folderLabel}”.</p>

        <div aria-live="polite" role="status" class="visually-hidden">
          {status}
        </div>
        {list.error && (
          <div role="alert" class="error banner">
            <span>{list.error}</span>
            <button type="button" class="link" onClick={() => list.setError(null)}>
              Dismiss
            </button>
          </div>
        )}

        <UploadArea uploads={uploads} />
        <FileTable
          entries={list.view.items}
          folderLabel={folderLabel}
          query={list.query}
          sort={list.sort}
          onSort={list.changeSort}
          loading={list.loading}
          failed={!!list.error}
          selection={selection}
          actions={actions}
        />
        <Pager
          view={list.view}
          listing={list.listing}
          loading={list.loading}
          pageSize={list.pageSize}
          sortBy={list.sort.by}
          onPage={(i) => void list.goToPage(i).then(() => headingRef.current?.focus())}
          onPageSize={list.setPageSize}
        />
      </main>

      <BrowserDialogs
        dialog={dialogs.dialog}
        storage={storage}
        folder={list.folder}
        report={report}
        onClose={dialogs.close}
        onDone={(msg) => {
          dialogs.close();
          setStatus(msg);
          list.reload();
        }}
      />
    </div>
  );
}

/**
 * After navigation (not after actions, which announce themselves), once the
 * listing has loaded: announce what it shows, and move focus to the heading
 * when another folder was opened.
 */
function useAnnounceListing(
  list: ListingView,
  folderLabel: string,
  after: { current: { focus: boolean; announce: boolean } },
  headingRef: { current: HTMLHeadingElement | null },
  announce: (msg: string) => void,
) {
  useEffect(() => {
    if (list.loading) return;
    if (after.current.focus) headingRef.current?.focus();
    if (!list.error && after.current.announce) {
      const n = list.listing.entries.length;
      announce(`${folderLabel}${list.query ? `, names starting with "${list.query}"` : ""}: ${n}${list.listing.complete ? "" : "+"} item${n === 1 ? "" : "s"}.`);
      after.current = { focus: false, announce: false };
    } else {
      after.current = { ...after.current, focus: false };
    }
  }, [list.loading]);
}
