// The table of a folder's entries (one page of them): sortable columns, a
// selection box per row and for the page, and each row's actions. Names are
// rendered as text, never as markup.

import { formatBytes } from "../lib/format";
import type { Entry } from "../lib/pagination";
import type { SortKey, SortSpec } from "../lib/sort";
import type { Selection } from "./useSelection";

/** What a row's buttons do. */
export interface RowActions {
  open: (e: Entry) => void;
  download: (e: Entry) => void;
  share: (e: Entry) => void;
  rename: (e: Entry) => void;
  remove: (e: Entry) => void;
}

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function FileTable(props: {
  entries: Entry[];
  folderLabel: string;
  query: string;
  sort: SortSpec;
  onSort: (by: SortKey) => void;
  loading: boolean;
  /** An error is shown: say nothing about an empty folder. */
  failed: boolean;
  selection: Selection;
  actions: RowActions;
}) {
  const { entries, query, sort, loading, selection } = props;
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
        <caption class="visually-hidden">
          Contents of {props.folderLabel}
          {query ? `, names starting with ${query}` : ""}. Column headers sort.
        </caption>
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
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <Row key={e.key} entry={e} checked={selection.has(e.key)} onToggle={() => selection.toggle(e.key)} actions={props.actions} />
          ))}
        </tbody>
      </table>
      {!loading && entries.length === 0 && !props.failed && (
        <p class="empty">{query ? `Nothing here starts with “${query}”.` : "This folder is empty. Upload files or drop them here."}</p>
      )}
      {loading && <p class="loading">Loading…</p>}
    </div>
  );
}

function Row({ entry: e, checked, onToggle, actions }: { entry: Entry; checked: boolean; onToggle: () => void; actions: RowActions }) {
  const label = e.name === "" ? "(empty name)" : e.name;
  return (
    <tr class={e.kind}>
      <td class="col-select">
        <input type="checkbox" aria-label={`Select ${label}`} checked={checked} onChange={onToggle} />
      </td>
      <td class="col-name">
        {e.kind === "folder" ? (
          <button type="button" class="link name" onClick={() => actions.open(e)} aria-label={`Open folder ${label}`}>
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
            <button type="button" onClick={() => actions.download(e)} aria-label={`Download ${label}`}>
              Download
            </button>
            <button type="button" onClick={() => actions.share(e)} aria-label={`Share ${label}`}>
              Share
            </button>
          </>
        )}
        <button type="button" onClick={() => actions.rename(e)} aria-label={`Rename or move ${label}`}>
          Rename
        </button>
        <button type="button" class="danger" onClick={() => actions.remove(e)} aria-label={`Delete ${label}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}
