// Old versions and delete markers, from ListObjectVersions pages: a file's
// history, and a folder's recently deleted files with the version each can
// be restored from. Pure.

export interface VersionRow {
  key: string;
  versionId: string;
  /** Milliseconds since the epoch. */
  lastModified: number;
  /** Bytes; absent for a delete marker. */
  size?: number;
  isLatest: boolean;
  deleteMarker: boolean;
}

/** The rows of one ListObjectVersions page (the SDK's output). */
export function rowsOf(page: {
  Versions?: { Key?: string; VersionId?: string; LastModified?: Date; Size?: number; IsLatest?: boolean }[];
  DeleteMarkers?: { Key?: string; VersionId?: string; LastModified?: Date; IsLatest?: boolean }[];
}): VersionRow[] {
  const out: VersionRow[] = [];
  for (const v of page.Versions ?? []) {
    if (v.Key && v.VersionId) out.push({ key: v.Key, versionId: v.VersionId, lastModified: v.LastModified?.getTime() ?? 0, size: v.Size ?? 0, isLatest: !!v.IsLatest, deleteMarker: false });
  }
  for (const m of page.DeleteMarkers ?? []) {
    if (m.Key && m.VersionId) out.push({ key: m.Key, versionId: m.VersionId, lastModified: m.LastModified?.getTime() ?? 0, isLatest: !!m.IsLatest, deleteMarker: true });
  }
  return out;
}

/** One key's history, newest first (the current version or delete marker first). */
export function historyOf(key: string, rows: VersionRow[]): VersionRow[] {
  return rows
    .filter((r) => r.key === key)
    .sort((a, b) => Number(b.isLatest) - Number(a.isLatest) || b.lastModified - a.lastModified);
}

export interface DeletedFile {
  key: string;
  /** The name inside the folder. */
  name: string;
  /** When it was deleted (its delete marker's date). */
  deletedAt: number;
  /** The newest version before the delete: what Restore copies back (absent once it has expired). */
  restoreFrom?: VersionRow;
}

/**
 * The files directly in folder whose current version is a delete marker,
 * most recently deleted first. Folder markers ("x/") are left out.
 */
export function deletedIn(folder: string, rows: VersionRow[]): DeletedFile[] {
  const byKey = new Map<string, VersionRow[]>();
  for (const r of rows) {
    if (!r.key.startsWith(folder) || r.key === folder) continue;
    const name = r.key.slice(folder.length);
    if (name.includes("/")) continue;
    (byKey.get(r.key) ?? byKey.set(r.key, []).get(r.key)!).push(r);
  }
  const out: DeletedFile[] = [];
  for (const [key, list] of byKey) {
    const h = historyOf(key, list);
    const latest = h[0]!;
    if (!latest.isLatest || !latest.deleteMarker) continue;
    out.push({ key, name: key.slice(folder.length), deletedAt: latest.lastModified, restoreFrom: h.find((r) => !r.deleteMarker) });
  }
  return out.sort((a, b) => b.deletedAt - a.deletedAt);
}

/** The date by which a version made noncurrent at `since` expires, as the lifecycle rule counts: whole days after. */
export function expiresAt(since: number, days: number): number {
  const dayMs = 86400000;
  return (Math.floor(since / dayMs) + days + 1) * dayMs;
}
