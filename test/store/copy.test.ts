import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { StorageDump } from "../../src/domain/storage.ts";
import { backupTo } from "../../src/officer/operations.ts";
import { copyStorage, openPlace } from "../../src/store/copy.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
import { useTempDirs } from "../support/app.ts";
import { usePostgres } from "../support/use-postgres.ts";
import { zaloSession } from "../support/records.ts";
import { application } from "./contract.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = useTempDirs("kc-copy-");
const pgServer = usePostgres();

/** A lowdb folder with one of everything, a deleted application among them (so the code counter is ahead of the codes). */
async function populatedFolder(): Promise<string> {
  const root = dir();
  const s = await LowdbStorage.open(root, { flushMs: 0 });
  await s.transaction(async (tx) => {
    for (const user of ["1", "2", "3"]) {
      await tx.applications.save(application(await tx.applications.nextCode(2026), user, { answers: { facilityName: "Cơ sở may Lan Anh", province: "lai-chau" } }));
      await tx.sessions.save(zaloSession(user, { facilityName: "Xưởng gỗ Đức Thành" }), { durable: true });
    }
    await tx.contacts.add({ at: "2026-12-02T03:00:00.000Z", channel: "zalo", userId: "2", chatId: "2", text: "Cho tôi gặp cán bộ" });
    await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới KC-2026-000003" }]);
    await tx.questions.add({ at: "2026-12-02T03:00:00.000Z", channel: "zalo", userId: "2", text: "vay vốn ưu đãi", zone: "none", topIds: [] }, { perUserPerDay: 50, dayStart: new Date(0) });
  });
  await s.deleteUser("zalo", "3");
  await s.close();
  return root;
}

const sorted = (d: StorageDump) => ({ ...d, sessions: [...d.sessions].sort((a, b) => a.key.localeCompare(b.key)), contacts: [...d.contacts].sort((a, b) => a.id.localeCompare(b.id)) });

describe("store:copy between lowdb and PostgreSQL", () => {
  it("copies everything to PostgreSQL and back, codes counters included", async () => {
    const source = await populatedFolder();
    const url = await pgServer().createDatabase();
    const from = await openPlace(source, "source");
    const original = await from.dump();
    const pgStore = await openPlace(url, "target");
    expect(await copyStorage(from, pgStore)).toEqual({ sessions: 2, applications: 2, questions: 1, contacts: 1, notifications: 1 });
    await pgStore.close();
    await from.close();

    const back = join(dir(), "again");
    const pgSource = await openPlace(url, "source");
    const target = await openPlace(back, "target");
    await copyStorage(pgSource, target);
    expect(sorted(await target.dump())).toEqual(sorted(original));
    // The deleted application's code is not given again after the move.
    expect(await target.applications.nextCode(2026)).toBe("KC-2026-000004");
    await target.close();
    await pgSource.close();
  }, 60_000);

  it("refuses a target that already holds applications, and a folder a bot is running on", async () => {
    const source = await populatedFolder();
    const from = await openPlace(source, "source");
    const busy = await openPlace(await populatedFolder(), "target");
    await expect(copyStorage(from, busy)).rejects.toThrow(/trống/);
    await busy.close();
    await from.close();
    const running = await LowdbStorage.open(source, { flushMs: 0 });
    await expect(openPlace(source, "source")).rejects.toThrow(/đang chạy/);
    await running.close();
  });

  it("npm run store:copy copies a folder into PostgreSQL and says what it checked", async () => {
    const source = await populatedFolder();
    const url = await pgServer().createDatabase();
    const out = execFileSync("npx", ["tsx", "src/cli/store-copy.ts", "--from", source, "--to", url], { cwd: ROOT, encoding: "utf8" });
    expect(out).toMatch(/Đã sao chép từ .* sang PostgreSQL và kiểm tra: 2 hồ sơ, 2 phiên trò chuyện, 1 câu hỏi, 1 tin nhắn, 1 thông báo chờ gửi\./);
  }, 60_000);

  it("officer backup: a consistent copy of a running bot's storage into an empty folder, refused into a used one", async () => {
    const source = await populatedFolder();
    const running = await LowdbStorage.open(source, { flushMs: 60_000 });
    // A change still coalesced in memory is in the backup too.
    await running.sessions.save(zaloSession("7", { facilityName: "Cơ sở may Lan Anh" }));
    const target = join(dir(), "backup");
    expect(await backupTo(running, target)).toEqual({ ok: true, message: `Đã sao lưu 2 hồ sơ, 3 phiên trò chuyện vào ${target}.` });
    expect((await backupTo(running, target)).ok).toBe(false);
    const original = await running.dump();
    await running.close();
    const copy = await LowdbStorage.open(target, { flushMs: 0 });
    expect(sorted(await copy.dump())).toEqual(sorted(original));
    await copy.close();
  });
});
