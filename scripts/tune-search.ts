/**
 * Sweeps the search's scoring weights, then the zone thresholds, over the
 * evaluation set and prints the best settings: how the defaults in
 * src/kb/search.ts (DEFAULT_WEIGHTS) and src/config.ts (SEARCH_*) were chosen.
 * `npx tsx scripts/tune-search.ts`
 */
import { evaluate, loadEvalSet, searchRanker } from "../src/kb/evaluate.ts";
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { KnowledgeSearch, type ScoringWeights } from "../src/kb/search.ts";

const kb = loadKnowledgeBase("knowledge");
const set = loadEvalSet("test/fixtures/eval-questions.yaml");
const results: { w: ScoringWeights; top1: number; top3: number }[] = [];
// Values around the defaults only: the grid is a product of the lists, so each stays short to keep a run near a minute.
for (const fuzzyShare of [0, 0.15])
  for (const topicShare of [0.3, 0.45])
    for (const unknownWeight of [0.3, 0.6])
      for (const answerWordWeight of [0.2, 0.4])
        for (const questionEmphasis of [1, 1.5])
          for (const bigramWeight of [0, 0.3, 0.6])
            for (const stopwordWeight of [0.3, 1]) {
        const w = { fuzzyShare, topicShare, unknownWeight, answerWordWeight, questionEmphasis, bigramWeight, stopwordWeight };
        const search = new KnowledgeSearch(kb, { answerScore: 2, clarifyScore: 0, minMargin: 0 }, w);
        const f = evaluate(set, searchRanker(search));
        results.push({ w, top1: f.top1, top3: f.top3 });
      }
results.sort((a, b) => b.top1 + b.top3 / 2 - (a.top1 + a.top3 / 2));
for (const r of results.slice(0, 6)) console.log(JSON.stringify(r.w), (r.top1 * 100).toFixed(1), (r.top3 * 100).toFixed(1));

const best = results[0]!.w;
const zones: { line: string; score: number }[] = [];
for (const answerScore of [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7])
  for (const minMargin of [0, 0.02, 0.04, 0.06, 0.08, 0.1])
    for (const clarifyScore of [0.15, 0.2, 0.25, 0.3, 0.35]) {
      if (clarifyScore > answerScore) continue;
      const search = new KnowledgeSearch(kb, { answerScore, clarifyScore, minMargin }, best);
      const f = evaluate(set, searchRanker(search));
      if (f.answeredWrongly <= 0.03 && f.outOfScopeRejected >= 0.95) {
        zones.push({
          score: f.answeredCorrectly,
          line: `answered right ${(f.answeredCorrectly * 100).toFixed(1)} % · wrong ${(f.answeredWrongly * 100).toFixed(1)} % · oos rejected ${(f.outOfScopeRejected * 100).toFixed(1)} % ← answer=${answerScore} margin=${minMargin} clarify=${clarifyScore}`,
        });
      }
    }
zones.sort((a, b) => b.score - a.score);
console.log(zones.slice(0, 8).map((z) => z.line).join("\n"));
