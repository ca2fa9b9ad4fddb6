// Files dragged from the desktop onto the browser: the drag highlight, and
// the dropped files (folders cannot be read this way: they are counted and
// skipped).

import { useState } from "preact/hooks";

export function useDropZone(onFiles: (files: File[]) => void, onFoldersSkipped: (count: number) => void) {
  const [dragging, setDragging] = useState(false);
  const hasFiles = (e: DragEvent) => !!e.dataTransfer?.types.includes("Files");
  return {
    dragging,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (hasFiles(e)) {
          e.preventDefault();
          setDragging(true);
        }
      },
      onDragOver: (e: DragEvent) => {
        if (hasFiles(e)) {
          e.preventDefault();
          e.dataTransfer!.dropEffect = "copy";
        }
      },
      onDragLeave: (e: DragEvent) => {
        if (e.currentTarget === e.target) setDragging(false);
      },
      onDrop: (e: DragEvent) => {
        e.preventDefault();
        setDragging(false);
        if (!e.dataTransfer) return;
        const { files, folders } = droppedFiles(e.dataTransfer);
        if (folders) onFoldersSkipped(folders);
        if (files.length) onFiles(files);
      },
    },
  };
}

function droppedFiles(dt: DataTransfer): { files: File[]; folders: number } {
  if (!dt.items || !dt.items.length) return { files: Array.from(dt.files), folders: 0 };
  const files: File[] = [];
  let folders = 0;
  for (const it of Array.from(dt.items)) {
    if (it.kind !== "file") continue;
    const entry = typeof it.webkitGetAsEntry === "function" ? it.webkitGetAsEntry() : null;
    if (entry?.isDirectory) {
      folders++;
      continue;
    }
    const f = it.getAsFile();
    if (f) files.push(f);
  }
  return { files, folders };
}
