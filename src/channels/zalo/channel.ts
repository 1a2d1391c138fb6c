import type { Config } from "../../config.ts";
import type { Engine } from "../../engine/contract.ts";
import type { OutboxDelivery } from "../../domain/storage.ts";
import { MSG } from "../../engine/messages.ts";
import { startOutboxDelivery } from "../outbox-delivery.ts";
import type { Inbound, Reply } from "../../engine/types.ts";
import type { HttpServer } from "../../http/server.ts";
import { maskId, type Logger } from "../../logger.ts";
import { splitMessage } from "../../text/split.ts";
import { renderReplyAsText } from "../render-text.ts";
import { DOCUMENT_DELIVERY_MSG } from "../../engine/document-messages.ts";
import type { DocumentLinks } from "../../documents/links.ts";
import { createZaloClient, ZALO_TEXT_LIMIT, ZaloApiError, type ZaloClient } from "./client.ts";
import { createRecentUpdates } from "../recent-updates.ts";
import { reportFailure } from "../error-boundary.ts";
import { requireToken, webhookSetup } from "../startup-errors.ts";
import { KeyedQueue } from "../../engine/keyed-queue.ts";
import { isPrivateChat, toInbound, updateKey, type ZaloUpdate } from "./updates.ts";
import type { FloodGate } from "../flood-gate.ts";
import { createZaloWebhookRoute } from "./webhook.ts";

/**
 * The Zalo channel: receives updates (long polling by default, webhook when
 * ZALO_WEBHOOK_URL is set), hands them to the engine and sends the replies as
 * numbered-option text, split to Zalo's 2000-character limit. It also delivers
 * the "zalo" part of the outbox (officer notifications, status changes).
 */

export interface ZaloTuning {
  /** Long-poll length sent to getUpdates; Zalo's default is 30. */
  pollTimeoutSeconds: number;
  /** First wait after a failed poll; doubled up to maxErrorBackoffMs. */
  errorBackoffMs: number;
  maxErrorBackoffMs: number;
  /** Show "typing…" while the engine works (best effort). */
  typing: boolean;
}

const DEFAULT_TUNING: ZaloTuning = {
  pollTimeoutSeconds: 30,
  errorBackoffMs: 1_000,
  maxErrorBackoffMs: 60_000,
  typing: true,
};

export interface ZaloChannelDeps {
  engine: Engine;
  outbox: OutboxDelivery;
  /** The per-user flood limit, checked on receipt before any call to Zalo. */
  flood: FloodGate;
  config: Pick<Config, "ZALO_BOT_TOKEN" | "ZALO_API_ROOT" | "ZALO_WEBHOOK_URL" | "ZALO_WEBHOOK_SECRET">;
  logger: Logger;
  /** The shared HTTP server; required in webhook mode. The caller listens on it. */
  http?: HttpServer;
  /**
   * Signed download links for the request letter (WEB_PUBLIC_URL set): Zalo's
   * Bot API sends no files. Without them the user is told the centre provides the form.
   */
  documentLinks?: DocumentLinks;
  /** A prepared client (tests use one without retry delays). */
  client?: ZaloClient;
  tuning?: Partial<ZaloTuning>;
}

export interface ZaloChannel {
  readonly mode: "polling" | "webhook";
  /** Webhook mode: registers the route and calls setWebhook. Polling: deleteWebhook, then polls in the background. */
  start(): Promise<void>;
  /** Stops receiving, lets the messages in progress finish, then stops the outbox delivery. */
  stop(): Promise<void>;
}

