// The uploads of a file-drop page, one file after the other: each asks the
// share service where to POST it, then sends it with progress. A file over
// the drop's size limit is refused here, before anything is sent.

import { useRef, useState } from "preact/hooks";
import { postObject } from "../aws/postObject";
import type { PostTarget } from "../aws/shares";
import { describeError } from "../lib/errors";
import { formatBytes } from "../lib/format";

export interface DropUpload {
  id: number;
  name: string;
  size: number;
  sent: number;
  state: "waiting" | "sending" | "done" | "failed";
  message?: string;
}

/** target(file) asks where to POST one file. */
export function useDropUploads(target: (file: File) => Promise<PostTarget>, maxBytes: number) {
  const [items, setItems] = useState<DropUpload[]>([]);
  const queue = useRef<{ id: number; file: File }[]>([]);
  const running = useRef(false);
  const next = useRef(0);
  const update = (id: number, change: Partial<DropUpload>) => setItems((all) => all.map((u) => (u.id === id ? { ...u, ...change } : u)));

  const sendOne = async (id: number, file: File) => {
    if (file.size > maxBytes) {
      update(id, { state: "failed", message: `larger than the ${formatBytes(maxBytes)} this link accepts` });
      return;
    }
    update(id, { state: "sending" });
    try {
      await postObject(await target(file), file, (sent) => update(id, { sent }));
      update(id, { state: "done", sent: file.size });
    } catch (e) {
      update(id, { state: "failed", message: describeError(e).message });
    }
  };

  const drain = async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let job = queue.current.shift(); job; job = queue.current.shift()) await sendOne(job.id, job.file);
    } finally {
      running.current = false;
    }
  };

  const add = (files: File[]) => {
    const jobs = files.map((file) => ({ id: next.current++, file }));
    setItems((all) => [...all, ...jobs.map(({ id, file }): DropUpload => ({ id, name: file.name, size: file.size, sent: 0, state: "waiting" }))]);
    queue.current.push(...jobs);
    void drain();
  };

  return { items, add };
}
