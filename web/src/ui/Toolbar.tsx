// The file browser's toolbar: upload (file and folder pickers), new folder,
// what can be done with the selection (download as zip, move, copy,
// delete), the folder's recently deleted files and storage used, refresh,
// and the search box (names containing the text, here or in every subfolder).

import { useRef } from "preact/hooks";
import { pickedFromInput, type PickedFiles } from "./useDropZone";
import type { SearchScope } from "./useSearch";

/** A folder picker (Preact's types lack the attribute every browser knows). */
const DIRECTORY = { webkitdirectory: true } as Record<string, unknown>;

export interface SelectionActions {
  count: number;
  zip: () => void;
  move: () => void;
  copy: () => void;
  remove: () => void;
}

export function Toolbar(props: {
  onPick: (picked: PickedFiles) => void;
  onNewFolder: () => void;
  /** Creates a file-drop link (sharing on). */
  onNewDrop?: () => void;
  selection: SelectionActions;
  onTrash: () => void;
  onUsage: () => void;
  onRefresh: () => void;
  loading: boolean;
  search: string;
  onSearch: (text: string) => void;
  scope: SearchScope;
  onScope: (s: SearchScope) => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const picked = (e: { currentTarget: HTMLInputElement }) => {
    const files = Array.from(e.currentTarget.files ?? []);
    if (files.length) props.onPick(pickedFromInput(files));
    e.currentTarget.value = "";
  };
  const { count: n } = props.selection;
  const suffix = n ? ` (${n})` : "";
  return (
    <>
      <div class="toolbar" role="toolbar" aria-label="File actions">
        <button type="button" class="primary" onClick={() => fileInput.current?.click()}>
          Upload files
        </button>
        <input ref={fileInput} type="file" multiple class="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={picked} />
        <button type="button" onClick={() => folderInput.current?.click()}>
          Upload folder
        </button>
        <input ref={folderInput} type="file" {...DIRECTORY} multiple class="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={picked} />
        <button type="button" onClick={props.onNewFolder}>
          New folder
        </button>
        {props.onNewDrop && (
          <button type="button" onClick={props.onNewDrop}>
            Create file-drop link
          </button>
        )}
        <button type="button" onClick={props.onTrash}>
          Recently deleted
        </button>
        <button type="button" onClick={props.onUsage}>
          Storage used
        </button>
        <button type="button" onClick={props.onRefresh} disabled={props.loading}>
          Refresh
        </button>
      </div>
      <div class={n ? "toolbar selection-bar" : "toolbar selection-bar none-selected"} role="toolbar" aria-label={`Selected items${suffix}`}>
        <button type="button" class="on-selection" disabled={n === 0} onClick={props.selection.zip}>
          Download as zip{suffix}
        </button>
        <button type="button" class="on-selection" disabled={n === 0} onClick={props.selection.move}>
          Move to…{suffix}
        </button>
        <button type="button" class="on-selection" disabled={n === 0} onClick={props.selection.copy}>
          Copy to…{suffix}
        </button>
        <button type="button" class="danger on-selection" disabled={n === 0} onClick={props.selection.remove}>
          Delete selected{suffix}
        </button>
        <div class="search" role="search">
          <label for="search">Search by name</label>
          <div class="search-row">
            <input id="search" type="search" placeholder="Part of a name…" value={props.search} onInput={(e) => props.onSearch(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
            <select aria-label="Where to search" value={props.scope} onChange={(e) => props.onScope(e.currentTarget.value as SearchScope)}>
              <option value="folder">This folder</option>
              <option value="subfolders">With subfolders</option>
            </select>
          </div>
        </div>
      </div>
    </>
  );
}
