// The listing state of the file browser: which folder, the search (debounced,
// sent to S3 as Prefix), sorting, paging (pages fetched on demand), loading
// and the error to show. Late answers are dropped by ListingLoader.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { ListingLoader, type LoaderState } from "../lib/listingLoader";
import { emptyListing, entryFor, pageView, type Entry, type Listing, type PageView } from "../lib/pagination";
import { nextSort, sortEntries, type SortKey, type SortSpec } from "../lib/sort";

export const PAGE_SIZES = [50, 100, 250, 500];
const SEARCH_DEBOUNCE_MS = 300;

export interface ListingOptions {
  /** Maps an error to the message to show (null: nothing to show, e.g. the session ended). */
  report: (e: unknown, context: string) => string | null;
  /** Another set of entries is shown (reload, other page): what was selected no longer is. */
  onViewChange?: () => void;
  /** The user went to another folder, or the search text settled. */
  onNavigate?: (kind: "folder" | "search") => void;
}

export interface ListingView {
  folder: string;
  /** The search box's text, and the search in effect (after the debounce). */
  search: string;
  query: string;
  listing: Listing;
  loading: boolean;
  error: string | null;
  sort: SortSpec;
  pageSize: number;
  /** The page shown, sorted. */
  view: PageView<Entry>;
  setSearch: (text: string) => void;
  setError: (message: string | null) => void;
  setPageSize: (n: number) => void;
  openFolder: (prefix: string) => void;
  goToPage: (index: number) => Promise<void>;
  changeSort: (by: SortKey) => void;
  reload: () => void;
  /** Shows objects just written (uploads) that belong in the listing, without asking S3 again. */
  showWritten: (objects: { key: string; size: number; lastModified: number }[]) => void;
}

export function useListing(storage: Storage, opts: ListingOptions): ListingView {
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const [folder, setFolder] = useState(storage.home);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const queryRef = useRef(query);
  queryRef.current = query;
  const [sort, setSort] = useState<SortSpec>({ by: "name", dir: "asc" });
  const [pageIndex, setPageIndex] = useState(0);
  const [pageSize, setPageSize] = useState(100);
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<LoaderState>(() => ({ listing: emptyListing(storage.home), loading: false }));

  const loader = useMemo(
    () =>
      new ListingLoader(
        (f, prefix, token, size) => storage.list(f, prefix, token, size),
        setState,
        (e) => setError(optsRef.current.report(e, "Could not list the folder")),
        storage.home,
      ),
    [storage],
  );

  const reload = useCallback(() => {
    setPageIndex(0);
    setError(null);
    optsRef.current.onViewChange?.();
    void loader.reload(folder, query, pageSize);
  }, [loader, folder, query, pageSize]);

  useEffect(reload, [reload]);

  useEffect(() => {
    const t = setTimeout(() => {
      if (search !== queryRef.current) optsRef.current.onNavigate?.("search");
      setQuery(search);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [search]);

  const sorted = useMemo(() => sortEntries(state.listing.entries, sort), [state.listing.entries, sort]);

  return {
    folder,
    search,
    query,
    listing: state.listing,
    loading: state.loading,
    error,
    sort,
    pageSize,
    view: pageView(sorted, pageIndex, pageSize, state.listing.complete),
    setSearch,
    setError,
    setPageSize,
    openFolder: (prefix) => {
      optsRef.current.onNavigate?.("folder");
      setSearch("");
      setQuery("");
      setFolder(prefix);
    },
    goToPage: async (index) => {
      if (index > pageIndex) await loader.showPage(index, pageSize);
      setPageIndex(index);
      optsRef.current.onViewChange?.();
    },
    changeSort: (by) => {
      setSort((s) => nextSort(s, by));
      setPageIndex(0);
    },
    reload,
    showWritten: (objects) => loader.insert(objects.map((o) => entryFor(loader.state.listing, o)).filter((e): e is Entry => !!e)),
  };
}
