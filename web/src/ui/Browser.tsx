// The file browser for the user's own folder.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { SignedInUser } from "../aws/auth";
import type { Storage } from "../aws/s3";
import { buildBreadcrumbs } from "../lib/breadcrumbs";
import { describeError } from "../lib/errors";
import { formatBytes, overallProgress } from "../lib/format";
import { childName } from "../lib/keys";
import { appendPage, emptyListing, needsFetch, pageView, type Entry, type Listing } from "../lib/pagination";
import { nextSort, sortEntries, type SortKey, type SortSpec } from "../lib/sort";
import { DeleteDialog, NewFolderDialog, OverwriteDialog, RenameDialog, ShareDialog } from "./dialogs";
import { useUploads, type OverwriteChoice, type UploadItem } from "./uploads";

type DialogState =
  | { type: "new-folder" }
  | { type: "delete"; entries: Entry[] }
  | { type: "rename"; entry: Entry }
  | { type: "share"; entry: Entry }
  | { type: "overwrite"; names: string[]; resolve: (c: OverwriteChoice) => void };

interface Props {
  storage: Storage;
  user: SignedInUser;
  onSignOut: () => void;
  /** The session ended; `unfinished` names uploads that did not finish (if any were running). */
  onSessionExpired: (unfinished?: string[]) => void;
}

