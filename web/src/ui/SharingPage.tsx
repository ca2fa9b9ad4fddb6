// The page of a sharing section: the top bar, the section's heading, its
// view ("My shares" or "Shared with me"), announcements, and the file-drop
// dialog opened from "My shares".

import { useEffect, useRef, useState } from "preact/hooks";
import type { SignedInUser } from "../aws/auth";
import type { ShareApi } from "../aws/shares";
import type { SharingView } from "../lib/shareRoutes";
import { DropLinkDialog } from "./DropLinkDialog";
import { SharedWithMeView } from "./SharedWithMeView";
import { SharesView } from "./SharesView";
import { TopBar } from "./TopBar";
import { useReport } from "./useReport";

interface Props {
  view: SharingView;
  api: ShareApi;
  home: string;
  user: SignedInUser;
  onSignOut: () => void;
  onSessionExpired: () => void;
  /** Bumped when a share was made in the file browser. */
  made: number;
}

export function SharingPage({ view, api, home, user, onSignOut, onSessionExpired, made }: Props) {
  const report = useReport(onSessionExpired);
  const [status, setStatus] = useState("");
  const [dropOpen, setDropOpen] = useState(false);
  const [created, setCreated] = useState(0);
  const title = view.k === "shares" ? "My shares" : "Shared with me";
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – My files`;
    if (!(view.k === "shared" && view.id)) heading.current?.focus();
  }, [title]);
  return (
    <div class="app">
      <a class="skip" href="#section-main" onClick={(e) => (e.preventDefault(), heading.current?.focus())}>
        Skip to {title}
      </a>
      <TopBar user={user} onSignOut={onSignOut} section={view.k} />
      <main id="section-main" class="section">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        <div aria-live="polite" role="status" class="visually-hidden">
          {status}
        </div>
        {view.k === "shares" ? (
          <SharesView api={api} home={home} report={report} announce={setStatus} onNewDrop={() => setDropOpen(true)} version={made + created} />
        ) : (
          <SharedWithMeView api={api} openId={view.id} report={report} announce={setStatus} />
        )}
      </main>
      {dropOpen && (
        <DropLinkDialog
          api={api}
          home={home}
          onClose={() => setDropOpen(false)}
          report={report}
          onCreated={(msg) => {
            setStatus(msg);
            setCreated((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}
