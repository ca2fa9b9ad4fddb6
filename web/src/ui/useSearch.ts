// Search by name, case-insensitive, in the current folder or in it and
// every subfolder: a listing of the folder (one level, or recursive without
// a delimiter), page by page, bounded (SEARCH_LIMIT keys) and cancellable
// (a new search, Stop, or leaving the folder aborts it), with the hits and
// how many keys were looked at so far.

import { useEffect, useRef, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { scan } from "../aws/scan";
import { hitsIn, type Hit } from "../lib/search";

/** At most this many keys are looked at for one search. */
export const SEARCH_LIMIT = 20000;
const DEBOUNCE_MS = 300;

export type SearchScope = "folder" | "subfolders";

export interface SearchState {
  /** The search in effect (trimmed text, after the pause in typing). */
  query: string;
  scope: SearchScope;
  hits: Hit[];
  scanned: number;
  running: boolean;
  /** Everything under the folder was looked at. */
  complete: boolean;
  /** Stopped by the user or by SEARCH_LIMIT. */
  stopped: "user" | "limit" | null;
  error: string | null;
}

export interface SearchView extends SearchState {
  text: string;
  setText: (t: string) => void;
  setScope: (s: SearchScope) => void;
  stop: () => void;
}

const idle = (scope: SearchScope): SearchState => ({ query: "", scope, hits: [], scanned: 0, running: false, complete: false, stopped: null, error: null });

export function useSearch(storage: Storage, folder: string, report: (e: unknown, context: string) => string | null): SearchView {
  const [text, setText] = useState("");
  const [scope, setScope] = useState<SearchScope>("folder");
  const [query, setQuery] = useState("");
  const [state, setState] = useState<SearchState>(() => idle("folder"));
  const ctl = useRef<AbortController | null>(null);
  const reportRef = useRef(report);
  reportRef.current = report;

  // Another folder: the search box starts empty.
  useEffect(() => {
    setText("");
    setQuery("");
  }, [folder]);

  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  useEffect(() => {
    ctl.current?.abort();
    if (!query) {
      setState(idle(scope));
      return;
    }
    const c = new AbortController();
    ctl.current = c;
    const seen = new Set<string>();
    let hits: Hit[] = [];
    setState({ ...idle(scope), query, running: true });
    void (async () => {
      try {
        for await (const page of scan(storage, folder, { delimiter: scope === "folder" ? "/" : undefined, signal: c.signal, limit: SEARCH_LIMIT })) {
          hits = hits.concat(hitsIn(folder, page.objects, query, seen));
          const stopped = !page.complete && page.scanned >= SEARCH_LIMIT ? "limit" : null;
          setState({ query, scope, hits, scanned: page.scanned, running: !page.complete && !stopped, complete: page.complete, stopped, error: null });
        }
      } catch (e) {
        if (c.signal.aborted) return;
        setState((s) => ({ ...s, running: false, error: reportRef.current(e, "Search") }));
      }
    })();
    return () => c.abort();
  }, [storage, folder, query, scope]);

  return {
    ...state,
    text,
    setText,
    setScope,
    stop: () => {
      ctl.current?.abort();
      setState((s) => ({ ...s, running: false, stopped: s.running ? "user" : s.stopped }));
    },
  };
}
