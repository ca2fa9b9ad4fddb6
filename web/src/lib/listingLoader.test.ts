import { describe, expect, it } from "vitest";
import { ListingLoader, type ListPage, type LoaderState } from "./listingLoader";
import type { Entry } from "./pagination";

const file = (folder: string, name: string): Entry => ({ kind: "file", key: folder + name, name, size: 1 });

/** A fake Storage.list whose answers the test releases one by one. */
function controlled() {
  const calls: { folder: string; prefix: string; token?: string; size: number; answer: (names: string[], next?: string) => void; fail: (e: unknown) => void }[] = [];
  const list: ListPage = (folder, prefix, token, size) =>
    new Promise((resolve, reject) => {
      calls.push({
        folder,
        prefix,
        token,
        size,
        answer: (names, next) => resolve({ entries: names.map((n) => file(folder, n)), nextToken: next }),
        fail: reject,
      });
    });
  return { list, calls };
}

function loader(list: ListPage) {
  const states: LoaderState[] = [];
  const errors: unknown[] = [];
  const l = new ListingLoader(list, (s) => states.push(s), (e) => errors.push(e), "home/");
  const names = () => l.state.listing.entries.map((e) => e.name);
  return { l, states, errors, names };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("ListingLoader", () => {
  it("fetches pages until the wanted page can be shown, with the continuation token", async () => {
    const { list, calls } = controlled();
    const { l, names } = loader(list);
    const first = l.reload("home/", "", 2);
    expect(l.state.loading).toBe(true);
    calls[0]!.answer(["a", "b"], "t1");
    await first;
    expect(names()).toEqual(["a", "b"]);
    expect(l.state.loading).toBe(false);
    const next = l.showPage(1, 2);
    await tick();
    expect(calls[1]).toMatchObject({ folder: "home/", prefix: "home/", token: "t1", size: 2 });
    calls[1]!.answer(["c"]);
    await next;
    expect(names()).toEqual(["a", "b", "c"]);
    expect(l.state.listing.complete).toBe(true);
    await l.showPage(5, 2);
    expect(calls).toHaveLength(2);
  });

  it("drops a late page of an earlier folder: the current folder's listing wins", async () => {
    const { list, calls } = controlled();
    const { l, names } = loader(list);
    const old = l.reload("home/old/", "", 50);
    const cur = l.reload("home/new/", "", 50);
    calls[1]!.answer(["mine.txt"]);
    await cur;
    calls[0]!.answer(["stale.txt"]);
    await old;
    expect(l.state.listing.folder).toBe("home/new/");
    expect(names()).toEqual(["mine.txt"]);
    expect(l.state.loading).toBe(false);
  });

  it("a late answer does not end the current load's loading state", async () => {
    const { list, calls } = controlled();
    const { l } = loader(list);
    const old = l.reload("home/", "x", 50);
    void l.reload("home/", "xy", 50);
    calls[0]!.answer(["x1"]);
    await old;
    expect(l.state.loading).toBe(true);
    expect(l.state.listing.prefix).toBe("home/xy");
  });

  it("reports errors of the current load only", async () => {
    const { list, calls } = controlled();
    const { l, errors } = loader(list);
    const old = l.reload("home/a/", "", 50);
    const cur = l.reload("home/b/", "", 50);
    calls[0]!.fail(new Error("stale"));
    await old;
    expect(errors).toEqual([]);
    calls[1]!.fail(new Error("current"));
    await cur;
    expect(errors).toEqual([new Error("current")]);
    expect(l.state.loading).toBe(false);
  });

  it("a search lists the folder with the text as prefix", async () => {
    const { list, calls } = controlled();
    const { l } = loader(list);
    void l.reload("home/docs/", "rep", 100);
    expect(calls[0]).toMatchObject({ folder: "home/docs/", prefix: "home/docs/rep", token: undefined, size: 100 });
  });
});
