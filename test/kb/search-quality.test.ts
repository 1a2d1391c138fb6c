import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { baselineRanker, evaluate, loadEvalSet, searchRanker, withoutDiacritics } from "../../src/kb/evaluate.ts";
import { openKnowledge } from "../../src/kb/index.ts";

/**
 * Search quality on the fixed question set (test/fixtures/eval-questions.yaml),
 * with the thresholds from config. The floors are the figures measured when
 * the search was tuned (see README, "Search quality"); a change that lowers
 * them fails here.
 */
const knowledge = openKnowledge(loadConfig({ KNOWLEDGE_DIR: "knowledge" }));
const set = loadEvalSet("test/fixtures/eval-questions.yaml");
const ours = evaluate(set, searchRanker(knowledge.search));

describe("search quality", () => {
  it("has a question set of the required size", () => {
    expect(set.inScope.length).toBeGreaterThanOrEqual(150);
    expect(set.outOfScope.length).toBeGreaterThanOrEqual(30);
    for (const item of set.inScope) expect(knowledge.kb.topicById.has(item.id), item.id).toBe(true);
  });

  it("ranks the right topic first and in the top three", () => {
    expect(ours.top1).toBeGreaterThanOrEqual(0.85);
    expect(ours.top3).toBeGreaterThanOrEqual(0.95);
  });

  it("rarely answers confidently with the wrong topic", () => {
    expect(ours.answeredWrongly).toBeLessThanOrEqual(0.03);
    expect(ours.answeredCorrectly).toBeGreaterThanOrEqual(0.5);
  });

  it("does not answer out-of-scope messages confidently in at least 90 % of cases", () => {
    expect(ours.outOfScopeRejected).toBeGreaterThanOrEqual(0.9);
  });

  it("loses nothing when the same questions are typed without diacritics", () => {
    const folded = evaluate(withoutDiacritics(set), searchRanker(knowledge.search));
    expect(folded.top1).toBeGreaterThanOrEqual(ours.top1);
    expect(folded.top3).toBeGreaterThanOrEqual(ours.top3);
  });

  it("beats a plain fuse.js baseline over the same entries", () => {
    const baseline = evaluate(set, baselineRanker(knowledge.kb));
    expect(ours.top1).toBeGreaterThan(baseline.top1 + 0.2);
    expect(ours.outOfScopeRejected).toBeGreaterThan(baseline.outOfScopeRejected);
  });
});