/** Builds the Zalo channel from its dependencies; nothing runs until start(). */
export function createZaloChannel(deps: ZaloChannelDeps): ZaloChannel {
  const { engine, outbox, config, logger, http } = deps;
  const token = requireToken("Zalo", config.ZALO_BOT_TOKEN);
  const webhook = webhookSetup("Zalo", { url: config.ZALO_WEBHOOK_URL, secret: config.ZALO_WEBHOOK_SECRET, http });
  const tuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const client = deps.client ?? createZaloClient({ token, apiRoot: config.ZALO_API_ROOT });
  const mode = webhook ? "webhook" : "polling";
  const recent = createRecentUpdates();
  const chats = new KeyedQueue();
  let abort = new AbortController();
  let running = false;
  let pollLoop: Promise<void> | undefined;
  let delivery: ReturnType<typeof startOutboxDelivery> | undefined;

  /** Sends replies in order, each rendered as text and cut into Zalo-sized messages. */
  async function sendReplies(chatId: string, replies: Reply[]): Promise<void> {
    for (const reply of replies) {
      for (const chunk of splitMessage(renderReplyAsText(reply), ZALO_TEXT_LIMIT)) {
        if (chunk.trim() !== "") await client.sendMessage({ chatId, text: chunk });
      }
      for (const document of reply.documents ?? []) {
        const links = deps.documentLinks;
        const text = links ? DOCUMENT_DELIVERY_MSG.zaloLinks(links.linksFor(document.code), links.ttlMinutes) : DOCUMENT_DELIVERY_MSG.zaloNoLinks;
        for (const chunk of splitMessage(text, ZALO_TEXT_LIMIT)) await client.sendMessage({ chatId, text: chunk });
      }
    }
  }

  /** One inbound message, start to finish. Never throws: a fault is logged and the user gets an apology. */
  async function handle(inbound: Inbound): Promise<void> {
    const { chatId } = inbound;
    // Fired without waiting so it overlaps the engine's work; awaited before replying to keep it first.
    const typing = tuning.typing
      ? client.sendChatAction({ chatId, action: "typing" }, { maxRetries: 0, timeoutMs: 5_000 }).catch((error: unknown) => {
          logger.debug("zalo", "typing not shown", { chat: maskId(chatId), error: String(error) });
        })
      : Promise.resolve();
    try {
      const replies = await engine.handle(inbound);
      await typing;
      await sendReplies(chatId, replies);
    } catch (error) {
      await typing;
      await reportFailure({ channel: "zalo", logger }, { update: maskId(inbound.messageId ?? ""), userId: inbound.userId }, error, (text) => client.sendMessage({ chatId, text }));
    }
  }

  /**
   * Entry point for both modes: de-duplicates, refuses groups, checks the
   * flood limit, then queues the update behind earlier ones of its chat. All of
   * it before any call to Zalo: a flood costs no "typing" call and waits in no queue.
   */
  function dispatch(update: ZaloUpdate): void {
    const key = updateKey(update);
    if (key !== undefined && !recent.firstTime(key)) {
      logger.debug("zalo", "duplicate update dropped", { message: maskId(key) });
      return;
    }
    // Applications carry personal data that others in a group would read: the bot stays silent there, as on Telegram.
    if (!isPrivateChat(update)) {
      logger.debug("zalo", "group message ignored", { chat: maskId(update.message?.chat.id ?? "") });
      return;
    }
    const inbound = toInbound(update);
    if (!inbound) return;
    const verdict = deps.flood.check(inbound);
    if (verdict === "drop") return;
    logger.info("zalo", "message received", { user: maskId(inbound.userId), kind: inbound.kind });
    if (verdict === "warn") {
      void chats.run(inbound.chatId, () => sendReplies(inbound.chatId, [{ text: MSG.slowDown }]).catch((error: unknown) => {
        logger.warn("zalo", "slow-down notice not sent", { chat: maskId(inbound.chatId), error: String(error) });
      }));
      return;
    }
    void chats.run(inbound.chatId, () => handle(inbound));
  }

  async function poll(signal: AbortSignal): Promise<void> {
    let backoff = tuning.errorBackoffMs;
    while (!signal.aborted) {
      try {
        const updates = await client.getUpdates({ timeoutSeconds: tuning.pollTimeoutSeconds }, { signal });
        backoff = tuning.errorBackoffMs;
        for (const update of updates) dispatch(update);
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof ZaloApiError && error.isPollingTimeout) continue;
        logger.warn("zalo", "polling failed, retrying", { error: String(error), retryInMs: backoff });
        await abortableSleep(backoff, signal);
        backoff = Math.min(backoff * 2, tuning.maxErrorBackoffMs);
      }
    }
  }

  return {
    mode,
    async start() {
      if (running) return;
      if (webhook) {
        const path = new URL(webhook.url).pathname;
        webhook.http.post(path, createZaloWebhookRoute({ secret: webhook.secret, logger, dispatch, isRunning: () => running }));
        running = true;
        try {
          await client.setWebhook({ url: webhook.url, secretToken: webhook.secret });
        } catch (error) {
          running = false;
          throw error;
        }
        logger.info("zalo", "webhook registered", { path });
      } else {
        // getUpdates does not work while a webhook is set (official docs).
        await client.deleteWebhook();
        running = true;
        abort = new AbortController();
        pollLoop = poll(abort.signal);
        logger.info("zalo", "long polling started");
      }
      delivery = startOutboxDelivery({
        delivery: outbox,
        channel: "zalo",
        deliver: (chatId, replies) => chats.run(chatId, () => sendReplies(chatId, replies)),
        logger,
        // Zalo shows options as numbered lines: let the officer answer a new submission with "1".
        onDelivered: (chatId, replies) => engine.noteDelivered?.("zalo", chatId, replies) ?? Promise.resolve(),
      });
    },
    async stop() {
      if (!running) return;
      running = false;
      abort.abort();
      await pollLoop;
      // Let messages in progress finish (they may enqueue notifications), then stop delivering.
      await chats.idle();
      await delivery?.stop();
      await chats.idle();
      logger.info("zalo", "stopped");
    },
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
