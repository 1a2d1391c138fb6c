import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Session } from "../../src/engine/session.ts";
import { JsonFile } from "../../src/store/json-file.ts";
import { sessionLayout } from "../../src/store/session-store.ts";
import { openStore, type Store } from "../../src/store/store.ts";
import { ForegroundLoads, Table } from "../../src/store/table.ts";
import { WriteAheadLog } from "../../src/store/wal.ts";
import { useTempDirs } from "../support/app.ts";
import { zaloSession } from "../support/records.ts";

/**
 * Records unchanged since the last checkpoint are read from their snapshot
 * file, not kept in memory: these tests check that what is read back is
 * always the latest acknowledged version, whatever the file went through.
 */

const dir = useTempDirs("kc-table-");

/** A session whose display name has Vietnamese and typographic characters (several bytes each in UTF-8). */
const session = (userId: string, note: string): Session =>
  zaloSession(userId, { note }, { displayName: `Chủ cơ sở ${note} – Hợp tác xã “Mây tre”`, draft: { startedAt: 1, updatedAt: 2, answers: { note }, skipped: [] }, updatedAt: 2 });

const USERS = Array.from({ length: 200 }, (_, i) => `u${i}`);
const sessions = (store: Store) => store.sessions.table;
const openFds = () => readdirSync("/proc/self/fd").length;

