// Which dialog of the file browser is open, and the dialog itself.

import { useCallback, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { childName } from "../lib/keys";
import type { Entry } from "../lib/pagination";
import { DeleteDialog, NewFolderDialog, RenameDialog, ShareDialog } from "./dialogs";

export type DialogState =
  | { type: "new-folder" }
  | { type: "delete"; entries: Entry[] }
  | { type: "rename"; entry: Entry }
  | { type: "share"; entry: Entry };

export function useDialog() {
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const close = useCallback(() => setDialog(null), []);
  return { dialog, open: setDialog, close };
}

export function BrowserDialogs(props: {
  dialog: DialogState | null;
  storage: Storage;
  folder: string;
  report: (e: unknown, context: string) => string | null;
  onClose: () => void;
  /** An action finished: announce msg and list the folder again. */
  onDone: (msg: string) => void;
}) {
  const { dialog, storage, folder, report, onClose, onDone } = props;
  switch (dialog?.type) {
    case "new-folder":
      return <NewFolderDialog storage={storage} folder={folder} report={report} onClose={onClose} onDone={(key) => onDone(`Created folder ${childName(key, folder)}.`)} />;
    case "delete":
      return <DeleteDialog storage={storage} entries={dialog.entries} report={report} onClose={onClose} onDone={onDone} />;
    case "rename":
      return <RenameDialog storage={storage} entry={dialog.entry} report={report} onClose={onClose} onDone={onDone} />;
    case "share":
      return <ShareDialog storage={storage} entry={dialog.entry} report={report} onClose={onClose} />;
    default:
      return null;
  }
}
