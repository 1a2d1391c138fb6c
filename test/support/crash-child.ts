/**
 * The child process of the crash test (test/durability/crash.test.ts): the real
 * app (engine + storage, session writes coalesced as in production) under a
 * burst of messages from many users, until it is killed. The storage is the
 * lowdb files in DATA_DIR, or PostgreSQL when DATABASE_URL is set; with lowdb
 * the child also serves the officer CLI's loopback endpoint, as the bot does
 * (src/main.ts), so that the CLI hands its status changes to it.
 *
 * Users "s…" fill the whole application form and submit it; users "d…" answer
 * a few fields per visit and leave a draft. Users with a draft left by an
 * earlier (killed) run are continued. Each fact the user is told is printed on
 * one line the moment engine.handle resolves, i.e. after the engine considers it
 * safe on disk:
 *   READY <pid> <thread|here>          store open, lock taken, officer endpoint up; where lowdb's file steps ran (src/store/lowdb/disk-thread.ts)
 *   ACK <userId> <fieldId> <json>      "✔️" for a form answer (draft written with putNow)
 *   CODE <userId> <KC-…>               a submission was acknowledged
 *   LOCKED                             the data folder is held by another process (the CLI): exit code 3
 * Writes to a pipe are synchronous on Linux, so a printed line is never lost by the kill.
 */
import { resolve } from "node:path";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { fieldById } from "../../src/form/fields.ts";
import type { Inbound, InboundPayload, Reply } from "../../src/engine/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { startControlServer } from "../../src/officer/control.ts";
import { diskThread } from "../../src/store/lowdb/disk-thread.ts";
import { DataDirLockedError } from "../../src/store/lowdb/lock.ts";

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error("DATA_DIR is required");
const run = Number(process.env.CRASH_RUN ?? 0);
const say = (line: string) => process.stdout.write(`${line}\n`);

const config = loadConfig({
  DATA_DIR: dataDir,
  DATABASE_URL: process.env.DATABASE_URL ?? "",
  KNOWLEDGE_DIR: process.env.KNOWLEDGE_DIR ?? "knowledge",
  SESSION_FLUSH_MS: "50",
  FLOOD_MAX_MESSAGES: "10000",
});
process.umask(0o077);
const app = await createApp(config, { logger: silentLogger }).catch((error: unknown) => {
  if (!(error instanceof DataDirLockedError)) throw error;
  say("LOCKED");
  process.exit(3);
});
if (!config.DATABASE_URL) await startControlServer({ dataDir: resolve(dataDir), storage: app.store, logger: silentLogger, clock: () => new Date() });
say(`READY ${process.pid} ${diskThread.onThread ? "thread" : "here"}`);

/** A small seeded generator, so that each run differs but can be replayed. */
let seed = (run + 1) * 2654435761;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");

/** A random tax code with a valid check digit (policy-facts §11). */
function taxCode(): string {
  for (;;) {
    const nine = `0${digits(8)}`;
    const sum = [31, 29, 23, 19, 17, 13, 7, 5, 3].reduce((acc, w, i) => acc + w * Number(nine[i]), 0);
    const check = 10 - (sum % 11);
    if (check < 10) return `${nine}${check}`;
  }
}

function answerFor(fieldId: string): string {
  switch (fieldId) {
    case "representative":
      return pick(["Nguyễn Văn An", "Trần Thị Bình", "Lò Văn Sáng", "Hoàng Thị Mai"]);
    case "position":
      return pick(["bỏ qua", "Chủ hộ kinh doanh", "Giám đốc"]);
    case "facilityName":
      return `Cơ sở mộc ${digits(4)}`;
    case "entityType":
      return pick(["hộ kinh doanh", "hợp tác xã"]);
    case "taxCode":
      return taxCode();
    case "province":
      return pick(["dien bien", "Lâm Đồng", "Hà Nội"]);
    case "commune":
      return "Xã Mường Chà";
    case "address":
      return `Thôn Na Sang ${1 + Math.floor(random() * 9)}`;
    case "phone":
      return `${pick(["091", "098", "096", "090", "093", "086", "035"])}${digits(7)}`;
    case "email":
      return pick(["bỏ qua", `coso${digits(3)}@gmail.com`]);
    case "sector":
      return "Mộc dân dụng";
    case "workers":
      return String(1 + Math.floor(random() * 200));
    case "supportId":
      return "máy móc";
    case "description":
      return "Mua 01 máy bào gỗ và 01 máy cưa CNC";
    case "licence":
      return "bỏ qua";
    case "totalCost":
      return pick(["500 triệu", "1,2 tỷ", "800.000.000"]);
    case "requested":
      return "200 triệu";
    case "startMonth":
      return "tháng 3 năm sau";
    case "endMonth":
      return "tháng 10 năm sau";
    case "previousSupport":
      return "chưa";
    case "consent":
      return "có";
    default:
      return "bỏ qua";
  }
}

