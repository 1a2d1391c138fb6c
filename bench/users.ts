/**
 * Child process of `npm run bench`: simulated users on the real engine and the
 * real storage (the lowdb files in --data-dir, or PostgreSQL when DATABASE_URL
 * is set). Prints one JSON result (see lib/child-io.ts).
 *
 *   node bench/.build/users.js --data-dir DIR [--users 10000] [--active 500] [--inflight 8] [--budget-seconds 0] [--id-prefix zu]
 */
import { existsSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { createApp } from "../src/app.ts";
import { startOutboxDelivery } from "../src/channels/outbox-delivery.ts";
import { createLogger, silentLogger } from "../src/logger.ts";
import { openStorage } from "../src/store/open.ts";
import { argNumber, argValue, emitResult } from "./lib/child-io.ts";
import { benchConfig } from "./lib/config.ts";
import { drive, engineSend } from "./lib/drive.ts";
import { dataFiles, groupFiles } from "./lib/files.ts";
import { startRssSampler } from "./lib/memory.ts";
import { loadQuestions } from "./lib/questions.ts";
import { summarize } from "./lib/stats.ts";
import { VirtualUser, type MessageKind } from "./lib/virtual-user.ts";

const dataDir = argValue("data-dir", "");
if (!dataDir) throw new Error("--data-dir is required");
const users = argNumber("users", 10_000);
const active = argNumber("active", 500);
const inflight = argNumber("inflight", 8);
const budgetMs = argNumber("budget-seconds", 0) * 1000;
const idPrefix = argValue("id-prefix", "zu");

const sampler = startRssSampler();
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
let errors = 0;
const logger = createLogger("error", (line) => {
  errors++;
  if (errors <= 3) process.stderr.write(`${line.slice(0, 2000)}\n`);
});

const config = benchConfig(dataDir);
const openStarted = performance.now();
const app = await createApp(config, { logger });
const openMs = performance.now() - openStarted;
const existing = { sessions: await app.store.sessions.count(), applications: await app.store.applications.count() };
const questions = loadQuestions();

// The running bot's Zalo channel delivers the officer notifications as they are queued; here a delivery
// that sends nowhere stands in for it, so the queue stays as small as in production instead of growing
// with every submission of the run.
const delivery = startOutboxDelivery({ delivery: app.store.delivery, channel: "zalo", deliver: async () => {}, logger });

const cpuBefore = process.cpuUsage();
loopDelay.enable();
const run = await drive({
  send: engineSend(app.engine),
  users,
  active,
  inflight,
  budgetMs,
  makeUser: (i) => new VirtualUser(i, questions, (key) => app.store.sessions.get(key), { idPrefix }),
  progress: (messages, ms) => process.stderr.write(`  … ${messages} messages in ${(ms / 1000).toFixed(0)} s (${Math.round(messages / (ms / 1000))} msg/s)\n`),
});
loopDelay.disable();
const cpu = process.cpuUsage(cpuBefore);

// Live heap after the run (with --expose-gc only: a full collection first), for telling live data from garbage.
(globalThis as { gc?: () => void }).gc?.();
const liveHeapBytes = process.memoryUsage().heapUsed;

const closeStarted = performance.now();
await delivery.stop();
await app.close();
const closeMs = performance.now() - closeStarted;
const memory = sampler.stop();

// Everything acknowledged is stored: reopen (lowdb parses and validates every file it reads) and count.
const reopened = await openStorage(config, { logger: silentLogger, readOnly: true });
const verification = {
  sessions: await reopened.sessions.count(),
  expectedSessions: existing.sessions + run.started,
  applications: await reopened.applications.count(),
  expectedApplications: existing.applications + run.submitted,
  outboxItems: (await reopened.delivery.pending()).length,
};
await reopened.close();

const byKind: Record<string, ReturnType<typeof summarize>> = {};
for (const kind of new Set(run.kinds)) byKind[kind] = summarize(run.latencies.filter((_, i) => run.kinds[i] === (kind as MessageKind)));
const files = config.DATABASE_URL || !existsSync(dataDir) ? [] : dataFiles(dataDir);

emitResult({
  storage: app.store.description,
  users,
  started: run.started,
  active,
  inflight,
  existing,
  openMs,
  messages: run.messages,
  durationMs: run.durationMs,
  messagesPerSecond: run.messages / (run.durationMs / 1000),
  latency: summarize(run.latencies),
  byKind,
  submitted: run.submitted,
  failures: run.failures.slice(0, 20),
  failureCount: run.failures.length,
  engineErrors: errors,
  peakActive: run.peakActive,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  cpuCores: (cpu.user + cpu.system) / 1000 / run.durationMs,
  eventLoopDelay: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  closeMs,
  peakRssBytes: memory.peakRssBytes,
  memoryAtPeak: memory.atPeak,
  liveHeapBytes,
  // By group only: a list of every file (4,000 with the previous copies) would bury results.json.
  fileGroups: groupFiles(files),
  verification,
});
