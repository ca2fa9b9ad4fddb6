// The listing state of the file browser for the folder shown (which the
// URL holds, see usePlace): sorting, paging (pages fetched on demand, or
// all of them for "select all"), loading and the error to show. Late
// answers are dropped by ListingLoader. Searching is useSearch's.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { ListingLoader, type LoaderState } from "../lib/listingLoader";
import { emptyListing, entryFor, pageView, type Entry, type Listing, type PageView } from "../lib/pagination";
import { nextSort, sortEntries, type SortKey, type SortSpec } from "../lib/sort";

export const PAGE_SIZES = [50, 100, 250, 500];

export interface ListingOptions {
  /** Maps an error to the message to show (null: nothing to show, e.g. the session ended). */
  report: (e: unknown, context: string) => string | null;
  /** Another set of entries is shown (reload, other page): what was selected no longer is. */
  onViewChange?: () => void;
  /** Another folder is shown (opened, or reached with Back and Forward). */
  onNavigate?: () => void;
  /** Opens a folder: the caller changes the URL, which changes the folder given. */
  open: (prefix: string) => void;
}

export interface ListingView {
  folder: string;
  listing: Listing;
  loading: boolean;
  error: string | null;
  sort: SortSpec;
  pageSize: number;
  /** The page shown, sorted. */
  view: PageView<Entry>;
  setError: (message: string | null) => void;
  setPageSize: (n: number) => void;
  openFolder: (prefix: string) => void;
  goToPage: (index: number) => Promise<void>;
  /** Fetches every page of the folder (select all); resolves with all its entries. */
  loadAll: () => Promise<Entry[]>;
  changeSort: (by: SortKey) => void;
  reload: () => void;
  /** Shows objects just written (uploads) that belong in the listing, without asking S3 again. */
  showWritten: (objects: { key: string; size: number; lastModified: number }[]) => void;
}

export function useListing(storage: Storage, folder: string, opts: ListingOptions): ListingView {
  const optsRef = useRef(opts);
  optsRef.current = opts;
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
    void loader.reload(folder, "", pageSize);
  }, [loader, folder, pageSize]);

  useEffect(reload, [reload]);

  const shown = useRef(folder);
  useEffect(() => {
    if (shown.current === folder) return;
    shown.current = folder;
    optsRef.current.onNavigate?.();
  }, [folder]);

  const sorted = useMemo(() => sortEntries(state.listing.entries, sort), [state.listing.entries, sort]);

  return {
    folder,
    listing: state.listing,
    loading: state.loading,
    error,
    sort,
    pageSize,
    view: pageView(sorted, pageIndex, pageSize, state.listing.complete),
    setError,
    setPageSize,
    openFolder: (prefix) => optsRef.current.open(prefix),
    goToPage: async (index) => {
      if (index > pageIndex) await loader.showPage(index, pageSize);
      setPageIndex(index);
      optsRef.current.onViewChange?.();
    },
    loadAll: async () => {
      await loader.showPage(Number.POSITIVE_INFINITY, pageSize);
      return loader.state.listing.entries;
    },
    changeSort: (by) => {
      setSort((s) => nextSort(s, by));
      setPageIndex(0);
    },
    reload,
    showWritten: (objects) => loader.insert(objects.map((o) => entryFor(loader.state.listing, o)).filter((e): e is Entry => !!e)),
  };
}
