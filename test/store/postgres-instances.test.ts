import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { StorageError, type Storage } from "../../src/domain/storage.ts";
import type { Channel } from "../../src/engine/types.ts";
import { migrate, openPostgresStorage } from "../../src/store/postgres/index.ts";
import { loadMigrations } from "../../src/store/postgres/migrate.ts";
import { bundle } from "../../scripts/build.ts";
import { usePostgres } from "../support/use-postgres.ts";
import { zaloSession } from "../support/records.ts";
import { application } from "./contract.ts";

const pgServer = usePostgres();

/** Every migration in the folder, in order: each new one must apply on top of the others. */
const allMigrations = loadMigrations().map((m) => m.name);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sql<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Two Storage objects with pools of their own on one database, as two bot processes would have. */
async function twoInstances(body: (a: Storage, b: Storage, url: string) => Promise<void>): Promise<void> {
  const url = await pgServer().createDatabase();
  const a = await openPostgresStorage({ url, poolSize: 5 });
  const b = await openPostgresStorage({ url, poolSize: 5 });
  try {
    await body(a, b, url);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

/** Subscribes to `storage`'s onEnqueue and waits until its LISTEN is in place (it then calls once for every channel). */
async function listening(storage: Storage): Promise<{ heard: Channel[]; stop: () => void }> {
  const heard: Channel[] = [];
  const stop = storage.delivery.onEnqueue((channel) => heard.push(channel));
  for (let i = 0; i < 100 && heard.length < 3; i++) await sleep(20);
  expect(heard.sort()).toEqual(["telegram", "terminal", "zalo"]);
  heard.length = 0;
  return { heard, stop };
}

describe("postgresql migrations", () => {
  it("applies each migration once, records it, and is safe to run again or from two processes at once", async () => {
    const url = await pgServer().createDatabase({ empty: true });
    const [first, second] = await Promise.all([migrate(url), migrate(url)]);
    expect(allMigrations[0]).toBe("0001_init");
    expect([...(first ?? []), ...(second ?? [])]).toEqual(allMigrations);
    expect(await migrate(url)).toEqual([]);
    const recorded = await sql<{ name: string; checksum: string }>(url, "SELECT name, checksum FROM schema_migrations");
    expect(recorded.map((r) => r.name)).toEqual(allMigrations);
    expect(recorded[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    const tables = await sql<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["application_counters", "applications", "contacts", "outbox", "processed_updates", "question_log", "question_tallies", "schema_migrations", "sessions"]));
    // Opening runs no migration a second time.
    const storage = await openPostgresStorage({ url, poolSize: 2 });
    await storage.close();
    expect((await sql(url, "SELECT name FROM schema_migrations")).length).toBe(allMigrations.length);
  });

  it("with migrate: false, refuses a database that lacks migrations, naming the command", async () => {
    const url = await pgServer().createDatabase({ empty: true });
    const opening = openPostgresStorage({ url, poolSize: 2, migrate: false });
    await expect(opening).rejects.toBeInstanceOf(StorageError);
    await expect(opening).rejects.toThrow(/db:migrate/);
    await migrate(url);
    const storage = await openPostgresStorage({ url, poolSize: 2, migrate: false });
    await storage.close();
  });

  it("finds its migrations in a production bundle too (npm start runs dist/)", async () => {
    const url = await pgServer().createDatabase({ empty: true });
    const outdir = `.scratch/pg-bundle-${process.pid}`;
    try {
      await bundle(["src/cli/db-migrate.ts"], outdir);
      const { stdout } = await promisify(execFile)("node", [`${outdir}/db-migrate.js`], { env: { ...process.env, DATABASE_URL: url } });
      for (const name of allMigrations) expect(stdout).toContain(name);
      expect((await sql(url, "SELECT name FROM schema_migrations")).length).toBe(allMigrations.length);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });

  it("describes the database without the password", async () => {
    const url = pgServer().url(new URL(await pgServer().createDatabase()).pathname.slice(1), "mat-khau-bi-mat");
    const storage = await openPostgresStorage({ url, poolSize: 1 });
    try {
      expect(storage.description).toMatch(/^postgresql 127\.0\.0\.1:\d+\/kc_test_\d+$/);
      expect(storage.description).not.toContain("mat-khau");
    } finally {
      await storage.close();
    }
  });
});

describe("postgresql: two instances on one database", () => {
  it("give unique, gapless codes when both submit at once", () =>
    twoInstances(async (a, b) => {
      const codes = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? a : b).transaction(async (tx) => {
            const code = await tx.applications.nextCode(2026);
            await tx.applications.save(application(code, String(i)));
            return code;
          }),
        ),
      );
      expect(new Set(codes).size).toBe(30);
      expect(codes.map((c) => Number(c.slice(-6))).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(await a.applications.count()).toBe(30);
    }));

  it("hand each notification over once when both deliver at once", () =>
    twoInstances(async (a, b) => {
      for (let i = 0; i < 24; i++) await (i % 2 ? a : b).outbox.enqueue("zalo", "55", [{ text: String(i) }]);
      const sent: string[] = [];
      const deliver = async (item: { replies: { text: string }[] }) => {
        await sleep(3);
        sent.push(item.replies[0]?.text ?? "");
      };
      const counts = await Promise.all([a.delivery.deliverDue("zalo", deliver, { limit: 50 }), b.delivery.deliverDue("zalo", deliver, { limit: 50 }), a.delivery.deliverDue("zalo", deliver, { limit: 50 })]);
      expect(counts.reduce((x, y) => x + y, 0)).toBe(24);
      // Both instances took part: the claim skips locked rows rather than waiting for them.
      expect(counts[1]).toBeGreaterThan(0);
      expect(sent.map(Number).sort((x, y) => x - y)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      expect(await b.delivery.pending()).toEqual([]);
    }));

  it("keep one user's transactions in order across instances, other users alongside", () =>
    twoInstances(async (a, b) => {
      const events: string[] = [];
      const slow = (s: Storage, key: string, label: string) =>
        s.transaction(
          async (tx) => {
            events.push(`${label} start`);
            const session = (await tx.sessions.get(key)) ?? zaloSession(key.split(":")[1] as string, {});
            await sleep(120);
            await tx.sessions.save({ ...session, updatedAt: session.updatedAt + 1 }, { durable: true });
            events.push(`${label} end`);
          },
          { lockKey: key },
        );
      const first = slow(a, "zalo:1", "a");
      await sleep(30);
      await Promise.all([first, slow(b, "zalo:1", "b"), slow(b, "zalo:2", "c")]);
      expect(events.indexOf("b start")).toBeGreaterThan(events.indexOf("a end"));
      expect(events.indexOf("c start")).toBeLessThan(events.indexOf("a end"));
      // Each saw the other's write: no update was lost.
      expect((await a.sessions.get("zalo:1"))?.updatedAt).toBe(3);
    }));

  it("wake the other instance's onEnqueue through NOTIFY on commit, not on rollback", () =>
    twoInstances(async (a, b) => {
      const { heard, stop } = await listening(b);
      try {
        await expect(
          a.transaction(async (tx) => {
            await tx.outbox.enqueue("zalo", "55", [{ text: "không gửi" }]);
            throw new Error("rolled back");
          }),
        ).rejects.toThrow("rolled back");
        await sleep(200);
        expect(heard).toEqual([]);
        await a.transaction(async (tx) => {
          await tx.outbox.enqueue("telegram", "-100", [{ text: "Hồ sơ mới" }]);
          await sleep(100);
          // Not before the commit.
          expect(heard).toEqual([]);
        });
        for (let i = 0; i < 100 && heard.length === 0; i++) await sleep(10);
        expect(heard).toEqual(["telegram"]);
      } finally {
        stop();
      }
    }));

  it("answer an update id once when a retried webhook reaches both at once", () =>
    twoInstances(async (a, b) => {
      const results = await Promise.all([
        a.transaction(async (tx) => {
          const first = await tx.updates.firstTime("telegram", "777");
          await sleep(100);
          return first;
        }),
        (async () => {
          await sleep(20);
          return b.updates.firstTime("telegram", "777");
        })(),
      ]);
      expect(results.sort()).toEqual([false, true]);
    }));

  it("hold the question cap when one user's questions reach both at once", () =>
    twoInstances(async (a, b) => {
      const q = { at: "2026-12-02T03:00:00.000Z", channel: "zalo" as const, userId: "1", text: "xổ số", zone: "none" as const, topIds: [] };
      const limit = { perUserPerDay: 3, dayStart: new Date("2026-12-01T17:00:00Z") };
      const added = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).questions.add(q, limit)));
      expect(added.filter(Boolean).length).toBe(3);
      expect(await b.questions.count()).toBe(3);
    }));
});

