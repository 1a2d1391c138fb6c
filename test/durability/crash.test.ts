import { spawn } from "node:child_process";
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.ts";
import type { StorageDump } from "../../src/domain/storage.ts";
import { silentLogger } from "../../src/logger.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
import { openPostgresStorage } from "../../src/store/postgres/index.ts";
import { bundle } from "../../scripts/build.ts";
import { tempDir } from "../support/app.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

/**
 * Crash test, per storage adapter: the real engine in a child process
 * (test/support/crash-child.ts) under a burst of messages from many users,
 * killed with SIGKILL at random moments and restarted on the same data (lowdb
 * files in DATA_DIR, or PostgreSQL at DATABASE_URL). Meanwhile the officers'
 * CLI runs as separate processes against the same data: `list` and `show`
 * (reads), and `status KC-… received --note …` on acknowledged submissions
 * (with lowdb handed to the running bot, or, while the bot is dead, written
 * directly under the lock, racing the bot's restart).
 *
 * After every kill the data must hold everything anyone was told: every
 * acknowledged submission code (never given twice), every acknowledged form
 * answer (in the draft or the submission), every status change the CLI
 * reported as done, with its notice to the applicant queued. A CLI `list`
 * shows every code acknowledged before it started. With lowdb, a CLI read
 * modifies no file of the data folder.
 *
 * The child and the CLI are bundled once (as `npm start` runs the bot), so
 * that each process starts in a fraction of a second.
 */

const ROOT = resolve(import.meta.dirname, "../..");
/** KC_CRASH_KILLS runs fewer or more trials while working on this test; the suite runs 30. */
const KILLS = Number(process.env.KC_CRASH_KILLS ?? 30);
const VERBOSE = process.env.KC_CRASH_VERBOSE === "1";
const BUILD = join(ROOT, ".scratch", `crash-build-${process.pid}`);
const CHILD = join(BUILD, "child", "crash-child.js");
const CLI = join(BUILD, "cli", "officer.js");

beforeAll(async () => {
  // One folder each: the PostgreSQL migrations are copied beside each bundle's modules.
  await Promise.all([bundle(["test/support/crash-child.ts"], join(BUILD, "child")), bundle(["src/cli/officer.ts"], join(BUILD, "cli"))]);
}, 60_000);
afterAll(() => rmSync(BUILD, { recursive: true, force: true }));

interface Target {
  name: "lowdb" | "postgres";
  env: NodeJS.ProcessEnv;
  /** Everything stored, read as a reader that writes nothing. */
  read(): Promise<StorageDump>;
  /** The bot's own storage, opened at the end (lowdb: taking the lock, finishing an interrupted commit). */
  readAsBot(): Promise<StorageDump>;
}

interface Observed {
  acks: { user: string; field: string; value: unknown }[];
  codes: { user: string; code: string }[];
  locked: boolean;
  ready: boolean;
  /** Where the lowdb adapter's file steps ran: on its disk thread (the bundle's disk-worker.js), or on the main thread. */
  diskSteps?: string;
  stderr: string;
}

/** Everything anyone was told, over all runs of one adapter. */
class Acknowledged {
  /** user → field → last acknowledged value */
  readonly answers = new Map<string, Map<string, unknown>>();
  /** code → user */
  readonly codes = new Map<string, string>();
  /** code → note of the status change the CLI reported as done */
  readonly statuses = new Map<string, string>();
  /** codes a status change was tried on (done or not: never tried twice) */
  readonly statusTried = new Set<string>();
  answerCount = 0;
  codeGivenTwice: string[] = [];

  ack(user: string, field: string, value: unknown): void {
    const fields = this.answers.get(user) ?? new Map<string, unknown>();
    fields.set(field, value);
    this.answers.set(user, fields);
    this.answerCount++;
  }

  code(user: string, code: string): void {
    const earlier = this.codes.get(code);
    if (earlier !== undefined && earlier !== user) this.codeGivenTwice.push(`${code}: ${earlier} and ${user}`);
    this.codes.set(code, user);
  }
}

/**
 * Starts the child and kills it: `kill.ms` after spawn (a kill during start-up), or `kill.ms` after its
 * `kill.acks`-th acknowledgement (so that each run does about as much work on a slow machine as on a fast one).
 * A child refused the lock ends by itself.
 */
