// The file browser's toolbar: upload (file and folder pickers), new folder,
// delete the selection, refresh, and the search box (names starting with
// the text).

import { useRef } from "preact/hooks";
import { pickedFromInput, type PickedFiles } from "./useDropZone";

/** A folder picker (Preact's types lack the attribute every browser knows). */
const DIRECTORY = { webkitdirectory: true } as Record<string, unknown>;

export function Toolbar(props: {
  onPick: (picked: PickedFiles) => void;
  onNewFolder: () => void;
  selectedCount: number;
  onDeleteSelected: () => void;
  onRefresh: () => void;
  loading: boolean;
  search: string;
  onSearch: (text: string) => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const picked = (e: { currentTarget: HTMLInputElement }) => {
    const files = Array.from(e.currentTarget.files ?? []);
    if (files.length) props.onPick(pickedFromInput(files));
    e.currentTarget.value = "";
  };
  const n = props.selectedCount;
  return (
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
        onChange={picked}
      />
      <button type="button" onClick={() => folderInput.current?.click()}>
        Upload folder
      </button>
      <input ref={folderInput} type="file" {...DIRECTORY} multiple class="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={picked} />
      <button type="button" onClick={props.onNewFolder}>
        New folder
      </button>
      <button type="button" class="danger" disabled={n === 0} onClick={props.onDeleteSelected}>
        Delete selected{n ? ` (${n})` : ""}
      </button>
      <button type="button" onClick={props.onRefresh} disabled={props.loading}>
        Refresh
      </button>
      <div class="search">
        <label for="search">Search this folder</label>
        <input
          id="search"
          type="search"
          placeholder="Name starts with…"
          value={props.search}
          onInput={(e) => props.onSearch(e.currentTarget.value)}
          autocomplete="off"
          spellcheck={false}
        />
      </div>
    </div>
  );
}
