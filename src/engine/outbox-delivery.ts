import type { Logger } from "../logger.ts";
import { maskId } from "../logger.ts";
import type { Outbox, OutboxItem } from "./contract.ts";
import type { Channel, Reply } from "./types.ts";

const MAX_ATTEMPTS = 5;

/**
 * Delivers a channel's outbox: what is pending at start, then each new item as
 * it is enqueued, one at a time so that messages to one chat keep their order.
 * Returns a stop function that waits for the delivery in progress.
 */
export function startOutboxDelivery(options: {
  outbox: Outbox;
  channel: Channel;
  deliver: (chatId: string, replies: Reply[]) => Promise<void>;
  logger: Logger;
  /** Called after each delivery (the engine's noteDelivered, on channels without buttons). */
  onDelivered?: (chatId: string, replies: Reply[]) => Promise<void>;
}): { stop: () => Promise<void>; idle: () => Promise<void> } {
  const { outbox, channel, deliver, logger, onDelivered } = options;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const deliverOne = async (item: OutboxItem) => {
    if (stopped) return;
    try {
      await deliver(item.chatId, item.replies);
      await outbox.markDelivered(item.id);
      await onDelivered?.(item.chatId, item.replies);
    } catch (error) {
      logger.warn(channel, "notification not delivered", { chat: maskId(item.chatId), attempt: item.attempts + 1, error: String(error) });
      await outbox.markFailed(item.id, String(error));
    }
  };
  const schedule = (item: OutboxItem) => {
    chain = chain.then(() => deliverOne(item));
  };
  const drain = () => {
    for (const item of outbox.pending(channel)) if (item.attempts < MAX_ATTEMPTS) schedule(item);
  };

  drain();
  const unsubscribe = outbox.onEnqueue((item) => {
    if (item.channel === channel) schedule(item);
  });
  return {
    idle: () => chain,
    stop: async () => {
      stopped = true;
      unsubscribe();
      await chain;
    },
  };
}
