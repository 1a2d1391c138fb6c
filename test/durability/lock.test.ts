import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir, lockHolder, takeOverStale } from "../../src/store/lowdb/lock.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
import { tempDir } from "../support/app.ts";

/**
 * Two processes on one DATA_DIR: lowdb is safe with one writer per file only,
 * so the second is refused with a clear message naming the directory and the
 * pid holding it. A lock left by a dead process is taken over.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function env(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(ROOT, "knowledge"), TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "" };
}

/**
 * The real bot (`src/main.ts`, terminal chat) as the first process: its stdin
 * stays open, so it runs and holds the lock until the test ends the input.
 * Started through node with tsx's loader so that the pid is the bot's own.
 */
async function startFirstBot(dataDir: string): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env: env(dataDir), stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const lock = join(dataDir, ".lock");
  for (let waited = 0; !(existsSync(lock) && lockHolder(dataDir) === child.pid); waited += 50) {
    if (waited > 20_000 || child.exitCode !== null) throw new Error(`the first bot did not take the lock: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited, output: () => output };
}

describe("one DATA_DIR, one process", () => {
  it("refuses a second bot and openStore while the first runs; the first still works and releases the lock on exit", async () => {
    const dataDir = tempDir("kc-lock-");
    dirs.push(dataDir);
    const first = await startFirstBot(dataDir);
    const pid = first.child.pid as number;

    const error = await LowdbStorage.open(dataDir, { flushMs: 0 }).then(
      async (store) => {
        await store.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).pid).toBe(pid);
    expect((error as Error).message).toBe(
      `Thư mục dữ liệu ${dataDir} đang được một tiến trình khác sử dụng (PID ${pid}). Hãy dừng tiến trình đó trước, hoặc đặt DATA_DIR khác.`,
    );

    const second = spawnSync("npx", ["tsx", "src/main.ts"], { cwd: ROOT, env: env(dataDir), input: "/start\n", encoding: "utf8", timeout: 30_000 });
    expect(second.status, second.stderr).toBe(1);
    expect(second.stderr).toContain(`Thư mục dữ liệu ${dataDir} đang được một tiến trình khác sử dụng (PID ${pid})`);
    expect(second.stderr).not.toMatch(/^\s+at /m);
    expect(second.stdout).not.toMatch(/Xin chào/);
    expect(lockHolder(dataDir), "the refused process leaves the lock alone").toBe(pid);

    // The first bot was not disturbed: it answers, then exits cleanly at end of input and frees the directory.
    first.child.stdin?.end("/start\n");
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/Xin chào/);
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
    const store = await LowdbStorage.open(dataDir, { flushMs: 0 });
    expect(await store.sessions.get("terminal:local")).toBeDefined();
    await store.close();
  }, 60_000);

  it("takes over the lock of a process killed with SIGKILL", async () => {
    const dataDir = tempDir("kc-lock-");
    dirs.push(dataDir);
    const first = await startFirstBot(dataDir);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(JSON.parse(readFileSync(join(dataDir, ".lock"), "utf8")).pid).toBe(first.child.pid);
    const store = await LowdbStorage.open(dataDir, { flushMs: 0 });
    expect(lockHolder(dataDir)).toBe(process.pid);
    await store.close();
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
  }, 60_000);

  it.each([
    ["an empty lock file (killed between creating and writing it)", ""],
    ["a lock file with garbage", "not a pid"],
    ["a lock of the old format (a bare PID) whose process is gone", "999999"],
    // PID 1 is alive, but it started long before the lock's owner: the PID was reused.
    ["a lock whose PID now belongs to another, live process", JSON.stringify({ pid: 1, start: "1" })],
  ])("takes over %s", async (_name, content) => {
    const dataDir = tempDir("kc-lock-");
    dirs.push(dataDir);
    writeFileSync(join(dataDir, ".lock"), content);
    const store = await LowdbStorage.open(dataDir, { flushMs: 0 });
    expect(lockHolder(dataDir)).toBe(process.pid);
    await store.close();
  });

  it("a contender late to take over a stale lock leaves alone the fresh lock that now has the stale one's inode number", () => {
    const dataDir = tempDir("kc-lock-");
    dirs.push(dataDir);
    const path = join(dataDir, ".lock");
    const stale = { pid: 999999, start: "1" };
    writeFileSync(path, JSON.stringify(stale));
    // Contender A judges the lock stale; before it moves it, contender B drops it and takes the folder.
    const seenByA = { owner: stale, ino: statSync(path).ino };
    unlinkSync(path);
    const b = lockDataDir(dataDir);
    // ext4 gives the freed inode number to the next file: the case that fooled an inode-only check.
    if (statSync(path).ino !== seenByA.ino) console.warn("this file system did not reuse the inode: the test checks less");
    takeOverStale(path, seenByA);
    expect(lockHolder(dataDir), "B still holds the folder").toBe(process.pid);
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    b.release();
    expect(existsSync(path)).toBe(false);
  });

  it("two processes started together never both hold the lock (40 trials, free and stale lock alike)", async () => {
    // Bundled once, so that each contender starts in tens of milliseconds.
    const bundle = join(tempDir("kc-lock-bundle-"), "lock-child.mjs");
    dirs.push(dirname(bundle));
    await build({ entryPoints: [join(ROOT, "test/support/lock-child.ts")], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "silent" });
    const start = (dataDir: string) => {
      const c = spawn(process.execPath, [bundle, dataDir], { stdio: ["pipe", "pipe", "inherit"] });
      children.push(c);
      let out = "";
      const said = (word: RegExp) => new Promise<void>((r) => c.stdout?.on("data", () => word.test(out) && r()));
      c.stdout?.on("data", (d: Buffer) => (out += d.toString()));
      return { c, ready: said(/READY/), done: said(/GOT|REFUSED/).then(() => out.replace("READY", "").trim()) };
    };
    let both = 0;
    let one = 0;
    for (let trial = 0; trial < 40; trial++) {
      const dataDir = tempDir("kc-lock-race-");
      dirs.push(dataDir);
      if (trial % 2 === 1) writeFileSync(join(dataDir, ".lock"), JSON.stringify({ pid: 999999, start: "1" }));
      const pair = [start(dataDir), start(dataDir)];
      await Promise.all(pair.map((p) => p.ready));
      // Both loaded and waiting: release them at the same moment.
      for (const p of pair) p.c.stdin?.write("go\n");
      const outcomes = await Promise.all(pair.map((p) => p.done));
      for (const p of pair) p.c.stdin?.end();
      await Promise.all(pair.map((p) => new Promise((r) => (p.c.exitCode === null ? p.c.once("exit", r) : r(null)))));
      if (outcomes.every((o) => o === "GOT")) both++;
      if (outcomes.filter((o) => o === "GOT").length === 1) one++;
    }
    expect(both).toBe(0);
    expect(one).toBe(40);
  }, 120_000);
});
