import { describe, expect, it } from "vitest";
import { hasThumbnail, previewOf, previewText } from "./preview";

describe("preview kinds", () => {
  it.each([
    ["photo.JPG", "image", "image/jpeg"],
    ["scan.pdf", "pdf", undefined],
    ["song.mp3", "audio", "audio/mpeg"],
    ["clip.webm", "video", "video/webm"],
    ["notes.md", "text", undefined],
    ["data.csv", "text", undefined],
    ["data.json", "text", undefined],
    ["archive.zip", "none", undefined],
    ["noextension", "none", undefined],
  ])("%s is previewed as %s", (name, kind, mediaType) => {
    expect(previewOf(name).kind).toBe(kind);
    expect(previewOf(name).mediaType).toBe(mediaType);
  });
  it.each(["page.html", "PAGE.HTM", "logo.svg", "feed.xml", "x.xhtml"])("fails when markup (%s) would be rendered: it is text, with a note", (name) => {
    const p = previewOf(name);
    expect(p.kind).toBe("text");
    expect(p.mediaType).toBeUndefined();
    expect(p.note).toMatch(/never opened as pages/);
  });
  it("thumbnails only for images up to the size cap, never SVG", () => {
    expect(hasThumbnail("a.png", 1000)).toBe(true);
    expect(hasThumbnail("a.png", 50 * 1024 * 1024)).toBe(false);
    expect(hasThumbnail("a.svg", 1000)).toBe(false);
    expect(hasThumbnail("a.png", 0)).toBe(false);
  });
  it("text: UTF-8, a cut character at the end dropped, JSON indented when whole", () => {
    const bytes = new TextEncoder().encode("héllo wörld");
    expect(previewText(bytes.slice(0, 2), bytes.length, "a.txt")).toEqual({ text: "h", truncated: true });
    expect(previewText(bytes, bytes.length, "a.txt")).toEqual({ text: "héllo wörld", truncated: false });
    expect(previewText(new TextEncoder().encode('{"a":[1]}'), 9, "a.json").text).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(previewText(new TextEncoder().encode("{bad"), 4, "a.json").text).toBe("{bad");
  });
});
