// An image's thumbnail in the listing: loaded only once its row is on
// screen (IntersectionObserver), only for images small enough to load
// whole (lib/preview.ts), by presigned URL with the image type forced.

import { useEffect, useRef, useState } from "preact/hooks";
import type { Storage } from "../aws/s3";
import { mediaUrl } from "../aws/media";
import { previewOf } from "../lib/preview";

export function Thumbnail({ storage, fileKey, name }: { storage: Storage; fileKey: string; name: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    let cancelled = false;
    const io = new IntersectionObserver((seen) => {
      if (!seen.some((s) => s.isIntersecting)) return;
      io.disconnect();
      void mediaUrl(storage, fileKey, previewOf(name).mediaType ?? "image/png").then(
        (u) => !cancelled && setUrl(u),
        () => !cancelled && setFailed(true),
      );
    });
    io.observe(el);
    return () => {
      cancelled = true;
      io.disconnect();
    };
  }, [storage, fileKey, name]);
  return (
    <span ref={ref} class="thumb" aria-hidden="true">
      {url && !failed ? <img src={url} alt="" width={32} height={32} decoding="async" onError={() => setFailed(true)} /> : <span class="icon file-icon" />}
    </span>
  );
}