function runAndKill(target: Target, told: Acknowledged, run: number, when: { acks: number; ms: number } | { beforeReadyMs: number }): Promise<Observed> {
  const observed: Observed = { acks: [], codes: [], locked: false, ready: false, stderr: "" };
  const child = spawn(process.execPath, ["--enable-source-maps", CHILD], {
    cwd: ROOT,
    env: { ...target.env, CRASH_RUN: String(run) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  let timer: NodeJS.Timeout | undefined;
  const spawned = Date.now();
  const kill = () => {
    if (VERBOSE) console.log(`  killed after ${Date.now() - spawned} ms, ${observed.acks.length} acks`);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  // A last resort, so that a child that never gets ready does not hang the suite.
  const guard = setTimeout(kill, 15_000);
  if ("beforeReadyMs" in when) timer = setTimeout(kill, when.beforeReadyMs);
  const killSoon = () => (timer ??= setTimeout(kill, "ms" in when ? when.ms : 0));
  child.stderr.on("data", (d: Buffer) => (observed.stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      const [kind, user = "", a = "", ...rest] = line.split(" ");
      if (kind === "READY") {
        observed.ready = true;
        observed.diskSteps = a;
        if (VERBOSE) console.log(`  ready after ${Date.now() - spawned} ms`);
        // Without acknowledgements for a while (all users at the review step, say), killed anyway.
        if ("acks" in when) setTimeout(killSoon, 5_000).unref();
      } else if (kind === "LOCKED") observed.locked = true;
      else if (kind === "ACK") {
        const value: unknown = JSON.parse(rest.join(" "));
        observed.acks.push({ user, field: a, value });
        // Recorded at once: a CLI command started from now on must see it.
        told.ack(user, a, value);
        if ("acks" in when && observed.acks.length >= when.acks) killSoon();
      } else if (kind === "CODE") {
        observed.codes.push({ user, code: a });
        told.code(user, a);
      }
    }
  });
  return new Promise((resolvePromise, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      // Only a kill ends the child, or a refusal of the lock held by the CLI: any other exit fails the run.
      if (signal === "SIGKILL" || (code === 3 && observed.locked)) resolvePromise(observed);
      else reject(new Error(`child ended without being killed (${signal ?? code}): ${observed.stderr}`));
    });
  });
}

function runCli(target: Target, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: target.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** The officers at work: CLI reads and status changes, one process after another, until stopped. */
class Officers {
  reads = 0;
  statusDone = 0;
  statusRefused = 0;
  readonly failures: string[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private counter = 0;

  constructor(
    private readonly target: Target,
    private readonly told: Acknowledged,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const candidates = [...this.told.codes.keys()].filter((c) => !this.told.statusTried.has(c));
        const roll = Math.random();
        if (candidates.length > 0 && roll < 0.4) await this.changeStatus();
        else if (this.told.codes.size > 0 && roll < 0.7) await this.show(pick([...this.told.codes.keys()]));
        else await this.list();
        // Officers at a steady pace, leaving the (shared) CPU to the bot between commands.
        await sleep(400);
      }
    })();
  }

  /** Stops after the command in progress, and waits for every command started. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const done = work.then(() => undefined);
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return work;
  }

  async list(): Promise<string> {
    const before = [...this.told.codes.keys()];
    const out = await this.track(runCli(this.target, ["list"]));
    this.reads++;
    if (out.code !== 0) this.failures.push(`list exited ${out.code}: ${out.stderr}`);
    const missing = before.filter((code) => !out.stdout.includes(code));
    if (missing.length > 0) this.failures.push(`list started after ${missing.join(", ")} were acknowledged does not show them`);
    return out.stdout;
  }

  async show(code: string): Promise<void> {
    const out = await this.track(runCli(this.target, ["show", code]));
    this.reads++;
    if (out.code !== 0 || !out.stdout.includes(code)) this.failures.push(`show ${code} exited ${out.code}: ${out.stderr}`);
  }

  /** A status change on an acknowledged submission not tried yet; recorded when the CLI reports it done. */
  async changeStatus(): Promise<void> {
    const code = [...this.told.codes.keys()].find((c) => !this.told.statusTried.has(c));
    if (!code) return;
    this.told.statusTried.add(code);
    const note = `Đã nhận đủ giấy tờ (${++this.counter})`;
    const out = await this.track(runCli(this.target, ["status", code, "received", "--note", note, "--by", "Cán bộ kiểm thử"]));
    if (out.code === 0) {
      if (!out.stdout.includes(`Đã chuyển ${code}`)) this.failures.push(`status ${code} said: ${out.stdout} / stderr: ${out.stderr}`);
      this.told.statuses.set(code, note);
      this.statusDone++;
    } else {
      // Not done, and said so: the bot was just killed or not ready yet, or held the lock the CLI needed.
      this.statusRefused++;
    }
  }
}

