// The file browser for the user's own folder: composes the place in the URL
// (usePlace), the listing (useListing), the search (useSearch), the
// selection, the preview, the dialogs, uploads and the drop zone.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { SignedInUser } from "../aws/auth";
import type { Storage } from "../aws/s3";
import type { ShareApi } from "../aws/shares";
import { statFile } from "../aws/scan";
import { buildBreadcrumbs } from "../lib/breadcrumbs";
import type { Entry } from "../lib/pagination";
import { blockedMessage, canOpen } from "../lib/scanStatus";
import type { Hit } from "../lib/search";
import { sharingViewOf } from "../lib/shareRoutes";
import { zipName } from "../lib/zipPlan";
import { Breadcrumbs } from "./Breadcrumbs";
import { BrowserDialogs, useDialog } from "./BrowserDialogs";
import { FileTable, type RowActions } from "./FileTable";
import { Pager } from "./Pager";
import { Preview } from "./Preview";
import { ScanBlocked } from "./ScanBadge";
import { useScanStatus } from "./useScanStatus";
import { chooseTarget } from "./saveStream";
import { SearchResults } from "./SearchResults";
import { startDownload } from "./startDownload";
import { Toolbar } from "./Toolbar";
import { TopBar, type Section } from "./TopBar";
import { UploadArea } from "./UploadArea";
import { useUploads } from "./uploads";
import { useDropZone, type DropReader, type PickedFiles } from "./useDropZone";
import { useListing, type ListingView } from "./useListing";
import { usePlace } from "./usePlace";
import { useReport } from "./useReport";
import { useSearch } from "./useSearch";
import { useSelection } from "./useSelection";

interface Props {
  storage: Storage;
  user: SignedInUser;
  /** Days deleted files stay restorable (config.json), if published. */
  keepDays?: number;
  onSignOut: () => void;
  /** The session ended; `unfinished` names uploads that did not finish (if any were running). */
  onSessionExpired: (unfinished?: string[]) => void;
  /** The share service's client, when sharing is on. */
  shares?: ShareApi;
  /** Another section is shown (the browser stays, hidden, so uploads go on). */
  hidden?: boolean;
  /** The section the top bar marks (with sharing on). */
  section?: Section;
  /** A share or file-drop link was made. */
  onShared?: () => void;
}

const isSharingView = (hash: string) => !!sharingViewOf(hash);

const hitEntry = (h: Hit): Entry => ({ kind: h.kind, key: h.key, name: h.name, size: h.size, lastModified: h.lastModified });

