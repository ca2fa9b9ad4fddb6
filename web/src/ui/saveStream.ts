// Saving a stream as a download without holding it in memory: the File
// System Access API's writable stream where the browser has it (a save
// dialog, then the bytes go straight to disk), otherwise the app's service
// worker (sw.ts) answers a download URL with the stream, pulled chunk by
// chunk over a MessageChannel as the browser writes the file.

export type SaveTarget =
  | { kind: "file"; writable: WritableStream<Uint8Array> }
  | { kind: "service-worker" };

interface SaveFilePickerWindow {
  showSaveFilePicker?: (opts: { suggestedName: string; types?: { description: string; accept: Record<string, string[]> }[] }) => Promise<{
    createWritable: () => Promise<WritableStream<Uint8Array>>;
  }>;
}

/**
 * Where to save: call it straight from the click (the save dialog needs
 * the user's gesture). Resolves null when the user cancels the dialog.
 */
export async function chooseTarget(name: string): Promise<SaveTarget | null> {
  const w = window as unknown as SaveFilePickerWindow;
  if (typeof w.showSaveFilePicker === "function") {
    try {
      const handle = await w.showSaveFilePicker({ suggestedName: name, types: [{ description: "Zip archive", accept: { "application/zip": [".zip"] } }] });
      return { kind: "file", writable: await handle.createWritable() };
    } catch (e) {
      if ((e as Error).name === "AbortError") return null;
      // Not allowed here (no gesture, a sandbox): fall back to the service worker.
    }
  }
  return { kind: "service-worker" };
}

/** Writes stream to target; resolves when the last byte is saved. */
export async function save(target: SaveTarget, stream: ReadableStream<Uint8Array>, name: string, length: number, signal: AbortSignal): Promise<void> {
  if (target.kind === "file") {
    await stream.pipeTo(target.writable, { signal });
    return;
  }
  await viaServiceWorker(stream, name, length, signal);
}

let registration: Promise<ServiceWorkerRegistration> | undefined;

/** Registers the download service worker (once) and waits until it controls this page. */
export function downloadWorker(): Promise<ServiceWorkerRegistration> {
  if (!("serviceWorker" in navigator)) return Promise.reject(new Error("This browser can neither save to a file nor stream a download: download the files one by one."));
  registration ??= navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(async (r) => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }));
    }
    return r;
  });
  return registration;
}

async function viaServiceWorker(stream: ReadableStream<Uint8Array>, name: string, length: number, signal: AbortSignal): Promise<void> {
  await downloadWorker();
  const sw = navigator.serviceWorker.controller;
  if (!sw) throw new Error("The download service worker is not active; reload the page and try again.");
  const id = crypto.randomUUID();
  const channel = new MessageChannel();
  const reader = stream.getReader();
  let ready: () => void = () => {};
  const registered = new Promise<void>((resolve) => (ready = resolve));
  const done = new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      channel.port1.postMessage({ type: "error", message: String((e as Error)?.message ?? e) });
      reject(e);
    };
    signal.addEventListener("abort", () => {
      void reader.cancel(signal.reason);
      fail(signal.reason);
    });
    channel.port1.onmessage = async (ev: MessageEvent<{ type: string }>) => {
      if (ev.data.type === "ready") return ready();
      if (ev.data.type === "cancel") {
        void reader.cancel();
        reject(new DOMException("The download was cancelled.", "AbortError"));
        return;
      }
      if (ev.data.type !== "pull") return;
      try {
        const r = await reader.read();
        if (r.done) {
          channel.port1.postMessage({ type: "done" });
          resolve();
        } else {
          const chunk = r.value.byteOffset === 0 && r.value.byteLength === r.value.buffer.byteLength ? r.value : r.value.slice();
          channel.port1.postMessage({ type: "chunk", chunk }, [chunk.buffer]);
        }
      } catch (e) {
        fail(e);
      }
    };
  });
  sw.postMessage({ type: "download", id, name, length }, [channel.port2]);
  try {
    await Promise.race([registered, new Promise((_, reject) => setTimeout(() => reject(new Error("The download service worker did not answer; reload the page and try again.")), 10000))]);
  } catch (e) {
    void reader.cancel();
    throw e;
  }
  // A ping now and then keeps the worker alive while the browser is still pulling.
  const keepAlive = setInterval(() => navigator.serviceWorker.controller?.postMessage({ type: "ping" }), 10000);
  const a = document.createElement("a");
  a.href = `/__download/${id}/${encodeURIComponent(name)}`;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  try {
    await done;
  } finally {
    clearInterval(keepAlive);
  }
}
