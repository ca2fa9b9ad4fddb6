import { describe, expect, it } from "vitest";
import { appendPage, emptyListing, maxKeysFor, needsFetch, pageView, toEntries, type Entry, entryFor, insertEntries } from "./pagination";

const F = "private/u/";

describe("toEntries", () => {
  it("splits folders and files and skips the folder marker", () => {
    const d = new Date("2024-01-02T03:04:05Z");
    const e = toEntries(F, [F + "docs/", F + "a b/"], [
      { Key: F, Size: 0 },
      { Key: F + "x.txt", Size: 5, LastModified: d },
      { Key: F + "<script>.txt", Size: 1 },
    ]);
    expect(e).toEqual([
      { kind: "folder", key: F + "docs/", name: "docs" },
      { kind: "folder", key: F + "a b/", name: "a b" },
      { kind: "file", key: F + "x.txt", name: "x.txt", size: 5, lastModified: d.getTime() },
      { kind: "file", key: F + "<script>.txt", name: "<script>.txt", size: 1, lastModified: undefined },
    ]);
  });
  it("keeps search results relative to the folder", () => {
    const e = toEntries(F, [F + "rep/"], [{ Key: F + "report.pdf", Size: 1 }]);
    expect(e.map((x) => x.name)).toEqual(["rep", "report.pdf"]);
  });
});

function files(n: number, from = 0): Entry[] {
  return Array.from({ length: n }, (_, i) => ({ kind: "file" as const, key: `${F}f${i + from}`, name: `f${i + from}`, size: 1 }));
}

describe("pagination over thousands of objects", () => {
  it("fetches lazily: only what the shown page needs", () => {
    let l = emptyListing(F);
    expect(needsFetch(l, 0, 100)).toBe(true);
    l = appendPage(l, files(100), "tok1");
    expect(l.complete).toBe(false);
    expect(needsFetch(l, 0, 100)).toBe(false);
    expect(needsFetch(l, 1, 100)).toBe(true);
    const v = pageView(l.entries, 0, 100, l.complete);
    expect(v.items).toHaveLength(100);
    expect(v.hasNext).toBe(true);
    expect(v.hasPrev).toBe(false);
    l = appendPage(l, files(100, 100), undefined);
    expect(l.complete).toBe(true);
    expect(l.nextToken).toBeUndefined();
    const v2 = pageView(l.entries, 1, 100, l.complete);
    expect(v2.items[0]!.name).toBe("f100");
    expect(v2.hasNext).toBe(false);
    expect(v2.hasPrev).toBe(true);
    expect([v2.from, v2.to]).toEqual([101, 200]);
  });

  it("shows a bounded window of 10,000 loaded entries", () => {
    let l = emptyListing(F);
    for (let i = 0; i < 10; i++) l = appendPage(l, files(1000, i * 1000), i < 9 ? `t${i}` : undefined);
    expect(l.entries).toHaveLength(10000);
    const v = pageView(l.entries, 57, 100, l.complete);
    expect(v.items).toHaveLength(100);
    expect(v.pageCount).toBe(100);
    expect(v.items[0]!.name).toBe("f5700");
    // clamps out-of-range pages
    expect(pageView(l.entries, 500, 100, true).pageIndex).toBe(99);
    expect(pageView(l.entries, -3, 100, true).pageIndex).toBe(0);
  });

  it("dedupes repeated keys and handles an empty folder", () => {
    let l = appendPage(emptyListing(F), files(3), "t");
    l = appendPage(l, files(3, 2), undefined);
    expect(l.entries.map((e) => e.name)).toEqual(["f0", "f1", "f2", "f3", "f4"]);
    const v = pageView([], 0, 50, true);
    expect(v).toMatchObject({ items: [], pageCount: 1, hasNext: false, hasPrev: false, from: 0, to: 0 });
  });

  it("search listings send folder + search text as the prefix", () => {
    expect(emptyListing(F, "rep").prefix).toBe(F + "rep");
    expect(emptyListing(F).prefix).toBe(F);
  });

  it("caps MaxKeys at 1000", () => {
    expect(maxKeysFor(5000)).toBe(1000);
    expect(maxKeysFor(50)).toBe(50);
    expect(maxKeysFor(0)).toBe(1);
  });
});

describe("entries written while the folder is shown", () => {
  const F = "private/u/docs/";
  const listing = { ...emptyListing(F), complete: true, entries: [{ kind: "file" as const, key: `${F}a.txt`, name: "a.txt", size: 1 }] };

  it("a file in the folder shows as itself, one deeper as its subfolder, one elsewhere not at all", () => {
    expect(entryFor(listing, { key: `${F}b.txt`, size: 5, lastModified: 9 })).toEqual({ kind: "file", key: `${F}b.txt`, name: "b.txt", size: 5, lastModified: 9 });
    expect(entryFor(listing, { key: `${F}trip/day1/c.txt`, size: 5, lastModified: 9 })).toEqual({ kind: "folder", key: `${F}trip/`, name: "trip" });
    expect(entryFor(listing, { key: `${F}trip/empty/`, size: 0, lastModified: 9 })).toEqual({ kind: "folder", key: `${F}trip/`, name: "trip" });
    expect(entryFor(listing, { key: "private/u/other/x", size: 5, lastModified: 9 })).toBeUndefined();
    expect(entryFor({ ...listing, prefix: `${F}z` }, { key: `${F}b.txt`, size: 5, lastModified: 9 })).toBeUndefined();
  });

  it("inserts once per key; a file's new size replaces the old", () => {
    const l = insertEntries(listing, [
      { kind: "file", key: `${F}a.txt`, name: "a.txt", size: 7 },
      { kind: "folder", key: `${F}trip/`, name: "trip" },
      { kind: "folder", key: `${F}trip/`, name: "trip" },
    ]);
    expect(l.entries.map((e) => [e.key, e.size])).toEqual([[`${F}a.txt`, 7], [`${F}trip/`, undefined]]);
    expect(l.complete).toBe(true);
    expect(insertEntries(l, [{ kind: "folder", key: `${F}trip/`, name: "trip" }])).toBe(l);
  });
});
