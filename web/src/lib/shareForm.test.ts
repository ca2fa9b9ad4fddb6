import { describe, expect, it } from "vitest";
import { checkDrop, checkLink, splitRecipients } from "./shareForm";

const KEY = "private/eu-west-1:abc/report.pdf";
const fields = { days: "7", password: "", maxDownloads: "", recipients: "" };

describe("checkLink", () => {
  it("sends only what was filled in", () => {
    expect(checkLink(KEY, fields)).toEqual({ request: { kind: "link", key: KEY, expiresInDays: 7 } });
  });

  it("sends a password, a download limit and the recipients", () => {
    expect(checkLink(KEY, { days: "30", password: "correct horse", maxDownloads: " 5 ", recipients: "b@example.com, C@example.com\nb@EXAMPLE.com" })).toEqual({
      request: { kind: "link", key: KEY, expiresInDays: 30, password: "correct horse", maxDownloads: 5, recipients: ["b@example.com", "C@example.com"] },
    });
  });

  it.each([
    ["days", { days: "0" }, "Expiry must be a whole number of days from 1 to 30 (you typed “0”)."],
    ["days", { days: "31" }, "Expiry must be a whole number of days from 1 to 30 (you typed “31”)."],
    ["days", { days: "2.5" }, "Expiry must be a whole number of days from 1 to 30 (you typed “2.5”)."],
    ["password", { password: "short" }, "A password must be 8 to 128 characters long (yours has 5)."],
    ["maxDownloads", { maxDownloads: "0" }, "The download limit must be a whole number from 1 to 10000 (you typed “0”), or empty for no limit."],
    ["recipients", { recipients: "b@example.com bob" }, "Not an email address: “bob”."],
    ["recipients", { recipients: Array.from({ length: 21 }, (_, i) => `u${i}@example.com`).join(",") }, "At most 20 people (you named 21)."],
  ])("names the problem with %s", (field, change, message) => {
    expect(checkLink(KEY, { ...fields, ...change })).toEqual({ problems: { [field]: message } });
  });

  it("reports every problem at once", () => {
    const r = checkLink(KEY, { days: "99", password: "x", maxDownloads: "-1", recipients: "nope" });
    expect(Object.keys("problems" in r ? r.problems : {}).sort()).toEqual(["days", "maxDownloads", "password", "recipients"]);
  });
});

describe("splitRecipients", () => {
  it("splits on commas, semicolons, spaces and new lines", () => {
    expect(splitRecipients(" a@x.io;b@x.io,\n c@x.io  ")).toEqual(["a@x.io", "b@x.io", "c@x.io"]);
    expect(splitRecipients("")).toEqual([]);
  });
});

describe("checkDrop", () => {
  it("sends no key (the service makes the drop's folder) and the size limit in bytes", () => {
    expect(checkDrop({ days: "7", maxMiB: "100", signedInOnly: false })).toEqual({ request: { kind: "drop", expiresInDays: 7, signedInOnly: false, maxBytes: 100 * 1024 * 1024 } });
  });

  it("refuses a size above 5 GiB", () => {
    expect(checkDrop({ days: "7", maxMiB: "6000", signedInOnly: true })).toEqual({ problems: { maxMiB: "The largest file must be a whole number of MiB from 1 to 5120 (you typed “6000”)." } });
  });
});
