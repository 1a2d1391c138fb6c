import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StorageError } from "../../src/domain/storage.ts";
import { DurableJsonFile } from "../../src/store/lowdb/durable-file.ts";
import { finishInterruptedCommits } from "../../src/store/lowdb/file-commit.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
import { applicationFileSchema, paths, sessionShardOf } from "../../src/store/lowdb/layout.ts";
import { zaloSession } from "../support/records.ts";
import { useTempDirs } from "../support/app.ts";
import { application, storageContract } from "./contract.ts";

const dir = useTempDirs("kc-lowdb-");
// A test that fails holding a spy must not hang the next ones.
afterEach(() => {
  vi.restoreAllMocks();
});
const dirs = new WeakMap<LowdbStorage, string>();

storageContract("lowdb", {
  open: async ({ clock }) => {
    const root = dir();
    const s = await LowdbStorage.open(root, { clock, flushMs: 5 });
    dirs.set(s, root);
    return s;
  },
  reopen: async (storage, { clock }) => {
    const root = dirs.get(storage as LowdbStorage) as string;
    await storage.close();
    return LowdbStorage.open(root, { clock, flushMs: 5 });
  },
});

async function withSubmission(root: string): Promise<void> {
  const s = await LowdbStorage.open(root, { flushMs: 5 });
  await s.transaction(async (tx) => {
    await tx.applications.save(application(await tx.applications.nextCode(2026), "1"));
    await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới" }]);
    await tx.sessions.save(zaloSession("1", {}), { durable: true });
  });
  await s.close();
}

