// The file browser's toolbar: upload (file picker), new folder, delete the
// selection, refresh, and the search box (names starting with the text).

import { useRef } from "preact/hooks";

export function Toolbar(props: {
  onFiles: (files: File[]) => void;
  onNewFolder: () => void;
  selectedCount: number;
  onDeleteSelected: () => void;
  onRefresh: () => void;
  loading: boolean;
  search: string;
  onSearch: (text: string) => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
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
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          if (files.length) props.onFiles(files);
          e.currentTarget.value = "";
        }}
      />
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