const pick = <T,>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Checks the stored data against everything acknowledged so far. */
function check(dump: StorageDump, told: Acknowledged, statuses: Map<string, string>, when: string): { answers: number } {
  const apps = new Map<string, Application>(dump.applications.map((a) => [a.code, a]));
  expect(told.codeGivenTwice, `${when}: no code acknowledged to two users`).toEqual([]);
  expect(apps.size, `${when}: codes unique`).toBe(dump.applications.length);
  for (const [code, user] of told.codes) expect(apps.get(code)?.userId, `${when}: acknowledged ${code} of ${user} is stored`).toBe(user);
  const sessions = new Map(dump.sessions.map((s) => [s.key, s]));
  let answers = 0;
  for (const [user, fields] of told.answers) {
    const session = sessions.get(`telegram:${user}`);
    const submitted = dump.applications.filter((a) => a.userId === user).map((a) => a.answers);
    for (const [field, value] of fields) {
      const kept = [session?.draft?.answers, ...submitted].some((held) => held !== undefined && isDeepStrictEqual(held[field], value));
      expect(kept, `${when}: ${user}'s acknowledged ${field}=${JSON.stringify(value)} is in the draft or the submission; stored: ${JSON.stringify(session)} apps ${JSON.stringify(submitted)}`).toBe(true);
      answers++;
    }
  }
  for (const [code, note] of statuses) {
    const app = apps.get(code);
    expect(app?.status, `${when}: the status change of ${code} the CLI reported is stored`).toBe("received");
    expect(app?.history.some((h) => h.to === "received" && h.note === note)).toBe(true);
    const notice = dump.outbox.find((o) => o.chatId === app?.chatId && o.replies.some((r) => r.text.includes(code) && r.text.includes(note)));
    expect(notice, `${when}: the applicant's notice of ${code} is queued`).toBeDefined();
  }
  return { answers };
}

