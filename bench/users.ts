/**
 * Child process of `npm run bench`: simulated users on the real engine and real
 * lowdb files. Prints one JSON result (see lib/child.ts).
 *
 *   node --import tsx bench/users.ts --data-dir DIR [--users 10000] [--active 500] [--inflight 8] [--budget-seconds 0] [--trace]
 *     [--id-prefix zu] [--crash]
 *
 * --crash: once the users are done, the process exits without closing the
 * store, as a crash would: what is in the journal stays there, the session
 * changes still being coalesced are lost, and no checkpoint runs.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { createApp } from "../src/app.ts";
import { createLogger } from "../src/logger.ts";
import { openStore } from "../src/store/store.ts";
import { OLD_WAL_FILE, WAL_FILE } from "../src/store/wal.ts";
import { argNumber, argValue, emitResult } from "./lib/child.ts";
import { benchConfig } from "./lib/config.ts";
import { drive } from "./lib/drive.ts";
import { dataFiles, groupFiles } from "./lib/files.ts";
import { startRssSampler } from "./lib/memory.ts";
import { loadQuestions } from "./lib/questions.ts";
import { summarize } from "./lib/stats.ts";
import { traceWrites } from "./lib/trace.ts";
import { VirtualUser, type MessageKind } from "./lib/virtual-user.ts";

const dataDir = argValue("data-dir", "");
if (!dataDir) throw new Error("--data-dir is required");
const users = argNumber("users", 10_000);
const active = argNumber("active", 500);
const inflight = argNumber("inflight", 8);
const budgetMs = argNumber("budget-seconds", 0) * 1000;
const idPrefix = argValue("id-prefix", "zu");
const crash = process.argv.includes("--crash");
const trace = process.argv.includes("--trace") ? traceWrites() : undefined;

const sampler = startRssSampler();
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
let errors = 0;
const logger = createLogger("error", (line) => {
  errors++;
  if (errors <= 3) process.stderr.write(`${line.slice(0, 2000)}\n`);
});

const openStarted = performance.now();
const app = await createApp(benchConfig(dataDir), { logger });
const openMs = performance.now() - openStarted;
const existing = { sessions: app.store.sessions.count(), applications: app.store.applications.count() };
const questions = loadQuestions();

const cpuBefore = process.cpuUsage();
loopDelay.enable();
const run = await drive({
  engine: app.engine,
  users,
  active,
  inflight,
  budgetMs,
  makeUser: (i) => new VirtualUser(i, questions, (key) => app.store.sessions.get(key), { idPrefix }),
  progress: (messages, ms) => process.stderr.write(`  … ${messages} messages in ${(ms / 1000).toFixed(0)} s (${Math.round(messages / (ms / 1000))} msg/s)\n`),
});
loopDelay.disable();
const cpu = process.cpuUsage(cpuBefore);

if (crash) {
  // Both journals: the current one, and the one set aside by a checkpoint the exit cut short.
  const journalBytes = [WAL_FILE, OLD_WAL_FILE].reduce((sum, name) => sum + (statSync(join(dataDir, name), { throwIfNoEntry: false })?.size ?? 0), 0);
  emitResult({ messages: run.messages, submitted: run.submitted, failureCount: run.failures.length, engineErrors: errors, journalBytes });
  process.exit(0);
}

// Live heap after the run (with --expose-gc only: a full collection first), for telling live data from garbage.
(globalThis as { gc?: () => void }).gc?.();
const liveHeapBytes = process.memoryUsage().heapUsed;

// Records changed since the last checkpoint are held in memory; the rest are read from their snapshot files.
const inMemory = { sessions: app.store.sessions.table.countInMemory(), applications: app.store.applications.table.countInMemory() };

const closeStarted = performance.now();
await app.close();
const closeMs = performance.now() - closeStarted;
const memory = sampler.stop();
const heapUsedBytes = process.memoryUsage().heapUsed;

// Everything acknowledged is on disk: reopen (every file is parsed and validated) and check.
const reopened = await openStore(dataDir, { sessionFlushMs: 0 });
const expectedApplications = existing.applications + run.submitted;
const verification = {
  sessions: reopened.sessions.count(),
  expectedSessions: existing.sessions + run.started,
  applications: reopened.applications.count(),
  expectedApplications,
  outboxItems: reopened.outbox.all().length,
};
await reopened.close();

const byKind: Record<string, ReturnType<typeof summarize>> = {};
for (const kind of new Set(run.kinds)) byKind[kind] = summarize(run.latencies.filter((_, i) => run.kinds[i] === (kind as MessageKind)));
const files = dataFiles(dataDir);

emitResult({
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
  inMemory,
  heapUsedBytes,
  liveHeapBytes,
  files,
  fileGroups: groupFiles(files),
  verification,
  trace: trace?.(),
});