const PAGE_SIZES = [50, 100, 250, 500];
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function Browser({ storage, user, onSignOut, onSessionExpired }: Props) {
  const home = storage.home;
  const [folder, setFolder] = useState(home);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const queryRef = useRef(query);
  queryRef.current = query;
  const [listing, setListing] = useState<Listing>(() => emptyListing(home));
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sort, setSort] = useState<SortSpec>({ by: "name", dir: "asc" });
  const [pageIndex, setPageIndex] = useState(0);
  const [pageSize, setPageSize] = useState(100);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [status, setStatus] = useState("");
  const [dragging, setDragging] = useState(false);
  const gen = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const focusHeading = useRef(false);
  /** Announce the listing after navigation (not after actions, which announce themselves). */
  const announceListing = useRef(true);

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

  const fetchUntil = useCallback(
    async (start: Listing, wantPage: number, size: number, g: number) => {
      let l = start;
      if (!needsFetch(l, wantPage, size)) return;
      setLoading(true);
      try {
        while (needsFetch(l, wantPage, size)) {
          const r = await storage.list(l.folder, l.prefix, l.nextToken, size);
          if (g !== gen.current) return;
          l = appendPage(l, r.entries, r.nextToken);
          setListing(l);
        }
      } catch (e) {
        if (g === gen.current) setError(report(e, "Could not list the folder"));
      } finally {
        if (g === gen.current) setLoading(false);
      }
    },
    [storage, report],
  );

  const reload = useCallback(() => {
    const g = ++gen.current;
    const l = emptyListing(folder, query);
    setListing(l);
    setPageIndex(0);
    setSelected(new Set());
    setError(null);
    void fetchUntil(l, 0, pageSize, g);
  }, [folder, query, pageSize, fetchUntil]);

  useEffect(reload, [reload]);

  // Debounced search by name prefix (sent to S3 as Prefix).
  useEffect(() => {
    const t = setTimeout(() => {
      if (search !== queryRef.current) announceListing.current = true;
      setQuery(search);
    }, 300);
    return () => clearTimeout(t);
  }, [search]);

  const sorted = useMemo(() => sortEntries(listing.entries, sort), [listing.entries, sort]);
  const view = pageView(sorted, pageIndex, pageSize, listing.complete);
  const crumbs = buildBreadcrumbs(folder, home);
  const folderLabel = crumbs[crumbs.length - 1]!.label;

  useEffect(() => {
    if (!loading && focusHeading.current) {
      focusHeading.current = false;
      headingRef.current?.focus();
    }
    if (!loading && !error && announceListing.current) {
      announceListing.current = false;
      const n = listing.entries.length;
      setStatus(
        `${folderLabel}${query ? `, names starting with "${query}"` : ""}: ${n}${listing.complete ? "" : "+"} item${n === 1 ? "" : "s"}.`,
      );
    }
  }, [loading]);

  const openFolder = (prefix: string) => {
    focusHeading.current = true;
    announceListing.current = true;
    setSearch("");
    setQuery("");
    setFolder(prefix);
  };

  const goToPage = async (idx: number) => {
    if (idx > pageIndex) await fetchUntil(listing, idx, pageSize, gen.current);
    setPageIndex(idx);
    setSelected(new Set());
    headingRef.current?.focus();
  };

  const changeSort = (by: SortKey) => {
    setSort((s) => nextSort(s, by));
    setPageIndex(0);
  };

  const askOverwrite = (names: string[]) =>
    new Promise<OverwriteChoice>((resolve) => {
      setDialog({
        type: "overwrite",
        names,
        resolve: (c) => {
          setDialog(null);
          resolve(c);
        },
      });
    });

  const folderRef = useRef(folder);
  folderRef.current = folder;
  const uploads = useUploads({
    storage,
    askOverwrite,
    announce: setStatus,
    onSessionExpired,
    onFinished: (f) => {
      if (f === folderRef.current) reload();
    },
  });

  const addFiles = (files: FileList | File[] | null) => {
    const list = files ? Array.from(files) : [];
    if (list.length) void uploads.start(list, folder);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dt = e.dataTransfer;
    if (!dt) return;
    const files: File[] = [];
    let dirs = 0;
    if (dt.items && dt.items.length) {
      for (const it of Array.from(dt.items)) {
        if (it.kind !== "file") continue;
        const entry = typeof it.webkitGetAsEntry === "function" ? it.webkitGetAsEntry() : null;
        if (entry?.isDirectory) {
          dirs++;
          continue;
        }
        const f = it.getAsFile();
        if (f) files.push(f);
      }
    } else {
      files.push(...Array.from(dt.files));
    }
    if (dirs) setError(`Folders cannot be dropped (${dirs} skipped): create the folder, open it and drop its files.`);
    addFiles(files);
  };

  const download = async (entry: Entry) => {
    try {
      const url = await storage.downloadUrl(entry.key);
      const a = document.createElement("a");
      a.href = url;
      a.rel = "noopener noreferrer";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setStatus(`Downloading ${entry.name}.`);
    } catch (e) {
      setError(report(e, `Download ${entry.name}`));
    }
  };

  const toggle = (key: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const pageKeys = view.items.map((e) => e.key);
  const allOnPage = pageKeys.length > 0 && pageKeys.every((k) => selected.has(k));
  const selectedEntries = listing.entries.filter((e) => selected.has(e.key));

  const closeDialog = () => setDialog(null);
  const doneAndReload = (msg: string) => {
    setDialog(null);
    setStatus(msg);
    reload();
  };

  const sortButton = (by: SortKey, label: string) => {
    const active = sort.by === by;
    return (
      <th scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined} class={`col-${by}`}>
        <button type="button" class="sort" onClick={() => changeSort(by)}>
          {label}
          <span aria-hidden="true" class="sort-arrow">
            {active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
          </span>
        </button>
      </th>
    );
  };

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

      <main
        id="main"
        class={dragging ? "dropzone dragging" : "dropzone"}
        onDragEnter={(e) => {
          if (e.dataTransfer?.types.includes("Files")) {
            e.preventDefault();
            setDragging(true);
          }
        }}
        onDragOver={(e) => {
          if (e.dataTransfer?.types.includes("Files")) {
            e.preventDefault();
            e.dataTransfer.dropEffect = "copy";
          }
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDragging(false);
        }}
        onDrop={onDrop}
      >
        {crumbs.length > 1 && (
        <nav aria-label="Breadcrumb" class="crumbs">
          <ol>
            {crumbs.map((c) => (
              <li key={c.prefix}>
                {c.current ? (
                  <span aria-current="page">{c.label}</span>
                ) : (
                  <button type="button" class="link" onClick={() => openFolder(c.prefix)}>
                    {c.label}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </nav>
        )}
        <h1 tabIndex={-1} ref={headingRef} class="folder-title">
          {folderLabel}
        </h1>

        <div class="toolbar" role="toolbar" aria-label="File actions">
          <button type="button" class="primary" onClick={() => fileInput.current?.click()}>
            Upload files
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            class="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              addFiles(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
          />
          <button type="button" onClick={() => setDialog({ type: "new-folder" })}>
            New folder
          </button>
          <button
            type="button"
            class="danger"
            disabled={selectedEntries.length === 0}
            onClick={() => setDialog({ type: "delete", entries: selectedEntries })}
          >
            Delete selected{selectedEntries.length ? ` (${selectedEntries.length})` : ""}
          </button>
          <button type="button" onClick={reload} disabled={loading}>
            Refresh
          </button>
          <div class="search">
            <label for="search">Search this folder</label>
            <input
              id="search"
              type="search"
              placeholder="Name starts with…"
              value={search}
              onInput={(e) => setSearch(e.currentTarget.value)}
              autocomplete="off"
              spellcheck={false}
            />
          </div>
        </div>
        <p class="drop-hint">You can also drop files anywhere here to upload them to “{folderLabel}”.</p>

        <div aria-live="polite" role="status" class="visually-hidden">
          {status}
        </div>
        {error && (
          <div role="alert" class="error banner">
            <span>{error}</span>
            <button type="button" class="link" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        )}

        <UploadPanel items={uploads.items} onCancel={uploads.cancel} onCancelAll={uploads.cancelAll} onClear={uploads.clearFinished} />

        <div class="table-wrap">
          <table class="files" aria-busy={loading ? "true" : "false"}>
            <caption class="visually-hidden">
              Contents of {folderLabel}
              {query ? `, names starting with ${query}` : ""}. Column headers sort.
            </caption>
            <thead>
              <tr>
                <th scope="col" class="col-select">
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    disabled={pageKeys.length === 0}
                    onChange={() =>
                      setSelected((s) => {
                        const n = new Set(s);
                        for (const k of pageKeys) {
                          if (allOnPage) n.delete(k);
                          else n.add(k);
                        }
                        return n;
                      })
                    }
                  />
                </th>
                {sortButton("name", "Name")}
                {sortButton("size", "Size")}
                {sortButton("modified", "Modified")}
                <th scope="col" class="col-actions">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {view.items.map((e) => (
                <Row
                  key={e.key}
                  entry={e}
                  checked={selected.has(e.key)}
                  onToggle={() => toggle(e.key)}
                  onOpen={() => openFolder(e.key)}
                  onDownload={() => void download(e)}
                  onShare={() => setDialog({ type: "share", entry: e })}
                  onRename={() => setDialog({ type: "rename", entry: e })}
                  onDelete={() => setDialog({ type: "delete", entries: [e] })}
                />
              ))}
            </tbody>
          </table>
          {!loading && view.items.length === 0 && !error && (
            <p class="empty">{query ? `Nothing here starts with “${query}”.` : "This folder is empty. Upload files or drop them here."}</p>
          )}
          {loading && <p class="loading">Loading…</p>}
        </div>

        <nav class="pager" aria-label="Pages">
          <button type="button" disabled={!view.hasPrev || loading} onClick={() => void goToPage(view.pageIndex - 1)}>
            Previous
          </button>
          <span>
            {view.from}–{view.to} of {listing.entries.length}
            {listing.complete ? "" : "+ (more on the next pages)"}
          </span>
          <button type="button" disabled={!view.hasNext || loading} onClick={() => void goToPage(view.pageIndex + 1)}>
            Next
          </button>
          <label>
            Per page{" "}
            <select value={String(pageSize)} onChange={(e) => setPageSize(Number(e.currentTarget.value))}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </nav>
        {!listing.complete && sort.by !== "name" && (
          <p class="help">Sorting covers the {listing.entries.length} items loaded so far; later pages load as you go.</p>
        )}
      </main>

      {dialog?.type === "new-folder" && (
        <NewFolderDialog
          storage={storage}
          folder={folder}
          report={report}
          onClose={closeDialog}
          onDone={(key) => doneAndReload(`Created folder ${childName(key, folder)}.`)}
        />
      )}
      {dialog?.type === "delete" && (
        <DeleteDialog storage={storage} entries={dialog.entries} report={report} onClose={closeDialog} onDone={doneAndReload} />
      )}
      {dialog?.type === "rename" && (
        <RenameDialog storage={storage} entry={dialog.entry} report={report} onClose={closeDialog} onDone={doneAndReload} />
      )}
      {dialog?.type === "share" && <ShareDialog storage={storage} entry={dialog.entry} report={report} onClose={closeDialog} />}
      {dialog?.type === "overwrite" && <OverwriteDialog names={dialog.names} onChoose={dialog.resolve} />}
    </div>
  );
}

function Row(props: {
  entry: Entry;
  checked: boolean;
  onToggle: () => void;
  onOpen: () => void;
  onDownload: () => void;
  onShare: () => void;
  onRename: () => void;
  onDelete: () => void;
}) {
  const e = props.entry;
  const label = e.name === "" ? "(empty name)" : e.name;
  return (
    <tr class={e.kind}>
      <td class="col-select">
        <input type="checkbox" aria-label={`Select ${label}`} checked={props.checked} onChange={props.onToggle} />
      </td>
      <td class="col-name">
        {e.kind === "folder" ? (
          <button type="button" class="link name" onClick={props.onOpen} aria-label={`Open folder ${label}`}>
            <span class="icon folder-icon" aria-hidden="true" />
            <span class="name-text">{label}</span>
          </button>
        ) : (
          <span class="name">
            <span class="icon file-icon" aria-hidden="true" />
            <span class="name-text">{label}</span>
          </span>
        )}
      </td>
      <td class="col-size">{e.kind === "file" ? formatBytes(e.size) : ""}</td>
      <td class="col-modified">{e.lastModified ? dateFmt.format(e.lastModified) : ""}</td>
      <td class="col-actions">
        {e.kind === "file" && (
          <>
            <button type="button" onClick={props.onDownload} aria-label={`Download ${label}`}>
              Download
            </button>
            <button type="button" onClick={props.onShare} aria-label={`Share ${label}`}>
              Share
            </button>
          </>
        )}
        <button type="button" onClick={props.onRename} aria-label={`Rename or move ${label}`}>
          Rename
        </button>
        <button type="button" class="danger" onClick={props.onDelete} aria-label={`Delete ${label}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}

function UploadPanel({
  items,
  onCancel,
  onCancelAll,
  onClear,
}: {
  items: UploadItem[];
  onCancel: (id: number) => void;
  onCancelAll: () => void;
  onClear: () => void;
}) {
  if (items.length === 0) return null;
  const overall = overallProgress(items);
  const active = items.some((x) => x.state === "pending" || x.state === "checking" || x.state === "uploading");
  const stateText: Record<UploadItem["state"], string> = {
    pending: "Waiting",
    checking: "Checking",
    uploading: "Uploading",
    done: "Done",
    failed: "Failed",
    cancelled: "Cancelled",
    skipped: "Skipped",
  };
  return (
    <section class="uploads" aria-labelledby="uploads-title">
      <h2 id="uploads-title">Uploads</h2>
      <div class="overall">
        <label for="overall-progress">
          Overall: {overall.percent}% ({formatBytes(overall.loaded)} of {formatBytes(overall.total)})
        </label>
        <progress id="overall-progress" max={100} value={overall.percent} />
        <div class="upload-buttons">
          {active && (
            <button type="button" onClick={onCancelAll}>
              Cancel all
            </button>
          )}
          {!active && (
            <button type="button" onClick={onClear}>
              Clear list
            </button>
          )}
        </div>
      </div>
      <ul class="upload-list">
        {items.map((x) => {
          const pct = x.total ? Math.floor((Math.min(x.loaded, x.total) / x.total) * 100) : x.state === "done" ? 100 : 0;
          const running = x.state === "pending" || x.state === "checking" || x.state === "uploading";
          return (
            <li key={x.id} class={`upload ${x.state}`}>
              <span class="name-text">{x.path}</span>
              <progress max={100} value={x.state === "done" ? 100 : pct} aria-label={`${x.name}: ${pct}%`} />
              <span class="upload-state">
                {stateText[x.state]}
                {x.state === "uploading" ? ` ${pct}%` : ""}
                {x.message ? `: ${x.message}` : ""}
              </span>
              {running && (
                <button type="button" onClick={() => onCancel(x.id)} aria-label={`Cancel upload of ${x.name}`}>
                  Cancel
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
