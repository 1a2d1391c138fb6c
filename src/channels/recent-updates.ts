/**
 * The update ids this process received lately, so that an update delivered
 * to it twice (Telegram retries a webhook it got no answer to in time; Zalo
 * may post a webhook twice) is handled once. Every channel asks it first, on
 * receipt (Telegram by update id, Zalo by message id): a repeat costs no flood
 * count, no platform call (answering a button, "typing") and no engine turn.
 *
 * It does not replace the durable check, nor does that check replace it. The
 * storage port's `updates.firstTime` (src/domain/storage.ts) runs inside the
 * engine's turn, in the turn's transaction, and is the one that holds across
 * restarts and instances (a batch polled again after a restart, a retry sent
 * to another instance): it records an id only when the turn commits, so an
 * update whose turn died midway is handled when it comes back. Asked here,
 * before the turn, it would record ids of updates never answered and cost a
 * database write per update, a flood's included; and some channel work never
 * reaches the engine (the officers' /xuat export on Telegram), which only this
 * cache protects. So both stay: this cheap bounded filter in front, the durable
 * check behind it.
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
