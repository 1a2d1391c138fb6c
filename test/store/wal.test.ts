import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Session } from "../../src/engine/session.ts";
import { openStore } from "../../src/store/store.ts";
import { delLine, putLine, WAL_FILE, WriteAheadLog, OLD_WAL_FILE } from "../../src/store/wal.ts";
import { useTempDirs } from "../support/app.ts";
import { zaloSession } from "../support/records.ts";

/**
 * Reading the journal after a crash: a line followed by another of the same
 * table and key is skipped unread; every other line is parsed and checked.
 */

const dir = useTempDirs("kc-wal-");

const session = (userId: string, note: string) => zaloSession(userId, { note });
const put = (s: Session) => putLine("sessions", s.key, JSON.stringify(s));
const journal = (d: string, lines: string[], name = WAL_FILE) => writeFileSync(join(d, name), lines.map((l) => `${l}\n`).join(""));
const notes = (lines: Awaited<ReturnType<typeof WriteAheadLog.readAll>>) => lines.map((l) => ("put" in l.entry ? `${l.line}:${(l.entry.put as Session).draft?.answers.note}` : `${l.line}:del ${l.entry.del}`));

describe("reading the journal", () => {
  it("returns only the last line of each table and key, across the set-aside journal and the current one", async () => {
    const d = dir();
    journal(d, [put(session("a", "a1")), put(session("b", "b1")), put(session("a", "a2"))], OLD_WAL_FILE);
    journal(d, [put(session("a", "a3")), delLine("sessions", "zalo:b"), put(session("c", "c1")), putLine("contacts", "zalo:a", '{"id":"zalo:a"}')]);
    const lines = await WriteAheadLog.readAll(d);
    expect(notes(lines)).toEqual(["1:a3", "2:del zalo:b", "3:c1", "4:undefined"]);
    expect(lines.map((l) => l.file.endsWith(WAL_FILE))).toEqual([true, true, true, true]);
  });

  it("skips a superseded line unread, so damage after its key does not stop start-up; the last line is still checked", async () => {
    const d = dir();
    journal(d, ['{"t":"sessions","k":"zalo:a","put":{"key":"zalo:a","draft":', put(session("a", "a2"))]);
    const store = await openStore(d, { sessionFlushMs: 0, lock: false });
    expect(store.sessions.get("zalo:a")?.draft?.answers.note).toBe("a2");
    await store.close();

    const last = dir();
    journal(last, [put(session("a", "a1")), '{"t":"sessions","k":"zalo:a","put":{"key":"zalo:a","draft":']);
    await expect(openStore(last, { sessionFlushMs: 0, lock: false })).rejects.toThrow(/journal\.jsonl.*dòng 2 không phải JSON hợp lệ/);
  });

  it("reads every line written without a key (an older version), or with an escape in the key, and keeps the last of each", async () => {
    const d = dir();
    const oldStyle = (s: Session) => JSON.stringify({ t: "sessions", put: s });
    const quoted = 'x"y';
    journal(d, [oldStyle(session("a", "a1")), put(session(quoted, "q1")), put(session("a", "a2")), oldStyle(session("a", "a3")), put(session(quoted, "q2"))]);
    expect(notes(await WriteAheadLog.readAll(d))).toEqual(["1:a1", "2:q1", "3:a2", "4:a3", "5:q2"]);
    const store = await openStore(d, { sessionFlushMs: 0, lock: false });
    expect(store.sessions.get("zalo:a")?.draft?.answers.note).toBe("a3");
    expect(store.sessions.get(`zalo:${quoted}`)?.draft?.answers.note).toBe("q2");
    await store.close();
  });

  it("stops start-up on a line whose written key is not its record's, naming the file and line", async () => {
    const d = dir();
    journal(d, [put(session("a", "a1")), putLine("sessions", "zalo:b", JSON.stringify(session("a", "a2")))]);
    await expect(openStore(d, { sessionFlushMs: 0, lock: false })).rejects.toThrow(/journal\.jsonl.*dòng 2 \(sessions\) ghi khoá "zalo:b" nhưng bản ghi có khoá "zalo:a"/);
  });

  it("reads a journal of a million short lines (a burst of small changes) without running out of stack", async () => {
    const d = dir();
    const line = `${putLine("contacts", "c1", '{"id":"c1"}')}\n`;
    writeFileSync(join(d, WAL_FILE), line.repeat(1_000_000));
    const lines = await WriteAheadLog.readAll(d);
    expect(lines.map((l) => l.line)).toEqual([1_000_000]);
  });

  it("writes what it reads: a store's own changes come back after a crash, the last of each", async () => {
    const d = dir();
    const crashed = await openStore(d, { sessionFlushMs: 0, lock: false });
    for (let i = 1; i <= 5; i++) await crashed.sessions.putNow(session("a", `a${i}`));
    await crashed.sessions.putNow(session("b", "b1"));
    await crashed.sessions.delete("zalo:b");
    // No close: as after a SIGKILL.
    const lines = await WriteAheadLog.readAll(d);
    expect(notes(lines)).toEqual(["5:a5", "7:del zalo:b"]);
    await crashed.close();
  });
});
