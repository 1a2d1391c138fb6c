import { LONG_MESSAGE_CHARS, loadEvalSets, renameIds, TUNING_SET_FILES } from "../../src/kb/evaluate.ts";
import { foldVietnamese } from "../../src/kb/normalize.ts";
import type { KnowledgeBase } from "../../src/kb/types.ts";

/**
 * What the cross-validated tuning scripts (tune-long.ts, tune-ranking.ts)
 * share: the tuning questions in K folds, and counting a decision.
 */
export const K = 5;

export interface Item {
  q: string;
  /** Right topic ids; undefined for an out-of-scope message. */
  good?: Set<string>;
  long: boolean;
  fold: number;
}

export interface Tally {
  inScope: number;
  right: number;
  wrong: number;
  outOfScope: number;
  oosAnswered: number;
}

/**
 * The knowledge base with the fold's in-scope questions taken out of the
 * owners' phrasings it searches: the fold's questions then read as new.
 */
export function withoutFold(kb: KnowledgeBase, items: Item[], fold: number): KnowledgeBase {
  const removed = new Set(items.filter((i) => i.fold === fold && i.good).map((i) => key(i.q)));
  const topics = kb.topics.map((t) => ({ ...t, examples: t.examples.filter((e) => !removed.has(key(e))) }));
  return { ...kb, topics, topicById: new Map(topics.map((t) => [t.id, t])) };
}

/** A question's identity across sets: the same words with or without diacritics are one question. */
export const key = (q: string) => foldVietnamese(q);

/** The tuning sets' questions (ids mapped through renamed.yaml), each in its fold. */
export function tuningItems(kb: KnowledgeBase): Item[] {
  const set = renameIds(loadEvalSets(TUNING_SET_FILES), kb.renamed);
  return assignFolds([
    ...set.inScope.map((i) => ({ q: i.q, good: new Set([i.id, ...(i.alt ?? [])]), long: i.q.length > LONG_MESSAGE_CHARS })),
    ...set.outOfScope.map((i) => ({ q: i.q, long: i.q.length > LONG_MESSAGE_CHARS })),
  ]);
}

/** Folds by a hash of the folded text within each stratum (long or short, in scope or not); one text, one fold. */
export function assignFolds(list: Omit<Item, "fold">[]): Item[] {
  const foldOf = new Map<string, number>();
  for (const stratum of [0, 1, 2, 3]) {
    const keys = [...new Set(list.filter((i) => (i.good ? 0 : 2) + (i.long ? 1 : 0) === stratum).map((i) => key(i.q)))].filter((k) => !foldOf.has(k));
    keys.sort((a, b) => fnv(a) - fnv(b) || (a < b ? -1 : 1));
    keys.forEach((k, i) => foldOf.set(k, i % K));
  }
  return list.map((i) => ({ ...i, fold: foldOf.get(key(i.q)) as number }));
}

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function emptyTally(): Tally {
  return { inScope: 0, right: 0, wrong: 0, outOfScope: 0, oosAnswered: 0 };
}

/** Counts one decision: answered (confident) right or wrong, or an out-of-scope message answered. */
export function count(t: Tally, item: Item, got: { ids: string[]; confident: boolean }): void {
  record(t, item.good !== undefined, got.confident, item.good?.has(got.ids[0] ?? "") ?? false);
}

export function record(t: Tally, inScope: boolean, answered: boolean, right: boolean): void {
  if (!inScope) {
    t.outOfScope++;
    if (answered) t.oosAnswered++;
    return;
  }
  t.inScope++;
  if (answered && right) t.right++;
  if (answered && !right) t.wrong++;
}

export function addTally(to: Tally, x: Tally): void {
  to.inScope += x.inScope;
  to.right += x.right;
  to.wrong += x.wrong;
  to.outOfScope += x.outOfScope;
  to.oosAnswered += x.oosAnswered;
}

export function pct(n: number): string {
  return `${(n * 100).toFixed(1)} %`;
}
