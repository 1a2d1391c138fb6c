/**
 * Sweeps the search's scoring weights, then the answer-policy thresholds (score, margin over another family, coverage), over the
 * tuning question set and prints the best settings: how the defaults in
 * src/kb/search.ts (DEFAULT_WEIGHTS) and src/config.ts (SEARCH_*) were chosen.
 * The held-out set is never read here. `npx tsx scripts/tune-search.ts`
 */
import { evaluate, loadEvalSets, renameIds, searchRanker, TUNING_SET_FILES } from "../src/kb/evaluate.ts";
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { decideZone, DEFAULT_WEIGHTS, KnowledgeSearch, type ScoringWeights } from "../src/kb/search.ts";

const kb = loadKnowledgeBase("knowledge");
const set = renameIds(loadEvalSets(TUNING_SET_FILES), kb.renamed);
const rankOnly = { answerScore: 2, clarifyScore: 0, minMargin: 0, leadScore: 2, leadMargin: 0, minCoverage: 0 };
const quality = (w: ScoringWeights) => {
  const f = evaluate(set, searchRanker(new KnowledgeSearch(kb, rankOnly, w)));
  return { top1: f.top1, top3: f.top3, score: f.top1 + f.top3 / 2 };
};

// One weight at a time around the current value (a full product grid of seven weights would take hours).
const steps: Partial<Record<keyof ScoringWeights, number[]>> = {
  exampleWeight: [0.7, 0.85, 1],
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
  for (const value of steps[key] ?? []) {
    const w = { ...best, [key]: value };
    const q = quality(w);
    if (q.score > bestQuality.score) [best, bestQuality] = [w, q];
  }
}
console.log("best    ", JSON.stringify(best), pct(bestQuality.top1), pct(bestQuality.top3));

// Zones depend only on each question's features, so search once and apply every threshold set to them.
const search = new KnowledgeSearch(kb, rankOnly, best);

const inScope = set.inScope.map((item) => {
  const r = search.search(item.q, 1);
  return { features: r.features, right: [item.id, ...(item.alt ?? [])].includes(r.ranked[0]?.topic.id ?? "") };
});
const outOfScope = set.outOfScope.map(({ q }) => search.search(q, 1).features);
const zones: { line: string; score: number }[] = [];
for (const answerScore of [0.52, 0.55, 0.58, 0.6])
  for (const minMargin of [0, 0.02, 0.04, 0.06])
    for (const leadScore of [0.35, 0.4, 0.45, 0.5])
      for (const leadMargin of [0.06, 0.08, 0.1, 0.12])
        for (const minCoverage of [0, 0.5, 0.6, 0.7]) {
          const t = { answerScore, minMargin, leadScore, leadMargin, minCoverage, clarifyScore: 0.3 };
          let right = 0;
          let wrong = 0;
          for (const x of inScope) if (decideZone(x.features, t) === "answer") { if (x.right) right++; else wrong++; }
          const rejected = outOfScope.filter((f) => decideZone(f, t) !== "answer").length / outOfScope.length;
          if (wrong / inScope.length <= 0.012 && rejected >= 0.97) {
            zones.push({
              score: right / inScope.length,
              line: `answered right ${pct(right / inScope.length)} · wrong ${pct(wrong / inScope.length)} · oos rejected ${pct(rejected)} ← ${JSON.stringify(t)}`,
            });
          }
        }
zones.sort((a, b) => b.score - a.score);
console.log(zones.slice(0, 8).map((z) => z.line).join("\n"));

function pct(n: number): string {
  return `${(n * 100).toFixed(1)} %`;
}
