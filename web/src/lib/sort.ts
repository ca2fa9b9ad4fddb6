// Sorting of listed entries. Folders always come first. Pure.

import type { Entry } from "./pagination";

export type SortKey = "name" | "size" | "modified";
export type SortDir = "asc" | "desc";
export interface SortSpec {
  by: SortKey;
  dir: SortDir;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Deterministic name order: natural, case-insensitive, then by code unit. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function sortEntries(entries: readonly Entry[], spec: SortSpec): Entry[] {
  const sign = spec.dir === "asc" ? 1 : -1;
  const cmp = (a: Entry, b: Entry): number => {
    if (a.kind !== b.kind) return a.kind === "folder" ? -1 : 1;
    let c = 0;
    if (spec.by === "size" && a.kind === "file") c = (a.size ?? 0) - (b.size ?? 0);
    else if (spec.by === "modified" && a.kind === "file") c = (a.lastModified ?? 0) - (b.lastModified ?? 0);
    if (c === 0) c = compareNames(a.name, b.name);
    return c * sign;
  };
  return entries.slice().sort(cmp);
}

/** Clicking a column header: same column flips the direction, new column starts ascending (name) or descending (size, date). */
export function nextSort(current: SortSpec, by: SortKey): SortSpec {
  if (current.by === by) return { by, dir: current.dir === "asc" ? "desc" : "asc" };
  return { by, dir: by === "name" ? "asc" : "desc" };
}
