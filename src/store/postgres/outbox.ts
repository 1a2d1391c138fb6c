import type pg from "pg";
import type { OutboxRecord } from "../../domain/records.ts";
import { retryDelayMs, type OutboxDelivery } from "../../domain/storage.ts";
import type { Channel } from "../../engine/types.ts";
import { storageError } from "./errors.ts";
import { NotifyListener } from "./listener.ts";
import { OUTBOX_COLUMNS, outboxOf, type OutboxRow } from "./rows.ts";

const CHANNELS: Channel[] = ["telegram", "zalo", "terminal"];

export interface DeliveryDeps {
  /** A pooled client, errors already turned into StorageUnavailableError. */
  connect(): Promise<{ client: pg.PoolClient; release(error?: unknown): void }>;
  query<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  now(): Date;
  /** Starts the LISTEN connection when the first listener subscribes. */
  listener(onNotify: (payload: string) => void, onReady: () => void): NotifyListener;
}

/**
 * The delivery side of the outbox. Each item is claimed in a transaction of
 * its own with `FOR UPDATE SKIP LOCKED`: the row stays locked while it is
 * handed over, so another instance (or another call here) skips it, and a
 * process that dies mid-delivery releases it for a retry. Deleted once
 * delivered, or given a later `next_attempt_at` when delivery throws.
 */
export function outboxDelivery(deps: DeliveryDeps): OutboxDelivery & { stop(): Promise<void> } {
  const listeners = new Set<(channel: Channel) => void>();
  let listener: NotifyListener | undefined;
  const tell = (channel: Channel) => {
    for (const l of listeners) l(channel);
  };
  return {
    deliverDue: async (channel, deliver, options = {}) => {
      const limit = options.limit ?? 20;
      const maxAttempts = options.maxAttempts ?? 10;
      const { client, release } = await deps.connect();
      let handed = 0;
      let broken: unknown;
      try {
        while (handed < limit) {
          await client.query("BEGIN");
          const row = (
            await client.query<OutboxRow>(
              `SELECT ${OUTBOX_COLUMNS} FROM outbox
               WHERE channel = $1 AND attempts < $2 AND (next_attempt_at IS NULL OR next_attempt_at <= $3)
               ORDER BY created_at, n LIMIT 1 FOR UPDATE SKIP LOCKED`,
              [channel, maxAttempts, deps.now()],
            )
          ).rows[0];
          if (!row) {
            await client.query("COMMIT");
            break;
          }
          const item: OutboxRecord = outboxOf(row);
          handed++;
          let failure: { error: unknown } | undefined;
          try {
            await deliver(item);
          } catch (error) {
            failure = { error };
          }
          if (!failure) await client.query("DELETE FROM outbox WHERE id = $1", [item.id]);
          else {
            const attempts = item.attempts + 1;
            await client.query("UPDATE outbox SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1", [
              item.id,
              attempts,
              String(failure.error).slice(0, 300),
              new Date(deps.now().getTime() + retryDelayMs(attempts)),
            ]);
          }
          await client.query("COMMIT");
        }
      } catch (error) {
        broken = error;
        await client.query("ROLLBACK").catch(() => undefined);
        throw storageError(error);
      } finally {
        release(broken);
      }
      return handed;
    },
    onEnqueue: (fn) => {
      listeners.add(fn);
      if (!listener) {
        listener = deps.listener(
          (payload) => {
            if ((CHANNELS as string[]).includes(payload)) tell(payload as Channel);
          },
          // Whatever was enqueued while nobody listened: look once on every channel.
          () => CHANNELS.forEach(tell),
        );
        void listener.start();
      }
      return () => {
        listeners.delete(fn);
      };
    },
    pending: async () => {
      try {
        return (await deps.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox ORDER BY created_at, n`)).rows.map(outboxOf);
      } catch (error) {
        throw storageError(error);
      }
    },
    stop: async () => {
      listeners.clear();
      await listener?.stop();
    },
  };
}

