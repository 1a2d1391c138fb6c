/**
 * Cross-validated choice of the answer policy's clause-agreement step
 * (CLAUSE_AGREEMENT in src/kb/answer-policy.ts): a long message that the
 * rest of the policy would not answer is answered when its clauses, searched
 * one by one, mostly point to its best topic's family.
 *
 * As in scripts/tune-long.ts, the tuning sets' questions are split into K
 * folds and each fold's questions are removed from the owners' phrasings
 * before they go through the real AnswerPolicy (with this step off), so the
 * figures are as if the questions were new. For every long message left
 * unanswered, its features and clause reading are measured once; the
 * thresholds are then swept offline through the policy's own rule
 * (clausesConfirmLong). A setting may answer no wrong topic and no
 * out-of-scope message on the folds it is chosen on; the most right answers
 * wins, ties going to the middle of the widest plateau of settings that
 * behave alike. A nested cross-validation (choose
 * on K-1 folds, count on the K-th) says how the choice carries over to new
 * questions. The held-out sets are never read here.
 * `npx tsx scripts/tune-clauses.ts`
 */
import { type Item, K, pct, tuningItems, withoutFold } from "./lib/cross-validation.ts";
import { loadConfig } from "../src/config.ts";
import { AnswerPolicy, CLAUSE_AGREEMENT, clausesConfirmLong, type ClauseReading, type ClauseThresholds } from "../src/kb/answer-policy.ts";
import { thresholdsFrom } from "../src/kb/index.ts";
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { KnowledgeSearch, type AnswerFeatures } from "../src/kb/search.ts";

const kb = loadKnowledgeBase("knowledge");
const thresholds = thresholdsFrom(loadConfig({}));
const items = tuningItems(kb);
const OFF: ClauseThresholds = { share: Infinity, score: Infinity, margin: Infinity };

/** A long message the policy leaves unanswered without this step. */
interface Unanswered {
  item: Item;
  features: AnswerFeatures;
  clauses: ClauseReading;
  right: boolean;
}

const unanswered: Unanswered[] = [];
let longInScope = 0;
let longRight = 0;
for (let fold = 0; fold < K; fold++) {
  const foldKb = withoutFold(kb, items, fold);
  const policy = new AnswerPolicy(foldKb, new KnowledgeSearch(foldKb, thresholds), undefined, OFF);
  for (const item of items.filter((i) => i.fold === fold && i.long)) {
    const decision = policy.decide(item.q, 3);
    if (item.good) longInScope++;
    if (decision.kind === "answer") {
      if (item.good?.has(decision.topic.id)) longRight++;
      continue;
    }
    const best = decision.kind === "small-talk" ? undefined : decision.result.ranked[0]?.topic;
    if (!best || decision.kind === "small-talk") continue;
    unanswered.push({ item, features: decision.result.features, clauses: policy.clauseReading(item.q, best), right: item.good?.has(best.id) ?? false });
  }
}

const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
const grid: ClauseThresholds[] = [];
for (const share of steps(0, 0.8, 0.1)) for (const score of steps(0.3, 0.5, 0.02)) for (const margin of steps(0, 0.06, 0.01)) grid.push({ share, score, margin });

interface Gain {
  right: number;
  wrong: number;
  oos: number;
}
const gainOf = (list: Unanswered[], t: ClauseThresholds): Gain => {
  const g = { right: 0, wrong: 0, oos: 0 };
  for (const u of list) {
    if (!clausesConfirmLong(u.features, u.clauses, t)) continue;
    if (!u.item.good) g.oos++;
    else if (u.right) g.right++;
    else g.wrong++;
  }
  return g;
};
/**
 * The most right answers with no wrong or out-of-scope one; among settings
 * doing that, the behaviour the most settings share (a wide plateau), and the
 * middle of that plateau on each axis.
 */
const choose = (list: Unanswered[]): ClauseThresholds | undefined => {
  let bestRight = 0;
  const plateaus = new Map<string, ClauseThresholds[]>();
  for (const t of grid) {
    const g = gainOf(list, t);
    if (g.wrong > 0 || g.oos > 0 || g.right === 0 || g.right < bestRight) continue;
    if (g.right > bestRight) {
      bestRight = g.right;
      plateaus.clear();
    }
    const behaviour = list.map((u) => (clausesConfirmLong(u.features, u.clauses, t) ? "1" : "0")).join("");
    plateaus.set(behaviour, [...(plateaus.get(behaviour) ?? []), t]);
  }
  const widest = [...plateaus.values()].sort((a, b) => b.length - a.length)[0];
  if (!widest) return undefined;
  const middle = (pick: (t: ClauseThresholds) => number) => {
    const values = [...new Set(widest.map(pick))].sort((a, b) => a - b);
    return values[Math.floor((values.length - 1) / 2)] as number;
  };
  return { share: middle((t) => t.share), score: middle((t) => t.score), margin: middle((t) => t.margin) };
};

console.log(`${longInScope} long in-scope messages (over 100 characters), ${longRight} answered right without this step (${pct(longRight / longInScope)}); ${unanswered.length} long messages left unanswered`);
const nested: Gain = { right: 0, wrong: 0, oos: 0 };
for (let fold = 0; fold < K; fold++) {
  const t = choose(unanswered.filter((u) => u.item.fold !== fold));
  const g = t ? gainOf(unanswered.filter((u) => u.item.fold === fold), t) : { right: 0, wrong: 0, oos: 0 };
  console.log(`  fold ${fold}: chosen on the others ${JSON.stringify(t)} → on this fold +${g.right} right, +${g.wrong} wrong, +${g.oos} out of scope`);
  nested.right += g.right;
  nested.wrong += g.wrong;
  nested.oos += g.oos;
}
console.log(`nested ${K}-fold: +${nested.right} right, +${nested.wrong} wrong, +${nested.oos} out of scope answered: long answered right ${pct(longRight / longInScope)} → ${pct((longRight + nested.right) / longInScope)}`);
const chosen = choose(unanswered);
console.log(`chosen on all folds: ${JSON.stringify(chosen)} (${JSON.stringify(chosen ? gainOf(unanswered, chosen) : undefined)}); src/kb/answer-policy.ts holds ${JSON.stringify(CLAUSE_AGREEMENT)}`);
