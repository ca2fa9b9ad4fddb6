// Paging through a folder: previous and next page (later pages are fetched
// as they are needed), how many are loaded, the page size.

import type { Entry, Listing, PageView } from "../lib/pagination";
import type { SortKey } from "../lib/sort";
import { PAGE_SIZES } from "./useListing";

export function Pager(props: {
  view: PageView<Entry>;
  listing: Listing;
  loading: boolean;
  pageSize: number;
  sortBy: SortKey;
  onPage: (index: number) => void;
  onPageSize: (size: number) => void;
}) {
  const { view, listing, loading } = props;
  return (
    <>
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={!view.hasPrev || loading} onClick={() => props.onPage(view.pageIndex - 1)}>
          Previous
        </button>
        <span>
          {view.from}–{view.to} of {listing.entries.length}
          {listing.complete ? "" : "+ (more on the next pages)"}
        </span>
        <button type="button" disabled={!view.hasNext || loading} onClick={() => props.onPage(view.pageIndex + 1)}>
          Next
        </button>
        <label>
          Per page{" "}
          <select value={String(props.pageSize)} onChange={(e) => props.onPageSize(Number(e.currentTarget.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
      {!listing.complete && props.sortBy !== "name" && (
        <p class="help">Sorting covers the {listing.entries.length} items loaded so far; later pages load as you go.</p>
      )}
    </>
  );
}
