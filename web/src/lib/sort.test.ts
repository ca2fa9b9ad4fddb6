import { describe, expect, it } from "vitest";
import type { Entry } from "./pagination";
import { nextSort, sortEntries } from "./sort";

const e = (kind: Entry["kind"], name: string, size?: number, lastModified?: number): Entry => ({
  kind,
  key: "h/" + name + (kind === "folder" ? "/" : ""),
  name,
  size,
  lastModified,
});

const list: Entry[] = [
  e("file", "b.txt", 300, 3),
  e("folder", "zeta"),
  e("file", "A.txt", 100, 2),
  e("file", "file10", 200, 1),
  e("file", "file9", 50, 4),
  e("folder", "alpha"),
  e("file", "Ärger", 10, 5),
];

describe("sortEntries", () => {
  it("by name: folders first, natural and case-insensitive", () => {
    expect(sortEntries(list, { by: "name", dir: "asc" }).map((x) => x.name)).toEqual([
      "alpha", "zeta", "A.txt", "Ärger", "b.txt", "file9", "file10",
    ]);
    expect(sortEntries(list, { by: "name", dir: "desc" }).map((x) => x.name)[0]).toBe("zeta");
  });
  it("by size and date", () => {
    expect(sortEntries(list, { by: "size", dir: "asc" }).map((x) => x.name)).toEqual([
      "alpha", "zeta", "Ärger", "file9", "A.txt", "file10", "b.txt",
    ]);
    expect(sortEntries(list, { by: "modified", dir: "desc" }).map((x) => x.name).slice(2)).toEqual([
      "Ärger", "file9", "b.txt", "A.txt", "file10",
    ]);
  });
  it("does not mutate its input", () => {
    const copy = list.slice();
    sortEntries(list, { by: "size", dir: "desc" });
    expect(list).toEqual(copy);
  });
  it("nextSort toggles and resets", () => {
    expect(nextSort({ by: "name", dir: "asc" }, "name")).toEqual({ by: "name", dir: "desc" });
    expect(nextSort({ by: "name", dir: "asc" }, "size")).toEqual({ by: "size", dir: "desc" });
  });
});