describe("records on disk, keys in memory", () => {
  it("reads every record back from the snapshot files after a checkpoint, and after reopening", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0 });
    for (const u of USERS) store.sessions.put(session(u, `bản ${u}`));
    expect(sessions(store).countInMemory()).toBe(USERS.length);
    await store.flush();
    expect(sessions(store).countInMemory()).toBe(0);
    for (const u of USERS) expect(store.sessions.get(`zalo:${u}`)).toEqual(session(u, `bản ${u}`));
    await store.close();

    const reopened = await openStore(d, { sessionFlushMs: 0 });
    expect(sessions(reopened).countInMemory()).toBe(0);
    expect(reopened.sessions.get("zalo:u7")).toEqual(session("u7", "bản u7"));
    expect([...reopened.sessions.all()].map((s) => s.userId).sort()).toEqual([...USERS].sort());
    await reopened.close();
  });

  it("keeps a change made while its file is being rewritten, and reads the others from the new file", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0 });
    for (const u of USERS) store.sessions.put(session(u, "một"));
    await store.flush();
    for (const u of USERS) store.sessions.put(session(u, "hai"));
    // Messages arrive while the first snapshot file is being written: newer than what it holds.
    const write = JsonFile.prototype.write;
    const spy = vi.spyOn(JsonFile.prototype, "write").mockImplementationOnce(function (this: JsonFile<unknown>) {
      for (const u of USERS.slice(0, 50)) store.sessions.put(session(u, "ba"));
      return write.call(this);
    });
    await store.flush();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    for (const u of USERS.slice(0, 50)) expect(store.sessions.get(`zalo:${u}`)?.draft?.answers.note).toBe("ba");
    for (const u of USERS.slice(50)) expect(store.sessions.get(`zalo:${u}`)?.draft?.answers.note).toBe("hai");
    await store.close();
    const reopened = await openStore(d, { sessionFlushMs: 0 });
    expect(reopened.sessions.get("zalo:u0")?.draft?.answers.note).toBe("ba");
    expect(reopened.sessions.get("zalo:u199")?.draft?.answers.note).toBe("hai");
    await reopened.close();
  });

  it("does not leak file descriptors over many checkpoints", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0 });
    for (const u of USERS) store.sessions.put(session(u, "0"));
    await store.flush();
    const before = openFds();
    for (let round = 1; round <= 5; round++) {
      for (const u of USERS) store.sessions.put(session(u, String(round)));
      await store.flush();
    }
    expect(openFds()).toBe(before);
    await store.close();
  });

  it("keeps in memory the records of a file edited by hand, and writes it back in its own layout at the next checkpoint", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0 });
    for (const u of USERS) store.sessions.put(session(u, "gốc"));
    await store.close();
    const shard = readdirSync(d).find((n) => /^sessions-\d{2}\.json$/.test(n)) as string;
    const data = JSON.parse(readFileSync(join(d, shard), "utf8")) as { sessions: Record<string, Session> };
    const [key] = Object.keys(data.sessions) as [string];
    (data.sessions[key] as Session).displayName = "Sửa tay";
    writeFileSync(join(d, shard), JSON.stringify(data, null, 2));

    const edited = await openStore(d, { sessionFlushMs: 0 });
    expect(sessions(edited).countInMemory()).toBe(Object.keys(data.sessions).length);
    expect(edited.sessions.get(key)?.displayName).toBe("Sửa tay");
    await edited.close();
    expect(readFileSync(join(d, shard), "utf8").startsWith('{"sessions":{')).toBe(true);

    const again = await openStore(d, { sessionFlushMs: 0 });
    expect(sessions(again).countInMemory()).toBe(0);
    expect(again.sessions.get(key)?.displayName).toBe("Sửa tay");
    await again.close();
  });

  it("fills in what validation adds (a record from an older version) and keeps that record in memory until rewritten", async () => {
    const d = dir();
    const store = await openStore(d, { sessionFlushMs: 0 });
    store.sessions.put(session("old", "x"));
    await store.close();
    const shard = readdirSync(d).find((n) => /^sessions-\d{2}\.json$/.test(n)) as string;
    const data = JSON.parse(readFileSync(join(d, shard), "utf8")) as { sessions: Record<string, Partial<Session>> };
    delete data.sessions["zalo:old"]?.offered;
    writeFileSync(join(d, shard), JSON.stringify(data));

    const reopened = await openStore(d, { sessionFlushMs: 0 });
    expect(sessions(reopened).countInMemory()).toBe(1);
    expect(reopened.sessions.get("zalo:old")?.offered).toEqual([]);
    await reopened.close();
    expect(JSON.parse(readFileSync(join(d, shard), "utf8")).sessions["zalo:old"].offered).toEqual([]);
  });

  it("after a crash, replays only the last change of each key, deletions included, into a store loading in the background", async () => {
    const d = dir();
    const before = await openStore(d, { sessionFlushMs: 0, lock: false });
    for (const u of USERS) before.sessions.put(session(u, "trên đĩa"));
    await before.flush();
    for (let version = 1; version <= 3; version++) await before.sessions.putNow(session("u1", `lần ${version}`));
    await before.sessions.delete("zalo:u2");
    await before.sessions.putNow(session("new", "mới"));
    // No close: as after a SIGKILL.
    const after = await openStore(d, { sessionFlushMs: 0, lock: false, sessionsInBackground: true });
    expect(sessions(after).countInMemory()).toBe(2);
    expect((await after.sessions.fetch("zalo:u1"))?.draft?.answers.note).toBe("lần 3");
    expect(await after.sessions.fetch("zalo:u2")).toBeUndefined();
    expect((await after.sessions.fetch("zalo:new"))?.draft?.answers.note).toBe("mới");
    await after.ready;
    expect(after.sessions.count()).toBe(USERS.length);
    expect(after.sessions.get("zalo:u3")?.draft?.answers.note).toBe("trên đĩa");
    await after.close();
    const third = await openStore(d, { sessionFlushMs: 0 });
    expect(third.sessions.get("zalo:u1")?.draft?.answers.note).toBe("lần 3");
    expect(third.sessions.get("zalo:u2")).toBeUndefined();
    await third.close();
    await before.close();
  });

  describe("loading in the background", () => {
    const many = Array.from({ length: 2000 }, (_, i) => `m${i}`);

    async function openLazy(): Promise<{ table: Table<Session, unknown>; wal: WriteAheadLog; validated: () => number }> {
      const d = dir();
      const before = await openStore(d, { sessionFlushMs: 0 });
      for (const u of many) before.sessions.put(session(u, `bản ${u}`));
      await before.close();
      let validated = 0;
      // The same layout, counting the records it validates.
      const counting = { ...sessionLayout, record: sessionLayout.record.refine(() => ++validated > 0) };
      const wal = new WriteAheadLog(d, 0, () => {}, Number.MAX_SAFE_INTEGER);
      const table = (await Table.open(d, counting, wal, { lazy: true, foreground: new ForegroundLoads(0) })) as Table<Session, unknown>;
      return { table, wal, validated: () => validated };
    }

    /** Runs turns of the event loop until `done`, calling `onTurn` on each. */
    async function turnsUntil(done: Promise<unknown>, onTurn: (turn: number) => void): Promise<void> {
      let finished = false;
      void done.then(() => (finished = true));
      for (let turn = 0; !finished; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
        onTurn(turn);
      }
      await done;
    }

    it("gives way to other work between records, not only between files", async () => {
      const { table, wal, validated } = await openLazy();
      let last = 0;
      let mostInOneTurn = 0;
      await turnsUntil(table.loadAll(), () => {
        mostInOneTurn = Math.max(mostInOneTurn, validated() - last);
        last = validated();
      });
      expect(validated()).toBe(many.length);
      // A shard holds about 60 of these records: loaded in one go, they would all be validated in one turn.
      expect(mostInOneTurn).toBeLessThanOrEqual(2);
      table.close();
      await wal.close();
    });

    it("serves the files messages ask for meanwhile, the one being loaded included", async () => {
      const { table, wal } = await openLazy();
      const fetched: [string, Promise<Session | undefined>][] = [];
      await turnsUntil(table.loadAll(), (turn) => {
        const user = many[(turn * 37) % many.length] as string;
        if (turn % 20 === 0) fetched.push([user, table.fetch(`zalo:${user}`)]);
      });
      expect(fetched.length).toBeGreaterThan(10);
      for (const [user, record] of fetched) expect((await record)?.draft?.answers.note).toBe(`bản ${user}`);
      expect(table.count()).toBe(many.length);
      table.close();
      await wal.close();
    });
  });
});
