// What a signed-in user sees: the file browser and, with the share service
// on, the sections "My shares" and "Shared with me" (in the fragment:
// lib/shareRoutes.ts). The browser stays mounted while another section
// shows, so uploads and the place in My files carry on.

import { useEffect, useState } from "preact/hooks";
import type { SignedInUser } from "../aws/auth";
import type { Storage } from "../aws/s3";
import type { ShareApi } from "../aws/shares";
import { sharingViewOf, type SharingView } from "../lib/shareRoutes";
import { Browser } from "./Browser";
import { SharingPage } from "./SharingPage";

interface Props {
  storage: Storage;
  user: SignedInUser;
  keepDays?: number;
  shares?: ShareApi;
  onSignOut: () => void;
  onSessionExpired: (unfinished?: string[]) => void;
}

/** The sharing view the fragment names (null: the file browser), followed as it changes. */
function useSharingView(enabled: boolean): SharingView | null {
  const read = () => (enabled ? sharingViewOf(window.location.hash) : null);
  const [view, setView] = useState(read);
  useEffect(() => {
    if (!enabled) return;
    const onChange = () => setView((old) => {
      const v = read();
      return JSON.stringify(v) === JSON.stringify(old) ? old : v;
    });
    window.addEventListener("hashchange", onChange);
    window.addEventListener("popstate", onChange);
    return () => {
      window.removeEventListener("hashchange", onChange);
      window.removeEventListener("popstate", onChange);
    };
  }, [enabled]);
  return view;
}

export function SignedIn({ storage, user, keepDays, shares, onSignOut, onSessionExpired }: Props) {
  const view = useSharingView(!!shares);
  // Bumped when the browser's dialogs make a share, so "My shares" lists it.
  const [made, setMade] = useState(0);
  return (
    <>
      {shares && view && <SharingPage view={view} api={shares} home={storage.home} user={user} onSignOut={onSignOut} onSessionExpired={onSessionExpired} made={made} />}
      <Browser
        storage={storage}
        user={user}
        keepDays={keepDays}
        onSignOut={onSignOut}
        onSessionExpired={onSessionExpired}
        shares={shares}
        hidden={!!view}
        section={shares ? "files" : undefined}
        onShared={() => setMade((n) => n + 1)}
      />
    </>
  );
}
