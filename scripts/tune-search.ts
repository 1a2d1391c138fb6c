/**
 * Sweeps the search's scoring weights, then the zone thresholds, over the
 * tuning question set and prints the best settings: how the defaults in
 * src/kb/search.ts (DEFAULT_WEIGHTS) and src/config.ts (SEARCH_*) were chosen.
 * The held-out set is never read here. `npx tsx scripts/tune-search.ts`
 */
import { evaluate, loadEvalSets, searchRanker, TUNING_SET_FILES } from "../src/kb/evaluate.ts";
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { DEFAULT_WEIGHTS, KnowledgeSearch, type ScoringWeights, zoneOf } from "../src/kb/search.ts";

const kb = loadKnowledgeBase("knowledge");
const set = loadEvalSets(TUNING_SET_FILES);
const rankOnly = { answerScore: 2, clarifyScore: 0, minMargin: 0 };
const quality = (w: ScoringWeights) => {
  const f = evaluate(set, searchRanker(new KnowledgeSearch(kb, rankOnly, w)));
  return { top1: f.top1, top3: f.top3, score: f.top1 + f.top3 / 2 };
};

// One weight at a time around the current value (a full product grid of seven weights would take hours).
const steps: Record<keyof ScoringWeights, number[]> = {
  fuzzyShare: [0, 0.1, 0.15, 0.25],
  topicShare: [0.3, 0.45, 0.6],
  unknownWeight: [0.3, 0.6, 1],
  answerWordWeight: [0.2, 0.4, 0.6],
  questionEmphasis: [1, 1.5, 2],
  bigramWeight: [0, 0.3, 0.6],
  stopwordWeight: [0.1, 0.3, 1],
  trigramShare: [0, 0.15, 0.3, 0.45],
};
let best = { ...DEFAULT_WEIGHTS };
let bestQuality = quality(best);
console.log("defaults", JSON.stringify(best), pct(bestQuality.top1), pct(bestQuality.top3));
for (const key of Object.keys(steps) as (keyof ScoringWeights)[]) {
  for (const value of steps[key]) {
    const w = { ...best, [key]: value };
    const q = quality(w);
    if (q.score > bestQuality.score) [best, bestQuality] = [w, q];
  }
}
console.log("best    ", JSON.stringify(best), pct(bestQuality.top1), pct(bestQuality.top3));

// Zones depend only on each question's ranking, so rank once and apply every threshold triple to it.
const search = new KnowledgeSearch(kb, rankOnly, best);
const rankings = new Map([...set.inScope, ...set.outOfScope].map(({ q }) => [q, search.search(q, kb.topics.length).ranked]));
const zones: { line: string; score: number }[] = [];
for (const answerScore of [0.45, 0.5, 0.55, 0.6, 0.65, 0.7])
  for (const minMargin of [0, 0.02, 0.04, 0.06, 0.08, 0.1])
    for (const clarifyScore of [0.2, 0.25, 0.3, 0.35, 0.4]) {
      if (clarifyScore > answerScore) continue;
      const thresholds = { answerScore, clarifyScore, minMargin };
      const f = evaluate(set, (q) => {
        const ranked = rankings.get(q) ?? [];
        return { ids: ranked.slice(0, 3).map((r) => r.topic.id), confident: zoneOf(ranked, thresholds) === "answer" };
      });
      if (f.answeredWrongly <= 0.02 && f.outOfScopeRejected >= 0.95) {
        zones.push({
          score: f.answeredCorrectly,
          line: `answered right ${pct(f.answeredCorrectly)} · wrong ${pct(f.answeredWrongly)} · oos rejected ${pct(f.outOfScopeRejected)} ← answer=${answerScore} margin=${minMargin} clarify=${clarifyScore}`,
        });
      }
    }
zones.sort((a, b) => b.score - a.score);
console.log(zones.slice(0, 8).map((z) => z.line).join("\n"));

function pct(n: number): string {
  return `${(n * 100).toFixed(1)} %`;
}
