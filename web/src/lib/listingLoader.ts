// Loads a folder listing page by page, dropping late answers: every reload
// starts a new generation, and a page (or an error) that arrives for an
// older one is ignored, so a slow listing of the previous folder or search
// never overwrites the current one. No UI: the useListing hook renders it.

import { appendPage, emptyListing, insertEntries, needsFetch, type Entry, type Listing } from "./pagination";

/** One ListObjectsV2 page of a folder (Storage.list). */
export type ListPage = (
  folder: string,
  prefix: string,
  token: string | undefined,
  size: number,
) => Promise<{ entries: Entry[]; nextToken?: string }>;

export interface LoaderState {
  listing: Listing;
  loading: boolean;
}

export class ListingLoader {
  private readonly list: ListPage;
  private readonly onChange: (s: LoaderState) => void;
  private readonly onError: (e: unknown) => void;
  private generation = 0;
  private current: LoaderState;

  /**
   * @param list fetches one page
   * @param onChange gets every new state (listing grew, loading started or stopped)
   * @param onError gets an error of the current generation (never a stale one)
   * @param folder the folder shown (empty) before the first reload
   */
  constructor(list: ListPage, onChange: (s: LoaderState) => void, onError: (e: unknown) => void, folder: string) {
    this.list = list;
    this.onChange = onChange;
    this.onError = onError;
    this.current = { listing: emptyListing(folder), loading: false };
  }

  get state(): LoaderState {
    return this.current;
  }

  /** Starts over at the first page of folder (names starting with search); answers to earlier loads are dropped from now on. */
  reload(folder: string, search: string, pageSize: number): Promise<void> {
    const g = ++this.generation;
    this.set({ listing: emptyListing(folder, search), loading: false });
    return this.fetchUntil(0, pageSize, g);
  }

  /** Fetches pages until pageIndex can be shown (nothing when it already can). */
  showPage(pageIndex: number, pageSize: number): Promise<void> {
    return this.fetchUntil(pageIndex, pageSize, this.generation);
  }

  /** Shows entries written since the listing was fetched (uploads), without asking S3 again. */
  insert(entries: Entry[]): void {
    const listing = insertEntries(this.current.listing, entries);
    if (listing !== this.current.listing) this.set({ listing });
  }

  private async fetchUntil(pageIndex: number, size: number, g: number): Promise<void> {
    if (!needsFetch(this.current.listing, pageIndex, size)) return;
    this.set({ loading: true });
    try {
      while (needsFetch(this.current.listing, pageIndex, size)) {
        const l = this.current.listing;
        const r = await this.list(l.folder, l.prefix, l.nextToken, size);
        if (g !== this.generation) return;
        this.set({ listing: appendPage(l, r.entries, r.nextToken) });
      }
    } catch (e) {
      if (g === this.generation) this.onError(e);
    } finally {
      if (g === this.generation) this.set({ loading: false });
    }
  }

  private set(p: Partial<LoaderState>): void {
    this.current = { ...this.current, ...p };
    this.onChange(this.current);
  }
}
