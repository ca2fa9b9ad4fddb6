// Where the open folder is, from "My files" down; each level but the last opens it.

import type { Crumb } from "../lib/breadcrumbs";

export function Breadcrumbs({ crumbs, onOpen }: { crumbs: Crumb[]; onOpen: (prefix: string) => void }) {
  if (crumbs.length < 2) return null;
  return (
    <nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        {crumbs.map((c) => (
          <li key={c.prefix}>
            {c.current ? (
              <span aria-current="page">{c.label}</span>
            ) : (
              <button type="button" class="link" onClick={() => onOpen(c.prefix)}>
                {c.label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
