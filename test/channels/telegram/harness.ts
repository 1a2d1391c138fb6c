/**
 * Offline test kit for the Telegram adapter (platform notes C.1): a channel
 * built with `botInfo`, an API transformer that records every outgoing call
 * and never touches the network, update builders, and an in-memory outbox.
 */
import type { Bot } from "grammy";
import type { Message, Update, UserFromGetMe } from "grammy/types";
import type { Engine } from "../../../src/engine/contract.ts";
import { TestOutbox, type TestOutbox as MemoryOutbox } from "../../support/test-outbox.ts";
import type { Logger } from "../../../src/logger.ts";
import { generousFloodGate } from "../../support/flood.ts";
import { createTelegramChannel, type TelegramChannelOptions, type TelegramConfig } from "../../../src/channels/telegram/channel.ts";

export const TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuv";
export const OFFICER_ID = 9001;
export const OFFICER_GROUP = -100777;

export const botInfo: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: "Trợ lý Khuyến công",
  username: "khuyencong_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export const baseConfig: TelegramConfig = {
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: "http://127.0.0.1:9/",
  TELEGRAM_WEBHOOK_URL: undefined,
  TELEGRAM_WEBHOOK_SECRET: undefined,
  TELEGRAM_OFFICER_IDS: [String(OFFICER_ID)],
  TELEGRAM_OFFICER_CHAT_ID: String(OFFICER_GROUP),
};

export interface ApiCall {
  method: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: any;
}

/**
 * Records calls on `bot.api` (handleUpdate copies its transformers into every
 * ctx.api). Installed last, so it is the outermost transformer and auto-retry
 * never runs. `fail(method, payload)` returning an error description makes
 * that call fail the way Telegram would.
 */
export function recordCalls(bot: Bot, fail?: (method: string, payload: unknown) => string | undefined): ApiCall[] {
  const calls: ApiCall[] = [];
  let messageId = 100;
  bot.api.config.use(async (_prev, method, payload) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (method === "getUpdates" && (payload as any).timeout !== 0) {
      // Polling in tests: nothing arrives; idle a little like a long poll would.
      // (Only the non-waiting getUpdates of stop() is recorded.)
      await new Promise((r) => setTimeout(r, 20));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { ok: true, result: [] } as any;
    }
    calls.push({ method, payload });
    const failure = fail?.(method, payload);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (failure) return { ok: false, error_code: 400, description: failure } as any;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const p = payload as any;
    const result =
      method === "getUpdates"
        ? []
        : method === "sendMessage" || method === "sendDocument"
        ? { message_id: ++messageId, date: 0, chat: { id: Number(p.chat_id), type: "private" }, text: p.text }
        : true;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { ok: true, result } as any;
  });
  return calls;
}

/** The messages sent (text, chat, keyboard), in order. */
export function sent(calls: ApiCall[], chatId?: number | string) {
  return calls
    .filter((c) => c.method === "sendMessage" && (chatId === undefined || String(c.payload.chat_id) === String(chatId)))
    .map((c) => ({
      chatId: String(c.payload.chat_id),
      text: c.payload.text as string,
      buttons: (c.payload.reply_markup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][],
    }));
}

let nextUpdateId = 1000;
let nextMessageId = 1;

export function user(id: number, firstName = "Lan", lastName?: string) {
  return { id, is_bot: false as const, first_name: firstName, ...(lastName ? { last_name: lastName } : {}) };
}

function chatOf(chatId: number, from: ReturnType<typeof user>): Message["chat"] {
  return chatId < 0
    ? { id: chatId, type: "supergroup", title: "Cán bộ khuyến công" }
    : { id: chatId, type: "private", first_name: from.first_name };
}

export function messageUpdate(chatId: number, extra: Partial<Message>, from = user(chatId)): Update {
  return {
    update_id: ++nextUpdateId,
    message: { message_id: ++nextMessageId, date: 0, chat: chatOf(chatId, from), from, ...extra } as Update["message"],
  };
}

export function textUpdate(chatId: number, text: string, from = user(chatId)): Update {
  return messageUpdate(chatId, { text }, from);
}

export function commandUpdate(chatId: number, command: string, from = user(chatId)): Update {
  const name = command.split(" ")[0]!;
  return messageUpdate(chatId, { text: command, entities: [{ type: "bot_command", offset: 0, length: name.length }] }, from);
}

export function callbackUpdate(chatId: number, data: string, from = user(chatId)): Update {
  return {
    update_id: ++nextUpdateId,
    callback_query: {
      id: `cb${nextUpdateId}`,
      from,
      chat_instance: "ci",
      data,
      message: { message_id: 1, date: 0, chat: chatOf(chatId, from), text: "menu" } as never,
    },
  } as Update;
}

/** An outbox kept in memory with the same contract as the lowdb one. */
export { TestOutbox as MemoryOutbox } from "../../support/test-outbox.ts";

/** A logger that keeps its lines, to assert on what was (and was not) logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (scope: string, message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} [${scope}] ${message} ${fields ? JSON.stringify(fields) : ""}`);
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export function makeChannel(options: Partial<Omit<TelegramChannelOptions, "logger">> & { engine: Engine; fail?: Parameters<typeof recordCalls>[1] }) {
  const outbox = (options.outbox as MemoryOutbox | undefined) ?? new TestOutbox();
  const logger = memoryLogger();
  const channel = createTelegramChannel({
    ...options,
    outbox,
    flood: options.flood ?? generousFloodGate(),
    logger,
    config: options.config ?? baseConfig,
    botInfo: botInfo,
    stopTimeoutMs: options.stopTimeoutMs ?? 2000,
  });
  const calls = recordCalls(channel.bot, options.fail);
  return { channel, calls, outbox, logger, bot: channel.bot };
}

/** Waits until `check` passes (outbox delivery is asynchronous). */
export async function eventually(check: () => void, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
