// Search by name: case-insensitive, anywhere in the name, over what a
// listing returned. Pure.

export interface ListedObject {
  key: string;
  size: number;
  lastModified?: number;
}

export interface Hit {
  kind: "file" | "folder";
  /** The full key (folders end in "/"). */
  key: string;
  name: string;
  /** The folder it is in (a prefix ending in "/"). */
  folder: string;
  size?: number;
  lastModified?: number;
}

const fold = (s: string) => s.normalize("NFKC").toLocaleLowerCase();

/** Whether name contains query, ignoring case (and Unicode compatibility forms). */
export function nameMatches(name: string, query: string): boolean {
  const q = fold(query.trim());
  return q !== "" && fold(name).includes(q);
}

/**
 * The hits among objects listed under base (recursively): files whose name
 * matches, and every folder on their paths below base whose name matches
 * (once: `seen` remembers folders across pages).
 */
export function hitsIn(base: string, objects: ListedObject[], query: string, seen: Set<string>): Hit[] {
  const out: Hit[] = [];
  for (const o of objects) {
    if (!o.key.startsWith(base) || o.key === base) continue;
    const rel = o.key.slice(base.length);
    const parts = rel.split("/");
    let folder = base;
    for (let i = 0; i < parts.length - 1; i++) {
      const name = parts[i]!;
      const key = `${folder}${name}/`;
      if (!seen.has(key)) {
        seen.add(key);
        if (nameMatches(name, query)) out.push({ kind: "folder", key, name, folder });
      }
      folder = key;
    }
    const name = parts[parts.length - 1]!;
    if (name !== "" && nameMatches(name, query)) out.push({ kind: "file", key: o.key, name, folder, size: o.size, lastModified: o.lastModified });
  }
  return out;
}

/** Size and number of files under a prefix, from its recursive listing (folder markers are not files). */
export function usageOf(objects: ListedObject[]): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const o of objects) {
    bytes += o.size;
    if (!o.key.endsWith("/")) files++;
  }
  return { bytes, files };
}
