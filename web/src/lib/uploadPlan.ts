// What a drop or a pick becomes: the keys of the files (relative paths kept
// under the open folder), the empty folders to create, and what is skipped
// and why. The name rules apply to every segment of a path. Pure.

import { checkKeyLength, relativePath, validateName } from "./keys";
import { sizeProblem } from "./multipart";

/** A file with its path relative to the drop ("photos/2024/a.jpg"; a lone file: its name). */
export interface PickedFile<F = File, H = unknown> {
  path: string;
  file: F;
  /** A File System Access handle to reopen the file after a reload (Chromium, drag and drop). */
  handle?: H;
}

export interface Picked<F = File, H = unknown> {
  files: PickedFile<F, H>[];
  /** Folders with nothing in them, relative like the files ("photos/empty"). */
  emptyFolders: string[];
}

export interface PlannedFile<F = File, H = unknown> {
  key: string;
  /** Where it goes, relative to the user's folder (for display). */
  path: string;
  file: F;
  size: number;
  handle?: H;
}

export interface PlannedFolder {
  key: string;
  path: string;
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface UploadPlan<F = File, H = unknown> {
  files: PlannedFile<F, H>[];
  folders: PlannedFolder[];
  skipped: Skipped[];
}

/** Why a relative path cannot become a key (a bad segment names itself), or null. */
export function pathProblem(path: string, isFolder: boolean): string | null {
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const bad = seg === "" ? "A name is required." : validateName(seg);
    if (!bad) continue;
    const last = i === segments.length - 1;
    return last && !isFolder ? bad : `folder “${seg}”: ${bad.charAt(0).toLowerCase()}${bad.slice(1)}`;
  }
  return null;
}

/**
 * Plans an upload of `picked` into `folder` (a prefix ending in "/") inside
 * `home`. `keys` holds the keys already planned in the same drop (a drop read
 * in pieces passes the same set each time).
 */
export function planUpload<F extends { size: number }, H>(picked: Picked<F, H>, folder: string, home: string, keys = new Set<string>()): UploadPlan<F, H> {
  const plan: UploadPlan<F, H> = { files: [], folders: [], skipped: [] };
  for (const p of picked.files) {
    const key = folder + p.path;
    const reason =
      pathProblem(p.path, false) ??
      checkKeyLength(key) ??
      (keys.has(key) ? "Same path as another file in this upload." : null) ??
      (sizeProblem(p.file.size) ? `The file is ${sizeProblem(p.file.size)}.` : null);
    if (reason) {
      plan.skipped.push({ path: p.path, reason });
      continue;
    }
    keys.add(key);
    plan.files.push({ key, path: relativePath(key, home), file: p.file, size: p.file.size, ...(p.handle !== undefined ? { handle: p.handle } : {}) });
  }
  for (const dir of picked.emptyFolders) {
    const key = `${folder}${dir}/`;
    const reason = pathProblem(dir, true) ?? checkKeyLength(key);
    if (reason) {
      plan.skipped.push({ path: `${dir}/`, reason });
      continue;
    }
    if ([...keys].some((k) => k.startsWith(key))) continue; // not empty after all
    keys.add(key);
    plan.folders.push({ key, path: relativePath(key, home) });
  }
  return plan;
}
