/**
 * Child process of `npm run bench`: start-up to the first message handled, as
 * a bot on Telegram or Zalo starts. Modules are imported here, after the
 * process started, so their loading counts; then createApp (knowledge base,
 * opening storage: with lowdb the applications, outbox, contacts and question
 * log are read; session files are read when one of their users writes) and one
 * engine.handle. Times are since the process started (performance.timeOrigin).
 */
import { performance } from "node:perf_hooks";

const scriptStartMs = performance.now();
const { argValue, emitResult } = await import("./lib/child-io.ts");
const { benchConfig } = await import("./lib/config.ts");
const { createApp } = await import("../src/app.ts");
const { silentLogger } = await import("../src/logger.ts");
const importedMs = performance.now();

const dataDir = argValue("data-dir", "");
if (!dataDir) throw new Error("--data-dir is required");
const app = await createApp(benchConfig(dataDir), { logger: silentLogger });
const appMs = performance.now();
const replies = await app.engine.handle({ channel: "zalo", userId: "startup-probe", chatId: "startup-probe", kind: "text", text: "Xin chào" });
const firstReplyMs = performance.now();
if (replies.length === 0) throw new Error("no reply to the first message");

emitResult({
  scriptStartMs,
  importsMs: importedMs - scriptStartMs,
  createAppMs: appMs - importedMs,
  firstHandleMs: firstReplyMs - appMs,
  sinceProcessStartMs: firstReplyMs,
  rssBytes: process.memoryUsage.rss(),
});
await app.close();
