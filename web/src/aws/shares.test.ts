import { describe, expect, it } from "vitest";
import { postFailure, postForm } from "./postObject";
import { DropApi, ShareApi, ShareApiError, type Share } from "./shares";

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A fetch that records each request and answers with the next of `answers` (a Response, or an Error to throw). */
function fakeFetch(...answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method ?? "GET", headers: { ...(init?.headers as Record<string, string>) }, body: init?.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const a = answers.shift();
    if (!a) throw new Error("no answer left");
    if (a instanceof Error) throw a;
    return a;
  };
  return { fn, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const SHARE: Share = {
  id: "AAAAAAAAAAAAAAAAAAAAAA",
  kind: "link",
  key: "private/eu-west-1:abc/report.pdf",
  name: "report.pdf",
  url: "https://files.example.com/s/AAAAAAAAAAAAAAAAAAAAAA",
  createdAt: "2026-12-01T10:00:00Z",
  expiresAt: "2026-12-08T10:00:00Z",
  hasPassword: false,
  maxDownloads: null,
  downloads: 0,
  recipients: [],
  status: "active",
};

const api = (...answers: (Response | Error)[]) => {
  const f = fakeFetch(...answers);
  return { api: new ShareApi(async () => "ID-TOKEN", f.fn), calls: f.calls };
};

/** The ShareApiError a promise rejects with. */
async function failureOf(p: Promise<unknown>): Promise<ShareApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ShareApiError);
    return e as ShareApiError;
  }
  throw new Error("expected a ShareApiError");
}

describe("ShareApi requests", () => {
  it("creates a share: POST /api/shares on the own origin, JSON body, the ID token as bearer", async () => {
    const { api: a, calls } = api(json(201, { share: SHARE }));
    const got = await a.create({ kind: "link", key: SHARE.key, expiresInDays: 7, password: "correct horse", maxDownloads: 3, recipients: ["b@example.com"] });
    expect(got).toEqual(SHARE);
    expect(calls).toEqual([
      {
        url: "/api/shares",
        method: "POST",
        headers: { accept: "application/json", authorization: "Bearer ID-TOKEN", "content-type": "application/json" },
        body: { kind: "link", key: SHARE.key, expiresInDays: 7, password: "correct horse", maxDownloads: 3, recipients: ["b@example.com"] },
      },
    ]);
  });

  it("lists, revokes and reads what is shared with me at the contract's paths", async () => {
    const { api: a, calls } = api(
      json(200, { shares: [SHARE] }),
      new Response(null, { status: 204 }),
      json(200, { shares: [{ id: "B", name: "docs", kind: "link", isFolder: true, expiresAt: SHARE.expiresAt }] }),
      json(200, { items: [{ path: "a/b.txt", size: 3, lastModified: SHARE.createdAt }] }),
      json(200, { url: "https://bucket.example/x?sig", expiresAt: SHARE.expiresAt }),
      json(200, { url: "https://bucket.example/y?sig", expiresAt: SHARE.expiresAt }),
    );
    expect(await a.list()).toEqual([SHARE]);
    expect(await a.revoke("a/b")).toBeUndefined();
    expect((await a.sharedWithMe())[0]!.isFolder).toBe(true);
    expect(await a.items("B")).toEqual([{ path: "a/b.txt", size: 3, lastModified: SHARE.createdAt }]);
    expect(await a.fileUrl("B", "a/b c&d.txt")).toBe("https://bucket.example/x?sig");
    expect(await a.fileUrl("C")).toBe("https://bucket.example/y?sig");
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /api/shares",
      "DELETE /api/shares/a%2Fb",
      "GET /api/shared-with-me",
      "GET /api/shared-with-me/B/items",
      "GET /api/shared-with-me/B/url?path=a%2Fb%20c%26d.txt",
      "GET /api/shared-with-me/C/url",
    ]);
    expect(calls.every((c) => c.headers.authorization === "Bearer ID-TOKEN" && c.body === undefined)).toBe(true);
  });

  it("asks for a fresh token on every call, and sends nothing when there is none", async () => {
    const f = fakeFetch();
    const a = new ShareApi(async () => {
      throw new Error("Your session has expired.");
    }, f.fn);
    await expect(a.list()).rejects.toThrow("Your session has expired.");
    expect(f.calls).toEqual([]);
  });
});

