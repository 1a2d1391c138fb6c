/**
 * The update ids this process received lately, so that an update delivered
 * twice (Telegram retries a webhook it got no answer to, a restart re-reads
 * the last polled batch; Zalo may post a webhook twice) is handled once.
 * Every channel asks it first, on receipt: a repeat costs no flood count, no
 * platform call (answering a button, "typing") and no engine turn.
 *
 * This is not the durable check. The storage port's `updates.firstTime`
 * (src/domain/storage.ts) stays inside the engine's turn, in the turn's
 * transaction, and is the one that holds across restarts and instances: it
 * records an id only when the turn commits, so an update whose turn died
 * midway is handled when it comes back. Moving it here, before the turn, would
 * record ids of updates never answered and cost a database write per update,
 * a flood's included; and some channel work never reaches the engine (the
 * officers' /xuat export on Telegram). So the two stay: this cheap bounded
 * filter in front, the durable check behind it.
 *
 * Bounded in size and time: ids are kept for `ttlMs` and at most `maxSize` of
 * them, oldest dropped first (a Map iterates in insertion order).
 */
export interface RecentUpdates {
  /** True the first time `key` is seen within the TTL (and remembers it); false for a repeat. */
  firstTime(key: string): boolean;
  readonly size: number;
}

export const RECENT_UPDATES_TTL_MS = 10 * 60_000;
export const RECENT_UPDATES_MAX = 5_000;

export function createRecentUpdates(options: { ttlMs?: number; maxSize?: number; now?: () => number } = {}): RecentUpdates {
  const ttlMs = options.ttlMs ?? RECENT_UPDATES_TTL_MS;
  const maxSize = options.maxSize ?? RECENT_UPDATES_MAX;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();
  return {
    firstTime(key) {
      const t = now();
      const expires = expiries.get(key);
      if (expires !== undefined && expires > t) return false;
      // Re-inserted, so that the Map's order stays the order of expiry.
      expiries.delete(key);
      expiries.set(key, t + ttlMs);
      for (const [oldest, at] of expiries) {
        if (expiries.size <= maxSize && at > t) break;
        expiries.delete(oldest);
      }
      return true;
    },
    get size() {
      return expiries.size;
    },
  };
}
