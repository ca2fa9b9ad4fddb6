// The bar across the top of every signed-in page: the app's name, the
// sections (with the share service on), who is signed in, and Sign out.

import type { SignedInUser } from "../aws/auth";

/** The signed-in sections; "files" is the file browser. */
export type Section = "files" | "shares" | "shared";

const SECTIONS: { id: Section; href: string; text: string }[] = [
  { id: "files", href: "#/", text: "My files" },
  { id: "shares", href: "#shares", text: "My shares" },
  { id: "shared", href: "#shared", text: "Shared with me" },
];

export function TopBar({ user, onSignOut, section }: { user: SignedInUser; onSignOut: () => void; section?: Section }) {
  return (
    <header class="topbar">
      <span class="brand">My files</span>
      {section && (
        <nav aria-label="Sections" class="sections">
          {SECTIONS.map((s) => (
            <a key={s.id} href={s.href} aria-current={s.id === section ? "page" : undefined}>
              {s.text}
            </a>
          ))}
        </nav>
      )}
      <span class="user" title={user.displayName}>
        {user.displayName}
      </span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