export function Browser({ storage, user, keepDays, onSignOut, onSessionExpired, shares, hidden, section, onShared }: Props) {
  const [status, setStatus] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  /** Maps an error to a message; an expired session goes to the sign-in-again page. */
  const report = useReport(onSessionExpired);

  const { place, go, closePreview } = usePlace(storage.home, setNotice, shares ? isSharingView : undefined);
  const selection = useSelection();
  const after = useRef({ focus: false, announce: true });
  const list = useListing(storage, place.folder, {
    report,
    onViewChange: selection.clear,
    onNavigate: () => {
      after.current = { focus: true, announce: true };
    },
    open: (prefix) => go({ folder: prefix }),
  });
  const search = useSearch(storage, place.folder, report);
  const searching = search.query !== "";
  const crumbs = buildBreadcrumbs(list.folder, storage.home);
  const folderLabel = crumbs[crumbs.length - 1]!.label;
  useAnnounceListing(list, folderLabel, after, headingRef, setStatus);
  useEffect(() => {
    if (!hidden) document.title = `${folderLabel} – My files`;
  }, [folderLabel, hidden]);

  const dialogs = useDialog();
  const folderRef = useRef(list.folder);
  folderRef.current = list.folder;
  const uploads = useUploads({ storage, announce: setStatus, onSessionExpired, onWritten: (objects) => list.showWritten(objects) });
  const upload = (source: DropReader | PickedFiles) => void uploads.start(source, folderRef.current);
  const drop = useDropZone(upload);

  const download = async (entry: Entry) => {
    try {
      startDownload(await storage.downloadUrl(entry.key));
      setStatus(`Downloading ${entry.name}.`);
    } catch (e) {
      list.setError(report(e, `Download ${entry.name}`));
    }
  };
  /** Starts a zip download: the save dialog is asked for now, while the click still counts as the user's gesture. */
  const zip = (entries: Entry[], name: string) => dialogs.open({ type: "zip", entries, name, target: chooseTarget(name) });
  /** f, unless the file's malware scan says it may not be opened: then why, in the banner. */
  const ifClean =
    (verb: string, f: (e: Entry) => void) =>
    (e: Entry): void => {
      const s = scan.get(e.key);
      if (s && !canOpen(s)) setNotice(blockedMessage(verb, e.name, s));
      else f(e);
    };
  const actions: RowActions = {
    open: (e) => go({ folder: e.key }),
    preview: ifClean("Previewing", (e) => go({ folder: list.folder, file: e.key })),
    download: ifClean("Downloading", (e) => void download(e)),
    share: ifClean("Sharing", (e) => dialogs.open({ type: "share", entry: e })),
    shareFolder: shares ? (e) => dialogs.open({ type: "share", entry: e }) : undefined,
    versions: (e) => dialogs.open({ type: "versions", key: e.key }),
    rename: (e) => dialogs.open({ type: "rename", entry: e }),
    copy: (e) => dialogs.open({ type: "transfer", mode: "copy", entries: [e] }),
    zip: (e) => zip([e], zipName(e.name)),
    usage: (e) => dialogs.open({ type: "usage", prefix: e.key, label: e.name }),
    remove: (e) => dialogs.open({ type: "delete", entries: [e] }),
  };
  const selected = selection.of(list.listing.entries);

  // The file previewed: from the listing or the search, or looked up (a link to a file not loaded yet).
  const previewFiles = (searching ? search.hits.map(hitEntry) : list.listing.entries).filter((e) => e.kind === "file");
  const previewEntry = usePreviewEntry(storage, place.file, previewFiles, (msg) => {
    setNotice(msg);
    closePreview();
  });
  const scan = useScanStatus(storage, previewEntry && !list.view.items.includes(previewEntry) ? [...list.view.items, previewEntry] : list.view.items);
  const previewScan = previewEntry ? scan.get(previewEntry.key) : undefined;

  const done = (msg: string) => {
    dialogs.close();
    setStatus(msg);
    list.reload();
  };

  return (
    <div class="app" hidden={hidden}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), headingRef.current?.focus())}>
        Skip to files
      </a>
      <TopBar user={user} onSignOut={onSignOut} section={section} />

      <main id="main" class={drop.dragging ? "dropzone dragging" : "dropzone"} {...drop.handlers}>
        <Breadcrumbs crumbs={crumbs} onOpen={(prefix) => go({ folder: prefix })} />
        <h1 tabIndex={-1} ref={headingRef} class="folder-title">
          {folderLabel}
        </h1>
        <Toolbar
          onPick={upload}
          onNewFolder={() => dialogs.open({ type: "new-folder" })}
          onNewDrop={shares ? () => dialogs.open({ type: "drop" }) : undefined}
          selection={{
            count: selected.length,
            zip: () => zip(selected, zipName(folderLabel)),
            move: () => dialogs.open({ type: "transfer", mode: "move", entries: selected }),
            copy: () => dialogs.open({ type: "transfer", mode: "copy", entries: selected }),
            remove: () => dialogs.open({ type: "delete", entries: selected }),
          }}
          onTrash={() => dialogs.open({ type: "trash" })}
          onUsage={() => dialogs.open({ type: "usage", prefix: list.folder, label: folderLabel })}
          onRefresh={list.reload}
          loading={list.loading}
          search={search.text}
          onSearch={search.setText}
          scope={search.scope}
          onScope={search.setScope}
        />
        <p class="drop-hint">You can also drop files and folders anywhere here to upload them to “{folderLabel}”.</p>

        <div aria-live="polite" role="status" class="visually-hidden">
          {status}
        </div>
        {(notice || list.error) && (
          <div role="alert" class="error banner">
            <span>{notice ?? list.error}</span>
            <button
              type="button"
              class="link"
              onClick={() => {
                setNotice(null);
                list.setError(null);
              }}
            >
              Dismiss
            </button>
          </div>
        )}

        <UploadArea uploads={uploads} />
        {searching ? (
          <SearchResults
            search={search}
            home={storage.home}
            folderLabel={folderLabel}
            onOpenFolder={(prefix) => go({ folder: prefix })}
            onPreview={(h) => go({ folder: list.folder, file: h.key })}
          />
        ) : (
          <>
            <SelectAll list={list} selectedCount={selected.length} pageKeys={list.view.items.map((e) => e.key)} selection={selection} />
            <FileTable
              storage={storage}
              entries={list.view.items}
              folderLabel={folderLabel}
              sort={list.sort}
              onSort={list.changeSort}
              loading={list.loading}
              failed={!!list.error}
              selection={selection}
              actions={actions}
              scan={scan}
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
          </>
        )}
      </main>

      {previewEntry && previewScan && !canOpen(previewScan) && <ScanBlocked entry={previewEntry} status={previewScan} onClose={closePreview} />}
      {previewEntry && canOpen(previewScan) && (
        <Preview
          storage={storage}
          entry={previewEntry}
          files={previewFiles.some((f) => f.key === previewEntry.key) ? previewFiles : [previewEntry]}
          onShow={(e) => go({ folder: place.folder, file: e.key }, "replace")}
          onClose={closePreview}
          onDownload={actions.download}
          onVersions={(e) => dialogs.open({ type: "versions", key: e.key })}
          report={report}
        />
      )}
      <BrowserDialogs
        dialog={dialogs.dialog}
        storage={storage}
        folder={list.folder}
        folderLabel={folderLabel}
        keepDays={keepDays}
        shares={shares}
        report={report}
        onClose={dialogs.close}
        onShared={(msg) => {
          setStatus(msg);
          onShared?.();
        }}
        onDone={done}
        onChanged={(msg) => {
          setStatus(msg);
          list.reload();
        }}
      />
    </div>
  );
}

