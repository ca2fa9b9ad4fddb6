// Unfinished multipart uploads kept in IndexedDB (the idb package), so that
// they survive a reload, a closed tab or a crash: key, upload id, part size,
// the parts done with their checksums, the file's name, size and last
// change, and where the browser gives one, a File System Access handle to
// reopen the file. Never bytes or credentials. Each record names the user's
// folder; a user only ever sees their own.

import { openDB, type IDBPDatabase } from "idb";
import type { ResumeRecord } from "../lib/resume";
import type { ResumeStore } from "../lib/uploadQueue";

const DB_NAME = "private-folders-uploads";
const STORE = "multipart";

export type Handle = FileSystemFileHandle;

export class IdbResumeStore implements ResumeStore<Handle> {
  private db?: Promise<IDBPDatabase>;

  private open(): Promise<IDBPDatabase> {
    this.db ??= openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: "id" }).createIndex("home", "home");
      },
    });
    return this.db;
  }

  async put(rec: ResumeRecord<Handle>): Promise<void> {
    const db = await this.open();
    try {
      await db.put(STORE, rec);
    } catch (e) {
      // A browser that cannot store the handle still keeps the rest.
      if (!(e instanceof DOMException && e.name === "DataCloneError") || rec.handle === undefined) throw e;
      const { handle: _h, ...rest } = rec;
      await db.put(STORE, rest);
    }
  }

  async delete(id: string): Promise<void> {
    await (await this.open()).delete(STORE, id);
  }

  /** The user's unfinished uploads, oldest first. */
  async list(home: string): Promise<ResumeRecord<Handle>[]> {
    const all = (await (await this.open()).getAllFromIndex(STORE, "home", home)) as ResumeRecord<Handle>[];
    return all.sort((a, b) => a.created - b.created);
  }
}
