import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError } from "../../src/store/lock.ts";
import { openStore } from "../../src/store/store.ts";
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
  for (let waited = 0; !(existsSync(lock) && readFileSync(lock, "utf8") === String(child.pid)); waited += 50) {
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

    const error = await openStore(dataDir, { sessionFlushMs: 0 }).then(
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
    expect(readFileSync(join(dataDir, ".lock"), "utf8"), "the refused process leaves the lock alone").toBe(String(pid));

    // The first bot was not disturbed: it answers, then exits cleanly at end of input and frees the directory.
    first.child.stdin?.end("/start\n");
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/Xin chào/);
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
    const store = await openStore(dataDir, { sessionFlushMs: 0 });
    expect(store.sessions.get("terminal:local")).toBeDefined();
    await store.close();
  }, 60_000);

  it("takes over the lock of a process killed with SIGKILL", async () => {
    const dataDir = tempDir("kc-lock-");
    dirs.push(dataDir);
    const first = await startFirstBot(dataDir);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(readFileSync(join(dataDir, ".lock"), "utf8")).toBe(String(first.child.pid));
    const store = await openStore(dataDir, { sessionFlushMs: 0 });
    expect(readFileSync(join(dataDir, ".lock"), "utf8")).toBe(String(process.pid));
    await store.close();
    expect(existsSync(join(dataDir, ".lock"))).toBe(false);
  }, 60_000);

  it.each([
    ["an empty lock file (killed between creating and writing it)", ""],
    ["a lock file with garbage", "not a pid"],
  ])("takes over %s", async (_name, content) => {
    const dataDir = tempDir("kc-lock-");
    dirs.push(dataDir);
    writeFileSync(join(dataDir, ".lock"), content);
    const store = await openStore(dataDir, { sessionFlushMs: 0 });
    expect(readFileSync(join(dataDir, ".lock"), "utf8")).toBe(String(process.pid));
    await store.close();
  });
});
