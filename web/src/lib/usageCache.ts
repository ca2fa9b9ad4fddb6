// Storage used by a folder, computed on request and remembered with the
// time it was computed (in the tab's session storage, so a reload keeps
// it). Pure apart from the Storage-like object it is given.

export interface Usage {
  bytes: number;
  files: number;
  /** Milliseconds since the epoch. */
  computedAt: number;
  /** False when the listing was stopped before the end. */
  complete: boolean;
}

/** The part of the Web Storage API used (sessionStorage in the app, a Map in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = "usage:";

export function cachedUsage(store: KeyValue, prefix: string): Usage | undefined {
  try {
    const v = JSON.parse(store.getItem(KEY + prefix) ?? "null") as Usage | null;
    if (v && Number.isFinite(v.bytes) && Number.isFinite(v.files) && Number.isFinite(v.computedAt)) return v;
  } catch {
    // unreadable: computed again
  }
  return undefined;
}

export function rememberUsage(store: KeyValue, prefix: string, u: Usage): void {
  try {
    store.setItem(KEY + prefix, JSON.stringify(u));
  } catch {
    // storage full or off: the figure is still shown
  }
}
