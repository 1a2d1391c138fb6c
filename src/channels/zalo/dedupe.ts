/**
 * Remembers recently seen keys for a while, bounded in size. Zalo updates have
 * no update id and a webhook may be delivered twice (retries, replays), so
 * message ids seen in the last minutes are dropped. The oldest key goes first
 * when the cache is full (a Map iterates in insertion order).
 */
export function createDedupeCache(options: { ttlMs: number; maxSize: number; now?: () => number }) {
  const seen = new Map<string, number>();
  const now = options.now ?? Date.now;

  return {
    /** True if `key` was seen within the TTL; otherwise records it and returns false. */
    seenBefore(key: string): boolean {
      const t = now();
      const expires = seen.get(key);
      if (expires !== undefined && expires > t) return true;
      seen.delete(key);
      seen.set(key, t + options.ttlMs);
      for (const [oldest, at] of seen) {
        if (seen.size <= options.maxSize && at > t) break;
        seen.delete(oldest);
      }
      return false;
    },
    get size() {
      return seen.size;
    },
  };
}
