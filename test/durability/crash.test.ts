import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.ts";
import type { Session } from "../../src/engine/session.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
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

/** Reads the data folder as the officers' CLI does (read-only, every file validated): the applications and sessions found. */
async function readDataDir(dir: string): Promise<{ applications: Application[]; sessions: Record<string, Session> }> {
  const store = await LowdbStorage.open(dir, { flushMs: 0, readOnly: true });
  try {
    const dump = await store.dump();
    return { applications: dump.applications, sessions: Object.fromEntries(dump.sessions.map((s) => [s.key, s])) };
  } finally {
    await store.close();
  }
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
        const holder = (JSON.parse(readFileSync(lockPath, "utf8")) as { pid: number }).pid;
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

      const disk = await readDataDir(dataDir);
      const storedCodes = new Set(disk.applications.map((a) => a.code));
      for (const [code, user] of codes) expect(storedCodes.has(code), `run ${run}: acknowledged ${code} of ${user} is on disk`).toBe(true);
      expect(new Set(disk.applications.map((a) => a.code)).size, `run ${run}: no code given twice`).toBe(disk.applications.length);
      for (const [user, fields] of answers) {
        const draft = disk.sessions[`telegram:${user}`]?.draft?.answers;
        const submitted = disk.applications.filter((a) => a.userId === user).map((a) => a.answers);
        for (const [field, value] of fields) {
          const kept = [draft, ...submitted].some((held) => held !== undefined && isDeepStrictEqual(held[field], value));
          expect(kept, `run ${run}: ${user}'s acknowledged ${field}=${JSON.stringify(value)} is in the draft or the submission; on disk: ${JSON.stringify(disk.sessions[`telegram:${user}`])} apps ${JSON.stringify(submitted.map((a) => a.representative))}`).toBe(true);
        }
      }
    }
    expect(staleLocks, "killed children leave their lock, taken over on restart").toBeGreaterThanOrEqual(KILLS - 4);
    expect(totalAcks, "the kills landed during real work").toBeGreaterThan(KILLS * 5);
    expect(codes.size, "some submissions were acknowledged").toBeGreaterThan(0);

    // Finally the bot's storage opens the folder (taking over the lock) and agrees.
    const store = await LowdbStorage.open(dataDir, { flushMs: 0 });
    try {
      for (const [code, user] of codes) expect((await store.applications.get(code))?.userId).toBe(user);
      for (const [user, fields] of answers) {
        const draft = (await store.sessions.get(`telegram:${user}`))?.draft?.answers;
        const submitted = (await store.applications.ofUser("telegram", user)).map((a) => a.answers);
        for (const [field, value] of fields) expect([draft, ...submitted].some((held) => held !== undefined && isDeepStrictEqual(held[field], value))).toBe(true);
      }
    } finally {
      await store.close();
    }
  }, 90_000);
});