describe("lowdb files", () => {
  it("appends the web page's record of actions to web-audit.jsonl (0600), leaving web.json small", async () => {
    const root = dir();
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    for (let i = 0; i < 3; i++) await s.web.audit({ at: new Date().toISOString(), officer: "telegram:111", action: "status", target: `KC-2026-00000${i}` });
    await s.close();
    const lines = readFileSync(join(root, "web-audit.jsonl"), "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).target)).toEqual(["KC-2026-000000", "KC-2026-000001", "KC-2026-000002"]);
    expect(statSync(join(root, "web-audit.jsonl")).mode & 0o777).toBe(0o600);
    expect(existsSync(join(root, "web.json")) ? readFileSync(join(root, "web.json"), "utf8") : "").not.toMatch(/KC-2026/);
  });

  it("writes an acknowledged change before the transaction resolves, and coalesces the rest", async () => {
    const root = dir();
    const s = await LowdbStorage.open(root, { flushMs: 60_000 });
    await s.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }), { durable: true });
    const onDisk = () => readdirSync(join(root, "sessions")).map((n) => readFileSync(join(root, "sessions", n), "utf8")).join("");
    expect(onDisk()).toContain("Cơ sở may Lan Anh");
    await s.sessions.save(zaloSession("2", { facilityName: "Mộc An" }));
    expect(onDisk()).not.toContain("Mộc An");
    await s.close();
    expect(onDisk()).toContain("Mộc An");
  });

  it("a step no reply acknowledges does not wait behind another user's write on disk", async () => {
    const root = dir();
    const s = await LowdbStorage.open(root, { flushMs: 60_000 });
    await s.sessions.save(zaloSession("1", {}), { durable: true });
    await s.sessions.save(zaloSession("2", {}), { durable: true });
    // User 1's acknowledged answer is held at its fsync.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const real = DurableJsonFile.prototype.prepare;
    const spy = vi.spyOn(DurableJsonFile.prototype, "prepare").mockImplementation(async function (this: DurableJsonFile<unknown>, ...args) {
      await held;
      return real.apply(this, args);
    });
    const acknowledged = s.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }), { durable: true });
    let menuStepDone = false;
    const menuStep = s.sessions.save(zaloSession("2", { facilityName: "Mộc An" })).then(() => (menuStepDone = true));
    await vi.waitFor(() => expect(menuStepDone).toBe(true));
    expect((await s.sessions.get("zalo:2"))?.draft?.answers.facilityName).toBe("Mộc An");
    let acknowledgedDone = false;
    void acknowledged.then(() => (acknowledgedDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(acknowledgedDone).toBe(false);
    release();
    await acknowledged;
    await menuStep;
    spy.mockRestore();
    await s.close();
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    expect((await again.sessions.get("zalo:1"))?.draft?.answers.facilityName).toBe("Cơ sở may Lan Anh");
    expect((await again.sessions.get("zalo:2"))?.draft?.answers.facilityName).toBe("Mộc An");
    await again.close();
  });

  it("writes two users' acknowledged answers side by side, and one file's writes in order", async () => {
    const root = dir();
    const s = await LowdbStorage.open(root, { flushMs: 60_000 });
    expect(sessionShardOf("zalo:1")).not.toBe(sessionShardOf("zalo:2"));
    const fileOf1 = paths(root).sessionShard(sessionShardOf("zalo:1"));
    // The disk is slow for user 1's session file only.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const real = DurableJsonFile.prototype.prepare;
    vi.spyOn(DurableJsonFile.prototype, "prepare").mockImplementation(async function (this: DurableJsonFile<unknown>, ...args) {
      if (this.path === fileOf1) await held;
      return real.apply(this, args);
    });
    const done: string[] = [];
    const first = s.sessions.save(zaloSession("1", { facilityName: "Lần 1" }), { durable: true }).then(() => done.push("1: lần 1"));
    await new Promise((r) => setTimeout(r, 5)); // user 1's write is under way, held at the disk
    await s.sessions.save(zaloSession("2", { facilityName: "Mộc An" }), { durable: true });
    done.push("2");
    expect(done, "user 2 did not wait for user 1's file").toEqual(["2"]);
    // A second write of the held file waits for the first, and its content is the one left on disk.
    const second = s.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }), { durable: true }).then(() => done.push("1: lần 2"));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toEqual(["2"]);
    release();
    await Promise.all([first, second]);
    expect(done).toEqual(["2", "1: lần 1", "1: lần 2"]);
    vi.restoreAllMocks();
    await s.close();
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    expect((await again.sessions.get("zalo:1"))?.draft?.answers.facilityName, "the later write is the one on disk").toBe("Cơ sở may Lan Anh");
    expect((await again.sessions.get("zalo:2"))?.draft?.answers.facilityName).toBe("Mộc An");
    await again.close();
  });

  it("closes only after a coalesced write already under way is on disk", async () => {
    const root = dir();
    const s = await LowdbStorage.open(root, { flushMs: 0 });
    await s.sessions.save(zaloSession("1", { facilityName: "Bản nháp 1" }));
    // The timer's flush takes the file off the to-do list, then is slow at the disk.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let started = false;
    const real = DurableJsonFile.prototype.prepare;
    const spy = vi.spyOn(DurableJsonFile.prototype, "prepare").mockImplementation(async function (this: DurableJsonFile<unknown>, ...args) {
      started = true;
      await held;
      return real.apply(this, args);
    });
    await s.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }));
    await vi.waitFor(() => expect(started).toBe(true));
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed, "close waits for the write in flight").toBe(false);
    release();
    await closing;
    spy.mockRestore();
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    expect((await again.sessions.get("zalo:1"))?.draft?.answers.facilityName).toBe("Cơ sở may Lan Anh");
    await again.close();
  });

  it("writes users' answers committed together without a commit marker, a submission with one", async () => {
    const root = dir();
    const s = await LowdbStorage.open(root, { flushMs: 60_000 });
    const markers: string[] = [];
    const real = DurableJsonFile.prototype.write;
    const spy = vi.spyOn(DurableJsonFile.prototype, "write").mockImplementation(function (this: DurableJsonFile<unknown>, ...args) {
      if (/commit-[0-9a-f]+\.json$/.test(this.path)) markers.push(this.path);
      return real.apply(this, args);
    });
    // Eight users answering at once: one group, eight session files, no marker.
    await Promise.all(Array.from({ length: 8 }, (_, i) => s.sessions.save(zaloSession(String(100 + i), { facilityName: `Cơ sở ${i}` }), { durable: true })));
    expect(markers).toEqual([]);
    await s.transaction(async (tx) => {
      await tx.applications.save(application(await tx.applications.nextCode(2026), "1"));
      await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới" }]);
      await tx.sessions.save(zaloSession("1", { facilityName: "Sau khi nộp" }), { durable: true });
    });
    expect(markers).toHaveLength(1);
    spy.mockRestore();
    await s.close();
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    for (let i = 0; i < 8; i++) expect((await again.sessions.get(`zalo:${100 + i}`))?.draft?.answers.facilityName).toBe(`Cơ sở ${i}`);
    expect(await again.applications.count()).toBe(1);
    await again.close();
  });

  for (const [name, damage] of [
    ["zero-filled", (t: string) => "\0".repeat(t.length)],
    ["cut off", (t: string) => t.slice(0, Math.floor(t.length / 2))],
    ["empty", () => ""],
    ["off-schema", (t: string) => t.replace('"status":"submitted"', '"status":"lost"')],
  ] as const) {
    it(`stops start-up on a ${name} application file, naming it, and leaves it untouched`, async () => {
      const root = dir();
      await withSubmission(root);
      const file = join(root, "applications", "2026-000.json");
      const damaged = damage(readFileSync(file, "utf8"));
      writeFileSync(file, damaged);
      const error = await LowdbStorage.open(root, { flushMs: 5 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toContain(file);
      expect(readFileSync(file, "utf8")).toBe(damaged);
      // The lock was released: after a repair the bot starts.
      expect(existsSync(join(root, ".lock"))).toBe(false);
    });
  }

  it("refuses an application file emptied to valid JSON, and one replaced by its previous copy", async () => {
    const root = dir();
    await withSubmission(root);
    await withSubmission(root);
    const file = join(root, "applications", "2026-000.json");
    // The previous good copy holds the file before its last write: restoring it alone loses that write, and start-up says so.
    cpSync(`${file}.prev`, file);
    await expect(LowdbStorage.open(root, { flushMs: 5 })).rejects.toThrow(/có 1 hồ sơ nhưng .* ghi 2/);
    writeFileSync(file, JSON.stringify({ applications: [] }));
    await expect(LowdbStorage.open(root, { flushMs: 5 })).rejects.toThrow(StorageError);
  });

  it("finishes a multi-file commit a crash interrupted after its marker, and drops one that never reached it", async () => {
    const root = dir();
    await withSubmission(root);
    const file = new DurableJsonFile(join(root, "applications", "2026-000.json"), applicationFileSchema);
    const prepared = await file.prepare({ applications: [application("KC-2026-000001", "1", { status: "received" })] });
    writeFileSync(join(root, "commit-abc123.json"), JSON.stringify({ files: [{ file: "applications/2026-000.json", temp: prepared.slice(root.length + 1) }] }));
    const stray = await file.prepare({ applications: [] });
    expect(await finishInterruptedCommits(root, [join(root, "applications")])).toBe(1);
    expect(existsSync(stray)).toBe(false);
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    expect((await s.applications.get("KC-2026-000001"))?.status).toBe("received");
    await s.close();
  });

  it("a reader sees a multi-file commit whole while the writer is killed between its renames", async () => {
    const root = dir();
    await withSubmission(root);
    const bot = await LowdbStorage.open(root, { flushMs: 5 });
    // The bot "dies" after its commit marker and one of the files are in place (the files go in side by side), before the rest.
    let installs = 0;
    const real = DurableJsonFile.prototype.install;
    const spy = vi.spyOn(DurableJsonFile.prototype, "install").mockImplementation(function (this: DurableJsonFile<unknown>, ...args) {
      if (++installs > 2) return new Promise(() => {});
      return real.apply(this, args);
    });
    void bot.transaction(async (tx) => {
      await tx.applications.save(application(await tx.applications.nextCode(2026), "1"));
      await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới 2" }]);
      await tx.sessions.save(zaloSession("1", { facilityName: "Sau khi nộp" }), { durable: true });
    });
    await vi.waitFor(() => expect(installs).toBeGreaterThanOrEqual(3));
    spy.mockRestore();
    expect(readdirSync(root).filter((n) => n.startsWith("commit-"))).toHaveLength(1);
    // The officer CLI's read: neither an index that disagrees with the application file, nor half a submission.
    const reader = await LowdbStorage.open(root, { flushMs: 5, readOnly: true });
    expect((await reader.applications.list()).map((a) => a.code)).toEqual(["KC-2026-000001", "KC-2026-000002"]);
    expect((await reader.sessions.get("zalo:1"))?.draft?.answers.facilityName).toBe("Sau khi nộp");
    expect((await reader.delivery.pending()).map((i) => i.replies[0]?.text)).toEqual(["Hồ sơ mới", "Hồ sơ mới 2"]);
    await reader.close();
  });

  it("a deletion on request leaves no previous copy holding the person", async () => {
    const root = dir();
    await withSubmission(root);
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    await s.sessions.save(zaloSession("1", { phone: "0987654321" }), { durable: true });
    await s.sessions.save(zaloSession("1", { phone: "0987654321", email: "lan@example.com" }), { durable: true });
    // A notice already delivered (gone from outbox.json, still in its previous copy) and a message to officers answered.
    await s.outbox.enqueue("zalo", "1", [{ text: "Cơ sở may Lan Anh, 0987654321: hồ sơ đã tiếp nhận" }]);
    await s.delivery.deliverDue("zalo", async () => {});
    await s.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới" }]);
    await s.deleteUser("zalo", "1");
    await s.close();
    const everything = (d: string): string =>
      readdirSync(d, { withFileTypes: true })
        .map((e) => (e.isDirectory() ? everything(join(d, e.name)) : readFileSync(join(d, e.name), "utf8")))
        .join("\n");
    const all = everything(root);
    expect(all).not.toContain("0987654321");
    expect(all).not.toContain("Cơ sở may Lan Anh");
  });

  // chattr +i makes a folder refuse new files even to root, as a full disk would; CI machines without the capability skip this.
  const immutable = ((probe: string) => spawnSync("chattr", ["+i", probe]).status === 0 && spawnSync("chattr", ["-i", probe]).status === 0)(mkdtempSync(join(tmpdir(), "kc-chattr-")));
  it.skipIf(!immutable)("a write that fails (a full disk) fails every transaction of its group and leaves nothing behind, in memory or on disk", async () => {
    const root = dir();
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    const sessions = join(root, "sessions");
    execFileSync("chattr", ["+i", sessions]);
    try {
      const submit = s.transaction(async (tx) => {
        await tx.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }), { durable: true });
        await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới" }]);
      });
      const answer = s.transaction(async (tx) => tx.sessions.save(zaloSession("2", { facilityName: "Mộc An" }), { durable: true }));
      const outcomes = await Promise.allSettled([submit, answer]);
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
      expect(await s.sessions.get("zalo:1"), "nothing left in memory").toBeUndefined();
      expect(await s.sessions.get("zalo:2")).toBeUndefined();
      expect(await s.delivery.pending()).toEqual([]);
    } finally {
      execFileSync("chattr", ["-i", sessions]);
    }
    // The disk has room again: the next write works, and nothing of the failed ones was kept.
    await s.sessions.save(zaloSession("3", {}), { durable: true });
    await s.close();
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    expect(await again.sessions.get("zalo:1")).toBeUndefined();
    expect(await again.sessions.get("zalo:2")).toBeUndefined();
    expect(await again.sessions.get("zalo:3")).toBeDefined();
    expect(await again.delivery.pending()).toEqual([]);
    await again.close();
  });

  it("opened read-only, writes nothing and needs no lock", async () => {
    const root = dir();
    await withSubmission(root);
    const bot = await LowdbStorage.open(root, { flushMs: 5 });
    const before = readdirSync(root).sort();
    const reader = await LowdbStorage.open(root, { flushMs: 5, readOnly: true });
    expect(await reader.applications.count()).toBe(1);
    await expect(reader.sessions.save(zaloSession("9", {}), { durable: true })).rejects.toThrow(/chỉ đọc/);
    await reader.close();
    expect(readdirSync(root).sort()).toEqual(before);
    await bot.close();
  });

  it("migrates a folder of the first layout (snapshots and journal), nothing lost", async () => {
    const root = dir();
    cpSync("test/fixtures/legacy-v1-data", root, { recursive: true });
    const s = await LowdbStorage.open(root, { flushMs: 5 });
    expect((await s.applications.list()).map((a) => a.code)).toEqual(["KC-2026-000001", "KC-2026-000002"]);
    expect((await s.sessions.get("zalo:1"))?.draft?.answers.phone).toBe("0912345678");
    expect((await s.sessions.get("zalo:2"))?.draft?.answers.facilityName).toBe("Xưởng gỗ Đức Thành");
    expect(await s.sessions.get("zalo:3")).toBeUndefined();
    expect((await s.contacts.open()).map((c) => c.text)).toEqual(["Tôi cần gặp cán bộ"]);
    expect((await s.delivery.pending()).map((i) => i.replies[0]?.text)).toEqual(["Hồ sơ mới KC-2026-000002"]);
    expect(await s.questions.count()).toBe(1);
    expect(await s.applications.nextCode(2026)).toBe("KC-2026-000003");
    await s.close();
    expect(existsSync(join(root, "legacy-v1", "journal.jsonl"))).toBe(true);
    expect(existsSync(join(root, "journal.jsonl"))).toBe(false);
    // Opened again: the current layout, no second migration.
    const again = await LowdbStorage.open(root, { flushMs: 5 });
    expect(await again.applications.count()).toBe(2);
    await again.close();
  });
});
