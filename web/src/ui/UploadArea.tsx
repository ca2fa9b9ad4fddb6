// Everything about uploads the file browser shows: the unfinished uploads
// of an earlier visit, the uploads of this page, and the conflict question.

import { ConflictDialog } from "./ConflictDialog";
import { ResumeList } from "./ResumeList";
import { UploadPanel } from "./UploadPanel";
import type { Uploads } from "./uploads";

export function UploadArea({ uploads }: { uploads: Uploads }) {
  return (
    <>
      <ResumeList resumable={uploads.resumable} />
      <UploadPanel uploads={uploads} />
      {uploads.conflict && <ConflictDialog conflict={uploads.conflict} waiting={Math.max(0, uploads.queue.summary.counts.conflict - 1)} />}
    </>
  );
}
