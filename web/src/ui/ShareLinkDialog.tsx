// Share a file or folder through the share service: a link that lasts 1 to
// 30 days, optionally with a password and a download limit, or a share
// named to people of this site, who find it under "Shared with me".

import type { Share, ShareApi } from "../aws/shares";
import type { Entry } from "../lib/pagination";
import { checkLink, MAX_DAYS, MAX_DOWNLOADS, type LinkFields } from "../lib/shareForm";
import { Modal } from "./Modal";
import { CopyLink, Field, FormEnd, when } from "./ShareFields";
import { useShareForm } from "./useShareForm";

interface Props {
  api: ShareApi;
  entry: Entry;
  onClose: () => void;
  report: (e: unknown, context: string) => string | null;
  /** A share was made: announce it. */
  onCreated: (msg: string) => void;
}

export function ShareLinkDialog({ api, entry, onClose, report, onCreated }: Props) {
  const form = useShareForm<LinkFields>({
    initial: { days: "7", password: "", maxDownloads: "", recipients: "" },
    check: (f) => checkLink(entry.key, f),
    api,
    context: "Share",
    report,
    onCreated: (s) => onCreated(`Shared ${entry.name} until ${when(s.expiresAt)}.`),
  });
  const { fields, problems, busy, share, input: set } = form;
  const what = entry.kind === "folder" ? "folder" : "file";
  return (
    <Modal title={`Share ${what}`} onClose={onClose} busy={busy}>
      <p class="break">
        {entry.kind === "folder" ? "Folder" : "File"}: <strong>{entry.name}</strong>
      </p>
      {share ? (
        <ShareCreated share={share} />
      ) : (
        <form onSubmit={form.submit} class="share-form" noValidate>
          <Field id="share-days" label="Link expires after (days)" help={`1 to ${MAX_DAYS} days.`} problem={problems.days}>
            {(a) => <input {...a} data-autofocus type="number" min={1} max={MAX_DAYS} step={1} value={fields.days} onInput={set("days")} />}
          </Field>
          <Field id="share-password" label="Password (optional)" help="Whoever opens the link must type it. 8 characters or more." problem={problems.password}>
            {(a) => <input {...a} type="password" autocomplete="new-password" value={fields.password} onInput={set("password")} />}
          </Field>
          <Field id="share-max" label="Download limit (optional)" help={`The link stops working after this many downloads (1 to ${MAX_DOWNLOADS}).`} problem={problems.maxDownloads}>
            {(a) => <input {...a} type="number" min={1} max={MAX_DOWNLOADS} step={1} value={fields.maxDownloads} onInput={set("maxDownloads")} />}
          </Field>
          <Field
            id="share-recipients"
            label="Share only with these people (optional)"
            help="Email addresses of people who sign in to this site, separated by commas. They find it under “Shared with me”; nobody else can use the link."
            problem={problems.recipients}
          >
            {(a) => <textarea {...a} rows={2} autocomplete="off" spellcheck={false} value={fields.recipients} onInput={set("recipients")} />}
          </Field>
          <FormEnd error={form.error} busy={busy} onClose={onClose} />
        </form>
      )}
      {share && (
        <div class="dialog-buttons">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </Modal>
  );
}

/** What a new share is: its link, when it ends, and who can use it. */
function ShareCreated({ share }: { share: Share }) {
  const named = share.recipients.length > 0;
  return (
    <div class="share-result">
      <CopyLink id="share-url" url={share.url} />
      <p role="status">Expires {when(share.expiresAt)}.</p>
      <p class="help">
        {named
          ? `Only ${share.recipients.join(", ")} can open it, after signing in.`
          : share.hasPassword
            ? "Anyone with the link and the password can download it."
            : "Anyone with the link can download it."}
        {share.maxDownloads ? ` It stops working after ${share.maxDownloads} download${share.maxDownloads === 1 ? "" : "s"}.` : ""} You can revoke it
        under “My shares”.
      </p>
    </div>
  );
}
