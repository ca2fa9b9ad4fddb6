import { describe, expect, it } from "vitest";
import { buildBreadcrumbs } from "./breadcrumbs";

const HOME = "private/eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/";

describe("buildBreadcrumbs", () => {
  it("home alone", () => {
    expect(buildBreadcrumbs(HOME, HOME)).toEqual([{ label: "My files", prefix: HOME, current: true }]);
  });
  it("nested folders with unicode, spaces and ..", () => {
    const c = buildBreadcrumbs(HOME + "a b/ü/../", HOME);
    expect(c.map((x) => x.label)).toEqual(["My files", "a b", "ü", ".."]);
    expect(c.map((x) => x.prefix)).toEqual([HOME, HOME + "a b/", HOME + "a b/ü/", HOME + "a b/ü/../"]);
    expect(c.map((x) => x.current)).toEqual([false, false, false, true]);
  });
  it("labels empty segments and keeps markup as plain text", () => {
    const c = buildBreadcrumbs(HOME + "a//<b>/", HOME);
    expect(c.map((x) => x.label)).toEqual(["My files", "a", "(empty name)", "<b>"]);
    expect(c[2]!.prefix).toBe(HOME + "a//");
  });
  it("never yields a crumb above home", () => {
    expect(buildBreadcrumbs("private/", HOME)).toEqual([{ label: "My files", prefix: HOME, current: true }]);
  });
});
