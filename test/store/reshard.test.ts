import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StorageError } from "../../src/domain/storage.ts";
import type { Session } from "../../src/engine/session.ts";
import { DurableJsonFile } from "../../src/store/lowdb/durable-file.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
import { previousShards, sessionShardOf } from "../../src/store/lowdb/layout.ts";
import { useTempDirs } from "../support/app.ts";
import { zaloSession } from "../support/records.ts";
import { application } from "./contract.ts";

const dir = useTempDirs("kc-reshard-");
afterEach(() => {
  vi.restoreAllMocks();
});

const USERS = 300;
const facility = (i: number) => (i === 7 ? "Cơ sở may Lan Anh" : `Cơ sở ${i}`);

/**
 * A data folder as the bot wrote it before December 2026 (format lowdb-2):
 * the same files, but the sessions in 256 files sessions/000.json … 255.json.
 * Made by writing with today's code, then moving the sessions into that layout.
 */
async function previousLayoutFolder(): Promise<string> {
  const root = dir();
  const s = await LowdbStorage.open(root, { flushMs: 5 });
  for (let i = 0; i < USERS; i++) await s.sessions.save(zaloSession(String(i), { facilityName: facility(i) }), { durable: true });
  await s.transaction(async (tx) => {
    await tx.applications.save(application(await tx.applications.nextCode(2026), "7"));
  });
  await s.close();
  const sessionsDir = join(root, "sessions");
  const all: Record<string, Session> = {};
  for (const name of readdirSync(sessionsDir)) {
    if (name.endsWith(".json")) Object.assign(all, (JSON.parse(readFileSync(join(sessionsDir, name), "utf8")) as { sessions: Record<string, Session> }).sessions);
    rmSync(join(sessionsDir, name));
  }
  const old = previousShards(root);
  const shards = new Map<number, Record<string, Session>>();
  for (const [key, session] of Object.entries(all)) {
    const n = sessionShardOf(key, old.shards);
    shards.set(n, { ...shards.get(n), [key]: session });
  }
  for (const [n, sessions] of shards) writeFileSync(old.file(n), JSON.stringify({ sessions }));
  writeFileSync(join(root, "format.json"), JSON.stringify({ format: "lowdb-2" }));
  expect(Object.keys(all)).toHaveLength(USERS);
  return root;
}

const sessionFiles = (root: string) => readdirSync(join(root, "sessions")).filter((n) => n.endsWith(".json"));
const format = (root: string) => (JSON.parse(readFileSync(join(root, "format.json"), "utf8")) as { format: string }).format;

async function expectEverySession(s: LowdbStorage): Promise<void> {
  expect(await s.sessions.count()).toBe(USERS);
  for (let i = 0; i < USERS; i++) expect((await s.sessions.get(`zalo:${i}`))?.draft?.answers.facilityName).toBe(facility(i));
  expect((await s.applications.list()).map((a) => a.userId)).toEqual(["7"]);
}

describe("a data folder of the previous layout (lowdb-2, 256 session files)", () => {
  it("is read whole by the officers' CLI (read only) before any bot has started on it, and left as it was", async () => {
    const root = await previousLayoutFolder();
    const before = sessionFiles(root).sort();
    const reader = await LowdbStorage.open(root, { flushMs: 5, readOnly: true });
    await expectEverySession(reader);
    await reader.close();
    expect(sessionFiles(root).sort()).toEqual(before);
    expect(format(root)).toBe("lowdb-2");
  });

  it("is moved into 2,048 session files at the bot's first start, nothing lost, the old files removed", async () => {
    const root = await previousLayoutFolder();
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    await expectEverySession(s);
    // Written after the move, found after a restart.
    await s.sessions.save(zaloSession("7", { facilityName: "Cơ sở may Lan Anh", phone: "0987654321" }), { durable: true });
    await s.close();
    expect(format(root)).toBe("lowdb-3");
    expect(sessionFiles(root).every((n) => /^\d{4}\.json$/.test(n))).toBe(true);
    expect(readdirSync(join(root, "sessions")).filter((n) => /^\d{3}\.json/.test(n))).toEqual([]);
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    expect((await again.sessions.get("zalo:7"))?.draft?.answers.phone).toBe("0987654321");
    expect(await again.sessions.count()).toBe(USERS);
    await again.close();
  });

  it("cut short before format.json changes (a crash): the next start moves them again from the old files", async () => {
    const root = await previousLayoutFolder();
    const write = DurableJsonFile.prototype.write;
    vi.spyOn(DurableJsonFile.prototype, "write").mockImplementation(async function (this: DurableJsonFile<unknown>, data: unknown) {
      if (this.path.endsWith("format.json")) throw new Error("killed");
      return write.call(this, data);
    });
    await expect(LowdbStorage.open(root, { flushMs: 5 })).rejects.toThrow("killed");
    vi.restoreAllMocks();
    expect(format(root)).toBe("lowdb-2");
    expect(sessionFiles(root).some((n) => /^\d{4}\.json$/.test(n)), "new files were written before the cut").toBe(true);
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    await expectEverySession(s);
    await s.close();
    expect(format(root)).toBe("lowdb-3");
  });

  it("cut short after format.json changed: the old files left behind are removed at the next start", async () => {
    const root = await previousLayoutFolder();
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    await s.close();
    // As if the bot died before removing them.
    writeFileSync(previousShards(root).file(3), JSON.stringify({ sessions: {} }));
    writeFileSync(`${previousShards(root).file(3)}.prev`, JSON.stringify({ sessions: {} }));
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    await expectEverySession(again);
    await again.close();
    expect(existsSync(previousShards(root).file(3))).toBe(false);
    expect(existsSync(`${previousShards(root).file(3)}.prev`)).toBe(false);
  });

  it("with a damaged old file: start-up stops naming it, and nothing is changed", async () => {
    const root = await previousLayoutFolder();
    const damaged = previousShards(root).file(sessionShardOf("zalo:7", 256));
    writeFileSync(damaged, Buffer.alloc(4096));
    const before = sessionFiles(root).sort();
    const opening = LowdbStorage.open(root, { flushMs: 5 });
    await expect(opening).rejects.toThrow(StorageError);
    await expect(opening).rejects.toThrow(damaged);
    expect(format(root)).toBe("lowdb-2");
    expect(sessionFiles(root).sort()).toEqual(before);
  });
});
