// The preview of a file, in a dialog over the folder: images, audio and
// video by presigned URL, PDFs drawn by pdf.js, text (Markdown, CSV, JSON,
// and the source of HTML and SVG files) as text, the first 1 MiB; with the
// previous and next file of the folder (also with the arrow keys), download
// and the file's versions. Nothing in a file is ever rendered as a page.

import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { mediaUrl, readAll, readStart } from "../aws/media";
import type { Storage } from "../aws/s3";
import { formatBytes } from "../lib/format";
import type { Entry } from "../lib/pagination";
import { PDF_PREVIEW_MAX_BYTES, previewOf, previewText, TEXT_PREVIEW_BYTES } from "../lib/preview";
import { Modal } from "./Modal";

const PdfView = lazy(() => import("./PdfView").then((m) => ({ default: m.PdfView })));

type Loaded =
  | { k: "loading" }
  | { k: "url"; url: string }
  | { k: "text"; text: string; truncated: boolean }
  | { k: "bytes"; data: Uint8Array }
  | { k: "none"; message?: string }
  | { k: "error"; message: string };

function useContent(storage: Storage, entry: Entry, report: (e: unknown, context: string) => string | null): Loaded {
  const [state, setState] = useState<Loaded>({ k: "loading" });
  useEffect(() => {
    const ctl = new AbortController();
    const info = previewOf(entry.name);
    const size = entry.size ?? 0;
    const set = (s: Loaded) => !ctl.signal.aborted && setState(s);
    setState({ k: "loading" });
    const fail = (e: unknown) => {
      if (ctl.signal.aborted) return;
      const m = report(e, "Preview");
      set({ k: "error", message: m ?? "The preview could not be loaded." });
    };
    if (info.kind === "image" || info.kind === "audio" || info.kind === "video") {
      mediaUrl(storage, entry.key, info.mediaType!).then((url) => set({ k: "url", url }), fail);
    } else if (info.kind === "text") {
      if (size === 0) set({ k: "text", text: "", truncated: false });
      else readStart(storage, entry.key, TEXT_PREVIEW_BYTES, ctl.signal).then((data) => set({ k: "text", ...previewText(data, size, entry.name) }), fail);
    } else if (info.kind === "pdf") {
      if (size > PDF_PREVIEW_MAX_BYTES) set({ k: "none", message: `This PDF is larger than ${formatBytes(PDF_PREVIEW_MAX_BYTES)}: download it to read it.` });
      else readAll(storage, entry.key, ctl.signal).then((data) => set({ k: "bytes", data }), fail);
    } else {
      set({ k: "none" });
    }
    return () => ctl.abort();
  }, [storage, entry.key]);
  return state;
}

export function Preview(props: {
  storage: Storage;
  entry: Entry;
  /** The files of the folder, in the order shown (for previous and next). */
  files: Entry[];
  onShow: (e: Entry) => void;
  onClose: () => void;
  onDownload: (e: Entry) => void;
  onVersions: (e: Entry) => void;
  report: (e: unknown, context: string) => string | null;
}) {
  const { storage, entry, files } = props;
  const i = files.findIndex((f) => f.key === entry.key);
  const prev = i > 0 ? files[i - 1] : undefined;
  const next = i >= 0 && i < files.length - 1 ? files[i + 1] : undefined;
  const info = previewOf(entry.name);
  const content = useContent(storage, entry, props.report);
  const name = entry.name === "" ? "(empty name)" : entry.name;

  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (t.closest("audio, video, input, select, textarea")) return;
    if (e.key === "ArrowLeft" && prev) props.onShow(prev);
    else if (e.key === "ArrowRight" && next) props.onShow(next);
  };

  return (
    <Modal title={name} onClose={props.onClose} wide>
      <div class="preview" onKeyDown={onKey}>
        <div class="preview-bar">
          <span class="help">
            {formatBytes(entry.size)}
            {i >= 0 && files.length > 1 ? ` · ${i + 1} of ${files.length}` : ""}
          </span>
          <button type="button" disabled={!prev} onClick={() => prev && props.onShow(prev)} aria-label={prev ? `Previous: ${prev.name}` : "Previous"}>
            ← Previous
          </button>
          <button type="button" disabled={!next} onClick={() => next && props.onShow(next)} aria-label={next ? `Next: ${next.name}` : "Next"}>
            Next →
          </button>
          <button type="button" onClick={() => props.onDownload(entry)}>
            Download
          </button>
          <button type="button" onClick={() => props.onVersions(entry)}>
            Versions
          </button>
          <button type="button" class="primary" onClick={props.onClose} data-autofocus>
            Close
          </button>
        </div>
        {info.note && <p class="help">{info.note}</p>}
        <div class="preview-body" data-kind={info.kind}>
          <Body content={content} kind={info.kind} name={name} size={entry.size ?? 0} />
        </div>
      </div>
    </Modal>
  );
}

function Body({ content, kind, name, size }: { content: Loaded; kind: string; name: string; size: number }) {
  switch (content.k) {
    case "loading":
      return <p class="loading">Loading the preview…</p>;
    case "error":
      return <p class="error">{content.message}</p>;
    case "none":
      return <p>{content.message ?? "There is no preview for this kind of file. Download it to open it."}</p>;
    case "url":
      if (kind === "image") return <img class="preview-image" src={content.url} alt={name} />;
      if (kind === "audio") return <audio controls src={content.url} aria-label={name} />;
      return <video controls src={content.url} aria-label={name} class="preview-video" />;
    case "text":
      return (
        <>
          {content.truncated && <p class="help">Showing the first {formatBytes(TEXT_PREVIEW_BYTES)} of {formatBytes(size)}. Download the file to see all of it.</p>}
          <pre class="preview-text" tabIndex={0} aria-label={`Text of ${name}`}>
            {content.text}
          </pre>
        </>
      );
    case "bytes":
      return (
        <Suspense fallback={<p class="loading">Loading the PDF viewer…</p>}>
          <PdfView data={content.data} name={name} />
        </Suspense>
      );
  }
}
