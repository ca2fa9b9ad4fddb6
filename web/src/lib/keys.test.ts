import { describe, expect, it } from "vitest";
import {
  MAX_KEY_BYTES,
  assertListablePrefix,
  assertOwnKey,
  attachmentDisposition,
  baseName,
  checkKeyLength,
  childName,
  encodeCopySource,
  isListablePrefix,
  isOwnKey,
  newChildKey,
  ownerFolder,
  parentPrefix,
  parseDestination,
  planMove,
  relativePath,
  utf8Length,
  validateName,
} from "./keys";

const ID = "eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const SUB = "7c1f4e2a-9b3d-4c5e-8f6a-1b2c3d4e5f60";
const cfgId = { ownerPrefix: "private/", ownerKey: "identityId" as const, region: "eu-west-1" };
const cfgSub = { ownerPrefix: "private/", ownerKey: "userPoolSub" as const, region: "eu-west-1" };
const HOME = `private/${ID}/`;

describe("ownerFolder", () => {
  it("identityId mode uses the identity pool id", () => {
    expect(ownerFolder(cfgId, { identityId: ID, sub: SUB })).toBe(`private/${ID}/`);
  });
  it("userPoolSub mode uses the sub claim", () => {
    expect(ownerFolder(cfgSub, { identityId: ID, sub: SUB })).toBe(`private/${SUB}/`);
  });
  it("refuses missing or malformed ids (never a prefix without the id)", () => {
    expect(() => ownerFolder(cfgId, { sub: SUB })).toThrow();
    expect(() => ownerFolder(cfgSub, { identityId: ID })).toThrow();
    expect(() => ownerFolder(cfgId, { identityId: "" })).toThrow();
    expect(() => ownerFolder(cfgId, { identityId: "us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" })).toThrow();
    expect(() => ownerFolder(cfgId, { identityId: `${ID}/../x` })).toThrow();
    expect(() => ownerFolder(cfgSub, { sub: "../other" })).toThrow();
    expect(() => ownerFolder(cfgSub, { sub: "a/b" })).toThrow();
    expect(() => ownerFolder(cfgSub, { sub: "" })).toThrow();
  });
});

describe("scope checks", () => {
  const subHome = ownerFolder(cfgSub, { sub: SUB });
  it.each([HOME, subHome])("allows home and below for %s", (home) => {
    expect(isListablePrefix(home, home)).toBe(true);
    expect(isListablePrefix(home + "docs/", home)).toBe(true);
    expect(isListablePrefix(home + "rep", home)).toBe(true);
    expect(isOwnKey(home + "a.txt", home)).toBe(true);
    expect(isOwnKey(home, home)).toBe(false);
  });
  it("never allows the owner prefix, the bucket root or a sibling", () => {
    expect(isListablePrefix("private/", HOME)).toBe(false);
    expect(isListablePrefix("", HOME)).toBe(false);
    expect(isListablePrefix(HOME.slice(0, -1), HOME)).toBe(false);
    expect(isListablePrefix(`private/${ID}x/`, HOME)).toBe(false);
    expect(isOwnKey("private/other/a.txt", HOME)).toBe(false);
    expect(() => assertListablePrefix("private/", HOME)).toThrow(/outside your folder/);
    expect(() => assertOwnKey("x", HOME)).toThrow();
    expect(() => assertOwnKey(HOME + "x", HOME)).not.toThrow();
  });
});

