// The place the browser shows (folder, and the file previewed) lives in the
// URL's fragment (lib/deepLink.ts): opening a folder or a preview adds a
// history entry, so Back and Forward move between them, a reload or a link
// comes back to the same place, and signing in again returns to it.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { linkFor, parseLink, type Place } from "../lib/deepLink";

export interface PlaceView {
  place: Place;
  /** Goes to a place: a new history entry, or replacing the current one. */
  go: (p: Place, how?: "push" | "replace") => void;
  /** Closes the preview: its history entry becomes its folder's. */
  closePreview: () => void;
}

/**
 * badLink gets the message for a link that names no place inside the own
 * folder (the user sees home), and null when a link was read that does.
 * elsewhere(hash) tells fragments of other views (the sharing views), which
 * leave the place as it was.
 */
export function usePlace(home: string, badLink: (message: string | null) => void, elsewhere?: (hash: string) => boolean): PlaceView {
  const badRef = useRef(badLink);
  badRef.current = badLink;
  const elsewhereRef = useRef(elsewhere);
  elsewhereRef.current = elsewhere;
  // The fragment last read: a navigation fires both popstate and hashchange, read once.
  const lastHash = useRef<string | null>(null);
  const read = useCallback((): Place => {
    const r = parseLink(window.location.hash, home);
    if ("place" in r) {
      badRef.current(null);
      lastHash.current = window.location.hash;
      return r.place;
    }
    badRef.current(r.error);
    window.history.replaceState(null, "", linkFor(home, { folder: home }));
    lastHash.current = window.location.hash;
    return { folder: home };
  }, [home]);
  const [place, setPlace] = useState<Place>(() => (elsewhereRef.current?.(window.location.hash) ? { folder: home } : read()));
  // Whether the preview shown was opened on top of its folder's entry (Back closes it).
  const pushedPreview = useRef(false);

  useEffect(() => {
    const onChange = () => {
      if (window.location.hash === lastHash.current) return;
      if (elsewhereRef.current?.(window.location.hash)) {
        lastHash.current = window.location.hash;
        return;
      }
      pushedPreview.current = false;
      const p = read();
      setPlace((old) => (old.folder === p.folder && old.file === p.file ? old : p));
    };
    window.addEventListener("popstate", onChange);
    window.addEventListener("hashchange", onChange);
    return () => {
      window.removeEventListener("popstate", onChange);
      window.removeEventListener("hashchange", onChange);
    };
  }, [read]);

  const go = useCallback(
    (p: Place, how: "push" | "replace" = "push") => {
      const link = linkFor(home, p);
      lastHash.current = link;
      if (link !== window.location.hash) {
        if (how === "push") window.history.pushState(null, "", link);
        else window.history.replaceState(null, "", link);
      }
      pushedPreview.current = !!p.file && (how === "push" || pushedPreview.current);
      setPlace(p);
    },
    [home],
  );

  // Closing replaces the preview's entry with its folder's (history.back() would race a preview opened right after).
  const closePreview = useCallback(() => {
    pushedPreview.current = false;
    setPlace((p) => {
      const folder = { folder: p.folder };
      lastHash.current = linkFor(home, folder);
      window.history.replaceState(null, "", lastHash.current);
      return folder;
    });
  }, [home]);

  return { place, go, closePreview };
}
