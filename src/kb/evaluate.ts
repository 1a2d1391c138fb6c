import { readFileSync } from "node:fs";
import Fuse from "fuse.js";
import { parseYaml } from "./yaml.js";
import { z } from "zod";
import type { KnowledgeSearch } from "./search.ts";
import type { KnowledgeBase } from "./types.ts";

export const evalSetSchema = z.object({
  inScope: z.array(z.object({ q: z.string().min(1), id: z.string(), alt: z.array(z.string()).optional() })).min(1),
  outOfScope: z.array(z.object({ q: z.string().min(1) })).min(1),
});
export type EvalSet = z.infer<typeof evalSetSchema>;

export function loadEvalSet(path: string): EvalSet {
  return evalSetSchema.parse(parseYaml(readFileSync(path, "utf8")));
}

/** The questions the search was tuned on: two files written at different times, measured as one set. */
export const TUNING_SET_FILES = ["test/fixtures/eval-questions.yaml", "test/fixtures/eval-questions-2.yaml"];
/** Questions never used for tuning: they measure how the search does on phrasings it has not seen. */
export const HELDOUT_SET_FILE = "test/fixtures/eval-heldout.yaml";

/** Several question files as one set. */
export function loadEvalSets(paths: string[]): EvalSet {
  const sets = paths.map(loadEvalSet);
  return { inScope: sets.flatMap((s) => s.inScope), outOfScope: sets.flatMap((s) => s.outOfScope) };
}

export interface EvalFigures {
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
  const n = set.inScope.length;
  return {
    top1: top1 / n,
    top3: top3 / n,
    answeredCorrectly: answeredCorrectly / n,
    answeredWrongly: answeredWrongly / n,
    outOfScopeRejected: rejected / set.outOfScope.length,
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
