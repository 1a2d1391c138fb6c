/**
 * Child process of `npm run bench`: fills a data directory with a large store
 * (by default 20,000 applications and 50,000 sessions) before the bot starts.
 *
 * Records are cloned from real ones: a few simulated users first go through
 * the real engine in a scratch directory (submitting, stopping mid-form, or
 * only asking and checking eligibility), and their sessions and applications
 * are the templates. Sessions are written through the store itself (so the
 * shard layout is the store's own); application shards are written directly
 * in ApplicationStore's layout (1,000 codes per file). The directory is then
 * reopened with openStore, which parses and validates every record with the
 * zod schemas, and every generated key and code is looked up.
 *
 *   node --import tsx bench/make-large-store.ts --data-dir DIR [--applications 20000] [--sessions 50000]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp } from "../src/app.ts";
import type { Session } from "../src/engine/session.ts";
import { silentLogger } from "../src/logger.ts";
import type { Application, ApplicationStatus, HistoryEntry } from "../src/domain/records.ts";
import { openStore } from "../src/store/store.ts";
import { argNumber, argValue, emitResult } from "./lib/child.ts";
import { benchConfig } from "./lib/config.ts";
import { drive } from "./lib/drive.ts";
import { dataFiles, groupFiles } from "./lib/files.ts";
import { loadQuestions } from "./lib/questions.ts";
import { seededRandom } from "./lib/stats.ts";
import { VirtualUser } from "./lib/virtual-user.ts";

const dataDir = argValue("data-dir", "");
if (!dataDir) throw new Error("--data-dir is required");
const applicationCount = argNumber("applications", 20_000);
const sessionCount = argNumber("sessions", 50_000);
if (sessionCount < applicationCount) throw new Error("every application needs its applicant's session: --sessions ≥ --applications");
const started = performance.now();
const random = seededRandom(20_261_125);
const DAY = 24 * 3600 * 1000;
const now = Date.now();
const year = new Date(now).getFullYear();

// 1. Templates from real conversations.
const templates = await harvestTemplates();

// 2. Sessions: applicants (one per application), users with a draft in progress, and users who only asked.
const draftSessions = Math.min(5_000, sessionCount - applicationCount);
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

// 4. Write: sessions through the store, applications in its shard layout, the code counter.
// Sessions go through the store (its own shard layout); the directory is left checkpointed, with no journal.
const writer = await openStore(dataDir, { sessionFlushMs: 3_600_000 });
for (const session of sessions) writer.sessions.put(session);
await writer.close();
const shards = new Map<string, Application[]>();
for (const app of applications) {
  const seq = Number(app.code.slice(-6));
  const name = `applications-${year}-${String(Math.floor(seq / 1000)).padStart(3, "0")}.json`;
  const list = shards.get(name) ?? [];
  list.push(app);
  shards.set(name, list);
}
for (const [name, list] of shards) writeFileSync(join(dataDir, name), JSON.stringify({ applications: list }));
writeFileSync(join(dataDir, "application-counter.json"), JSON.stringify({ lastSeq: { [year]: applicationCount } }));
const generatedMs = performance.now() - started;

// 5. Reopen: every file parsed and validated by the zod schemas; every record found.
const store = await openStore(dataDir, { sessionFlushMs: 0 });
const missingSessions = sessions.filter((s) => !store.sessions.get(s.key)).length;
const missingApplications = applications.filter((a) => !store.applications.get(a.code)).length;
const counts = { sessions: store.sessions.count(), applications: store.applications.count(), drafts: [...store.sessions.all()].filter((s) => s.draft).length };
await store.close();
if (missingSessions > 0 || missingApplications > 0 || counts.sessions !== sessionCount || counts.applications !== applicationCount) {
  throw new Error(`large store check failed: ${JSON.stringify({ missingSessions, missingApplications, counts })}`);
}
const files = dataFiles(dataDir);
emitResult({ generatedMs, ...counts, files, fileGroups: groupFiles(files), totalBytes: files.reduce((s, f) => s + f.bytes, 0) });

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

/** Runs a few users through the real engine in a scratch directory and keeps their records. */
async function harvestTemplates(): Promise<{ submitted: Session[]; draft: Session[]; other: Session[]; applications: Application[] }> {
  const scratch = mkdtempSync(join(tmpdir(), "kc-bench-templates-"));
  try {
    const app = await createApp(benchConfig(scratch), { logger: silentLogger });
    const questions = loadQuestions();
    const planOf = (i: number) => (i < 16 ? { applies: true } : i < 32 ? { applies: true, stopFormAfter: 3 + (i % 14) } : { applies: false });
    const users: VirtualUser[] = [];
    const run = await drive({
      engine: app.engine,
      users: 60,
      active: 10,
      inflight: 2,
      makeUser: (i) => {
        const user = new VirtualUser(i, questions, (key) => app.store.sessions.get(key), { idPrefix: "tpl", plan: planOf(i) });
        users.push(user);
        return user;
      },
    });
    if (run.failures.length > 0) throw new Error(`template users failed: ${JSON.stringify(run.failures)}`);
    const get = (u: VirtualUser) => app.store.sessions.get(u.key) as Session;
    const result = {
      submitted: users.filter((u) => u.code).map(get),
      draft: users.filter((u) => u.plan.stopFormAfter !== undefined).map(get).filter((s) => s.draft),
      other: users.filter((u) => !u.plan.applies).map(get),
      applications: app.store.applications.all(),
    };
    await app.close();
    if (result.submitted.length === 0 || result.draft.length === 0 || result.other.length === 0 || result.applications.length === 0) {
      throw new Error("template harvest produced an empty kind of record");
    }
    return result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
