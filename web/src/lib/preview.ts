// What a file's preview is, from its name alone (never from the stored
// Content-Type, which whoever uploaded the file chose). Pure.
//
// Images, audio and video are shown by presigned URL with the media type
// forced from the extension (response-content-type), so even a file whose
// bytes are HTML is only ever served to the browser as an image or a
// video. PDFs are drawn by pdf.js into a canvas. Text is fetched (the
// first TEXT_PREVIEW_BYTES) and shown as text. HTML, SVG and XML are
// shown as their source text, never rendered as a document: an uploaded
// file must never run script on any origin of ours.

export type PreviewKind = "image" | "pdf" | "audio" | "video" | "text" | "none";

export interface PreviewInfo {
  kind: PreviewKind;
  /** The media type to serve an image, audio or video file as. */
  mediaType?: string;
  /** Shown next to the preview (why markup shows as source). */
  note?: string;
}

/** The first bytes of a text file shown: 1 MiB. */
export const TEXT_PREVIEW_BYTES = 1024 * 1024;
/** PDFs are read whole into memory to be drawn: up to this size. */
export const PDF_PREVIEW_MAX_BYTES = 100 * 1024 * 1024;
/** Thumbnails load the whole image: only for images up to this size. */
export const THUMBNAIL_MAX_BYTES = 4 * 1024 * 1024;

const IMAGE: Record<string, string> = {
  jpg: "image/jpeg", jpeg: "image/jpeg", jfif: "image/jpeg", png: "image/png", apng: "image/apng", gif: "image/gif",
  webp: "image/webp", avif: "image/avif", bmp: "image/bmp", ico: "image/x-icon",
};
const AUDIO: Record<string, string> = {
  mp3: "audio/mpeg", wav: "audio/wav", ogg: "audio/ogg", oga: "audio/ogg", opus: "audio/ogg", m4a: "audio/mp4",
  aac: "audio/aac", flac: "audio/flac",
};
const VIDEO: Record<string, string> = { mp4: "video/mp4", m4v: "video/mp4", webm: "video/webm", ogv: "video/ogg", mov: "video/quicktime" };
const MARKUP = new Set(["html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "mht", "mhtml"]);
const TEXT = new Set([
  "txt", "text", "md", "markdown", "csv", "tsv", "json", "jsonl", "ndjson", "log", "yaml", "yml", "toml", "ini", "cfg", "conf",
  "env", "properties", "js", "mjs", "cjs", "ts", "tsx", "jsx", "css", "scss", "less", "py", "rb", "go", "rs", "java", "kt", "c", "h",
  "cc", "cpp", "hpp", "cs", "swift", "php", "pl", "sh", "bash", "zsh", "ps1", "bat", "sql", "r", "tex", "bib", "srt", "vtt",
  "diff", "patch", "gitignore", "dockerfile", "makefile", "rst", "adoc", "org",
]);

/** The lower-case extension of a file name ("" for none; "Dockerfile" and "Makefile" count as their own). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1).toLowerCase();
  if (base === "dockerfile" || base === "makefile") return base;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1) : "";
}

export function previewOf(name: string): PreviewInfo {
  const ext = extensionOf(name);
  if (IMAGE[ext]) return { kind: "image", mediaType: IMAGE[ext] };
  if (ext === "pdf") return { kind: "pdf" };
  if (AUDIO[ext]) return { kind: "audio", mediaType: AUDIO[ext] };
  if (VIDEO[ext]) return { kind: "video", mediaType: VIDEO[ext] };
  if (MARKUP.has(ext)) return { kind: "text", note: "Shown as its source text: web pages and SVG files are never opened as pages here." };
  if (TEXT.has(ext)) return { kind: "text" };
  return { kind: "none" };
}

/** Whether a listing row gets a thumbnail: an image (not SVG) small enough to load whole. */
export function hasThumbnail(name: string, size: number | undefined): boolean {
  return previewOf(name).kind === "image" && size !== undefined && size > 0 && size <= THUMBNAIL_MAX_BYTES;
}

/**
 * The text to show for the first bytes of a file: UTF-8 (a byte-order mark
 * dropped, invalid bytes as U+FFFD, a character cut at the end dropped),
 * JSON indented when the whole file was read and parses.
 */
export function previewText(bytes: Uint8Array, totalSize: number, name: string): { text: string; truncated: boolean } {
  const truncated = bytes.length < totalSize;
  // stream: true keeps a multi-byte character cut at the end out of the text.
  let text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes, { stream: truncated });
  if (!truncated && extensionOf(name) === "json") {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not valid JSON: shown as it is
    }
  }
  return { text, truncated };
}