const SIDE_QUESTIONS = ["hộ kinh doanh có được hỗ trợ không?", "hồ sơ gồm những gì?", "menu"];

async function send(userId: string, payload: InboundPayload): Promise<Reply[]> {
  return app.engine.handle({ channel: "telegram", userId, chatId: userId, displayName: "Khách", ...payload } as Inbound);
}

/** One visit of one user: continues or starts the form, answers up to `budget` fields, submits if a submitter. */
async function visit(userId: string, budget: number): Promise<void> {
  const key = `telegram:${userId}`;
  if ((await app.store.applications.ofUser("telegram", userId)).length > 0) return;
  if (!(await app.store.sessions.get(key))) await send(userId, { kind: "command", command: "start" });
  await send(userId, { kind: "text", text: "dangky" });
  if ((await app.store.sessions.get(key))?.state.name === "form-resume") await send(userId, { kind: "button", data: "f:resume" });
  const submitter = userId.startsWith("s");
  for (let answered = 0; answered < budget; ) {
    const state = (await app.store.sessions.get(key))?.state;
    if (state?.name === "form") {
      if (random() < 0.15) await send(userId, { kind: "text", text: pick(SIDE_QUESTIONS) });
      if ((await app.store.sessions.get(key))?.state.name !== "form") continue;
      const label = fieldById(state.fieldId)?.label ?? state.fieldId;
      const replies = await send(userId, { kind: "text", text: answerFor(state.fieldId) });
      if (replies.some((r) => r.text.startsWith(`✔️ ${label}:`))) {
        const value = (await app.store.sessions.get(key))?.draft?.answers[state.fieldId];
        say(`ACK ${userId} ${state.fieldId} ${JSON.stringify(value)}`);
        answered++;
      }
    } else if (state?.name === "form-review" && submitter) {
      const replies = await send(userId, { kind: "text", text: "nộp" });
      const code = replies.map((r) => /KC-\d{4}-\d{6}/.exec(r.text)?.[0]).find(Boolean);
      if (code) say(`CODE ${userId} ${code}`);
      return;
    } else if (state?.name === "menu" || state?.name === "form-resume") {
      // A side question ended on the menu: go back to the draft.
      await send(userId, { kind: "text", text: "dangky" });
      if ((await app.store.sessions.get(key))?.state.name === "form-resume") await send(userId, { kind: "button", data: "f:resume" });
      answered++;
    } else {
      return;
    }
  }
}

/** Users with a draft from an earlier run are continued first, then new users arrive until the kill. */
// Submitters first, so that their forms get finished over a few runs.
const leftOver = (await app.store.dump()).sessions
  .filter((s) => s.draft && /^[sd]\d/.test(s.userId))
  .map((s) => s.userId)
  .sort((a, b) => Number(b.startsWith("s")) - Number(a.startsWith("s")));
let nextUser = 0;
const nextUserId = () => leftOver.shift() ?? `${random() < 0.8 ? "s" : "d"}${run}x${nextUser++}`;

async function worker(): Promise<void> {
  for (;;) {
    const userId = nextUserId();
    await visit(userId, userId.startsWith("s") ? 40 : 2 + Math.floor(random() * 5));
  }
}

await Promise.all(Array.from({ length: 3 }, () => worker()));
