// Create a file-drop link: anyone holding it (or, as an option, only people
// signed in to this site) can upload files, which arrive in a new folder
// "drop/<id>" of My files; they can neither list nor read anything.

import type { ShareApi } from "../aws/shares";
import { relativePath } from "../lib/keys";
import { checkDrop, DROP_DEFAULT_MIB, DROP_MAX_MIB, MAX_DAYS, type DropFields } from "../lib/shareForm";
import { Modal } from "./Modal";
import { CopyLink, Field, FormEnd, when } from "./ShareFields";
import { useShareForm } from "./useShareForm";

interface Props {
  api: ShareApi;
  home: string;
  onClose: () => void;
  report: (e: unknown, context: string) => string | null;
  onCreated: (msg: string) => void;
}

export function DropLinkDialog({ api, home, onClose, report, onCreated }: Props) {
  const form = useShareForm<DropFields>({
    initial: { days: "7", maxMiB: String(DROP_DEFAULT_MIB), signedInOnly: false },
    check: checkDrop,
    api,
    context: "File-drop link",
    report,
    onCreated: (s) => onCreated(`Created a file-drop link until ${when(s.expiresAt)}.`),
  });
  const { fields, problems, busy, share, input: set } = form;
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
        <form onSubmit={form.submit} noValidate>
          <p class="help">Anyone with the link can send you files. They arrive in a new folder under “drop” in My files.</p>
          <Field id="drop-days" label="Link expires after (days)" help={`1 to ${MAX_DAYS} days.`} problem={problems.days}>
            {(a) => <input {...a} data-autofocus type="number" min={1} max={MAX_DAYS} step={1} value={fields.days} onInput={set("days")} />}
          </Field>
          <Field id="drop-max" label="Largest file accepted (MiB)" help={`Up to ${DROP_MAX_MIB} MiB (5 GiB).`} problem={problems.maxMiB}>
            {(a) => <input {...a} type="number" min={1} max={DROP_MAX_MIB} step={1} value={fields.maxMiB} onInput={set("maxMiB")} />}
          </Field>
          <label class="checkbox">
            <input type="checkbox" checked={fields.signedInOnly} onChange={(e) => form.setField("signedInOnly", e.currentTarget.checked)} /> Only people signed in
            to this site can upload
          </label>
          <FormEnd error={form.error} busy={busy} onClose={onClose} />
        </form>
      )}
    </Modal>
  );
}
