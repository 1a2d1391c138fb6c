import { autoRetry } from "@grammyjs/auto-retry";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Bot, GrammyError, type Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { Config } from "../../config.ts";
import type { Engine } from "../../engine/contract.ts";
import type { OutboxDelivery } from "../../domain/storage.ts";
import type { DocumentFiles } from "../../documents/delivery.ts";
import { startOutboxDelivery } from "../outbox-delivery.ts";
import type { HttpServer } from "../../http/server.ts";
import type { Logger } from "../../logger.ts";
import { KeyedQueue } from "../../engine/keyed-queue.ts";
import { isForTheBot } from "./chat-policy.ts";
import { reportFailure } from "../error-boundary.ts";
import type { FloodGate } from "../flood-gate.ts";
import { createRecentUpdates } from "../recent-updates.ts";
import { MSG } from "../../engine/messages.ts";
import { sendExport, type ExportApplications } from "./export-command.ts";
import { requireToken, STARTUP_MSG, webhookSetup } from "../startup-errors.ts";
import { sendReplies } from "./render.ts";
import { except, initBot, optional, pollingGuard, registerCommands } from "./startup.ts";
import { toInbound } from "./to-inbound.ts";
import { createWebhookRoute } from "./webhook.ts";

export type TelegramConfig = Pick<
  Config,
  | "TELEGRAM_BOT_TOKEN"
  | "TELEGRAM_API_ROOT"
  | "TELEGRAM_WEBHOOK_URL"
  | "TELEGRAM_WEBHOOK_SECRET"
  | "TELEGRAM_OFFICER_IDS"
  | "TELEGRAM_OFFICER_CHAT_ID"
>;

export interface TelegramChannelOptions {
  engine: Engine;
  outbox: OutboxDelivery;
  /** The per-user flood limit, checked on receipt before any call to Telegram. */
  flood: FloodGate;
  config: TelegramConfig;
  logger: Logger;
  /** The shared HTTP server; required in webhook mode. */
  http?: HttpServer;
  exportApplications?: ExportApplications;
  /** Makes the request letter that replies ask to deliver; without it the user is told the centre provides the form. */
  documents?: DocumentFiles;
  /** Skips getMe: tests feed updates with `bot.handleUpdate` without any network. */
  botInfo?: UserFromGetMe;
  /** How long stop() waits for updates in progress before giving up on them. */
  stopTimeoutMs?: number;
}

export interface TelegramChannel {
  bot: Bot;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Only these update types are asked for; everything else would be ignored anyway. */
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/**
 * The Telegram adapter: updates → engine → messages, plus the outbox for
 * notifications to other chats and the officers' /xuat export.
 *
 * Polling uses @grammyjs/runner rather than bot.start(): bot.start handles one
 * update at a time for the whole bot, so one slow engine call (a form step
 * writing to disk) would hold every other user; the runner processes updates
 * concurrently and a queue per chat (the KeyedQueue the Zalo channel uses too)
 * keeps each chat's updates in order, from answering the button to the last reply.
 */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { engine, outbox, config, logger, exportApplications } = options;
  const token = requireToken("Telegram", config.TELEGRAM_BOT_TOKEN);
  const webhook = webhookSetup("Telegram", { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET, http: options.http });

