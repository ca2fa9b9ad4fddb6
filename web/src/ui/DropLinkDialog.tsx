// Create a file-drop link: anyone holding it (or, as an option, only people
// signed in to this site) can upload files, which arrive in a new folder
// "drop/<id>" of My files; they can neither list nor read anything.

import { useState } from "preact/hooks";
import type { Share, ShareApi } from "../aws/shares";
import { relativePath } from "../lib/keys";
import { checkDrop, DROP_DEFAULT_MIB, DROP_MAX_MIB, MAX_DAYS, type DropFields } from "../lib/shareForm";
import { Modal } from "./Modal";
import { CopyLink, Field, when } from "./ShareFields";

interface Props {
  api: ShareApi;
  home: string;
  onClose: () => void;
  report: (e: unknown, context: string) => string | null;
  onCreated: (msg: string) => void;
}

export function DropLinkDialog({ api, home, onClose, report, onCreated }: Props) {
  const [fields, setFields] = useState<DropFields>({ days: "7", maxMiB: String(DROP_DEFAULT_MIB), signedInOnly: false });
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [share, setShare] = useState<Share | null>(null);
  const set = (k: "days" | "maxMiB") => (e: { currentTarget: { value: string } }) => {
    setFields((f) => ({ ...f, [k]: e.currentTarget.value }));
    setProblems((p) => ({ ...p, [k]: undefined }));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = checkDrop(fields);
    if ("problems" in r) return setProblems(r.problems);
    setBusy(true);
    setError(null);
    try {
      const s = await api.create(r.request);
      setShare(s);
      onCreated(`Created a file-drop link until ${when(s.expiresAt)}.`);
    } catch (err) {
      setError(report(err, "File-drop link"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Create file-drop link" onClose={onClose} busy={busy}>
      {share ? (
        <div class="share-result">
          <CopyLink id="drop-url" url={share.url} />
          <p role="status">Expires {when(share.expiresAt)}.</p>
          <p class="help break">
            Files sent through this link arrive in <strong>{relativePath(share.key, home)}</strong> in My files. Whoever has the link can upload, but
            cannot see or download anything.
          </p>
          <div class="dialog-buttons">
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <p class="help">Anyone with the link can send you files. They arrive in a new folder under “drop” in My files.</p>
          <Field id="drop-days" label="Link expires after (days)" help={`1 to ${MAX_DAYS} days.`} problem={problems.days}>
            {(a) => <input {...a} data-autofocus type="number" min={1} max={MAX_DAYS} step={1} value={fields.days} onInput={set("days")} />}
          </Field>
          <Field id="drop-max" label="Largest file accepted (MiB)" help={`Up to ${DROP_MAX_MIB} MiB (5 GiB).`} problem={problems.maxMiB}>
            {(a) => <input {...a} type="number" min={1} max={DROP_MAX_MIB} step={1} value={fields.maxMiB} onInput={set("maxMiB")} />}
          </Field>
          <label class="checkbox">
            <input type="checkbox" checked={fields.signedInOnly} onChange={(e) => setFields((f) => ({ ...f, signedInOnly: e.currentTarget.checked }))} /> Only people signed in
            to this site can upload
          </label>
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
        </form>
      )}
    </Modal>
  );
}
