// A list loaded from the share service: the items, whether it is loading,
// the problem (reported through report(), which handles an ended session),
// and reload(). A change of `trigger` loads it again too.

import { useCallback, useEffect, useState } from "preact/hooks";

export interface AsyncList<T> {
  items: T[] | null;
  loading: boolean;
  error: string | null;
  reload: () => void;
  setItems: (f: (items: T[]) => T[]) => void;
}

export function useAsyncList<T>(load: () => Promise<T[]>, context: string, report: (e: unknown, context: string) => string | null, trigger = 0): AsyncList<T> {
  const [items, setItemsState] = useState<T[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let gone = false;
    setLoading(true);
    load().then(
      (list) => {
        if (gone) return;
        setItemsState(list);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (gone) return;
        setError(report(e, context));
        setLoading(false);
      },
    );
    return () => {
      gone = true;
    };
  }, [round, trigger]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const setItems = useCallback((f: (items: T[]) => T[]) => setItemsState((old) => (old ? f(old) : old)), []);
  return { items, loading, error, reload, setItems };
}
