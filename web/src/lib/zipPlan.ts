// What goes into the zip of a selection: each selected file under its
// name, each selected folder with everything in it under its path from the
// current folder (folders as directory entries, so empty ones survive),
// names made unique. Pure.

import type { ListedObject } from "./search";

export interface ZipItem {
  /** The path inside the zip ("notes.md", "photos/2024/a.jpg", "empty/"). */
  name: string;
  /** The object to read; absent for a directory entry. */
  key?: string;
  size: number;
  lastModified?: number;
}

/**
 * objects: the selected files and the recursive listing of each selected
 * folder (its marker "x/" included when it has one); base: the folder the
 * selection was made in. Keys outside base are skipped.
 */
export function zipItems(base: string, objects: ListedObject[]): ZipItem[] {
  const out: ZipItem[] = [];
  const seen = new Set<string>();
  const dirs = new Set<string>();
  const sorted = [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const o of sorted) {
    if (!o.key.startsWith(base) || o.key === base) continue;
    const rel = o.key.slice(base.length);
    // Every folder on the way gets its directory entry, once.
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/") + "/";
      if (!dirs.has(dir)) {
        dirs.add(dir);
        seen.add(dir);
        out.push({ name: dir, size: 0 });
      }
    }
    if (rel.endsWith("/")) continue;
    let name = rel;
    for (let n = 2; seen.has(name); n++) name = withSuffix(rel, n);
    seen.add(name);
    out.push({ name, key: o.key, size: o.size, lastModified: o.lastModified });
  }
  return out;
}

/** "a/b.txt", 2 -> "a/b (2).txt" */
function withSuffix(path: string, n: number): string {
  const slash = path.lastIndexOf("/") + 1;
  const dot = path.lastIndexOf(".");
  return dot > slash ? `${path.slice(0, dot)} (${n})${path.slice(dot)}` : `${path} (${n})`;
}

/** The zip's file name for a selection made in a folder: the folder's name, or "My files". */
export function zipName(folderLabel: string): string {
  const safe = folderLabel.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim() || "files";
  return `${safe}.zip`;
}