/** Every file under `dir` with its inode, size and modification time: a read must leave this unchanged. */
function fileState(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = lstatSync(path);
      if (st.isDirectory()) walk(path);
      else out.push(`${path.slice(dir.length)} ino=${st.ino} size=${st.size} mtime=${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

async function trials(target: Target, dataDir: string | undefined): Promise<void> {
  const started = Date.now();
  const told = new Acknowledged();
  const officers = new Officers(target, told);
  let staleLocks = 0;
  let refusedStarts = 0;
  let readsChecked = 0;
  let answersChecked = 0;
  for (let run = 0; run < KILLS; run++) {
    const lockPath = dataDir && join(dataDir, ".lock");
    const holderAlive = () => {
      if (!lockPath || !existsSync(lockPath)) return false;
      try {
        process.kill((JSON.parse(readFileSync(lockPath, "utf8")) as { pid: number }).pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // An officers' CLI writing directly while the bot was down holds the lock for a moment: let it finish.
    for (let waited = 0; waited < 10_000 && holderAlive(); waited += 50) await new Promise((r) => setTimeout(r, 50));
    if (lockPath && existsSync(lockPath)) {
      // Left by the killed child: the next start must take it over by itself.
      expect(holderAlive(), "the lock holder is dead").toBe(false);
      staleLocks++;
    }
    // The officers work while the bot runs, while it restarts, and while the data is checked; every third restart races a status change with it.
    if (run === 1) officers.start();
    if (run % 3 === 1) void officers.changeStatus();
    // Mostly during the burst; a few kills land during start-up (opening the storage, taking the lock).
    const beforeReady = run % 8 === 7;
    const when = beforeReady ? { beforeReadyMs: 100 + Math.floor(Math.random() * 400) } : { acks: 1 + Math.floor(Math.random() * 24), ms: Math.floor(Math.random() * 40) };
    let observed = await runAndKill(target, told, run, when);
    for (let retry = 0; observed.locked; retry++) {
      // The CLI wrote directly, holding the folder's lock, when the bot started: the bot refused to start; start it again.
      expect(retry, "the bot starts once the CLI is done").toBeLessThan(50);
      refusedStarts++;
      await sleep(20);
      observed = await runAndKill(target, told, run, when);
    }
    if (!beforeReady) expect(observed.ready, `run ${run} started: ${observed.stderr}`).toBe(true);
    if (observed.ready && target.name === "lowdb") expect(observed.diskSteps, "the bundled bot writes through its disk thread").toBe("thread");
    expect(officers.failures, `run ${run}: CLI reads`).toEqual([]);

    // Status changes reported done before the read began must be in it (the CLI goes on meanwhile).
    const statusesDone = new Map(told.statuses);
    const readAt = Date.now();
    answersChecked = check(await target.read(), told, statusesDone, `${target.name} run ${run}`).answers;
    if (VERBOSE) console.log(`  read in ${Date.now() - readAt} ms`);
    if (VERBOSE) console.log(`${target.name} run ${run} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${observed.acks.length} acks, ${observed.codes.length} codes, CLI ${officers.reads} reads ${officers.statusDone}/${officers.statusRefused} status`);
    if (dataDir && run % 5 === 4) {
      // With the bot dead and no other writer, a CLI read must not touch a file (not even finish an interrupted commit).
      await officers.stop();
      const before = fileState(dataDir);
      if (run % 2 === 0 || told.codes.size === 0) await officers.list();
      else await officers.show(pick([...told.codes.keys()]));
      expect(fileState(dataDir), `run ${run}: a CLI read modified the data folder`).toEqual(before);
      expect(officers.failures).toEqual([]);
      readsChecked++;
      officers.start();
    }
  }
  await officers.stop();
  expect(officers.failures).toEqual([]);
  // A killed child leaves its lock unless an officers' CLI took it over first while the bot was down.
  if (dataDir) expect(staleLocks, "killed children leave their lock, taken over on restart").toBeGreaterThanOrEqual(KILLS / 2);
  expect(told.answerCount, "the kills landed during real work").toBeGreaterThan(KILLS * 5);
  expect(told.codes.size, "submissions were acknowledged").toBeGreaterThan(5);
  expect(officers.statusDone, "status changes were done by the CLI").toBeGreaterThan(3);

  // Finally the bot's own storage opens the data (lowdb: taking over the lock) and agrees.
  check(await target.readAsBot(), told, told.statuses, `${target.name} reopened`);
  console.log(
    `crash test ${target.name}: ${KILLS} SIGKILLs, ${told.answerCount} acknowledged form answers (${answersChecked} distinct checked after every kill), ` +
      `${told.codes.size} acknowledged submissions, CLI ${officers.reads} reads and ${officers.statusDone} status changes done ` +
      `(${officers.statusRefused} refused while the bot was down or starting), ${refusedStarts} bot starts refused by the CLI's lock, ` +
      `${readsChecked} reads checked to write nothing; lost: 0; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

describe("crash test: SIGKILL at random moments during a burst, officers' CLI at work", () => {
  // The two adapters at once: each mostly waits for its processes.
  it.concurrent(`lowdb: loses no acknowledged submission, form answer or status change over ${KILLS} kills`, async () => {
    const dataDir = tempDir("kc-crash-");
    try {
      const readDir = async (readOnly: boolean) => {
        const store = await LowdbStorage.open(dataDir, { flushMs: 0, readOnly });
        try {
          return await store.dump();
        } finally {
          await store.close();
        }
      };
      const target: Target = {
        name: "lowdb",
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", KNOWLEDGE_DIR: join(ROOT, "knowledge") },
        read: () => readDir(true),
        readAsBot: () => readDir(false),
      };
      await trials(target, dataDir);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);

  let pg: TestPostgres | undefined;
  afterAll(async () => pg?.stop());

  it.concurrent(`PostgreSQL: loses no acknowledged submission, form answer or status change over ${KILLS} kills`, async () => {
    pg = await startPostgres();
    const url = await pg.createDatabase();
    const dataDir = tempDir("kc-crash-pg-");
    try {
      const read = async () => {
        const store = await openPostgresStorage({ url, poolSize: 2, logger: silentLogger, migrate: false });
        try {
          return await store.dump();
        } finally {
          await store.close();
        }
      };
      const target: Target = {
        name: "postgres",
        // DATA_DIR is never used: it is there to show that nothing lands in it.
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url, KNOWLEDGE_DIR: join(ROOT, "knowledge") },
        read,
        readAsBot: read,
      };
      await trials(target, undefined);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