describe("postgresql: one instance", () => {
  it("queues one busy user's transactions in the process, so other users still get a connection", async () => {
    const url = await pgServer().createDatabase();
    const s = await openPostgresStorage({ url, poolSize: 2 });
    try {
      const done: string[] = [];
      const busy = Array.from({ length: 5 }, (_, i) =>
        s.transaction(
          async (tx) => {
            await tx.sessions.get("zalo:1");
            await sleep(80);
            done.push(`busy ${i}`);
          },
          { lockKey: "zalo:1" },
        ),
      );
      await sleep(20);
      await s.transaction(async (tx) => void (await tx.sessions.get("zalo:2")), { lockKey: "zalo:2" });
      done.push("other");
      await Promise.all(busy);
      expect(done.indexOf("other")).toBeLessThanOrEqual(1);
    } finally {
      await s.close();
    }
  });

  it("stores text holding U+0000, which jsonb refuses, without failing the user's writes", async () => {
    const url = await pgServer().createDatabase();
    const s = await openPostgresStorage({ url, poolSize: 2 });
    try {
      await s.sessions.save(zaloSession("1", { facilityName: "Mộc\\u0000An" }, { displayName: "Lan\u0000Anh" }), { durable: true });
      const saved = await s.sessions.get("zalo:1");
      expect(saved?.displayName).toBe("Lan\uFFFDAnh");
      // A backslash followed by the letters u0000 is text, kept as it is.
      expect(saved?.draft?.answers.facilityName).toBe("Mộc\\u0000An");
    } finally {
      await s.close();
    }
  });
});

describe("postgresql update ids", () => {
  it("forgets ids seen more than a day ago when opened", async () => {
    const url = await pgServer().createDatabase();
    let now = new Date("2026-12-01T00:00:00Z");
    const clock = () => now;
    let s = await openPostgresStorage({ url, poolSize: 2, clock });
    await s.updates.firstTime("zalo", "old");
    now = new Date("2026-12-02T12:00:00Z");
    await s.updates.firstTime("zalo", "new");
    await s.close();
    s = await openPostgresStorage({ url, poolSize: 2, clock });
    try {
      expect((await sql<{ id: string }>(url, "SELECT id FROM processed_updates")).map((r) => r.id)).toEqual(["new"]);
      expect(await s.updates.firstTime("zalo", "new")).toBe(false);
    } finally {
      await s.close();
    }
  });
});
