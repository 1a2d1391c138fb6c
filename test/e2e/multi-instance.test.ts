import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drive } from "../../bench/lib/drive.ts";
import { loadQuestions } from "../../bench/lib/questions.ts";
import { VirtualUser } from "../../bench/lib/virtual-user.ts";
import { webhookSender } from "../../bench/lib/webhook-send.ts";
import { bundle } from "../../scripts/build.ts";
import { loadConfig } from "../../src/config.ts";
import type { Storage } from "../../src/domain/storage.ts";
import { silentLogger } from "../../src/logger.ts";
import { openStorage } from "../../src/store/open.ts";
import { startCluster, telegramUpdate, TELEGRAM_HOOK, ZALO_HOOK, zaloWebhookUpdate, type Cluster, updateHandled } from "../support/cluster.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

/**
 * Two bot processes (the production bundle, webhook mode, Telegram and Zalo
 * against the local stand-ins) on one PostgreSQL, behind a round-robin proxy:
 * a webhook retried to the other instance is answered once, and with one
 * instance killed mid-run nothing acknowledged is lost, codes are unique and
 * every officer notification is delivered.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUILD = join(ROOT, "test/e2e/.build");

let postgres: TestPostgres;
let cluster: Cluster;
let storage: Storage;
const logs: string[] = [];

beforeAll(async () => {
  const [pgServer] = await Promise.all([startPostgres(), bundle([join(ROOT, "src/main.ts")], BUILD)]);
  postgres = pgServer;
  const url = await postgres.createDatabase();
  cluster = await startCluster({ databaseUrl: url, mainJs: join(BUILD, "main.js"), onLog: (line) => logs.push(line) });
  storage = await openStorage(loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: "2" }), { logger: silentLogger });
}, 60_000);

afterAll(async () => {
  await storage?.close();
  await cluster?.stop();
  await postgres?.stop();
}, 30_000);

const waitFor = async (predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("two bot instances on one PostgreSQL behind a round-robin proxy", () => {
  it("answers a Telegram update posted to both instances once", async () => {
    const inbound = { channel: "telegram" as const, userId: "900000001", chatId: "900000001", kind: "command" as const, command: "start" };
    const update = telegramUpdate(inbound, 77_000_001);
    expect(await cluster.post(TELEGRAM_HOOK, update, { instance: 0 })).toBe(200);
    const once = cluster.telegram.sentTo("900000001").length;
    expect(once).toBeGreaterThan(0);
    // The same update again, to the other instance (Telegram retrying a webhook it thinks failed), and to both at once.
    expect(await cluster.post(TELEGRAM_HOOK, update, { instance: 1 })).toBe(200);
    await Promise.all([cluster.post(TELEGRAM_HOOK, update, { instance: 0 }), cluster.post(TELEGRAM_HOOK, update, { instance: 1 })]);
    expect(cluster.telegram.sentTo("900000001")).toHaveLength(once);
  });

  it("answers a Zalo update posted to both instances at once, once", async () => {
    const single = { channel: "zalo" as const, userId: "za11111111", chatId: "za11111111", kind: "text" as const, text: "Xin chào" };
    expect(await cluster.post(ZALO_HOOK, zaloWebhookUpdate(single, "e2e-single-1"))).toBe(200);
    await waitFor(() => cluster.zalo.sentTexts("za11111111").length > 0, 10_000, "the reply to one update");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const once = cluster.zalo.sentTexts("za11111111").length;

    const twice = { ...single, userId: "za22222222", chatId: "za22222222" };
    const body = zaloWebhookUpdate(twice, "e2e-double-1");
    const statuses = await Promise.all([cluster.post(ZALO_HOOK, body, { instance: 0 }), cluster.post(ZALO_HOOK, body, { instance: 1 })]);
    expect(statuses).toEqual([200, 200]);
    await waitFor(() => cluster.zalo.sentTexts("za22222222").length >= once, 10_000, "the reply to the doubled update");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cluster.zalo.sentTexts("za22222222")).toHaveLength(once);
  });

  it("loses nothing acknowledged when one instance is killed mid-run", async () => {
    const processed = (channel: "zalo", id: string) => updateHandled(storage, channel, id);
    const sender = webhookSender(cluster, { processed, replyTimeoutMs: 4_000 });
    const questions = loadQuestions();
    const users: VirtualUser[] = [];
    const started = new Date();
    let sent = 0;
    const run = await drive({
      // Every user applies; messages alternate between the instances (round-robin) until one is killed.
      send: async (step, user) => {
        if (++sent === 90) cluster.kill(1);
        return sender.send(step, user);
      },
      users: 10,
      active: 10,
      inflight: 10,
      makeUser: (i) => {
        const user = new VirtualUser(i, questions, (key) => storage.sessions.get(key), { idPrefix: "e2e", channel: i % 2 === 0 ? "telegram" : "zalo", telegramIdBase: 910_000_000, plan: { applies: true, questions: 1 } });
        users.push(user);
        return user;
      },
    });
    expect(cluster.instances[1]?.alive).toBe(false);
    expect(run.messages).toBeGreaterThan(90);
    expect(run.failures).toEqual([]);

    // Nothing acknowledged lost, codes unique, one application per submission.
    const acknowledged = users.filter((u) => u.code);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length + run.interrupted.length).toBe(users.length);
    for (const user of acknowledged) expect((await storage.applications.get(user.code as string))?.userId).toBe(user.userId);
    const created = (await storage.applications.list()).filter((a) => new Date(a.submittedAt) >= started);
    expect(new Set(created.map((a) => a.code)).size).toBe(created.length);
    expect(new Set(created.map((a) => `${a.channel}:${a.userId}`)).size).toBe(created.length);

    // Every officer notification delivered (by the surviving instance if the other held it), duplicates counted.
    await waitFor(() => created.every((a) => sender.officers.telegram.has(a.code) && sender.officers.zalo.has(a.code)), 20_000, "every officer notification");
    const duplicates = [...sender.officers.telegram.values(), ...sender.officers.zalo.values()].filter((n) => n > 1).length;
    console.log(`e2e: ${run.messages} messages, ${acknowledged.length} acknowledged submissions, ${run.interrupted.length} users cut off by the kill, ${created.length} stored, ${duplicates} notifications delivered twice, ${sender.stats.retried} POSTs retried`);
    sender.close();
    expect(logs.filter((l) => /ERROR/.test(l) && !/\[bot 1\]/.test(l))).toEqual([]);
  }, 60_000);
});
