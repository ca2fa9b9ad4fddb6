// Which entries are selected (by key), for the bulk actions of the toolbar.

import { useCallback, useState } from "preact/hooks";
import type { Entry } from "../lib/pagination";

export interface Selection {
  has: (key: string) => boolean;
  toggle: (key: string) => void;
  /** Selects every key given, or clears them when all already are (the "select all on this page" box). */
  toggleAll: (keys: string[]) => void;
  allSelected: (keys: string[]) => boolean;
  /** Selects exactly these keys ("select all in this folder"). */
  selectOnly: (keys: string[]) => void;
  /** How many are selected. */
  count: number;
  clear: () => void;
  /** The selected ones among entries, in their order. */
  of: (entries: Entry[]) => Entry[];
}

export function useSelection(): Selection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const allSelected = (keys: string[]) => keys.length > 0 && keys.every((k) => selected.has(k));
  const clear = useCallback(() => setSelected(new Set()), []);
  return {
    has: (key) => selected.has(key),
    toggle: (key) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(key)) n.delete(key);
        else n.add(key);
        return n;
      }),
    toggleAll: (keys) => {
      const on = !allSelected(keys);
      setSelected((s) => {
        const n = new Set(s);
        for (const k of keys) {
          if (on) n.add(k);
          else n.delete(k);
        }
        return n;
      });
    },
    allSelected,
    selectOnly: (keys) => setSelected(new Set(keys)),
    count: selected.size,
    clear,
    of: (entries) => entries.filter((e) => selected.has(e.key)),
  };
}
