import { expect, it } from "vitest";
import { StorageUnavailableError, type Storage } from "../../src/domain/storage.ts";
import type { Channel } from "../../src/engine/types.ts";
import { createLogger } from "../../src/logger.ts";
import { openPostgresStorage } from "../../src/store/postgres/index.ts";
import { usePostgres } from "../support/use-postgres.ts";
import { zaloSession } from "../support/records.ts";

const pgServer = usePostgres();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PASSWORD = "mat-khau-bi-mat";

async function until(check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await sleep(25);
}

it("fails politely while the server is away and works again once it is back, without reopening", async () => {
  const dbUrl = await pgServer().createDatabase();
  const url = pgServer().url(new URL(dbUrl).pathname.slice(1), PASSWORD);
  const lines: string[] = [];
  const logger = createLogger("debug", (line) => lines.push(line));
  const s: Storage = await openPostgresStorage({ url, poolSize: 3, logger });
  const other: Storage = await openPostgresStorage({ url, poolSize: 1 });
  const heard: Channel[] = [];
  try {
    s.delivery.onEnqueue((channel) => heard.push(channel));
    await until(() => heard.length >= 3, 3000);
    await s.sessions.save(zaloSession("1", { facilityName: "Cơ sở may Lan Anh" }), { durable: true });
    // Warm the pool: idle connections that the restart will cut.
    await Promise.all([s.sessions.count(), s.sessions.count(), s.applications.count()]);

    // The server goes away in the middle of a transaction.
    const midway = s.transaction(
      async (tx) => {
        await tx.sessions.get("zalo:1");
        await pgServer().halt();
        await tx.sessions.save(zaloSession("1", { facilityName: "mất" }), { durable: true });
      },
      { lockKey: "zalo:1" },
    );
    await expect(midway).rejects.toBeInstanceOf(StorageUnavailableError);
    // While it is away, every kind of call fails with StorageUnavailableError, and nothing crashes.
    await expect(s.sessions.get("zalo:1")).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(s.transaction((tx) => tx.applications.nextCode(2026))).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(s.delivery.deliverDue("zalo", async () => undefined)).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(s.sessions.get("zalo:1")).rejects.toThrow(/Không kết nối được cơ sở dữ liệu/);
    await sleep(700);

    heard.length = 0;
    await pgServer().resume();
    // Back: the same Storage object serves again; the committed answer is there, the one cut off is not.
    expect((await s.sessions.get("zalo:1"))?.draft?.answers.facilityName).toBe("Cơ sở may Lan Anh");
    expect(await s.transaction((tx) => tx.applications.nextCode(2026))).toBe("KC-2026-000001");
    // The listener reconnected on its own (with backoff) and hears another process again.
    await until(() => heard.length >= 3, 10_000);
    heard.length = 0;
    await other.outbox.enqueue("zalo", "55", [{ text: "Hồ sơ của anh/chị đã được tiếp nhận" }]);
    await until(() => heard.length > 0, 3000);
    expect(heard).toEqual(["zalo"]);

    const log = lines.join("\n");
    expect(log).toMatch(/database unreachable/);
    expect(log).toMatch(/database reachable again/);
    expect(log).toMatch(/reconnecting the notification listener/);
    expect(log).toMatch(/notification listener reconnected/);
    expect(log).not.toContain(PASSWORD);
  } finally {
    await Promise.all([s.close(), other.close()]);
  }
}, 60_000);

it("fails to open with StorageUnavailableError when no server answers", async () => {
  const url = await pgServer().createDatabase();
  await pgServer().halt();
  try {
    await expect(openPostgresStorage({ url, poolSize: 1 })).rejects.toBeInstanceOf(StorageUnavailableError);
  } finally {
    await pgServer().resume();
  }
});
