import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_HTTP_PORT, httpPort, loadConfig } from "../src/config.ts";

/** The environment as an operator writes it in .env: strings, some empty. */
const BASE = { DATA_DIR: "/tmp/kc-config-test" };
const load = (env: Record<string, string>) => loadConfig({ ...BASE, ...env });
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
};

describe("config", () => {
  it("starts with nothing set: the terminal chat on lowdb, with the documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ DATA_DIR: "./data", KNOWLEDGE_DIR: "./knowledge", LOG_LEVEL: "info", MAX_MESSAGE_CHARS: 1500, FLOOD_MAX_MESSAGES: 20, FLOOD_WINDOW_SECONDS: 10, DRAFT_TTL_DAYS: 30, HTTP_HOST: "127.0.0.1" });
    // No HTTP server unless HTTP_PORT is set or a webhook or the web page needs one.
    expect(config.HTTP_PORT).toBeUndefined();
    expect(httpPort(config)).toBeUndefined();
    expect(httpPort(loadConfig({ TELEGRAM_BOT_TOKEN: "1:x", TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg", TELEGRAM_WEBHOOK_SECRET: "s3cret-s3cret" }))).toBe(DEFAULT_HTTP_PORT);
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TELEGRAM_OFFICER_IDS).toEqual([]);
  });

  it.each([
    // variable, as typed → as read
    ["FLOOD_MAX_MESSAGES", "5", 5],
    ["FLOOD_MAX_MESSAGES", " ", 20], // blank = default
    ["MAX_MESSAGE_CHARS", "2000", 2000],
    ["SEARCH_ANSWER_SCORE", "0.7", 0.7],
    ["TELEGRAM_OFFICER_IDS", "111, 222,,333 ", ["111", "222", "333"]],
    ["ZALO_OFFICER_IDS", "6ede9afa66b88fe6d6a9", ["6ede9afa66b88fe6d6a9"]],
    ["TELEGRAM_OFFICER_CHAT_ID", "-1001234567890", "-1001234567890"],
    ["DATABASE_URL", "postgresql://kc:mat-khau@localhost:5432/kc", "postgresql://kc:mat-khau@localhost:5432/kc"],
    ["TERMINAL_OFFICER", "1", "1"],
    ["CENTRE_NAME", "", "Trung tâm Khuyến công tỉnh"],
  ] as const)("%s=%j reads as %j", (name, typed, value) => expect(load({ [name]: typed })[name]).toEqual(value));

  it.each([
    // variable, bad value → the problem names the variable and says what it expects, in Vietnamese
    ["FLOOD_MAX_MESSAGES", "0", /FLOOD_MAX_MESSAGES: Quá nhỏ/],
    ["FLOOD_MAX_MESSAGES", "nhiều", /FLOOD_MAX_MESSAGES: Đầu vào không hợp lệ: mong đợi số/],
    ["TELEGRAM_BOT_TOKEN", "abc", /TELEGRAM_BOT_TOKEN: dạng 123456:ABC… do BotFather cấp/],
    ["ZALO_BOT_TOKEN", "123 456", /ZALO_BOT_TOKEN: dạng 123456789:abc-xyz/],
    ["TELEGRAM_OFFICER_IDS", "111;222", /TELEGRAM_OFFICER_IDS.*danh sách id cách nhau bởi dấu phẩy/],
    ["TELEGRAM_OFFICER_CHAT_ID", "nhom-can-bo", /TELEGRAM_OFFICER_CHAT_ID: id nhóm Telegram/],
    ["DATABASE_URL", "mysql://localhost/kc", /DATABASE_URL: dạng postgresql:\/\//],
    ["TELEGRAM_WEBHOOK_SECRET", "ngan", /TELEGRAM_WEBHOOK_SECRET: 8–256 ký tự/],
    ["DOCUMENT_LINK_SECRET", "short", /DOCUMENT_LINK_SECRET: 32–256 ký tự/],
    ["WEB_PUBLIC_URL", "bot.example.vn", /WEB_PUBLIC_URL: phải là một URL đầy đủ/],
    ["LOG_LEVEL", "verbose", /LOG_LEVEL: Tùy chọn không hợp lệ/],
    ["HTTP_PORT", "70000", /HTTP_PORT: Quá lớn/],
  ])("%s=%j is refused naming it", (name, typed, problem) => {
    const problems = problemsOf({ [name]: typed });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it("lists every bad variable at once, so the operator fixes .env in one go", () => {
    const problems = problemsOf({ FLOOD_MAX_MESSAGES: "0", TELEGRAM_BOT_TOKEN: "abc", DATABASE_URL: "mysql://x" });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["DATABASE_URL", "FLOOD_MAX_MESSAGES", "TELEGRAM_BOT_TOKEN"]);
  });

  it.each([
    [{ TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/tg" }, /TELEGRAM_WEBHOOK_SECRET: bắt buộc khi đặt TELEGRAM_WEBHOOK_URL/],
    [{ ZALO_WEBHOOK_URL: "https://bot.example.vn/zalo" }, /ZALO_WEBHOOK_SECRET: bắt buộc khi đặt ZALO_WEBHOOK_URL/],
    [{ WEB_PUBLIC_URL: "ftp://bot.example.vn" }, /WEB_PUBLIC_URL: phải bắt đầu bằng https:\/\//],
    [{ SEARCH_CLARIFY_SCORE: "0.8", SEARCH_ANSWER_SCORE: "0.6" }, /SEARCH_CLARIFY_SCORE: phải nhỏ hơn hoặc bằng SEARCH_ANSWER_SCORE/],
  ])("refuses %j, a combination that cannot work", (env, problem) => expect(problemsOf(env).join("\n")).toMatch(problem));

  it("the message starts in Vietnamese and lists one problem a line", () => {
    expect(() => load({ HTTP_PORT: "-1", LOG_LEVEL: "x" })).toThrow(/^Cấu hình không hợp lệ:\n- .+\n- .+$/);
  });
});
