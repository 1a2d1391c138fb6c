/**
 * Child process of `npm run bench`: two bot instances (the production bundle,
 * webhook mode, Telegram and Zalo) on one PostgreSQL (DATABASE_URL), behind a
 * round-robin proxy on loopback, replying to local stand-ins of both APIs.
 * Simulated users, half on Telegram and half on Zalo, send real HTTP POSTs of
 * webhook updates through the proxy; one instance is killed (SIGKILL) mid-load.
 * Then: every submission acknowledged to a user (a code in the reply) is in
 * the database, no code was given twice, and every officer notification was
 * delivered (duplicates counted). Prints one JSON result (see lib/child-io.ts).
 *
 *   DATABASE_URL=… node bench/.build/webhook.js --main bench/.build/main.js [--users 3000] [--active 300] [--inflight 32]
 *     [--kill-after-seconds 15] [--budget-seconds 60]
 */
import { performance } from "node:perf_hooks";
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/logger.ts";
import { openStorage } from "../src/store/open.ts";
import { startCluster, updateHandled } from "../test/support/cluster.ts";
import { argNumber, argValue, emitResult } from "./lib/child-io.ts";
import { drive } from "./lib/drive.ts";
import { loadQuestions } from "./lib/questions.ts";
import { summarize } from "./lib/stats.ts";
import { VirtualUser, type MessageKind } from "./lib/virtual-user.ts";
import { webhookSender } from "./lib/webhook-send.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const mainJs = argValue("main", "");
if (!mainJs) throw new Error("--main is required");
const users = argNumber("users", 3_000);
const active = argNumber("active", 300);
const inflight = argNumber("inflight", 32);
const killAfterMs = argNumber("kill-after-seconds", 15) * 1000;
const budgetMs = argNumber("budget-seconds", 60) * 1000;
const poolSize = argValue("pool-size", "10");

const logs: string[] = [];
const cluster = await startCluster({
  databaseUrl,
  mainJs,
  record: false,
  env: { DATABASE_POOL_SIZE: poolSize },
  onLog: (line) => {
    // The readiness probe posts without the secret: not worth reporting.
    if (logs.length < 200 && !/refused: missing or wrong secret/.test(line)) logs.push(line.slice(0, 500));
  },
});
const storage = await openStorage(loadConfig({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "4" }), { logger: silentLogger });
try {
  const existingApplications = await storage.applications.count();
  const questions = loadQuestions();
  const processed = (channel: "zalo", id: string) => updateHandled(storage, channel, id);
  const sender = webhookSender(cluster, { processed });
  const made: VirtualUser[] = [];
  const runStartedAt = new Date();
  let killedAtMs: number | undefined;
  const driveStarted = performance.now();
  const killer = setTimeout(() => {
    killedAtMs = performance.now() - driveStarted;
    cluster.kill(1);
    process.stderr.write(`  … instance 1 killed (SIGKILL) after ${(killedAtMs / 1000).toFixed(1)} s\n`);
  }, killAfterMs);
  const cpuBefore = process.cpuUsage();
  const run = await drive({
    send: sender.send,
    users,
    active,
    inflight,
    budgetMs,
    makeUser: (i) => {
      const user = new VirtualUser(i, questions, (key) => storage.sessions.get(key), { idPrefix: "wz", channel: i % 2 === 0 ? "telegram" : "zalo", telegramIdBase: 8_000_000_000 });
      made.push(user);
      return user;
    },
    progress: (messages, ms) => process.stderr.write(`  … ${messages} messages in ${(ms / 1000).toFixed(0)} s (${Math.round(messages / (ms / 1000))} msg/s)\n`),
  });
  clearTimeout(killer);
  const driverCpu = process.cpuUsage(cpuBefore);

  // Every acknowledged submission stored, under its user; no code given twice.
  const acknowledged = made.filter((u) => u.code);
  let lost = 0;
  for (const user of acknowledged) {
    const app = await storage.applications.get(user.code as string);
    if (!app || app.userId !== user.userId) lost++;
  }
  const codes = acknowledged.map((u) => u.code as string);
  const duplicateCodes = codes.length - new Set(codes).size;
  const created = (await storage.applications.list()).filter((a) => new Date(a.submittedAt) >= runStartedAt);
  const perUser = new Map<string, number>();
  for (const app of created) perUser.set(`${app.channel}:${app.userId}`, (perUser.get(`${app.channel}:${app.userId}`) ?? 0) + 1);
  const duplicateSubmissions = [...perUser.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);

  // Every officer notification delivered: each new application on both officer chats (the surviving instance takes over what the killed one held).
  const waitStarted = performance.now();
  const missing = () => created.filter((a) => !sender.officers.telegram.has(a.code) || !sender.officers.zalo.has(a.code)).length;
  while ((missing() > 0 || (await storage.delivery.pending()).length > 0) && performance.now() - waitStarted < 90_000) await new Promise((resolve) => setTimeout(resolve, 250));
  const notificationsWaitMs = performance.now() - waitStarted;
  const duplicates = (tally: Map<string, number>) => [...tally.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  sender.close();

  const byKind: Record<string, ReturnType<typeof summarize>> = {};
  for (const kind of new Set(run.kinds)) byKind[kind] = summarize(run.latencies.filter((_, i) => run.kinds[i] === (kind as MessageKind)));
  emitResult({
    instances: cluster.instances.length,
    users,
    started: run.started,
    active,
    inflight,
    existingApplications,
    messages: run.messages,
    durationMs: run.durationMs,
    messagesPerSecond: run.messages / (run.durationMs / 1000),
    latency: summarize(run.latencies),
    byKind,
    killedAtMs,
    submitted: run.submitted,
    acknowledged: acknowledged.length,
    lostAcknowledged: lost,
    duplicateCodes,
    duplicateSubmissions,
    createdApplications: created.length,
    notifications: {
      expected: created.length * 2,
      missing: missing(),
      duplicatesTelegram: duplicates(sender.officers.telegram),
      duplicatesZalo: duplicates(sender.officers.zalo),
      waitMs: notificationsWaitMs,
      pending: (await storage.delivery.pending()).length,
    },
    interruptedUsers: run.interrupted.length,
    interrupted: run.interrupted.slice(0, 10),
    failureCount: run.failures.length,
    failures: run.failures.slice(0, 20),
    retried: sender.stats.retried,
    unanswered: sender.stats.unanswered,
    driverCpuCores: (driverCpu.user + driverCpu.system) / 1000 / run.durationMs,
    logs: logs.slice(0, 50),
  });
} finally {
  await storage.close();
  await cluster.stop();
}
