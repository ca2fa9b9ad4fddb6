// Files and folders dragged from the desktop onto the browser, and the
// pickers' files: relative paths kept, folders read to any depth
// (DataTransferItem.webkitGetAsEntry), empty folders noted. Where the
// browser gives them (Chromium, a secure context), File System Access
// handles come along so that an interrupted upload can reopen its file
// after a reload without asking.

import { useState } from "preact/hooks";
import { DEFAULT_PART_SIZE } from "../lib/multipart";
import type { Picked, PickedFile } from "../lib/uploadPlan";
import type { Handle } from "../aws/resumeStore";

export type PickedFiles = Picked<File, Handle> & { unreadable: { path: string; reason: string }[] };

/** A drop being read: hands what it finds to `take` piece by piece (uploads start before a big folder is read to the end). */
export type DropReader = (take: (piece: PickedFiles) => void) => Promise<void>;

export function useDropZone(onDrop: (reader: DropReader) => void) {
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
        if (e.dataTransfer) onDrop(readDrop(e.dataTransfer));
      },
    },
  };
}

interface DropTop {
  entry: FileSystemEntry | null;
  file: File | null;
  handle: Promise<FileSystemHandle | null> | null;
}

type WithHandle = DataTransferItem & { getAsFileSystemHandle?: () => Promise<FileSystemHandle | null> };

/** Reads a drop: every item is taken at once (the DataTransfer empties when the event ends), then folders are walked. */
export function readDrop(dt: DataTransfer): DropReader {
  const items = Array.from(dt.items ?? []).filter((it) => it.kind === "file");
  if (items.length === 0) {
    const files = Array.from(dt.files).map((file) => ({ path: file.name, file }));
    return async (take) => take({ files, emptyFolders: [], unreadable: [] });
  }
  // getAsFileSystemHandle from an insecure origin ends the page in Chromium: only where it is allowed.
  const handles = typeof window !== "undefined" && window.isSecureContext;
  const tops: DropTop[] = items.map((it) => ({
    entry: typeof it.webkitGetAsEntry === "function" ? it.webkitGetAsEntry() : null,
    file: it.getAsFile(),
    handle: handles && typeof (it as WithHandle).getAsFileSystemHandle === "function" ? (it as WithHandle).getAsFileSystemHandle!().catch(() => null) : null,
  }));
  return (take) => walkTops(tops, take);
}

/** File lookups in flight while a folder is read. */
const LOOKUPS_AT_ONCE = 4;

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

async function walkTops(tops: DropTop[], take: (piece: PickedFiles) => void): Promise<void> {
  const loose: PickedFiles = { files: [], emptyFolders: [], unreadable: [] };
  await Promise.all(
    tops.map(async (t) => {
      const handle = (await t.handle) ?? undefined;
      if (t.entry?.isDirectory) {
        await walk(t.entry as FileSystemDirectoryEntry, "", take, handle?.kind === "directory" ? (handle as FileSystemDirectoryHandle) : undefined);
      } else if (t.file) {
        loose.files.push({ path: t.file.name, file: t.file, ...(handle?.kind === "file" ? { handle: handle as Handle } : {}) });
      }
    }),
  );
  if (loose.files.length) take({ ...loose, files: loose.files.sort(byPath) });
}

/** Walks a folder, handing each file, empty folder or unreadable entry to `take` as it is found. */
async function walk(dir: FileSystemDirectoryEntry, parent: string, take: (piece: PickedFiles) => void, dirHandle: FileSystemDirectoryHandle | undefined): Promise<void> {
  const path = parent + dir.name;
  const reader = dir.createReader();
  let empty = true;
  try {
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      empty = false;
      const subfolders: Promise<void>[] = [];
      // Each file goes to `take` as soon as it is known, so the first upload starts at once. A few
      // lookups at a time: hundreds at once would queue the uploads' own requests behind them.
      let next = 0;
      const lookup = async () => {
        while (next < batch.length) {
          const child = batch[next++]!;
          if (child.isDirectory) {
            const sub = dirHandle ? await dirHandle.getDirectoryHandle(child.name).catch(() => undefined) : undefined;
            subfolders.push(walk(child as FileSystemDirectoryEntry, `${path}/`, take, sub));
            continue;
          }
          const at = `${path}/${child.name}`;
          try {
            const file = await new Promise<File>((resolve, reject) => (child as FileSystemFileEntry).file(resolve, reject));
            // Handles matter only for multipart uploads (those can resume).
            const handle = dirHandle && file.size > DEFAULT_PART_SIZE ? await dirHandle.getFileHandle(child.name).catch(() => undefined) : undefined;
            take({ files: [{ path: at, file, ...(handle ? { handle } : {}) }], emptyFolders: [], unreadable: [] });
          } catch (e) {
            take({ files: [], emptyFolders: [], unreadable: [{ path: at, reason: `The file could not be read (${(e as Error).name || "error"}).` }] });
          }
        }
      };
      await Promise.all(Array.from({ length: LOOKUPS_AT_ONCE }, lookup));
      await Promise.all(subfolders);
    }
  } catch (e) {
    take({ files: [], emptyFolders: [], unreadable: [{ path: `${path}/`, reason: `The folder could not be read (${(e as Error).name || "error"}).` }] });
    return;
  }
  if (empty) take({ files: [], emptyFolders: [path], unreadable: [] });
}

/** The files of a file input: from "Upload files" by name, from "Upload folder" by their path in the folder. */
export function pickedFromInput(files: FileList | File[]): PickedFiles {
  const list: PickedFile<File, Handle>[] = Array.from(files).map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  return { files: list, emptyFolders: [], unreadable: [] };
}