describe("validateName", () => {
  it("accepts unicode, spaces and odd but legal names", () => {
    for (const n of ["résumé.pdf", "日本語 ファイル.txt", "my file (1).txt", " lead", "a..b", "...", "<img src=x onerror=alert(1)>.txt", "😀"]) {
      expect(validateName(n)).toBeNull();
    }
  });
  it("rejects ., .., /, empty and control characters", () => {
    expect(validateName(".")).toMatch(/not allowed/);
    expect(validateName("..")).toMatch(/not allowed/);
    expect(validateName("a/b")).toMatch(/\//);
    expect(validateName("../x")).toMatch(/\//);
    expect(validateName("")).toMatch(/required/);
    expect(validateName("   ")).toMatch(/required/);
    expect(validateName("a\nb")).toMatch(/control/);
    expect(validateName("a\u0000")).toMatch(/control/);
  });
});

describe("key length (1024 bytes of UTF-8)", () => {
  it("counts bytes, not characters", () => {
    expect(utf8Length("abc")).toBe(3);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("日")).toBe(3);
    expect(utf8Length("😀")).toBe(4);
  });
  it("accepts exactly 1024 bytes and refuses 1025", () => {
    const room = MAX_KEY_BYTES - utf8Length(HOME);
    expect(newChildKey(HOME, "a".repeat(room), "file")).toEqual({ key: HOME + "a".repeat(room) });
    const r = newChildKey(HOME, "a".repeat(room + 1), "file");
    expect(r).toHaveProperty("error");
    expect((r as { error: string }).error).toMatch(/too long.*1025 bytes/);
    // a folder key has one more byte ("/")
    expect(newChildKey(HOME, "a".repeat(room), "folder")).toHaveProperty("error");
  });
  it("refuses multi-byte names that are short in characters but long in bytes", () => {
    const name = "日".repeat(340); // 1020 bytes
    expect(checkKeyLength(name)).toBeNull();
    expect(newChildKey(HOME, name, "file")).toHaveProperty("error");
  });
});

describe("newChildKey", () => {
  it("builds file and folder keys", () => {
    expect(newChildKey(HOME + "docs/", "a b.txt", "file")).toEqual({ key: HOME + "docs/a b.txt" });
    expect(newChildKey(HOME, "Ünïcödé", "folder")).toEqual({ key: HOME + "Ünïcödé/" });
    expect(newChildKey(HOME, "..", "folder")).toHaveProperty("error");
    expect(newChildKey(HOME, "a/b", "file")).toHaveProperty("error");
  });
});

describe("names and paths", () => {
  it("derives names without normalising", () => {
    expect(childName(HOME + "docs/", HOME)).toBe("docs");
    expect(childName(HOME + "a b.txt", HOME)).toBe("a b.txt");
    expect(childName(HOME + "../", HOME)).toBe("..");
    expect(baseName(HOME + "x/y/z.txt")).toBe("z.txt");
    expect(baseName(HOME + "x/y/")).toBe("y");
    expect(parentPrefix(HOME + "x/y/z.txt")).toBe(HOME + "x/y/");
    expect(parentPrefix(HOME + "x/y/")).toBe(HOME + "x/");
    expect(relativePath(HOME + "x/y.txt", HOME)).toBe("x/y.txt");
  });
});

describe("parseDestination", () => {
  it("parses relative paths for files and folders", () => {
    expect(parseDestination("docs/new name.txt", HOME, "file")).toEqual({ key: HOME + "docs/new name.txt" });
    expect(parseDestination("/docs/ñ.txt", HOME, "file")).toEqual({ key: HOME + "docs/ñ.txt" });
    expect(parseDestination("a/b/", HOME, "folder")).toEqual({ key: HOME + "a/b/" });
    expect(parseDestination("a/b", HOME, "folder")).toEqual({ key: HOME + "a/b/" });
  });
  it("rejects escapes and empty segments", () => {
    expect(parseDestination("../other/x", HOME, "file")).toHaveProperty("error");
    expect(parseDestination("a/../../x", HOME, "file")).toHaveProperty("error");
    expect(parseDestination("a/./x", HOME, "file")).toHaveProperty("error");
    expect(parseDestination("a//x", HOME, "file")).toHaveProperty("error");
    expect(parseDestination("", HOME, "file")).toHaveProperty("error");
    expect(parseDestination("x/", HOME, "file")).toHaveProperty("error");
    expect(parseDestination("x".repeat(1100), HOME, "file")).toHaveProperty("error");
  });
});

describe("planMove", () => {
  it("renames a single file", () => {
    expect(planMove([HOME + "a.txt"], HOME + "a.txt", HOME + "b c.txt", HOME)).toEqual({
      pairs: [{ from: HOME + "a.txt", to: HOME + "b c.txt" }],
    });
  });
  it("renames every key under a folder", () => {
    const keys = [HOME + "old/", HOME + "old/x.txt", HOME + "old/sub/ü.txt"];
    const r = planMove(keys, HOME + "old/", HOME + "new dir/", HOME);
    expect(r).toEqual({
      pairs: [
        { from: HOME + "old/", to: HOME + "new dir/" },
        { from: HOME + "old/x.txt", to: HOME + "new dir/x.txt" },
        { from: HOME + "old/sub/ü.txt", to: HOME + "new dir/sub/ü.txt" },
      ],
    });
  });
  it("refuses moving into itself, out of home, same name, too long", () => {
    expect(planMove([HOME + "a/x"], HOME + "a/", HOME + "a/b/", HOME)).toHaveProperty("error");
    expect(planMove([HOME + "a"], HOME + "a", "private/other/a", HOME)).toHaveProperty("error");
    expect(planMove([HOME + "a"], HOME + "a", HOME + "a", HOME)).toHaveProperty("error");
    const longTail = "z".repeat(MAX_KEY_BYTES - utf8Length(HOME + "a/"));
    expect(planMove([HOME + "a/" + longTail], HOME + "a/", HOME + "ab/", HOME)).toHaveProperty("error");
  });
});

describe("encodeCopySource", () => {
  it("encodes each segment but keeps slashes", () => {
    expect(encodeCopySource("bkt", "private/eu-west-1:abc/my file.txt")).toBe("bkt/private/eu-west-1%3Aabc/my%20file.txt");
    expect(encodeCopySource("bkt", "p/ü/日本.txt")).toBe("bkt/p/%C3%BC/%E6%97%A5%E6%9C%AC.txt");
    expect(encodeCopySource("bkt", "p/a+b&c?d#e%f'g(h)!*.txt")).toBe("bkt/p/a%2Bb%26c%3Fd%23e%25f%27g%28h%29%21%2A.txt");
    expect(encodeCopySource("bkt", "p/../x")).toBe("bkt/p/../x");
  });
});

describe("attachmentDisposition", () => {
  it("gives an ASCII fallback and the exact UTF-8 name", () => {
    expect(attachmentDisposition("report.pdf")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(attachmentDisposition('ré"sumé.pdf')).toBe(
      `attachment; filename="r__sum_.pdf"; filename*=UTF-8''r%C3%A9%22sum%C3%A9.pdf`,
    );
    expect(attachmentDisposition("a b.txt")).toContain("filename*=UTF-8''a%20b.txt");
  });
});
