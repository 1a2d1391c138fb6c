import type { Topic } from "./types.ts";

/**
 * The topics to offer as "common topics", most asked first: by how often
 * owners asked them (`counts`, topic id → questions answered, when the caller
 * has them), then by the `popularity` rank set in knowledge/; never by name.
 */
export function commonTopics(topics: readonly Topic[], n: number, counts?: ReadonlyMap<string, number>): Topic[] {
  const count = (t: Topic) => counts?.get(t.id) ?? 0;
  const rank = (t: Topic) => t.popularity ?? Number.POSITIVE_INFINITY;
  return topics
    .filter((t) => count(t) > 0 || t.popularity !== undefined)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => count(b.t) - count(a.t) || rank(a.t) - rank(b.t) || a.i - b.i)
    .slice(0, n)
    .map(({ t }) => t);
}