describe("DropApi (no sign-in)", () => {
  it("reads a drop and asks where to POST a file, without an Authorization header", async () => {
    const target = { url: "https://bucket.s3.amazonaws.com/", fields: { key: "private/x/drop/D/a.txt", policy: "p" }, key: "private/x/drop/D/a.txt" };
    const f = fakeFetch(json(200, { name: "drop", expiresAt: SHARE.expiresAt, maxBytes: 100, signedInOnly: false }), json(200, target));
    const d = new DropApi(f.fn);
    expect((await d.drop("D")).maxBytes).toBe(100);
    expect(await d.uploadTarget("D", { name: "a.txt", size: 3 })).toEqual(target);
    expect(f.calls.map((c) => [c.method, c.url, c.headers.authorization, c.body])).toEqual([
      ["GET", "/api/drops/D", undefined, undefined],
      ["POST", "/api/drops/D/uploads", undefined, { name: "a.txt", size: 3 }],
    ]);
  });

  it("uses the signed-in route, with the token, for drops that take only signed-in users", async () => {
    const { api: a, calls } = api(json(200, { url: "u", fields: {}, key: "k" }));
    await a.signedInUploadTarget("D", { name: "a.txt", size: 3 });
    expect([calls[0]!.url, calls[0]!.headers.authorization]).toEqual(["/api/drops/D/signed-in-uploads", "Bearer ID-TOKEN"]);
  });
});

describe("ShareApi errors name what was being done and what the service said", () => {
  it("quotes the service's own message, status and code", async () => {
    const { api: a } = api(json(400, { error: { code: "invalid_field", message: 'expiresInDays must be 1 to 30 (received: 31)' } }));
    const e = await failureOf(a.create({ kind: "link", key: "k", expiresInDays: 31 }));
    expect(e.message).toBe("Creating the share: expiresInDays must be 1 to 30 (received: 31) (HTTP 400 invalid_field).");
    expect([e.status, e.code]).toEqual([400, "invalid_field"]);
  });

  it("says a file-drop link is unknown, expired or revoked on a bare 404", async () => {
    const d = new DropApi(fakeFetch(new Response("<html>not found</html>", { status: 404, headers: { "content-type": "text/html" } })).fn);
    const e = await failureOf(d.drop("D"));
    expect(e.message).toBe("Opening the file-drop link: not found: it does not exist, has expired or was revoked (HTTP 404).");
  });

  it("names a refused sign-in, throttling and a network failure", async () => {
    const { api: a } = api(new Response("", { status: 401 }), new Response("", { status: 429 }), new TypeError("Failed to fetch"));
    expect((await failureOf(a.list())).message).toBe("Listing your shares: the share service did not accept your sign-in (HTTP 401). Sign in again.");
    expect((await failureOf(a.revoke("x"))).message).toBe("Revoking the share: too many requests; wait a moment and try again (HTTP 429).");
    const net = await failureOf(a.sharedWithMe());
    expect(net.message).toBe("Listing what is shared with you: the share service could not be reached (Failed to fetch). Check your connection and try again.");
    expect(net.status).toBe(0);
  });

  it("refuses an answer that is not JSON (the site's index.html where no service runs)", async () => {
    const { api: a } = api(new Response("<!doctype html>", { status: 200, headers: { "content-type": "text/html" } }));
    expect((await failureOf(a.list())).message).toBe("Listing your shares: the share service answered HTTP 200 with text/html, not the JSON expected.");
  });
});

describe("presigned POST", () => {
  it("puts the policy's fields first, in order, then the file", async () => {
    const form = postForm({ url: "u", fields: { key: "drop/D/a.txt", policy: "P", "x-amz-signature": "S" }, key: "drop/D/a.txt" }, new Blob(["abc"]), "a.txt");
    const entries = [...form.entries()];
    expect(entries.map(([k]) => k)).toEqual(["key", "policy", "x-amz-signature", "file"]);
    const file = entries[3]![1] as File;
    expect([file.name, await file.text()]).toEqual(["a.txt", "abc"]);
  });

  it("adds the key when the fields leave it out", () => {
    const form = postForm({ url: "u", fields: { policy: "P" }, key: "drop/D/b.txt" }, new Blob(["x"]), "b.txt");
    expect([...form.keys()]).toEqual(["policy", "key", "file"]);
    expect(form.get("key")).toBe("drop/D/b.txt");
  });

  it("explains S3's refusals", () => {
    expect(postFailure("big.bin", 400, "<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>")).toBe(
      "big.bin: too large for this file-drop link (Your proposed upload exceeds the maximum allowed size).",
    );
    expect(postFailure("a.txt", 403, "<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message></Error>")).toBe("a.txt: the upload permission expired; try again.");
    expect(postFailure("a.txt", 403, "<Error><Code>AccessDenied</Code><Message>Invalid according to Policy</Message></Error>")).toBe(
      "a.txt: refused by the storage (AccessDenied: Invalid according to Policy, HTTP 403).",
    );
    expect(postFailure("a.txt", 0, "")).toBe("a.txt: network error: check your connection and try again.");
    expect(postFailure("a.txt", 500, "")).toBe("a.txt: refused by the storage (HTTP 500).");
  });
});
