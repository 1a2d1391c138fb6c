import type { Engine, Outbox, OutboxItem } from "../../../src/engine/contract.ts";
import type { Channel, Inbound, Reply } from "../../../src/engine/types.ts";
import { createLogger, type Logger } from "../../../src/logger.ts";

/** An engine stand-in: records every inbound and answers through `respond`. */
export function fakeEngine(respond: (inbound: Inbound) => Reply[] | Promise<Reply[]> = echo) {
  const received: Inbound[] = [];
  const engine: Engine = {
    async handle(inbound) {
      received.push(inbound);
      return respond(inbound);
    },
  };
  return { engine, received };
}

/** Echoes text, names the kind of everything else. */
export function echo(inbound: Inbound): Reply[] {
  if (inbound.kind === "text") return [{ text: `Bạn nói: ${inbound.text}` }];
  if (inbound.kind === "command") return [{ text: `Lệnh: ${inbound.command}` }];
  return [{ text: `Loại: ${inbound.kind}` }];
}

/** An in-memory Outbox with the same behaviour as the real one's contract. */
export function memoryOutbox(): Outbox & { items: OutboxItem[] } {
  const items: OutboxItem[] = [];
  const listeners = new Set<(item: OutboxItem) => void>();
  let seq = 0;
  return {
    items,
    async enqueue(channel: Channel, chatId: string, replies: Reply[]) {
      const item: OutboxItem & { delivered?: boolean } = {
        id: `o${++seq}`,
        channel,
        chatId,
        replies,
        createdAt: new Date().toISOString(),
        attempts: 0,
      };
      items.push(item);
      for (const listener of listeners) listener(item);
      return item;
    },
    pending(channel) {
      return items.filter((i) => i.channel === channel && !(i as { delivered?: boolean }).delivered);
    },
    async markDelivered(id) {
      const item = items.find((i) => i.id === id);
      if (item) (item as { delivered?: boolean }).delivered = true;
    },
    async markFailed(id) {
      const item = items.find((i) => i.id === id);
      if (item) item.attempts += 1;
    },
    onEnqueue(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A logger that keeps its lines, to check what reaches the logs (and what must not). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger("debug", (line) => lines.push(line)), { lines });
}
