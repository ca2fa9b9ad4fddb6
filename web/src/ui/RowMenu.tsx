// A row's "⋯" menu: a menu button (WAI-ARIA menu pattern) whose items are
// the row's actions. Arrow keys, Home and End move between items, Escape
// and Tab close it and give focus back, a click elsewhere closes it. The
// menu is placed with fixed coordinates next to its button so no
// scrolling container clips it.

import { useEffect, useId, useLayoutEffect, useRef, useState } from "preact/hooks";

export interface MenuItem {
  /** The visible text. */
  text: string;
  /** The accessible name (the text and the file it acts on). */
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export function RowMenu({ label, items }: { label: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const id = useId();

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const focusItem = (i: number) => {
    const all = menu.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]");
    if (!all?.length) return;
    all[(i + all.length) % all.length]!.focus();
  };

  useLayoutEffect(() => {
    if (!open || !menu.current || !button.current) return;
    const r = button.current.getBoundingClientRect();
    const m = menu.current;
    const below = r.bottom + m.offsetHeight + 8 < window.innerHeight;
    m.style.top = `${Math.max(8, below ? r.bottom + 4 : r.top - m.offsetHeight - 4)}px`;
    m.style.left = `${Math.max(8, Math.min(window.innerWidth - m.offsetWidth - 8, r.right - m.offsetWidth))}px`;
    focusItem(0);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    const away = () => close(false);
    document.addEventListener("pointerdown", outside, true);
    window.addEventListener("resize", away);
    window.addEventListener("scroll", away, true);
    return () => {
      document.removeEventListener("pointerdown", outside, true);
      window.removeEventListener("resize", away);
      window.removeEventListener("scroll", away, true);
    };
  }, [open]);

  const onKey = (e: KeyboardEvent) => {
    const all = [...(menu.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const moves: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: all.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      focusItem(moves[e.key]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === "Tab") {
      close(false);
    }
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        class="menu-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open ? "true" : "false"}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul ref={menu} id={id} role="menu" aria-label={label} class="menu" onKeyDown={onKey}>
          {items.map((it) => (
            <li key={it.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-label={it.label}
                class={it.danger ? "danger" : undefined}
                onClick={() => {
                  close(true);
                  it.onSelect();
                }}
              >
                {it.text}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
