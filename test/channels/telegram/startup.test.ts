import { createTelegramChannel } from "../../../src/channels/telegram/channel.ts";
import { silentLogger } from "../../../src/logger.ts";
import { generousFloodGate } from "../../support/flood.ts";
import { TestOutbox } from "../../support/test-outbox.ts";
import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { initBot } from "../../../src/channels/telegram/startup.ts";
import { freePort } from "./emulator.ts";
import { baseConfig, TOKEN } from "./harness.ts";

describe("initBot (getMe at start-up)", () => {
  it("stops start-up with a clear message when Telegram rejects the token", async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: "http://127.0.0.1:9" } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    bot.api.config.use(async () => ({ ok: false, error_code: 401, description: "Unauthorized" }) as any);
    await expect(initBot(bot)).rejects.toThrow(/từ chối TELEGRAM_BOT_TOKEN \(401 Unauthorized\)/);
  });

  it("retries an unreachable API until the deadline, then fails naming what to check, without the token", async () => {
    const port = await freePort(); // nothing listens there
    const bot = new Bot(TOKEN, { client: { apiRoot: `http://127.0.0.1:${port}` } });
    let attempts = 0;
    bot.api.config.use((prev, method, payload, signal) => {
      attempts++;
      return prev(method, payload, signal);
    });
    const began = Date.now();
    const error = await initBot(bot, 1500).catch((e: unknown) => e as Error);
    expect(Date.now() - began).toBeLessThan(5000);
    expect(attempts).toBeGreaterThan(1);
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toMatch(/Không kết nối được Telegram Bot API sau 2 giây/);
    expect(error?.message).not.toContain(TOKEN.split(":")[1]);
  });
});

describe("start-up refusals, in Vietnamese", () => {
  it.each([
    [{ ...baseConfig, TELEGRAM_BOT_TOKEN: undefined }, /^TELEGRAM_BOT_TOKEN chưa được đặt/],
    [{ ...baseConfig, TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg" }, /^Chế độ webhook của Telegram cần máy chủ HTTP/],
  ])("%#", (config, message) => {
    expect(() => createTelegramChannel({ engine: { handle: async () => [] }, outbox: new TestOutbox(), flood: generousFloodGate(), config, logger: silentLogger })).toThrow(message);
  });
});
