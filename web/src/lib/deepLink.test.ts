import { describe, expect, it } from "vitest";
import { linkFor, parseLink, safeReturnHash } from "./deepLink";

const HOME = "private/eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/";

describe("deep links", () => {
  it("home is #/, and an empty fragment is home", () => {
    expect(linkFor(HOME, { folder: HOME })).toBe("#/");
    expect(parseLink("", HOME)).toEqual({ place: { folder: HOME } });
    expect(parseLink("#/", HOME)).toEqual({ place: { folder: HOME } });
  });
  it("a folder ends in /, a file names its preview in its folder", () => {
    expect(linkFor(HOME, { folder: HOME + "docs/2024/" })).toBe("#/docs/2024/");
    expect(parseLink("#/docs/2024/", HOME)).toEqual({ place: { folder: HOME + "docs/2024/" } });
    expect(linkFor(HOME, { folder: HOME + "docs/", file: HOME + "docs/a.pdf" })).toBe("#/docs/a.pdf");
    expect(parseLink("#/docs/a.pdf", HOME)).toEqual({ place: { folder: HOME + "docs/", file: HOME + "docs/a.pdf" } });
  });
  it.each([
    ["unicode", "Ünïcødé 文件 🙂/"],
    ["#, ? and %", "a#b?c=d&e%20f%/"],
    ["spaces and plus", "my file + more/x y.txt"],
    ["quotes and parentheses", "it's (1) \"copy\"*.txt"],
    ["an empty folder name written by another tool", "a//b.txt"],
    ["a name that looks encoded", "%2E%2E/"],
  ])("round-trips %s without any raw #, ? or % in the fragment's names", (_, rel) => {
    const place = rel.endsWith("/") ? { folder: HOME + rel } : { folder: HOME + rel.slice(0, rel.lastIndexOf("/") + 1), file: HOME + rel };
    const link = linkFor(HOME, place);
    expect(link.slice(1)).not.toMatch(/[#?\s]/);
    expect(parseLink(link, HOME)).toEqual({ place });
    // What the browser hands back in location.hash survives a round trip through a URL.
    expect(parseLink(new URL("https://site.example/" + link).hash, HOME)).toEqual({ place });
  });
  it.each([
    ["a parent segment", "#/../other-id/"],
    ["a current segment", "#/./x"],
    ["an encoded parent segment", "#/%2E%2E/x"],
    ["a parent segment smuggled through an encoded slash", "#/a%2F..%2Fb/"],
    ["malformed encoding", "#/%E0%A4%A/"],
    ["no leading slash", "#docs/"],
  ])("fails when the link has %s: the user gets a message and their own folder", (_, hash) => {
    expect(parseLink(hash, HOME)).toHaveProperty("error");
  });
  it("fails when the key would be longer than S3 allows", () => {
    expect(parseLink("#/" + "a".repeat(1100), HOME)).toHaveProperty("error");
  });
  it("a crafted link can only ever name a path inside the own folder", () => {
    for (const hash of ["#/private/other-id/x", "#//etc/passwd", "#/%2Fprivate%2Fother/"]) {
      const r = parseLink(hash, HOME);
      if ("place" in r) {
        expect(r.place.folder.startsWith(HOME)).toBe(true);
        expect((r.place.file ?? HOME).startsWith(HOME)).toBe(true);
      }
    }
  });
  it("takes back only a link after sign-in", () => {
    expect(safeReturnHash("#/docs/a.pdf")).toBe("#/docs/a.pdf");
    for (const bad of [undefined, 42, "https://evil.example/", "//evil.example", "#x", "#/a b", "#/" + "a".repeat(9000)]) {
      expect(safeReturnHash(bad)).toBeUndefined();
    }
  });
});
