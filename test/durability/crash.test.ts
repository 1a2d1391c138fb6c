import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/store.ts";
import { tempDir } from "../support/app.ts";

/**
 * Crash test: the real engine and lowdb files in a child process
 * (test/support/crash-child.ts) under a burst of messages from many users,
 * killed with SIGKILL at random moments and restarted on the same DATA_DIR.
 * After every kill the files on disk must hold everything the users were told:
 * every acknowledged submission code, every acknowledged form answer.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const CHILD = join(ROOT, "test/support/crash-child.ts");
const KILLS = 24;

interface Observed {
  pid: number | undefined;
  acks: { user: string; field: string; value: unknown }[];
  codes: { user: string; code: string }[];
  stderr: string;
}

/** Starts the child, kills it `delayMs` after it reports READY (or after spawn when `beforeReady`), and collects what it acknowledged. */
function runAndKill(dataDir: string, run: number, delayMs: number, beforeReady: boolean): Promise<Observed> {
  const observed: Observed = { pid: undefined, acks: [], codes: [], stderr: "" };
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(ROOT, "knowledge"), CRASH_RUN: String(run) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  let timer: NodeJS.Timeout | undefined;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  // A last resort, so that a child that never gets ready does not hang the suite.
  const guard = setTimeout(kill, 15_000);
  if (beforeReady) timer = setTimeout(kill, delayMs);
  child.stderr.on("data", (d: Buffer) => (observed.stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      const [kind, user = "", a = "", ...rest] = line.split(" ");
      if (kind === "READY") {
        observed.pid = Number(user);
        if (!beforeReady) timer = setTimeout(kill, delayMs);
      } else if (kind === "ACK") observed.acks.push({ user, field: a, value: JSON.parse(rest.join(" ")) });
      else if (kind === "CODE") observed.codes.push({ user, code: a });
    }
  });
  return new Promise((resolvePromise, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      // Only a kill ends the child: any other exit is a failure of the run itself.
      if (signal !== "SIGKILL") reject(new Error(`child ended without being killed (${signal ?? code}): ${observed.stderr}`));
      else resolvePromise(observed);
    });
  });
}

interface Application {
  code: string;
  userId: string;
  answers: Record<string, unknown>;
}
interface SessionOnDisk {
  draft?: { answers: Record<string, unknown> };
}

/** Reads every data file straight from disk: each must parse; returns the applications and sessions found. */
function readDataDir(dir: string): { applications: Application[]; sessions: Record<string, SessionOnDisk>; files: string[] } {
  const files = readdirSync(dir).filter((n) => /\.json(\.bak)?$/.test(n) && !n.startsWith("."));
  const applications: Application[] = [];
  const sessions: Record<string, SessionOnDisk> = {};
  for (const name of files) {
    const text = readFileSync(join(dir, name), "utf8");
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`${name} does not parse after the kill (${(error as Error).message}); ${text.length} chars`);
    }
    if (/^applications-\d{4}-\d{3}\.json$/.test(name)) applications.push(...(data as { applications: Application[] }).applications);
    if (/^sessions-\d{2}\.json$/.test(name)) Object.assign(sessions, (data as { sessions: Record<string, SessionOnDisk> }).sessions);
  }
  // The journal (the set-aside one first) replayed over the snapshots; a torn last line is ignored.
  const byCode = new Map(applications.map((a) => [a.code, a]));
  for (const name of ["journal.old.jsonl", "journal.jsonl"]) {
    if (!existsSync(join(dir, name))) continue;
    const lines = readFileSync(join(dir, name), "utf8").split("\n");
    lines.pop();
    for (const line of lines) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as { t: string; put?: { key?: string; code?: string }; del?: string };
      if (entry.t === "sessions") {
        if (entry.del) delete sessions[entry.del];
        else sessions[entry.put?.key as string] = entry.put as SessionOnDisk;
      } else if (entry.t === "applications") {
        if (entry.del) byCode.delete(entry.del);
        else byCode.set(entry.put?.code as string, entry.put as Application);
      }
    }
  }
  applications.splice(0, applications.length, ...byCode.values());
  return { applications, sessions, files };
}

describe("crash test: SIGKILL at random moments during a burst", () => {
  const dataDir = tempDir("kc-crash-");
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`loses no acknowledged submission or form answer over ${KILLS} kills`, async () => {
    /** Everything acknowledged so far, over all runs: user → field → value; code → user. */
    const answers = new Map<string, Map<string, unknown>>();
    const codes = new Map<string, string>();
    let totalAcks = 0;
    let staleLocks = 0;
    for (let run = 0; run < KILLS; run++) {
      const lockPath = join(dataDir, ".lock");
      if (existsSync(lockPath)) {
        // Left by the killed child: the next start must take it over by itself.
        const holder = Number(readFileSync(lockPath, "utf8"));
        expect(() => process.kill(holder, 0), "the lock holder is dead").toThrow();
        staleLocks++;
      }
      // Mostly during the burst; a few kills land during start-up (opening files, taking the lock).
      const beforeReady = run % 8 === 7;
      const delay = beforeReady ? 150 + Math.floor(Math.random() * 400) : Math.floor(Math.random() * 700);
      const observed = await runAndKill(dataDir, run, delay, beforeReady);
      if (!beforeReady) expect(observed.pid, `run ${run} started: ${observed.stderr}`).toBeGreaterThan(0);
      for (const ack of observed.acks) {
        const fields = answers.get(ack.user) ?? new Map<string, unknown>();
        fields.set(ack.field, ack.value);
        answers.set(ack.user, fields);
      }
      for (const { user, code } of observed.codes) codes.set(code, user);
      totalAcks += observed.acks.length;

      const disk = readDataDir(dataDir);
      const storedCodes = new Set(disk.applications.map((a) => a.code));
      for (const [code, user] of codes) expect(storedCodes.has(code), `run ${run}: acknowledged ${code} of ${user} is on disk`).toBe(true);
      expect(new Set(disk.applications.map((a) => a.code)).size, `run ${run}: no code given twice`).toBe(disk.applications.length);
      for (const [user, fields] of answers) {
        const draft = disk.sessions[`telegram:${user}`]?.draft?.answers;
        const submitted = disk.applications.filter((a) => a.userId === user).map((a) => a.answers);
        for (const [field, value] of fields) {
          const kept = [draft, ...submitted].some((held) => held !== undefined && isDeepStrictEqual(held[field], value));
          expect(kept, `run ${run}: ${user}'s acknowledged ${field}=${JSON.stringify(value)} is in the draft or the submission`).toBe(true);
        }
      }
    }
    expect(staleLocks, "killed children leave their lock, taken over on restart").toBeGreaterThanOrEqual(KILLS - 4);
    expect(totalAcks, "the kills landed during real work").toBeGreaterThan(KILLS * 5);
    expect(codes.size, "some submissions were acknowledged").toBeGreaterThan(0);

    // Finally the store itself opens the directory (zod-validating every file, taking over the lock) and agrees.
    const store = await openStore(dataDir, { sessionFlushMs: 0 });
    try {
      for (const [code, user] of codes) expect(store.applications.get(code)?.userId).toBe(user);
      for (const [user, fields] of answers) {
        const draft = store.sessions.get(`telegram:${user}`)?.draft?.answers;
        const submitted = store.applications.ofUser("telegram", user).map((a) => a.answers);
        for (const [field, value] of fields) expect([draft, ...submitted].some((held) => held !== undefined && isDeepStrictEqual(held[field], value))).toBe(true);
      }
    } finally {
      await store.close();
    }
  }, 90_000);
});
