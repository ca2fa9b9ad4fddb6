import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";

interface Props {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Prevent closing with Escape while something is running. */
  busy?: boolean;
  /** A large dialog (previews). */
  wide?: boolean;
}

/**
 * A modal built on <dialog>.showModal(): the browser traps focus and makes
 * the rest of the page inert. Focus goes to [data-autofocus] (or the first
 * control) on open and back to the opener on close.
 */
export function Modal({ title, onClose, children, busy, wide }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    d.showModal();
    const first = d.querySelector<HTMLElement>("[data-autofocus]");
    first?.focus();
    return () => {
      if (d.open) d.close();
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={wide ? "modal wide" : "modal"}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