/**
 * "Select all": once every row of the page is selected and the folder has
 * more (other pages, or pages not loaded yet), offers to select everything
 * in the folder, loading the remaining pages first.
 */
function SelectAll({ list, selectedCount, pageKeys, selection }: { list: ListingView; selectedCount: number; pageKeys: string[]; selection: ReturnType<typeof useSelection> }) {
  const [loading, setLoading] = useState(false);
  const total = list.listing.entries.length;
  if (!selection.allSelected(pageKeys) || (list.listing.complete && selectedCount >= total)) return null;
  return (
    <p class="select-all" role="status">
      {selectedCount === pageKeys.length ? `All ${selectedCount} items on this page are selected.` : `${selectedCount} items are selected.`}{" "}
      <button
        type="button"
        class="link"
        disabled={loading}
        onClick={async () => {
          setLoading(true);
          try {
            const all = await list.loadAll();
            selection.selectOnly(all.map((e) => e.key));
          } finally {
            setLoading(false);
          }
        }}
      >
        {loading ? "Loading every page…" : `Select all ${list.listing.complete ? total : `${total}+`} items in this folder`}
      </button>
    </p>
  );
}

/** The entry of the file in the URL: one listed, else looked up by its key (a missing one is reported). */
function usePreviewEntry(storage: Storage, key: string | undefined, listed: Entry[], missing: (msg: string) => void): Entry | null {
  const [found, setFound] = useState<Entry | null>(null);
  const fromList = key ? listed.find((e) => e.key === key) : undefined;
  const missingRef = useRef(missing);
  missingRef.current = missing;
  useEffect(() => {
    if (!key || fromList) return setFound(null);
    let gone = false;
    statFile(storage, key).then(
      (o) => {
        if (gone) return;
        if (o) setFound({ kind: "file", key, name: key.slice(key.lastIndexOf("/") + 1), size: o.size, lastModified: o.lastModified });
        else missingRef.current("That file is not there (any more). Deleted files can be restored from “Recently deleted”.");
      },
      () => !gone && missingRef.current("That file could not be opened."),
    );
    return () => {
      gone = true;
    };
  }, [storage, key, !!fromList]);
  if (!key) return null;
  return fromList ?? (found?.key === key ? found : null);
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
    if (after.current.focus && !document.querySelector("dialog[open]")) headingRef.current?.focus();
    if (!list.error && after.current.announce) {
      const n = list.listing.entries.length;
      announce(`${folderLabel}: ${n}${list.listing.complete ? "" : "+"} item${n === 1 ? "" : "s"}.`);
      after.current = { focus: false, announce: false };
    } else {
      after.current = { ...after.current, focus: false };
    }
  }, [list.loading]);
}
