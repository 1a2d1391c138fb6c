import type { QuestionLogEntry } from "../domain/records.ts";
import { foldVietnamese, tokens } from "../kb/normalize.ts";
import { STOPWORDS } from "../kb/stopwords.ts";

export interface QuestionGroup {
  /** The entry ids in the group (what "mark handled" records). */
  ids: string[];
  /** The wording asked most recently. */
  example: string;
  /** Other wordings, up to a few. */
  variants: string[];
  count: number;
  /** The topic the search found closest most often, if any. */
  topicId?: string;
  lastAt: string;
}

/** Words that say what a question is about: folded, without function words. */
function contentWords(text: string): Set<string> {
  return new Set(tokens(foldVietnamese(text)).filter((w) => w.length > 1 && !STOPWORDS.has(w)));
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Any letter outside ASCII: the wording carries diacritics. */
const NON_ASCII = /[^\u0020-\u007e]/;

/** Questions this close (shared content words over all of both: Jaccard) count as the same question asked again. */
const SAME_QUESTION = 0.5;

/**
 * Unanswered questions grouped by similar wording (with or without
 * diacritics), most asked first, leaving out entries marked handled: what an
 * officer should add to knowledge/. Greedy over the newest entries first, so
 * each group's example is its latest wording.
 */
export function groupQuestions(entries: QuestionLogEntry[], handled: Set<string>): QuestionGroup[] {
  const groups: (QuestionGroup & { words: Set<string>; topics: Map<string, number> })[] = [];
  for (const entry of [...entries].reverse()) {
    const id = entry.id ?? `${entry.at}:${entry.userId}`;
    if (handled.has(id)) continue;
    const words = contentWords(entry.text);
    const group = groups.find((g) => similarity(g.words, words) >= SAME_QUESTION || (words.size > 0 && foldVietnamese(g.example) === foldVietnamese(entry.text)));
    const topic = entry.topIds[0];
    if (group) {
      // Show a wording with diacritics when the group has one: officers read it more easily.
      let other = entry.text;
      if (!NON_ASCII.test(group.example) && NON_ASCII.test(other)) [group.example, other] = [other, group.example];
      group.ids.push(id);
      group.count++;
      if (group.variants.length < 3 && !group.variants.includes(other) && group.example !== other) group.variants.push(other);
      if (topic) group.topics.set(topic, (group.topics.get(topic) ?? 0) + 1);
    } else {
      groups.push({ ids: [id], example: entry.text, variants: [], count: 1, lastAt: entry.at, words, topics: new Map(topic ? [[topic, 1]] : []) });
    }
  }
  return groups
    .map(({ words: _words, topics, ...g }) => {
      const best = [...topics].sort((a, b) => b[1] - a[1])[0]?.[0];
      return best ? { ...g, topicId: best } : g;
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}
