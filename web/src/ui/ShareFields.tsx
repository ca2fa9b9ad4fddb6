// The small pieces the sharing dialogs and pages share: a labelled field
// with its help and its problem, a link with a Copy button, and dates.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export const shareDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** An RFC 3339 time as the user reads it. */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : shareDate.format(d);
}

/** A time, shown for the reader, machine-readable in its datetime attribute. */
export function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{when(iso)}</time>;
}

/** A label, the control (given the ids it must carry), its help and its problem, tied together for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  help?: string;
  problem?: string;
  children: (a11y: { id: string; "aria-describedby": string; "aria-invalid"?: "true" }) => ComponentChildren;
}) {
  const { id, problem } = props;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children({ id, "aria-describedby": props.help ? `${id}-help ${id}-problem` : `${id}-problem`, ...(problem ? { "aria-invalid": "true" as const } : {}) })}
      {props.help && (
        <p id={`${id}-help`} class="help">
          {props.help}
        </p>
      )}
      <p id={`${id}-problem`} class="error" role={problem ? "alert" : undefined}>
        {problem ?? ""}
      </p>
    </div>
  );
}

/** The top of a sharing view: its toolbar (extra buttons, then Refresh) and the problem, if any. */
export function ViewBar(props: { label: string; loading: boolean; onRefresh: () => void; problem: string | null; children?: ComponentChildren }) {
  return (
    <>
      <div class="toolbar" role="toolbar" aria-label={props.label}>
        {props.children}
        <button type="button" onClick={props.onRefresh} disabled={props.loading}>
          Refresh
        </button>
      </div>
      {props.problem && (
        <p role="alert" class="error banner">
          {props.problem}
        </p>
      )}
    </>
  );
}

/** The end of a sharing form: the service's error, Cancel and Create. */
export function FormEnd({ error, busy, onClose }: { error: string | null; busy: boolean; onClose: () => void }) {
  return (
    <>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Creating…" : "Create link"}
        </button>
      </div>
    </>
  );
}

/** A link to hand out: read-only, selected on focus, with a Copy button and what copying did. */
export function CopyLink({ id, url, label = "Link" }: { id: string; url: string; label?: string }) {
  const [copied, setCopied] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Link copied to the clipboard.");
    } catch {
      setCopied("Could not copy automatically: select the link and copy it.");
    }
  };
  return (
    <div class="copy-link">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          Copy link
        </button>
      </div>
      <p role="status">{copied}</p>
    </div>
  );
}
