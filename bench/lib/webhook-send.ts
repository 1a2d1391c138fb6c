import { performance } from "node:perf_hooks";
import type { Reply } from "../../src/engine/types.ts";
import { telegramUpdate, TELEGRAM_HOOK, TELEGRAM_OFFICER_CHAT, ZALO_HOOK, ZALO_OFFICER, zaloWebhookUpdate, type Cluster } from "../../test/support/cluster.ts";
import type { Send } from "./drive.ts";

/** Officer notifications seen at the stand-ins: code → how many times, per channel. */
export interface OfficerTally {
  telegram: Map<string, number>;
  zalo: Map<string, number>;
}

export interface WebhookSender {
  send: Send;
  officers: OfficerTally;
  /** Deliveries retried after a 502 or no answer (an instance killed mid-request), and messages that never got a reply. */
  stats: { retried: number; unanswered: number; duplicatesPosted: number };
  close(): void;
}

interface Waiting {
  texts: string[];
  first?: number;
  last?: number;
  wake?: () => void;
}

const CODE = /KC-\d{4}-\d{6}/;
const CODES = /KC-\d{4}-\d{6}/g;

/**
 * Sends each simulated user's message as a platform would: a Telegram update
 * (message or callback_query) or a Zalo webhook body, POSTed through the
 * cluster's proxy; replies are collected at the stand-ins by chat.
 *
 * Telegram answers the webhook after the replies are sent: latency is the
 * POST's round trip. Zalo answers at once and processes in the background:
 * latency is from the POST to the first reply at the stand-in, and the user
 * goes on once its chat has been quiet for `quietMs` (a reply may come in
 * several messages). A POST answered 502 or not at all (an instance killed
 * mid-request) is delivered again, with the same update id, as the platforms
 * retry; a message that gets no reply within `replyTimeoutMs` ends its user
 * (counted as unanswered, never as an acknowledged submission).
 */
export function webhookSender(
  cluster: Cluster,
  options: {
    /** Whether the bot has handled (committed) a Zalo update: tells the replies to it from late ones to the previous message. */
    processed: (channel: "zalo", id: string) => Promise<boolean>;
    quietMs?: number;
    replyTimeoutMs?: number;
    maxRetries?: number;
  },
): WebhookSender {
  const quietMs = options.quietMs ?? 25;
  const replyTimeoutMs = options.replyTimeoutMs ?? 5_000;
  const maxRetries = options.maxRetries ?? 20;
  const waiting = new Map<string, Waiting>();
  const officers: OfficerTally = { telegram: new Map(), zalo: new Map() };
  const stats = { retried: 0, unanswered: 0, duplicatesPosted: 0 };
  let updateSeq = 1_000_000;
  let zaloSeq = 0;

  const arrived = (channel: "telegram" | "zalo", officerChat: string) => (message: { chatId: string; text: string }) => {
    if (message.chatId === officerChat) {
      const codes = new Set(message.text.match(CODES) ?? []);
      for (const code of codes) officers[channel].set(code, (officers[channel].get(code) ?? 0) + 1);
      return;
    }
    const w = waiting.get(`${channel}:${message.chatId}`);
    if (!w) return;
    const now = performance.now();
    w.texts.push(message.text);
    w.first ??= now;
    w.last = now;
    w.wake?.();
  };
  const offTelegram = cluster.telegram.onSent(arrived("telegram", TELEGRAM_OFFICER_CHAT));
  const onZalo = arrived("zalo", ZALO_OFFICER);
  cluster.zalo.listeners.add(onZalo);

  /** POSTs until answered 200 (a platform retries a failed delivery). */
  const deliver = async (path: string, body: unknown): Promise<boolean> => {
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        stats.retried++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if ((await cluster.post(path, body)) === 200) return true;
    }
    return false;
  };

  const send: Send = async (step, user) => {
    const inbound = step.inbound;
    const key = `${inbound.channel}:${inbound.chatId}`;
    const w: Waiting = { texts: [] };
    waiting.set(key, w);
    const t0 = performance.now();
    try {
      if (inbound.channel === "telegram") {
        const ok = await deliver(TELEGRAM_HOOK, telegramUpdate(inbound, ++updateSeq));
        const t1 = performance.now();
        if (!ok || w.texts.length === 0) {
          stats.unanswered++;
          user.interrupt(ok ? "no reply (the update was handled by an instance killed before replying)" : "webhook never answered 200");
          return { replies: [] };
        }
        return { replies: w.texts.map((text): Reply => ({ text })), latencyMs: t1 - t0 };
      }
      const messageId = `bench${(++zaloSeq).toString(16).padStart(12, "0")}`;
      const ok = await deliver(ZALO_HOOK, zaloWebhookUpdate(inbound, messageId));
      const deadline = t0 + replyTimeoutMs;
      const code = () => w.texts.some((t) => CODE.test(t));
      // The first reply, then quiet (a submission: until the code came); then the update must be handled, or what came
      // was the end of the previous message's replies (sent by the other instance): wait again.
      for (;;) {
        while (ok && (w.last === undefined || performance.now() - w.last < quietMs || (step.kind === "submit" && !code())) && performance.now() < deadline) {
        const wait = w.last === undefined ? deadline - performance.now() : quietMs - (performance.now() - w.last);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, wait));
          w.wake = () => {
            if (w.texts.length === 1 || step.kind === "submit") {
              clearTimeout(timer);
              resolve();
            }
          };
        });
        }
        if (!ok || w.first === undefined || performance.now() >= deadline || (await options.processed("zalo", messageId))) break;
        w.texts = [];
        w.first = undefined;
        w.last = undefined;
      }
      if (w.first === undefined) {
        stats.unanswered++;
        user.interrupt(ok ? "no reply within the timeout (an instance killed after accepting the update)" : "webhook never answered 200");
        return { replies: [] };
      }
      return { replies: w.texts.map((text): Reply => ({ text })), latencyMs: w.first - t0 };
    } finally {
      waiting.delete(key);
    }
  };

  return {
    send,
    officers,
    stats,
    close() {
      offTelegram();
      cluster.zalo.listeners.delete(onZalo);
    },
  };
}
