// The app's service worker: it does one thing, stream downloads the page
// builds (the zip of a selection) where the browser cannot save to a file
// directly. The page posts { type: "download", id, name, length } with a
// MessagePort; the browser then navigates to /__download/<id>/<name>, and
// this worker answers with a stream whose chunks it pulls from the page
// one at a time, so nothing is ever held whole. Every other request goes
// to the network untouched (no cache).

// The few service-worker types used (the project compiles against the DOM library, not WebWorker's).
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwMessageEvent extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
interface SwFetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface SwScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install", fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: "activate", fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: "message", fn: (e: SwMessageEvent) => void): void;
  addEventListener(type: "fetch", fn: (e: SwFetchEvent) => void): void;
}
const sw = self as unknown as SwScope;

interface Pending {
  port: MessagePort;
  name: string;
  length: number;
}

const pending = new Map<string, Pending>();

sw.addEventListener("install", () => void sw.skipWaiting());
sw.addEventListener("activate", (e) => e.waitUntil(sw.clients.claim()));

sw.addEventListener("message", (e) => {
  const d = e.data as { type?: string; id?: string; name?: string; length?: number };
  if (d?.type === "download" && typeof d.id === "string" && e.ports[0]) {
    pending.set(d.id, { port: e.ports[0], name: String(d.name ?? "download.zip"), length: Number(d.length) || 0 });
    // The page starts the download only after this: a fetch may otherwise overtake the message.
    e.ports[0].postMessage({ type: "ready" });
  }
});

function streamFrom(port: MessagePort): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      return new Promise<void>((resolve) => {
        port.onmessage = (m: MessageEvent<{ type: string; chunk?: Uint8Array; message?: string }>) => {
          if (m.data.type === "chunk" && m.data.chunk) controller.enqueue(m.data.chunk);
          else if (m.data.type === "done") controller.close();
          else if (m.data.type === "error") controller.error(new Error(m.data.message ?? "download failed"));
          resolve();
        };
        port.postMessage({ type: "pull" });
      });
    },
    cancel() {
      port.postMessage({ type: "cancel" });
    },
  });
}

/** RFC 6266 attachment with an ASCII fallback and the exact UTF-8 name. */
function disposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_") || "download.zip";
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

sw.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (url.origin !== sw.location.origin || !url.pathname.startsWith("/__download/")) return;
  const id = url.pathname.split("/")[2] ?? "";
  const p = pending.get(id);
  if (!p) {
    // 204 to a navigation leaves the page where it is (a 404 page would replace the app).
    e.respondWith(new Response(null, { status: 204 }));
    return;
  }
  pending.delete(id);
  const headers: Record<string, string> = {
    "content-type": "application/zip",
    "content-disposition": disposition(p.name),
    "x-content-type-options": "nosniff",
  };
  if (p.length > 0) headers["content-length"] = String(p.length);
  e.respondWith(new Response(streamFrom(p.port), { headers }));
});
