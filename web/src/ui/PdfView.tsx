// A PDF drawn page by page into a canvas by pdf.js (loaded only when a PDF
// is previewed): its worker is a file of this site (script-src 'self'), the
// bytes come from S3 through the SDK (connect-src), no WebAssembly, no
// annotation layer, no scripting: nothing in a PDF runs.

import { useEffect, useRef, useState } from "preact/hooks";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

type LoadingTask = ReturnType<typeof import("pdfjs-dist")["getDocument"]>;
type PdfDoc = Awaited<LoadingTask["promise"]>;

let worker: Worker | undefined;

async function openPdf(data: Uint8Array): Promise<LoadingTask> {
  const pdfjs = await import("pdfjs-dist");
  worker ??= new Worker(workerUrl, { type: "module", name: "pdf" });
  pdfjs.GlobalWorkerOptions.workerPort = worker;
  return pdfjs.getDocument({ data, useWasm: false, enableXfa: false, stopAtErrors: false });
}

export function PdfView({ data, name }: { data: Uint8Array; name: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    let task: LoadingTask | undefined;
    setDoc(null);
    setPage(1);
    setError(null);
    // pdf.js may take the buffer over to its worker: give it a copy.
    openPdf(data.slice())
      .then((t) => {
        task = t;
        if (gone) void t.destroy();
        return t.promise;
      })
      .then(
        (d) => !gone && setDoc(d),
        (e: unknown) => !gone && setError(`This PDF cannot be shown (${(e as Error)?.message ?? e}). Download it instead.`),
      );
    return () => {
      gone = true;
      void task?.destroy();
    };
  }, [data]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let task: { cancel: () => void; promise: Promise<void> } | undefined;
    let gone = false;
    void doc.getPage(page).then((p) => {
      if (gone || !canvas.current) return;
      const base = p.getViewport({ scale: 1 });
      // The whole page in view: as wide as the dialog allows, no taller than the window leaves.
      const fitHeight = Math.max(200, window.innerHeight - 240) * (base.width / base.height);
      const width = Math.min(canvas.current.parentElement?.clientWidth ?? 800, 1000, fitHeight);
      const scale = (width / base.width) * (window.devicePixelRatio || 1);
      const viewport = p.getViewport({ scale });
      canvas.current.width = Math.floor(viewport.width);
      canvas.current.height = Math.floor(viewport.height);
      canvas.current.style.width = `${Math.floor(viewport.width / (window.devicePixelRatio || 1))}px`;
      task = p.render({ canvas: canvas.current, viewport });
      task.promise.catch((e: unknown) => {
        if ((e as Error)?.name !== "RenderingCancelledException") setError(`Page ${page} cannot be shown.`);
      });
    });
    return () => {
      gone = true;
      task?.cancel();
    };
  }, [doc, page]);

  if (error) return <p class="error">{error}</p>;
  return (
    <div class="pdf">
      {doc && doc.numPages > 1 && (
        <div class="pdf-pages" role="group" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous page
          </button>
          <span aria-live="polite">
            Page {page} of {doc.numPages}
          </span>
          <button type="button" disabled={page >= doc.numPages} onClick={() => setPage(page + 1)}>
            Next page
          </button>
        </div>
      )}
      {!doc && <p class="loading">Opening the PDF…</p>}
      <canvas ref={canvas} role="img" aria-label={doc ? `${name}, page ${page}${doc.numPages > 1 ? ` of ${doc.numPages}` : ""}` : `${name} (loading)`} />
    </div>
  );
}
