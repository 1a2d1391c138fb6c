import { readFileSync } from "node:fs";
import Fuse from "fuse.js";
import { parseYaml } from "./yaml.js";
import { z } from "zod";
import type { AnswerPolicy } from "./answer-policy.ts";
import type { KnowledgeSearch } from "./search.ts";
import type { KnowledgeBase } from "./types.ts";

export const evalSetSchema = z.object({
  inScope: z.array(z.object({ q: z.string().min(1), id: z.string(), alt: z.array(z.string()).optional() })).min(1),
  outOfScope: z.array(z.object({ q: z.string().min(1) })).default([]),
});
export type EvalSet = z.infer<typeof evalSetSchema>;

export function loadEvalSet(path: string): EvalSet {
  return evalSetSchema.parse(parseYaml(readFileSync(path, "utf8")));
}

/**
 * The questions the search was tuned on, written at four different times.
 * Their in-scope questions are now also owners' phrasings in
 * knowledge/owner-questions.yaml, so their figures show recall of stored
 * phrasings, not how the search does on new ones.
 */
export const TUNING_SET_FILES = ["test/fixtures/eval-questions.yaml", "test/fixtures/eval-questions-2.yaml", "test/fixtures/eval-questions-3.yaml", "test/fixtures/eval-questions-4.yaml"];
/** Questions never used for tuning: they measure how the search does on phrasings it has not seen. */
export const HELDOUT_SET_FILE = "test/fixtures/eval-heldout.yaml";
/** A second held-out set, written blind on 2 Dec 2026 (from topic titles and answers only) after the first had been looked at. */
export const FRESH_HELDOUT_SET_FILE = "test/fixtures/eval-heldout-2.yaml";
/** The 25 commonest owner questions, three phrasings each, written before the answer policy was tuned: all must be answered directly. */
export const COMMON_SET_FILE = "test/fixtures/common-questions.yaml";

/**
 * The set with topic ids of merged topics replaced by the topic that now
 * answers them (knowledge/renamed.yaml); the questions are never edited.
 */
export function renameIds(set: EvalSet, renamed: Map<string, string>): EvalSet {
  const map = (id: string) => renamed.get(id) ?? id;
  return {
    ...set,
    inScope: set.inScope.map((item) => {
      const id = map(item.id);
      const alt = [...new Set((item.alt ?? []).map(map))].filter((a) => a !== id);
      return alt.length > 0 ? { ...item, id, alt } : { q: item.q, id };
    }),
  };
}

/** Several question files as one set. */
export function loadEvalSets(paths: string[]): EvalSet {
  const sets = paths.map(loadEvalSet);
  return { inScope: sets.flatMap((s) => s.inScope), outOfScope: sets.flatMap((s) => s.outOfScope) };
}

export interface EvalFigures {
  /** In-scope questions measured. */
  count: number;
  top1: number;
  top3: number;
  /** Share of in-scope questions answered directly (zone "answer") with the right topic. */
  answeredCorrectly: number;
  /** Share of in-scope questions answered directly with a wrong topic: the worst outcome. */
  answeredWrongly: number;
  /** Share of out-of-scope messages that did not get a confident answer. */
  outOfScopeRejected: number;
  misses: { q: string; expected: string; got: string[] }[];
}

/** Something that ranks topic ids for a question and says whether it would answer confidently. */
export type Ranker = (question: string) => { ids: string[]; confident: boolean };

export function evaluate(set: EvalSet, rank: Ranker): EvalFigures {
  let top1 = 0;
  let top3 = 0;
  let answeredCorrectly = 0;
  let answeredWrongly = 0;
  const misses: EvalFigures["misses"] = [];
  for (const item of set.inScope) {
    const good = new Set([item.id, ...(item.alt ?? [])]);
    const { ids, confident } = rank(item.q);
    const first = ids[0] !== undefined && good.has(ids[0]);
    if (first) top1++;
    else misses.push({ q: item.q, expected: item.id, got: ids.slice(0, 3) });
    if (ids.slice(0, 3).some((id) => good.has(id))) top3++;
    if (confident && first) answeredCorrectly++;
    if (confident && !first) answeredWrongly++;
  }
  const rejected = set.outOfScope.filter((item) => !rank(item.q).confident).length;
  const n = Math.max(1, set.inScope.length);
  return {
    count: set.inScope.length,
    top1: top1 / n,
    top3: top3 / n,
    answeredCorrectly: answeredCorrectly / n,
    answeredWrongly: answeredWrongly / n,
    outOfScopeRejected: set.outOfScope.length > 0 ? rejected / set.outOfScope.length : 1,
    misses,
  };
}

/** Our search: ranked ids, confident when the zone is "answer". */
export function searchRanker(search: KnowledgeSearch): Ranker {
  return (q) => {
    const result = search.search(q, 3);
    return { ids: result.ranked.map((r) => r.topic.id), confident: result.zone === "answer" };
  };
}

/** What users get: small talk, then the search's zone (see AnswerPolicy); confident only on a direct answer. */
export function policyRanker(policy: AnswerPolicy): Ranker {
  return (q) => {
    const decision = policy.decide(q, 3);
    if (decision.kind === "small-talk") return { ids: [], confident: false };
    return { ids: decision.result.ranked.map((r) => r.topic.id), confident: decision.kind === "answer" };
  };
}

/** Long messages (a story, then the question) apart from short ones: owners write both. */
export const LONG_MESSAGE_CHARS = 100;

/** The in-scope questions of a set that are short (`long` false) or long story-then-question messages. */
export function byLength(set: EvalSet, long: boolean): EvalSet {
  return { ...set, inScope: set.inScope.filter((i) => (i.q.length > LONG_MESSAGE_CHARS) === long) };
}

/** The baseline: fuse.js with default options over the same entries; any hit counts as an answer. */
export function baselineRanker(kb: KnowledgeBase): Ranker {
  const fuse = new Fuse(kb.topics, { keys: ["title", "questions", "keywords"] });
  return (q) => {
    const hits = fuse.search(q, { limit: 3 });
    return { ids: hits.map((h) => h.item.id), confident: hits.length > 0 };
  };
}

/** The same set with every question's diacritics removed (đ → d), punctuation and case kept: how many owners type. */
export function withoutDiacritics(set: EvalSet): EvalSet {
  const strip = (q: string) => q.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  return { ...set, inScope: set.inScope.map((i) => ({ ...i, q: strip(i.q) })) };
}
