import { describe, expect, it } from "vitest";
import { MAX_OBJECT_SIZE } from "./multipart";
import { pathProblem, planUpload } from "./uploadPlan";

const HOME = "private/eu-west-1:abc/";
const f = (size = 1) => ({ size });

describe("planUpload", () => {
  it("keeps relative paths under the open folder, and creates only the empty folders", () => {
    const plan = planUpload(
      {
        files: [
          { path: "trip/a.txt", file: f() },
          { path: "trip/day1/b.txt", file: f() },
          { path: "trip/day1/morning/c.txt", file: f() },
        ],
        emptyFolders: ["trip/empty", "trip/day1"],
      },
      `${HOME}docs/`,
      HOME,
    );
    expect(plan.files.map((x) => x.key)).toEqual([`${HOME}docs/trip/a.txt`, `${HOME}docs/trip/day1/b.txt`, `${HOME}docs/trip/day1/morning/c.txt`]);
    expect(plan.files[2]!.path).toBe("docs/trip/day1/morning/c.txt");
    expect(plan.folders).toEqual([{ key: `${HOME}docs/trip/empty/`, path: "docs/trip/empty/" }]);
    expect(plan.skipped).toEqual([]);
  });

  it("applies the name rules to every segment and says which one and why", () => {
    const plan = planUpload(
      {
        files: [
          { path: "ok/bad\u0001dir/x.txt", file: f() },
          { path: "ok/tab\there.txt", file: f() },
          { path: "ok/fine.txt", file: f() },
          { path: "ok/fine.txt", file: f() },
          { path: `ok/${"n".repeat(1100)}`, file: f() },
          { path: "huge.bin", file: f(MAX_OBJECT_SIZE + 1) },
        ],
        emptyFolders: ["ok/..", "ok/bad\u0007"],
      },
      HOME,
      HOME,
    );
    expect(plan.files.map((x) => x.path)).toEqual(["ok/fine.txt"]);
    expect(plan.skipped).toEqual([
      { path: "ok/bad\u0001dir/x.txt", reason: "folder “bad\u0001dir”: a name cannot contain control characters." },
      { path: "ok/tab\there.txt", reason: "A name cannot contain control characters." },
      { path: "ok/fine.txt", reason: "Same path as another file in this upload." },
      { path: `ok/${"n".repeat(1100)}`, reason: expect.stringMatching(/too long: the full path would be \d+ bytes/) },
      { path: "huge.bin", reason: "The file is larger than 48.8 TiB, the most S3 stores in one object." },
      { path: "ok/../", reason: 'folder “..”: ".." is not allowed as a name.' },
      { path: "ok/bad\u0007/", reason: "folder “bad\u0007”: a name cannot contain control characters." },
    ]);
  });

  it("pathProblem: empty segments are refused", () => {
    expect(pathProblem("a//b.txt", false)).toBe("folder “”: a name is required.");
    expect(pathProblem("a/b.txt", false)).toBeNull();
  });
});
