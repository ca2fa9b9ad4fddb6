import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import type { ResumeRecord } from "../lib/resume";
import { IdbResumeStore } from "./resumeStore";

const rec = (id: string, home: string, created: number): ResumeRecord<never> => ({
  id,
  home,
  bucket: "b",
  key: `${home}f`,
  path: "f",
  uploadId: id,
  partSize: 8,
  name: "f",
  size: 20,
  lastModified: 1,
  type: "",
  parts: [{ n: 1, etag: "e", crc: "c", size: 8 }],
  replace: false,
  created,
});

describe("IdbResumeStore", () => {
  it("keeps records per user folder, replaces them as parts are added, forgets them", async () => {
    const s = new IdbResumeStore();
    await s.put(rec("u2", "private/a/", 2));
    await s.put(rec("u1", "private/a/", 1));
    await s.put(rec("u3", "private/b/", 3));
    await s.put({ ...rec("u1", "private/a/", 1), parts: [...rec("u1", "private/a/", 1).parts, { n: 2, etag: "e2", crc: "c2", size: 8 }] });
    const mine = await s.list("private/a/");
    expect(mine.map((r) => r.id)).toEqual(["u1", "u2"]);
    expect(mine[0]!.parts.length).toBe(2);
    expect((await s.list("private/b/")).map((r) => r.id)).toEqual(["u3"]);
    await s.delete("u1");
    expect((await s.list("private/a/")).map((r) => r.id)).toEqual(["u2"]);
  });
});
