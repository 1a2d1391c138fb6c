/**
 * Child process of `npm run bench`: start-up to the first message handled, as
 * a bot on Telegram or Zalo starts (session files loading in the background).
 * Modules are imported here, after the process started, so their loading
 * (and tsx's transpiling) counts; then createApp and one engine.handle.
 * Times are since the process started (performance.timeOrigin). Then, until
 * every file is loaded and validated (`ready`), messages from other users keep
 * coming, one at a time, and their slowest reply is reported: the cost of
 * loading in the background.
 */
import { performance } from "node:perf_hooks";

const scriptStartMs = performance.now();
const { argValue, emitResult } = await import("./lib/child.ts");
const { benchConfig } = await import("./lib/config.ts");
const { createApp } = await import("../src/app.ts");
const { silentLogger } = await import("../src/logger.ts");
const importedMs = performance.now();

const dataDir = argValue("data-dir", "");
if (!dataDir) throw new Error("--data-dir is required");
const app = await createApp(benchConfig(dataDir), { logger: silentLogger, sessionsInBackground: true });
const appMs = performance.now();
const replies = await app.engine.handle({ channel: "zalo", userId: "startup-probe", chatId: "startup-probe", kind: "text", text: "Xin chào" });
const firstReplyMs = performance.now();
if (replies.length === 0) throw new Error("no reply to the first message");

let loaded = false;
void app.store.ready.then(() => (loaded = true));
let duringLoad = 0;
let slowestDuringLoadMs = 0;
while (!loaded) {
  const started = performance.now();
  await app.engine.handle({ channel: "zalo", userId: `warmup-${duringLoad}`, chatId: `warmup-${duringLoad}`, kind: "text", text: "menu" });
  slowestDuringLoadMs = Math.max(slowestDuringLoadMs, performance.now() - started);
  duringLoad++;
}
await app.store.ready;
const readyMs = performance.now();

emitResult({
  scriptStartMs,
  importsMs: importedMs - scriptStartMs,
  createAppMs: appMs - importedMs,
  firstHandleMs: firstReplyMs - appMs,
  sinceProcessStartMs: firstReplyMs,
  allLoadedMs: readyMs,
  messagesDuringLoad: duringLoad,
  slowestDuringLoadMs,
  sessions: app.store.sessions.count(),
  applications: app.store.applications.count(),
  rssBytes: process.memoryUsage.rss(),
});
await app.close();
