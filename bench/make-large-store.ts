/**
 * Child process of `npm run bench`: fills storage with a large store before
 * the bot starts: the lowdb files in --data-dir, or PostgreSQL when
 * DATABASE_URL is set (province scale: 5,000 applications, 20,000 sessions,
 * 1,000 of them with a draft; the PostgreSQL figures use 20,000 and 50,000).
 *
 * Records are cloned from real ones: a few simulated users first go through
 * the real engine on an in-memory store (submitting, stopping mid-form, or
 * only asking and checking eligibility), and their sessions and applications
 * are the templates. Everything is then written through the storage port
 * (`restore`, as `store:copy` does), so the layout is the adapter's own; the
 * storage is reopened and every generated key and code is looked up.
 *
 *   node bench/.build/make-large-store.js --data-dir DIR [--applications 5000] [--sessions 20000] [--drafts 1000]
 */
import { performance } from "node:perf_hooks";
import { createEngine } from "../src/engine/engine.ts";
import { officersFromConfig } from "../src/engine/officers.ts";
import type { Session } from "../src/engine/session.ts";
import { openKnowledge } from "../src/kb/index.ts";
import { silentLogger } from "../src/logger.ts";
import type { Application, ApplicationStatus, HistoryEntry } from "../src/domain/records.ts";
import { MemoryStorage } from "../src/store/memory/memory-storage.ts";
import { openStorage } from "../src/store/open.ts";
import { argNumber, argValue, emitResult } from "./lib/child-io.ts";
import { benchConfig } from "./lib/config.ts";
import { drive, engineSend } from "./lib/drive.ts";
import { dataFiles, groupFiles } from "./lib/files.ts";
import { loadQuestions } from "./lib/questions.ts";
import { seededRandom } from "./lib/stats.ts";
import { VirtualUser } from "./lib/virtual-user.ts";

const dataDir = argValue("data-dir", "");
if (!dataDir) throw new Error("--data-dir is required");
const applicationCount = argNumber("applications", 5_000);
const sessionCount = argNumber("sessions", 20_000);
const draftCount = argNumber("drafts", 1_000);
if (sessionCount < applicationCount) throw new Error("every application needs its applicant's session: --sessions ≥ --applications");
const config = benchConfig(dataDir);
const started = performance.now();
const random = seededRandom(20_261_125);
const DAY = 24 * 3600 * 1000;
const now = Date.now();
const year = new Date(now).getFullYear();

// 1. Templates from real conversations.
const templates = await harvestTemplates();

// 2. Sessions: applicants (one per application), users with a draft in progress, and users who only asked.
const draftSessions = Math.min(draftCount, sessionCount - applicationCount);
const sessions: Session[] = [];
for (let j = 0; j < sessionCount; j++) {
  const kind = j < applicationCount ? "submitted" : j < applicationCount + draftSessions ? "draft" : "other";
  const pool = templates[kind];
  const telegram = j % 10 >= 7;
  const userId = telegram ? String(100_000_000 + j * 37) : `zl${j.toString(36).padStart(5, "0")}${Math.floor(random() * 1e8).toString(36)}`;
  const session: Session = structuredClone(pool[j % pool.length] as Session);
  const createdAt = now - Math.floor(random() * 90 * DAY);
  session.key = `${telegram ? "telegram" : "zalo"}:${userId}`;
  session.channel = telegram ? "telegram" : "zalo";
  session.userId = userId;
  session.chatId = userId;
  session.displayName = `Người dùng ${j}`;
  session.createdAt = createdAt;
  session.updatedAt = Math.min(now, createdAt + Math.floor(random() * 5 * DAY));
  if (session.draft) {
    // Drafts touched within the last 20 days, so none expires (DRAFT_TTL_DAYS = 30).
    const updated = now - Math.floor(random() * 20 * DAY);
    session.draft.startedAt = updated - Math.floor(random() * DAY);
    session.draft.updatedAt = updated;
    session.updatedAt = updated;
  }
  sessions.push(session);
}

// 3. Applications, one per applicant session, codes KC-<year>-000001…, statuses as in a season under way.
const STATUSES: [ApplicationStatus, number][] = [["submitted", 0.4], ["received", 0.3], ["needs-info", 0.1], ["proposed", 0.15], ["rejected", 0.05]];
const applications: Application[] = [];
for (let i = 0; i < applicationCount; i++) {
  const session = sessions[i] as Session;
  const app = structuredClone(templates.applications[i % templates.applications.length] as Application);
  const submittedAt = new Date(Math.max(new Date(year, 0, 2).getTime(), now - Math.floor(random() * 120 * DAY)));
  app.code = `KC-${year}-${String(i + 1).padStart(6, "0")}`;
  app.channel = session.channel;
  app.userId = session.userId;
  app.chatId = session.chatId;
  app.displayName = session.displayName;
  app.submittedAt = submittedAt.toISOString();
  app.status = pickStatus(random());
  app.history = historyOf(app.status, submittedAt);
  applications.push(app);
}

