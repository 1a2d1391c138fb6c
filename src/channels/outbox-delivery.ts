import type { OutboxDelivery } from "../domain/storage.ts";
import type { Logger } from "../logger.ts";
import { maskId } from "../logger.ts";
import type { Channel, Reply } from "../engine/types.ts";

const MAX_ATTEMPTS = 10;
/** Due retries, and notifications queued by another process where the adapter cannot wake us, are picked up this often. */
const POLL_MS = 5000;

/**
 * Delivers a channel's queued notifications: what is due at start, then
 * whenever storage says something was queued, and every few seconds for
 * retries. Storage claims each item for one deliverer at a time, so several
 * bot processes can run this together.
 */
export function startOutboxDelivery(options: {
  delivery: OutboxDelivery;
  channel: Channel;
  deliver: (chatId: string, replies: Reply[]) => Promise<void>;
  logger: Logger;
  /** Called after each delivery (the engine's noteDelivered, on channels without buttons). */
  onDelivered?: (chatId: string, replies: Reply[]) => Promise<void>;
  pollMs?: number;
}): { stop: () => Promise<void>; idle: () => Promise<void> } {
  const { delivery, channel, deliver, logger, onDelivered } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const deliverItem = async (item: { chatId: string; replies: Reply[]; attempts: number }) => {
    try {
      await deliver(item.chatId, item.replies);
    } catch (error) {
      logger.warn(channel, "notification not delivered", { chat: maskId(item.chatId), attempt: item.attempts + 1, error: String(error) });
      throw error;
    }
    // Delivered: a failure after this point must not send it again.
    await onDelivered?.(item.chatId, item.replies).catch((error: unknown) => logger.warn(channel, "delivery note failed", { error: String(error) }));
  };
  const drain = async () => {
    do {
      again = false;
      while (!stopped && (await delivery.deliverDue(channel, deliverItem, { limit: 20, maxAttempts: MAX_ATTEMPTS })) > 0);
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => logger.warn(channel, "outbox delivery failed", { error: String(error) }))
      .finally(() => (running = undefined));
  };

  kick();
  const unsubscribe = delivery.onEnqueue((queued) => {
    if (queued === channel) kick();
  });
  const timer = setInterval(kick, options.pollMs ?? POLL_MS);
  timer.unref();
  const idle = async () => {
    while (running) await running;
  };
  return {
    idle,
    stop: async () => {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      await idle();
    },
  };
}
