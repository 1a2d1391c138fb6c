import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { useTempDirs } from "../support/app.ts";
import { usePostgres } from "../support/use-postgres.ts";
import { SAMPLE_ANSWERS } from "../support/sample-answers.ts";

/**
 * The officers' CLI beside a running bot (the terminal chat, as `npm start`
 * runs it), on each storage: reads write nothing, a status change made from
 * the CLI reaches the applicant in the running bot, and nothing the bot
 * acknowledged is lost or given twice afterwards. (Before the storage port, a
 * `list` beside the bot checkpointed the bot's live journal away.)
 */

const ROOT = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const dir = useTempDirs("kc-cli-running-");
const pgServer = usePostgres();
const bots: ChildProcess[] = [];
afterEach(() => {
  for (const bot of bots.splice(0)) if (bot.exitCode === null) bot.kill("SIGKILL");
});

const FORM = ["dangky", ...["representative", "position", "facilityName", "entityType", "taxCode", "province", "commune", "address", "phone", "email", "sector", "workers", "supportId", "description", "licence", "totalCost", "requested", "startMonth", "endMonth", "previousSupport", "consent"].map((f) => SAMPLE_ANSWERS[f] as string), "nộp"];

/** The bot as `npm start` runs it with no token: the terminal chat, stdin kept open so it keeps running. */
function startBot(env: NodeJS.ProcessEnv) {
  const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  bots.push(bot);
  let out = "";
  bot.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  bot.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
    for (let waited = 0; !pattern.test(out); waited += 50) {
      if (waited > timeoutMs || bot.exitCode !== null) throw new Error(`bot never printed ${pattern}: ${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { bot, output: () => out, send: (line: string) => bot.stdin?.write(`${line}\n`), waitFor };
}

/** Every file of a data folder with its inode, size and modification time. */
function folderState(root: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const name of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    const s = statSync(join(root, name));
    if (s.isFile()) state[name] = `${s.ino}:${s.size}:${s.mtimeMs}`;
  }
  return state;
}

describe.each(["lowdb", "postgresql"] as const)("the officers' CLI while the bot runs (%s)", (adapter) => {
  it("reads without writing, and a status change reaches the applicant in the running bot", async () => {
    const dataDir = dir();
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: adapter === "postgresql" ? await pgServer().createDatabase() : "",
      KNOWLEDGE_DIR: join(ROOT, "knowledge"),
      TELEGRAM_BOT_TOKEN: "",
      ZALO_BOT_TOKEN: "",
      SESSION_FLUSH_MS: "60000",
    };
    const cli = async (...args: string[]) => (await run(process.execPath, ["--import", "tsx", "src/cli/officer.ts", ...args], { cwd: ROOT, env, encoding: "utf8" })).stdout;
    const chat = startBot(env);
    await chat.waitFor(/storage: /);
    chat.send("/start");
    for (const line of FORM) chat.send(line);
    await chat.waitFor(/Mã hồ sơ của anh\/chị: KC-2026-000001/);
    // A change the bot has not written yet (menu navigation is coalesced for a minute here).
    chat.send("menu");
    await chat.waitFor(/> menu\n[^>]*\n\n/);

    const before = folderState(dataDir);
    expect(await cli("list")).toMatch(/KC-2026-000001\tĐã nộp\t.*Hộ kinh doanh Mộc An/);
    expect(await cli("show", "KC-2026-000001")).toMatch(/Nguyễn Văn An/);
    expect(folderState(dataDir), "a read changes no file").toEqual(before);

    expect(await cli("status", "KC-2026-000001", "tiep nhan", "--note", "Đã nhận đủ hồ sơ")).toMatch(/Đã chuyển KC-2026-000001 sang "Đã tiếp nhận"/);
    // The running bot is told (LISTEN/NOTIFY, or it made the change itself) and delivers the notice to its user.
    await chat.waitFor(/🔔 Hồ sơ KC-2026-000001 .*Đã tiếp nhận/);

    // The bot keeps serving, and its next code is the next one.
    for (const line of FORM) chat.send(line);
    await chat.waitFor(/Mã hồ sơ của anh\/chị: KC-2026-000002/);
    chat.bot.stdin?.end();
    await new Promise((r) => chat.bot.once("exit", r));
    expect(chat.bot.exitCode, chat.output().slice(-2000)).toBe(0);
    const list = await cli("list");
    expect(list).toMatch(/KC-2026-000001\tĐã tiếp nhận/);
    expect(list).toMatch(/KC-2026-000002\tĐã nộp/);
    expect(list).toMatch(/Tổng: 2 hồ sơ/);
  }, 90_000);
});
