/**
 * The adapter over real HTTP: long polling with the runner against the local
 * Bot API emulator, with the fake engine. Proves the API root, polling,
 * sendMessage with keyboards and answerCallbackQuery work on the wire, and
 * that the emulator's missing setMyCommands is not fatal.
 */
import { generousFloodGate } from "../../support/flood.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramChannel, type TelegramChannel } from "../../../src/channels/telegram/channel.ts";
import { fakeEngine } from "./fake-engine.ts";
import { readReplies, startEmulator } from "./emulator.ts";
import { baseConfig, memoryLogger, MemoryOutbox, TOKEN } from "./harness.ts";

describe("Telegram channel against the local Bot API emulator", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let channel: TelegramChannel;
  const logger = memoryLogger();
  const polls: number[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    const outbox = new MemoryOutbox();
    channel = createTelegramChannel({
      engine: fakeEngine({ outbox, officerIds: [], officerChatId: "-1" }),
      outbox,
      flood: generousFloodGate(),
      logger,
      config: { ...baseConfig, TELEGRAM_API_ROOT: `${emulator.apiRoot}/` },
    });
    channel.bot.api.config.use((prev, method, payload, signal) => {
      if (method === "getUpdates") polls.push(Date.now());
      return prev(method, payload, signal);
    });
    await channel.start(); // getMe over HTTP, no botInfo given
  });

  afterAll(async () => {
    await channel?.stop();
    await emulator?.stop();
  });

  it("answers /start, a question and a button press through long polling", async () => {
    const client = emulator.server.getClient(TOKEN, { userId: 7001, chatId: 7001, firstName: "Lan", timeout: 2000 });

    await client.sendCommand(client.makeCommand("/start"));
    const [menu] = await readReplies(client, (r) => r.length >= 1);
    expect(menu?.text).toContain("Trợ lý Khuyến công");
    expect(menu?.buttons[0]?.[0]).toEqual({ text: "Hỏi đáp chính sách", callback_data: "m:qa" });

    await client.sendMessage(client.makeMessage("hỗ trợ máy móc thiết bị"));
    const [answer] = await readReplies(client, (r) => r.length >= 1);
    expect(answer?.text).toContain("Trả lời cho: hỗ trợ máy móc thiết bị");

    await client.sendCallback(client.makeCallbackQuery("m:qa"));
    const [prompt] = await readReplies(client, (r) => r.length >= 1);
    expect(prompt?.text).toBe("Bạn muốn hỏi gì về chính sách khuyến công?");
  });

  it("does not spin when the server answers an empty poll at once", async () => {
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    // The emulator ignores the long-poll timeout; the guard paces to ≥ 250 ms per empty poll.
    const recent = polls.filter((t) => t >= from).length;
    expect(recent).toBeGreaterThanOrEqual(2);
    expect(recent).toBeLessThanOrEqual(6);
  });

  it("logged the missing setMyCommands as a warning and kept going", () => {
    expect(logger.lines.some((l) => l.startsWith("warn") && l.includes("setMyCommands (default) failed (not fatal)"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("long polling started"))).toBe(true);
    expect(logger.lines.join("\n")).not.toContain(TOKEN.split(":")[1]);
  });
});
