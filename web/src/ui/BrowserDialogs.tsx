// Which dialog of the file browser is open, and the dialog itself.

import { useCallback, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import type { ShareApi } from "../aws/shares";
import { childName } from "../lib/keys";
import type { Entry } from "../lib/pagination";
import { TransferDialog, UsageDialog, ZipDialog } from "./BulkDialogs";
import { DeleteDialog, NewFolderDialog, RenameDialog, ShareDialog } from "./dialogs";
import { DropLinkDialog } from "./DropLinkDialog";
import { TrashDialog, VersionsDialog } from "./HistoryDialogs";
import type { SaveTarget } from "./saveStream";
import { ShareLinkDialog } from "./ShareLinkDialog";

export type DialogState =
  | { type: "new-folder" }
  | { type: "delete"; entries: Entry[] }
  | { type: "rename"; entry: Entry }
  | { type: "share"; entry: Entry }
  | { type: "drop" }
  | { type: "versions"; key: string }
  | { type: "trash" }
  | { type: "transfer"; mode: "move" | "copy"; entries: Entry[] }
  | { type: "zip"; entries: Entry[]; name: string; target: Promise<SaveTarget | null> }
  | { type: "usage"; prefix: string; label: string };

export function useDialog() {
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const close = useCallback(() => setDialog(null), []);
  return { dialog, open: setDialog, close };
}

export function BrowserDialogs(props: {
  dialog: DialogState | null;
  storage: Storage;
  folder: string;
  folderLabel: string;
  keepDays?: number;
  /** The share service (sharing on): shares last days and can be revoked; file-drop links. */
  shares?: ShareApi;
  report: (e: unknown, context: string) => string | null;
  /** A share or file-drop link was made: announce msg. */
  onShared: (msg: string) => void;
  onClose: () => void;
  /** An action finished: announce msg and list the folder again. */
  onDone: (msg: string) => void;
  /** Something changed while the dialog stays open: announce msg and list the folder again. */
  onChanged: (msg: string) => void;
}) {
  const { dialog, storage, folder, report, onClose, onDone } = props;
  const common = { storage, report, onClose };
  switch (dialog?.type) {
    case "new-folder":
      return <NewFolderDialog {...common} folder={folder} onDone={(key) => onDone(`Created folder ${childName(key, folder)}.`)} />;
    case "delete":
      return <DeleteDialog {...common} entries={dialog.entries} keepDays={props.keepDays} onDone={onDone} />;
    case "rename":
      return <RenameDialog {...common} entry={dialog.entry} onDone={onDone} />;
    case "share":
      if (props.shares) return <ShareLinkDialog api={props.shares} entry={dialog.entry} onClose={onClose} report={report} onCreated={props.onShared} />;
      return <ShareDialog {...common} entry={dialog.entry} />;
    case "drop":
      return props.shares ? <DropLinkDialog api={props.shares} home={storage.home} onClose={onClose} report={report} onCreated={props.onShared} /> : null;
    case "versions":
      return <VersionsDialog {...common} fileKey={dialog.key} keepDays={props.keepDays} onRestored={onDone} />;
    case "trash":
      return <TrashDialog {...common} folder={folder} folderLabel={props.folderLabel} keepDays={props.keepDays} onRestored={props.onChanged} />;
    case "transfer":
      return <TransferDialog {...common} mode={dialog.mode} entries={dialog.entries} onDone={onDone} />;
    case "zip":
      return <ZipDialog {...common} entries={dialog.entries} folder={folder} name={dialog.name} target={dialog.target} onDone={onDone} />;
    case "usage":
      return <UsageDialog {...common} prefix={dialog.prefix} label={dialog.label} />;
    default:
      return null;
  }
}
