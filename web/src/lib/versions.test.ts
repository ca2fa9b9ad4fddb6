import { describe, expect, it } from "vitest";
import { deletedIn, expiresAt, historyOf, rowsOf } from "./versions";

const F = "private/id/docs/";
const d = (s: string) => new Date(s);

describe("versions", () => {
  const rows = rowsOf({
    Versions: [
      { Key: `${F}a.txt`, VersionId: "a2", LastModified: d("2026-01-02T00:00:00Z"), Size: 20, IsLatest: true },
      { Key: `${F}a.txt`, VersionId: "a1", LastModified: d("2026-01-01T00:00:00Z"), Size: 10, IsLatest: false },
      { Key: `${F}a.txt.bak`, VersionId: "b1", LastModified: d("2026-01-01T00:00:00Z"), Size: 1, IsLatest: true },
      { Key: `${F}gone.txt`, VersionId: "g2", LastModified: d("2026-01-03T00:00:00Z"), Size: 7, IsLatest: false },
      { Key: `${F}gone.txt`, VersionId: "g1", LastModified: d("2026-01-02T00:00:00Z"), Size: 6, IsLatest: false },
      { Key: `${F}sub/deep.txt`, VersionId: "s1", LastModified: d("2026-01-01T00:00:00Z"), Size: 1, IsLatest: false },
    ],
    DeleteMarkers: [
      { Key: `${F}gone.txt`, VersionId: "gm", LastModified: d("2026-01-04T00:00:00Z"), IsLatest: true },
      { Key: `${F}sub/deep.txt`, VersionId: "sm", LastModified: d("2026-01-05T00:00:00Z"), IsLatest: true },
      { Key: `${F}expired.txt`, VersionId: "em", LastModified: d("2026-01-06T00:00:00Z"), IsLatest: true },
    ],
  });
  it("a file's history is its own key's only, newest first", () => {
    expect(historyOf(`${F}a.txt`, rows).map((r) => r.versionId)).toEqual(["a2", "a1"]);
  });
  it("a folder's deleted files: latest is a delete marker; restore from the newest version before it", () => {
    const del = deletedIn(F, rows);
    expect(del.map((x) => [x.name, x.restoreFrom?.versionId])).toEqual([
      ["expired.txt", undefined],
      ["gone.txt", "g2"],
    ]);
  });
  it("old versions expire whole days after they stopped being current", () => {
    expect(new Date(expiresAt(Date.parse("2026-01-04T13:00:00Z"), 30)).toISOString()).toBe("2026-02-04T00:00:00.000Z");
  });
});
