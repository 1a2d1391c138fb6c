/**
 * End-to-end: the real bot process (src/main.ts through tsx, as `npm run dev`;
 * test/e2e runs the `npm start` bundle) with
 * TELEGRAM_API_ROOT pointing at the local Bot API emulator on 127.0.0.1.
 * A user sends /start and a question and reads the bot's replies; SIGTERM
 * then stops the bot cleanly. The emulator lacks setMyCommands, so this also
 * proves that failure is not fatal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readReplies, startEmulator } from "./emulator.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const TOKEN = "987654:E2E-token_abcdefghijklmnopqrstuvwxyz";

describe("the bot process with Telegram against the local emulator", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let bot: ChildProcess;
  let dataDir: string;
  let stderr = "";

  beforeAll(async () => {
    emulator = await startEmulator();
    dataDir = mkdtempSync(join(tmpdir(), "kc-e2e-telegram-"));
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emulator.apiRoot, DATA_DIR: dataDir, LOG_LEVEL: "info" };
    for (const name of ["ZALO_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_OFFICER_CHAT_ID", "TELEGRAM_OFFICER_IDS"]) delete env[name];
    // What `npm run dev` runs ("tsx src/main.ts"), started without npm so that signals reach it directly.
    bot = spawn(join(ROOT, "node_modules/.bin/tsx"), ["src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    bot.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    bot.stdout?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const until = Date.now() + 25_000;
    while (!stderr.includes("long polling started")) {
      if (bot.exitCode !== null || Date.now() > until) throw new Error(`bot did not start:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 40_000);

  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill("SIGKILL");
    await emulator?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers /start with the menu and a question with an answer", async () => {
    const client = emulator.server.getClient(TOKEN, { userId: 5001, chatId: 5001, firstName: "Hoa", timeout: 3000 });

    await client.sendCommand(client.makeCommand("/start"));
    const [menu] = await readReplies(client, (r) => r.length >= 1);
    expect(menu?.text).toContain("Xin chào Hoa");
    expect(menu?.buttons.flat().map((b) => b.callback_data)).toContain("m:qa");

    await client.sendMessage(client.makeMessage("hỗ trợ mua máy móc thiết bị được bao nhiêu?"));
    const [answer] = await readReplies(client, (r) => r.length >= 1);
    expect(answer?.text).toMatch(/300 triệu/);
    expect(answer?.text).toMatch(/Căn cứ/);

    await client.sendCallback(client.makeCallbackQuery("m:menu"));
    const [again] = await readReplies(client, (r) => r.length >= 1);
    expect(again?.buttons.flat().map((b) => b.callback_data)).toContain("m:form");
  });

  it("logged the missing setMyCommands without stopping, and never the token", () => {
    expect(stderr).toMatch(/setMyCommands \(default\) failed \(not fatal\)/);
    expect(stderr).not.toContain(TOKEN.split(":")[1]);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((done) => bot.once("exit", (code) => done(code)));
    bot.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain("stopped");
    if (process.env.SHOW_BOT_LOG) console.log(stderr);
  });
});
