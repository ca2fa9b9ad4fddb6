// Uploads an earlier visit did not finish (a reload, a closed tab, a crash,
// a lost network): resume them where they stopped, or discard them
// (AbortMultipartUpload). Resuming reopens the file from its stored handle
// where the browser allows it; otherwise the user picks the same file,
// which is checked before anything is sent.

import { useRef } from "preact/hooks";
import { formatBytes } from "../lib/format";
import type { ResumeRecord } from "../lib/resume";
import type { Handle } from "../aws/resumeStore";
import type { Uploads } from "./uploads";

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function ResumeList({ resumable }: { resumable: Uploads["resumable"] }) {
  const { records, problems } = resumable;
  const input = useRef<HTMLInputElement>(null);
  const picking = useRef<ResumeRecord<Handle> | null>(null);
  if (records.length === 0) return null;
  const resume = async (rec: ResumeRecord<Handle>) => {
    if (await resumable.tryHandle(rec)) return;
    picking.current = rec;
    input.current?.click();
  };
  return (
    <section class="resumable" aria-labelledby="resumable-title">
      <h2 id="resumable-title">Unfinished uploads</h2>
      <p class="help">These uploads stopped before they were complete. Resume sends only what is missing.</p>
      <ul>
        {records.map((r) => {
          const sent = r.parts.reduce((n, p) => n + p.size, 0);
          return (
            <li key={r.id}>
              <span class="name-text">{r.path}</span>
              <span class="resume-figures">
                {formatBytes(sent)} of {formatBytes(r.size)} sent · started {dateFmt.format(r.created)}
              </span>
              <button type="button" class="primary" onClick={() => void resume(r)} aria-label={`Resume upload of ${r.name}`}>
                Resume
              </button>
              <button type="button" onClick={() => void resumable.discard(r)} aria-label={`Discard upload of ${r.name}`}>
                Discard
              </button>
              {problems[r.id] && (
                <p role="alert" class="error">
                  {problems[r.id]}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <input
        ref={input}
        type="file"
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (f && picking.current) void resumable.continueWith(picking.current, f);
          picking.current = null;
        }}
      />
    </section>
  );
}