// 4. Write through the port, as store:copy does.
const writer = await openStorage(config, { logger: silentLogger });
await writer.restore({ sessions, applications, questions: [], contacts: [], outbox: [], lastCodes: { [year]: applicationCount } });
await writer.close();
const generatedMs = performance.now() - started;

// 5. Reopen: every record read back (lowdb parses and validates each file it reads) and found.
const store = await openStorage(config, { logger: silentLogger, readOnly: true });
let missingSessions = 0;
for (const s of sessions) if (!(await store.sessions.get(s.key))) missingSessions++;
let missingApplications = 0;
for (const a of applications) if (!(await store.applications.get(a.code))) missingApplications++;
const counts = { sessions: await store.sessions.count(), applications: await store.applications.count(), drafts: sessions.filter((s) => s.draft).length };
await store.close();
if (missingSessions > 0 || missingApplications > 0 || counts.sessions !== sessionCount || counts.applications !== applicationCount) {
  throw new Error(`large store check failed: ${JSON.stringify({ missingSessions, missingApplications, counts })}`);
}
const files = config.DATABASE_URL ? [] : dataFiles(dataDir);
// By group only (as users.ts does): the list of 2,000 and more files would bury results.json.
emitResult({ generatedMs, ...counts, storage: store.description, fileGroups: groupFiles(files), totalBytes: files.reduce((sum, f) => sum + f.bytes, 0) });

function pickStatus(r: number): ApplicationStatus {
  let acc = 0;
  for (const [status, share] of STATUSES) if (r < (acc += share)) return status;
  return "submitted";
}

function historyOf(status: ApplicationStatus, at: Date): HistoryEntry[] {
  const history: HistoryEntry[] = [{ at: at.toISOString(), by: "applicant", from: null, to: "submitted" }];
  const later = (days: number) => new Date(Math.min(now, at.getTime() + days * DAY)).toISOString();
  if (status === "submitted") return history;
  history.push({ at: later(2), by: "zalo:benchofficer", from: "submitted", to: "received" });
  if (status === "needs-info") history.push({ at: later(5), by: "zalo:benchofficer", from: "received", to: "needs-info", note: "Bổ sung báo giá thiết bị và ảnh giấy đăng ký hộ kinh doanh." });
  if (status === "proposed") history.push({ at: later(9), by: "zalo:benchofficer", from: "received", to: "proposed", note: "Đề xuất đưa vào kế hoạch khuyến công năm sau." });
  if (status === "rejected") history.push({ at: later(6), by: "zalo:benchofficer", from: "received", to: "rejected", note: "Cơ sở ở phường của thành phố trực thuộc trung ương." });
  return history;
}

/** Runs a few users through the real engine on an in-memory store and keeps their records. */
async function harvestTemplates(): Promise<{ submitted: Session[]; draft: Session[]; other: Session[]; applications: Application[] }> {
  const storage = new MemoryStorage();
  const engine = createEngine({ knowledge: openKnowledge(config), storage, config, officers: officersFromConfig(config), logger: silentLogger, clock: () => new Date() });
  const questions = loadQuestions();
  const planOf = (i: number) => (i < 16 ? { applies: true } : i < 32 ? { applies: true, stopFormAfter: 3 + (i % 14) } : { applies: false });
  const users: VirtualUser[] = [];
  const run = await drive({
    send: engineSend(engine),
    users: 60,
    active: 10,
    inflight: 2,
    makeUser: (i) => {
      const user = new VirtualUser(i, questions, (key) => storage.sessions.get(key), { idPrefix: "tpl", plan: planOf(i) });
      users.push(user);
      return user;
    },
  });
  if (run.failures.length > 0) throw new Error(`template users failed: ${JSON.stringify(run.failures)}`);
  const get = async (list: VirtualUser[]) => (await Promise.all(list.map((u) => storage.sessions.get(u.key)))).filter((s): s is Session => s !== undefined);
  const result = {
    submitted: await get(users.filter((u) => u.code)),
    draft: (await get(users.filter((u) => u.plan.stopFormAfter !== undefined))).filter((s) => s.draft),
    other: await get(users.filter((u) => !u.plan.applies)),
    applications: await storage.applications.list(),
  };
  await engine.flush();
  if (result.submitted.length === 0 || result.draft.length === 0 || result.other.length === 0 || result.applications.length === 0) {
    throw new Error("template harvest produced an empty kind of record");
  }
  return result;
}