  const bot = new Bot(token, {
    client: { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, "") },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Inner first: the guard sees every raw getUpdates attempt; auto-retry
  // (429 after retry_after, 5xx and network errors with back-off) wraps the rest.
  bot.api.config.use(pollingGuard(logger));
  bot.api.config.use(except(["getUpdates", "getMe"], autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 300 })));

  const officerIds = new Set(config.TELEGRAM_OFFICER_IDS);
  const recent = createRecentUpdates();
  const chats = new KeyedQueue();
  const inFlight = new Set<Promise<void>>();
  let accepting = false;
  let lastUpdateId: number | undefined;

  // 1. Drop redeliveries (src/channels/recent-updates.ts), and count what is running so stop() can wait for it.
  bot.use(async (ctx, next) => {
    if (!recent.firstTime(String(ctx.update.update_id))) {
      logger.debug("telegram", "duplicate update ignored", { update: ctx.update.update_id });
      return;
    }
    lastUpdateId = Math.max(lastUpdateId ?? 0, ctx.update.update_id);
    const task = next();
    inFlight.add(task);
    try {
      await task;
    } finally {
      inFlight.delete(task);
    }
  });
  // 2. Only what is addressed to the bot, within its sender's flood limit, goes on: decided before
  //    any call to Telegram and before the chat's queue, so a flood costs neither.
  bot.use(async (ctx, next) => {
    if (!isForTheBot(ctx.update, ctx.me, config.TELEGRAM_OFFICER_CHAT_ID)) {
      // A press in a chat the bot ignores is still answered, or its button keeps spinning.
      if (ctx.update.callback_query) await optional(logger, "answerCallbackQuery", () => ctx.answerCallbackQuery());
      return;
    }
    const sender = ctx.from;
    const verdict = sender ? options.flood.check({ channel: "telegram", userId: String(sender.id) }) : "ok";
    if (verdict === "drop") return;
    if (verdict === "warn") {
      const chatId = ctx.chat?.id ?? sender?.id;
      if (chatId !== undefined) await optional(logger, "slow-down notice", () => ctx.api.sendMessage(chatId, MSG.slowDown));
      return;
    }
    await next();
  });
  // 3. One chat's updates in order; different chats concurrently.
  bot.use((ctx, next) => chats.run(String(ctx.chat?.id ?? ctx.from?.id ?? ""), next));
  // 4. One failing update must not take the bot down: log it, apologise, go on.
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const chatId = ctx.chat?.id ?? ctx.from?.id;
      await reportFailure({ channel: "telegram", logger }, { update: ctx.update.update_id, ...(chatId === undefined ? {} : { chatId: String(chatId) }) }, error, chatId === undefined ? undefined : (text) => ctx.api.sendMessage(chatId, text));
    }
  });
  bot.use((ctx) => handle(ctx));
  // Last resort for errors outside the boundary (the runner reports them here).
  bot.catch((error) => {
    logger.error("telegram", "unhandled error", { update: error.ctx.update.update_id, error: String(error.error) });
  });

  async function handle(ctx: Context): Promise<void> {
    const update = ctx.update;
    if (update.callback_query) {
      // Always answer, or the user's button keeps spinning; an expired query is harmless.
      await optional(logger, "answerCallbackQuery", () => ctx.answerCallbackQuery());
    }
    const inbound = toInbound(update, ctx.me.username);
    if (!inbound) return;
    if (inbound.kind === "command" && inbound.command === "xuat" && officerIds.has(inbound.userId)) {
      await sendExport({ api: ctx.api, chatId: inbound.chatId, args: inbound.args, exportApplications, logger });
      return;
    }
    // A non-officer's /xuat goes to the engine like any unknown command, so it
    // does not reveal that an officer command exists.
    const replies = await engine.handle(inbound);
    await sendReplies(ctx.api, inbound.chatId, replies, logger, options.documents);
  }

  /** Webhook entry: never rejects (failures are reported inside the middleware). */
  async function processUpdate(update: Update): Promise<void> {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      logger.error("telegram", "update failed", { update: update.update_id, error: String(error) });
    }
  }

  let runner: RunnerHandle | undefined;
  let delivery: ReturnType<typeof startOutboxDelivery> | undefined;
  let started = false;

  return {
    bot,
    async start() {
      if (started) return;
      started = true;
      await initBot(bot); // getMe: a wrong token fails here, loudly, before anything else
      await registerCommands(bot.api, [...officerIds], config.TELEGRAM_OFFICER_CHAT_ID, logger);
      accepting = true;
      if (webhook) {
        const path = new URL(webhook.url).pathname;
        webhook.http.post(path, createWebhookRoute({ secret: webhook.secret, handle: processUpdate, accepting: () => accepting, logger }));
        await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] }).catch((error: unknown) => {
          throw new Error(STARTUP_MSG.webhookRefused("Telegram", error instanceof GrammyError ? `${error.error_code} ${error.description}` : String(error)));
        });
        logger.info("telegram", "webhook set", { path });
      } else {
        // A webhook left from an earlier deployment makes getUpdates fail with 409.
        await optional(logger, "deleteWebhook", () => bot.api.deleteWebhook());
        runner = run(bot, {
          runner: { fetch: { timeout: 30, allowed_updates: [...ALLOWED_UPDATES] }, retryInterval: 2000, maxRetryTime: Infinity, silent: true },
        });
        const task = runner.task();
        task?.catch((error: unknown) => logger.error("telegram", "polling stopped", { error: String(error) }));
        logger.info("telegram", "long polling started", { bot: bot.botInfo.username });
      }
      delivery = startOutboxDelivery({ delivery: outbox, channel: "telegram", deliver: (chatId, replies) => sendReplies(bot.api, chatId, replies, logger), logger });
    },
    async stop() {
      accepting = false;
      const polling = runner !== undefined;
      await runner?.stop();
      runner = undefined;
      await settle([...inFlight], options.stopTimeoutMs ?? 15_000, logger);
      if (polling && lastUpdateId !== undefined) {
        // The runner does not confirm its last batch; without this Telegram
        // would deliver it again after a restart (as bot.stop() does in grammY).
        const offset = lastUpdateId + 1;
        await optional(logger, "confirm last updates", () => bot.api.getUpdates({ offset, limit: 1, timeout: 0 }));
      }
      await delivery?.stop();
      delivery = undefined;
      started = false;
    },
  };
}

/** Waits for the given tasks, but not forever: a hung API call must not block shutdown. */
async function settle(tasks: Promise<void>[], timeoutMs: number, logger: Logger): Promise<void> {
  if (tasks.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const outcome = await Promise.race([Promise.allSettled(tasks).then(() => "done" as const), timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") logger.warn("telegram", "stopped with updates still running", { count: tasks.length });
}
