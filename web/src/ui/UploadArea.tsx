// Everything about uploads the file browser shows: the unfinished uploads
// of an earlier visit, the uploads of this page, and the conflict question.

import { useEffect, useState } from "preact/hooks";
import { ConflictDialog } from "./ConflictDialog";
import { ResumeList } from "./ResumeList";
import { UploadPanel } from "./UploadPanel";
import type { Uploads } from "./uploads";

export function UploadArea({ uploads }: { uploads: Uploads }) {
  const [, setTick] = useState(0);
  useEffect(() => uploads.subscribe(() => setTick((t) => t + 1)), [uploads.subscribe]);
  return (
    <>
      <ResumeList resumable={uploads.resumable} />
      <UploadPanel uploads={uploads} />
      {uploads.conflict && <ConflictDialog conflict={uploads.conflict} waiting={Math.max(0, uploads.queue.summary.counts.conflict - 1)} />}
    </>
  );
}
