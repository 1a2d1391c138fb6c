import { describe, expect, it } from "vitest";
import { createTelegramChannel } from "../../src/channels/telegram/channel.ts";
import { createZaloChannel } from "../../src/channels/zalo/channel.ts";
import { requireToken, webhookSetup, type Platform } from "../../src/channels/startup-errors.ts";
import { createHttpServer } from "../../src/http/server.ts";
import { silentLogger } from "../../src/logger.ts";
import { generousFloodGate } from "../support/flood.ts";
import { TestOutbox } from "../support/test-outbox.ts";

const http = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 1024, logger: silentLogger });
const URL_ = "https://bot.example.vn/hook";

describe("the channels' start-up refusals: one sentence per fault, in Vietnamese, on both platforms", () => {
  it.each<[Platform, Parameters<typeof webhookSetup>[1], RegExp | "polling" | "webhook"]>([
    ["Telegram", { url: undefined, secret: undefined, http: undefined }, "polling"],
    ["Zalo", { url: undefined, secret: "s", http }, "polling"],
    ["Telegram", { url: URL_, secret: "s", http }, "webhook"],
    ["Zalo", { url: URL_, secret: "s", http }, "webhook"],
    ["Telegram", { url: URL_, secret: "s", http: undefined }, /^Chế độ webhook của Telegram cần máy chủ HTTP dùng chung$/],
    ["Zalo", { url: URL_, secret: "s", http: undefined }, /^Chế độ webhook của Zalo cần máy chủ HTTP dùng chung$/],
    ["Telegram", { url: URL_, secret: undefined, http }, /^TELEGRAM_WEBHOOK_SECRET: bắt buộc khi đặt TELEGRAM_WEBHOOK_URL$/],
    ["Zalo", { url: URL_, secret: "", http }, /^ZALO_WEBHOOK_SECRET: bắt buộc khi đặt ZALO_WEBHOOK_URL$/],
  ])("%s %j → %s", (platform, given, expected) => {
    if (expected instanceof RegExp) expect(() => webhookSetup(platform, given)).toThrow(expected);
    else expect(webhookSetup(platform, given) === undefined ? "polling" : "webhook").toBe(expected);
  });

  it.each<[Platform, string]>([
    ["Telegram", "TELEGRAM_BOT_TOKEN chưa được đặt: không thể chạy kênh Telegram"],
    ["Zalo", "ZALO_BOT_TOKEN chưa được đặt: không thể chạy kênh Zalo"],
  ])("%s without a token", (platform, message) => {
    expect(() => requireToken(platform, undefined)).toThrow(message);
    expect(() => requireToken(platform, "")).toThrow(message);
    expect(requireToken(platform, "123:abc")).toBe("123:abc");
  });

  it("both channels refuse when they are built, with the same words for the same fault", () => {
    const common = { engine: { handle: async () => [] }, outbox: new TestOutbox(), flood: generousFloodGate(), logger: silentLogger };
    const telegram = { TELEGRAM_BOT_TOKEN: "1:t", TELEGRAM_API_ROOT: "http://127.0.0.1:9", TELEGRAM_WEBHOOK_URL: URL_, TELEGRAM_WEBHOOK_SECRET: undefined, TELEGRAM_OFFICER_IDS: [], TELEGRAM_OFFICER_CHAT_ID: undefined };
    const zalo = { ZALO_BOT_TOKEN: "z", ZALO_API_ROOT: "http://127.0.0.1:9", ZALO_WEBHOOK_URL: URL_, ZALO_WEBHOOK_SECRET: undefined };
    expect(() => createTelegramChannel({ ...common, http, config: telegram })).toThrow(/^TELEGRAM_WEBHOOK_SECRET: bắt buộc/);
    expect(() => createZaloChannel({ ...common, http, config: zalo })).toThrow(/^ZALO_WEBHOOK_SECRET: bắt buộc/);
    expect(() => createTelegramChannel({ ...common, config: { ...telegram, TELEGRAM_WEBHOOK_SECRET: "s" } })).toThrow(/^Chế độ webhook của Telegram cần/);
    expect(() => createZaloChannel({ ...common, config: { ...zalo, ZALO_WEBHOOK_SECRET: "s" } })).toThrow(/^Chế độ webhook của Zalo cần/);
    expect(() => createZaloChannel({ ...common, config: { ...zalo, ZALO_BOT_TOKEN: undefined } })).toThrow(/^ZALO_BOT_TOKEN chưa được đặt/);
  });
});
