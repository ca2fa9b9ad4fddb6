import { describe, expect, it } from "vitest";
import { hitsIn, nameMatches, usageOf } from "./search";

const B = "private/eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/";

describe("search by name", () => {
  it("ignores case and finds the text anywhere in the name", () => {
    expect(nameMatches("Quarterly REPORT.pdf", "report")).toBe(true);
    expect(nameMatches("ÄRGER.txt", "ärger")).toBe(true);
    expect(nameMatches("ﬁle.txt", "file"), "compatibility forms (the ﬁ ligature)").toBe(true);
    expect(nameMatches("notes.md", "report")).toBe(false);
    expect(nameMatches("anything", "  "), "a blank query matches nothing").toBe(false);
  });
  it("finds files three levels down and the folders on the way, each once, with their folder", () => {
    const seen = new Set<string>();
    const hits = hitsIn(B, [
      { key: `${B}a/b/c/Deep-Report.txt`, size: 5 },
      { key: `${B}a/b/report-archive/x.txt`, size: 1 },
      { key: `${B}a/b/report-archive/y.txt`, size: 1 },
      { key: `${B}top.txt`, size: 1 },
    ], "REPORT", seen);
    expect(hits.map((h) => [h.kind, h.name, h.folder])).toEqual([
      ["file", "Deep-Report.txt", `${B}a/b/c/`],
      ["folder", "report-archive", `${B}a/b/`],
    ]);
  });
  it("counts bytes and files, not folder markers", () => {
    expect(usageOf([{ key: `${B}a/`, size: 0 }, { key: `${B}a/x`, size: 10 }, { key: `${B}y`, size: 5 }])).toEqual({ bytes: 15, files: 2 });
  });
});
