// The hits of a search by name: how many, each with the folder it is in
// (which opens that folder), how much was looked at, and Stop while the
// listing goes on.

import { formatBytes } from "../lib/format";
import { relativePath } from "../lib/keys";
import type { Hit } from "../lib/search";
import { dateFmt } from "./FileTable";
import { SEARCH_LIMIT, type SearchView } from "./useSearch";

export function SearchResults({ search, home, folderLabel, onOpenFolder, onPreview }: {
  search: SearchView;
  home: string;
  folderLabel: string;
  onOpenFolder: (prefix: string) => void;
  onPreview: (h: Hit) => void;
}) {
  const n = search.hits.length;
  const where = search.scope === "folder" ? `in ${folderLabel}` : `in ${folderLabel} and its subfolders`;
  const folderName = (prefix: string) => (prefix === home ? "My files" : relativePath(prefix, home).replace(/\/$/, ""));
  return (
    <section class="search-results" aria-label="Search results">
      <p role="status" class="search-summary">
        {n} {n === 1 ? "match" : "matches"} for “{search.query}” {where}
        {search.running ? ` (searching… ${search.scanned.toLocaleString()} items looked at)` : ""}
        {search.stopped === "limit" ? `. Stopped after looking at ${SEARCH_LIMIT.toLocaleString()} items: open a subfolder or search in this folder only.` : ""}
        {search.stopped === "user" ? `. Stopped after ${search.scanned.toLocaleString()} items.` : ""}
      </p>
      {search.running && (
        <button type="button" onClick={search.stop}>
          Stop searching
        </button>
      )}
      {search.error && (
        <p role="alert" class="error">
          {search.error}
        </p>
      )}
      {n > 0 && (
        <div class="table-wrap">
          <table class="files hits">
            <caption class="visually-hidden">
              Matches for {search.query} {where}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Folder</th>
                <th scope="col" class="col-size">
                  Size
                </th>
                <th scope="col" class="col-modified">
                  Modified
                </th>
              </tr>
            </thead>
            <tbody>
              {search.hits.map((h) => (
                <tr key={h.key} class={h.kind}>
                  <td class="col-name">
                    <button
                      type="button"
                      class="link name"
                      title={h.name}
                      onClick={() => (h.kind === "folder" ? onOpenFolder(h.key) : onPreview(h))}
                      aria-label={h.kind === "folder" ? `Open folder ${h.name}` : `Preview ${h.name}`}
                    >
                      <span class={`icon ${h.kind}-icon`} aria-hidden="true" />
                      <span class="name-text">{h.name}</span>
                    </button>
                  </td>
                  <td class="col-folder">
                    <button type="button" class="link" title={folderName(h.folder)} onClick={() => onOpenFolder(h.folder)} aria-label={`Open the folder ${folderName(h.folder)}, where ${h.name} is`}>
                      <span class="name-text">{folderName(h.folder)}</span>
                    </button>
                  </td>
                  <td class="col-size">{h.kind === "file" ? formatBytes(h.size) : ""}</td>
                  <td class="col-modified">{h.lastModified ? dateFmt.format(h.lastModified) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
