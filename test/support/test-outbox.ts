import type { OutboxRecord } from "../../src/domain/records.ts";
import type { OutboxDelivery } from "../../src/domain/storage.ts";
import type { Channel, Reply } from "../../src/engine/types.ts";
import { MemoryStorage } from "../../src/store/memory/memory-storage.ts";

/**
 * The real in-memory storage's notification queue, for channel tests that run
 * without an engine: `enqueue` as the engine would, `items` everything queued
 * with whether it was delivered.
 */
export class TestOutbox implements OutboxDelivery {
  readonly storage = new MemoryStorage();
  private readonly queued: OutboxRecord[] = [];
  private readonly delivered = new Set<string>();
  private readonly failures = new Map<string, number>();

  /** Everything queued, with whether it was delivered and how many attempts failed. */
  get items(): (OutboxRecord & { delivered: boolean })[] {
    return this.queued.map((i) => ({ ...i, attempts: this.failures.get(i.id) ?? 0, delivered: this.delivered.has(i.id) }));
  }

  async enqueue(channel: Channel, chatId: string, replies: Reply[]): Promise<OutboxRecord> {
    const item = await this.storage.outbox.enqueue(channel, chatId, replies);
    this.queued.push(item);
    return item;
  }

  deliverDue: OutboxDelivery["deliverDue"] = (channel, deliver, options) =>
    this.storage.delivery.deliverDue(
      channel,
      async (item) => {
        try {
          await deliver(item);
          this.delivered.add(item.id);
        } catch (error) {
          this.failures.set(item.id, (this.failures.get(item.id) ?? 0) + 1);
          throw error;
        }
      },
      options,
    );

  onEnqueue: OutboxDelivery["onEnqueue"] = (listener) => this.storage.delivery.onEnqueue(listener);

  pending: OutboxDelivery["pending"] = () => this.storage.delivery.pending();

  /** Not delivered yet, of one channel. */
  waiting(channel: Channel): OutboxRecord[] {
    return this.queued.filter((i) => i.channel === channel && !this.delivered.has(i.id));
  }
}
