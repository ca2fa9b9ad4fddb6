// The table of a folder's entries (one page of them): sortable columns, a
// selection box per row and for the page, a file's name opens its preview,
// image thumbnails, Download and a "⋯" menu of the other actions. On a
// phone each row is one line: name, size and date under it, the menu.
// Names are rendered as text, never as markup; a long one is cut with an
// ellipsis and the whole name is its tooltip and accessible name.

import type { Storage } from "../aws/s3";
import { formatBytes } from "../lib/format";
import type { Entry } from "../lib/pagination";
import { hasThumbnail } from "../lib/preview";
import type { SortKey, SortSpec } from "../lib/sort";
import { canOpen, type ScanStatus } from "../lib/scanStatus";
import { RowMenu, type MenuItem } from "./RowMenu";
import { ScanBadge } from "./ScanBadge";
import { Thumbnail } from "./Thumbnail";
import type { Selection } from "./useSelection";

/** What a row's buttons do. */
export interface RowActions {
  open: (e: Entry) => void;
  preview: (e: Entry) => void;
  download: (e: Entry) => void;
  share: (e: Entry) => void;
  /** Shares a folder (only the share service can). */
  shareFolder?: (e: Entry) => void;
  versions: (e: Entry) => void;
  rename: (e: Entry) => void;
  copy: (e: Entry) => void;
  zip: (e: Entry) => void;
  usage: (e: Entry) => void;
  remove: (e: Entry) => void;
}

export const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: "short" });

export function FileTable(props: {
  storage: Storage;
  entries: Entry[];
  folderLabel: string;
  sort: SortSpec;
  onSort: (by: SortKey) => void;
  loading: boolean;
  /** An error is shown: say nothing about an empty folder. */
  failed: boolean;
  selection: Selection;
  actions: RowActions;
  /** Malware scan status by key (the malwareScan setting); empty otherwise. */
  scan?: Map<string, ScanStatus>;
}) {
  const { entries, sort, loading, selection } = props;
  const keys = entries.map((e) => e.key);
  const sortHeader = (by: SortKey, label: string) => {
    const active = sort.by === by;
    return (
      <th scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined} class={`col-${by}`}>
        <button type="button" class="sort" onClick={() => props.onSort(by)}>
          {label}
          <span aria-hidden="true" class="sort-arrow">
            {active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
          </span>
        </button>
      </th>
    );
  };
  return (
    <div class="table-wrap">
      <table class="files" aria-busy={loading ? "true" : "false"}>
        <caption class="visually-hidden">Contents of {props.folderLabel}. Column headers sort.</caption>
        <thead>
          <tr>
            <th scope="col" class="col-select">
              <input
                type="checkbox"
                aria-label="Select all on this page"
                checked={selection.allSelected(keys)}
                disabled={keys.length === 0}
                onChange={() => selection.toggleAll(keys)}
              />
            </th>
            {sortHeader("name", "Name")}
            {sortHeader("size", "Size")}
            {sortHeader("modified", "Modified")}
            <th scope="col" class="col-actions">
              <span class="actions-label">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <Row
              key={e.key}
              storage={props.storage}
              entry={e}
              scan={props.scan?.get(e.key)}
              checked={selection.has(e.key)}
              onToggle={() => selection.toggle(e.key)}
              actions={props.actions}
            />
          ))}
        </tbody>
      </table>
      {!loading && entries.length === 0 && !props.failed && <p class="empty">This folder is empty. Upload files or drop them here.</p>}
      {loading && <p class="loading">Loading…</p>}
    </div>
  );
}

/** The "⋯" menu's items for an entry. */
function menuItems(e: Entry, label: string, a: RowActions): MenuItem[] {
  const item = (text: string, verb: string, f: (e: Entry) => void, danger = false): MenuItem => ({ text, label: `${verb} ${label}`, onSelect: () => f(e), danger });
  if (e.kind === "folder") {
    return [
      item("Open", "Open folder", a.open),
      item("Download as zip", "Download as zip", a.zip),
      item("Size", "Size of", a.usage),
      ...(a.shareFolder ? [item("Share…", "Share", a.shareFolder)] : []),
      item("Rename or move…", "Rename or move", a.rename),
      item("Copy…", "Copy", a.copy),
      item("Delete…", "Delete", a.remove, true),
    ];
  }
  return [
    item("Preview", "Preview", a.preview),
    item("Download", "Download", a.download),
    item("Share…", "Share", a.share),
    item("Versions…", "Versions of", a.versions),
    item("Rename or move…", "Rename or move", a.rename),
    item("Copy…", "Copy", a.copy),
    item("Delete…", "Delete", a.remove, true),
  ];
}

interface RowProps {
  storage: Storage;
  entry: Entry;
  scan: ScanStatus | undefined;
  checked: boolean;
  onToggle: () => void;
  actions: RowActions;
}

function Row({ storage, entry: e, scan, checked, onToggle, actions }: RowProps) {
  const label = e.name === "" ? "(empty name)" : e.name;
  // Only a file scanned clean (or not scanned at all) opens; its thumbnail waits for the status.
  const open = canOpen(scan);
  const thumbnail = storage.malwareScan ? scan?.state === "clean" : true;
  const size = e.kind === "file" ? formatBytes(e.size) : "";
  const date = e.lastModified ? dateFmt.format(e.lastModified) : "";
  return (
    <tr class={e.kind}>
      <td class="col-select">
        <input type="checkbox" aria-label={`Select ${label}`} checked={checked} onChange={onToggle} />
      </td>
      <td class="col-name">
        <div class="name-cell">
        <button
          type="button"
          class="link name"
          title={label}
          aria-label={e.kind === "folder" ? `Open folder ${label}` : `Preview ${label}`}
          onClick={() => (e.kind === "folder" ? actions.open(e) : actions.preview(e))}
        >
          {e.kind === "folder" ? (
            <span class="icon folder-icon" aria-hidden="true" />
          ) : thumbnail && hasThumbnail(e.name, e.size) ? (
            <Thumbnail storage={storage} fileKey={e.key} name={e.name} />
          ) : (
            <span class="icon file-icon" aria-hidden="true" />
          )}
          <span class="name-text">{label}</span>
        </button>
        <ScanBadge status={scan} />
        {(size || e.lastModified) && (
          <span class="row-meta" aria-hidden="true">
            {[size, e.lastModified ? shortDate.format(e.lastModified) : ""].filter(Boolean).join(" · ")}
          </span>
        )}
        </div>
      </td>
      <td class="col-size">{size}</td>
      <td class="col-modified">{date}</td>
      <td class="col-actions">
        {e.kind === "file" && (
          <button
            type="button"
            class="inline-action"
            onClick={() => actions.download(e)}
            aria-label={`Download ${label}`}
            aria-disabled={open ? undefined : "true"}
            title={open ? undefined : scan?.reason}
          >
            Download
          </button>
        )}
        <RowMenu label={`Actions for ${label}`} items={menuItems(e, label, actions)} />
      </td>
    </tr>
  );
}
