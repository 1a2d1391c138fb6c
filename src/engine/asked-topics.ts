import type { Repositories } from "../domain/storage.ts";
import { vnIsoDate } from "../text/vn-time.ts";

const DAY_MS = 24 * 3600_000;

/**
 * How often owners asked each topic over the last `days` days (answered, or
 * offered first in a did-you-mean), for the "common topics" the Q&A prompt
 * offers. Read at most once per `ttlMs`: the prompt is shown often and the
 * ranking need not move by the minute. A failed read gives no counts (the
 * knowledge base's own ranking then applies) and is tried again next time.
 *
 * The read goes through the repositories of the message asking, i.e. inside
 * its own transaction: through the shared storage it would need a second
 * pooled connection while the message holds one, and with every connection
 * held by messages at this prompt none would come back (PostgreSQL: each
 * stalled for the pool's connection timeout).
 */
export function askedTopicCounts(
  clock: () => Date,
  options: { days?: number; ttlMs?: number } = {},
): (repositories: Pick<Repositories, "questions">) => Promise<ReadonlyMap<string, number>> {
  const days = options.days ?? 90;
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  let cached: { at: number; counts: Promise<ReadonlyMap<string, number>> } | undefined;
  const read = async (repositories: Pick<Repositories, "questions">): Promise<ReadonlyMap<string, number>> => {
    const since = vnIsoDate(new Date(clock().getTime() - days * DAY_MS));
    const counts = new Map<string, number>();
    for (const t of await repositories.questions.tallies(since)) {
      if (t.topicId && (t.outcome === "answered" || t.outcome === "clarify")) counts.set(t.topicId, (counts.get(t.topicId) ?? 0) + t.count);
    }
    return counts;
  };
  return (repositories) => {
    const now = clock().getTime();
    if (!cached || now - cached.at >= ttlMs) {
      const counts = read(repositories).catch(() => {
        cached = undefined;
        return new Map<string, number>();
      });
      cached = { at: now, counts };
    }
    return cached.counts;
  };
}
