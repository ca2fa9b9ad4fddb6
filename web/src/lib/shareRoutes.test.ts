import { describe, expect, it } from "vitest";
import { safeReturnHash } from "./deepLink";
import { dropOfReturnHash, dropReturnHash, entryPath, sharingLink, sharingViewOf } from "./shareRoutes";

const ID = "Ab3_-Ab3_-Ab3_-Ab3_-Ab";

describe("sharing views in the fragment", () => {
  it("reads and writes #shares, #shared and #shared/<id>", () => {
    for (const v of [{ k: "shares" }, { k: "shared" }, { k: "shared", id: ID }] as const) {
      expect(sharingViewOf(sharingLink(v))).toEqual(v);
    }
    expect(sharingLink({ k: "shared", id: ID })).toBe(`#shared/${ID}`);
  });

  it("is never a folder link, and refuses ids that are not 22 base64url characters", () => {
    for (const h of ["", "#/", "#/shares", "#/shared/", "#sharesx", `#shared/${ID}x`, "#shared/../x", `#shared/${ID}/`]) expect(sharingViewOf(h)).toBeNull();
  });

  it("survives a sign-in (the OAuth state's return fragment)", () => {
    expect(safeReturnHash("#shares")).toBe("#shares");
    expect(safeReturnHash(`#shared/${ID}`)).toBe(`#shared/${ID}`);
    expect(safeReturnHash(dropReturnHash(ID))).toBe(`#drop/${ID}`);
    expect(safeReturnHash("#drop/x")).toBeUndefined();
    expect(dropOfReturnHash(`#drop/${ID}`)).toBe(ID);
    expect(dropOfReturnHash("#drop/")).toBeNull();
  });
});

describe("entryPath", () => {
  it("knows the service's redirect targets /drop/<id> and /shared/<id>", () => {
    expect(entryPath(`/drop/${ID}`)).toEqual({ k: "drop", id: ID });
    expect(entryPath(`/shared/${ID}/`)).toEqual({ k: "shared", id: ID });
  });
  it("leaves every other path to the app", () => {
    for (const p of ["/", "/drop/", "/drop/short", `/drop/${ID}/x`, `/s/${ID}`, `/shared/${ID}%2F`]) expect(entryPath(p)).toBeNull();
  });
});
