import { describe, expect, it } from "vitest";
import { zipItems, zipName } from "./zipPlan";

const B = "private/id/docs/";

describe("zip of a selection", () => {
  it("files by name, folders with their contents and directory entries, paths from the current folder", () => {
    const items = zipItems(B, [
      { key: `${B}a.txt`, size: 1 },
      { key: `${B}photos/`, size: 0 },
      { key: `${B}photos/2024/x.jpg`, size: 3 },
      { key: `${B}photos/empty/`, size: 0 },
      { key: "private/other/x", size: 9 },
    ]);
    expect(items.map((i) => [i.name, i.key ?? null])).toEqual([
      ["a.txt", `${B}a.txt`],
      ["photos/", null],
      ["photos/2024/", null],
      ["photos/2024/x.jpg", `${B}photos/2024/x.jpg`],
      ["photos/empty/", null],
    ]);
  });
  it("names a zip after its folder, without characters file systems refuse", () => {
    expect(zipName("My files")).toBe("My files.zip");
    expect(zipName('a:b/"c"')).toBe("a_b__c_.zip");
  });
});
