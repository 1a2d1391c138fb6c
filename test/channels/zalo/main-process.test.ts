import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZaloStandIn, zaloUpdate } from "../../support/zalo-stand-in.ts";

/**
 * The real start-up path (src/main.ts, which `npm start` bundles and runs) as a
 * separate process, with the Zalo API pointed at the stand-in. It runs through
 * tsx (`npm run dev`), so that test files running at once do not race to
 * rebuild dist/; test/e2e runs `npm start` itself. tsx is started through node
 * directly rather than npx, so that the test holds the pid it must stop.
 */

const TOKEN = "123:abc";

describe("the bot process with a Zalo token", () => {
  let zalo: ZaloStandIn;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let output = "";

  beforeEach(async () => {
    zalo = await new ZaloStandIn({ token: TOKEN, maxPollWaitMs: 200 }).start();
    dataDir = mkdtempSync(join(tmpdir(), "zalo-main-"));
    output = "";
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await zalo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("polls Zalo, answers /start with the menu and stops cleanly on SIGTERM", async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_API_ROOT: zalo.apiRoot,
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: resolve("knowledge"),
      LOG_LEVEL: "debug",
    };
    child = spawn(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), "src/main.ts"], { cwd: resolve("."), env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));

    await zalo.waitFor(() => zalo.callsOf("getUpdates").length > 0 || child!.exitCode !== null, 20_000, "the bot to poll");
    expect(child.exitCode, output).toBeNull();
    expect(zalo.callsOf("deleteWebhook")).toHaveLength(1);

    zalo.pushUpdate(zaloUpdate("text", { userId: "ab12cd34ef56ab78cd90", text: "/start", name: "Hùng" }));
    const [greeting] = await zalo.waitForTexts(1, "ab12cd34ef56ab78cd90", 15_000);
    expect(greeting).toContain("Xin chào Hùng");
    expect(greeting).toContain("(Gõ 1, 2, 3, 4 hoặc 5)");

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("[zalo] stopped");
    expect(output).not.toContain(`bot${TOKEN}`);
  }, 60_000);
});
