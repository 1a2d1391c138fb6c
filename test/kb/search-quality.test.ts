import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { answerCard, FIRST_MESSAGE_BUDGET, MESSAGE_LIMIT } from "../../src/kb/answer-card.ts";
import { AnswerPolicy, CLAUSE_AGREEMENT, clausesConfirmLong, confirmsLong, LONG_MESSAGE_THRESHOLDS } from "../../src/kb/answer-policy.ts";
import { KnowledgeSearch } from "../../src/kb/search.ts";
import { byLength, COMMON_SET_FILE, evaluate, FRESH_HELDOUT_SET_FILE, HELDOUT_SET_FILE, LONG_MESSAGE_CHARS, loadEvalSet, loadEvalSets, policyRanker, renameIds, TUNING_SET_FILES, withoutDiacritics } from "../../src/kb/evaluate.ts";
import { foldVietnamese } from "../../src/kb/normalize.ts";
import { openKnowledge, thresholdsFrom } from "../../src/kb/index.ts";

/**
 * What owners get with the thresholds from config (small talk, then answer /
 * clarify / not found): floors on the tuning set (test/fixtures/eval-questions*.yaml,
 * whose questions are now owners' phrasings in knowledge/owner-questions.yaml),
 * the 25 commonest questions and the two held-out sets (eval-heldout*.yaml,
 * never used for tuning), just under what was measured, so that a change which
 * generalises worse fails here. The comparison with plain fuse.js is in `npm run eval`.
 */
const knowledge = openKnowledge(loadConfig({ KNOWLEDGE_DIR: "knowledge" }));
const rank = policyRanker(knowledge.policy);
const set = renameIds(loadEvalSets(TUNING_SET_FILES), knowledge.kb.renamed);
const ours = evaluate(set, rank);
const heldout = renameIds(loadEvalSet(HELDOUT_SET_FILE), knowledge.kb.renamed);
const oursHeldout = evaluate(heldout, rank);
const fresh = renameIds(loadEvalSet(FRESH_HELDOUT_SET_FILE), knowledge.kb.renamed);
const oursFresh = evaluate(fresh, rank);

describe("search quality", () => {
  it("has question sets of the required size, naming existing topics once merged ids are mapped", () => {
    expect(set.inScope.length).toBeGreaterThanOrEqual(150);
    expect(set.outOfScope.length).toBeGreaterThanOrEqual(30);
    expect(heldout.inScope.length).toBeGreaterThanOrEqual(300);
    expect(fresh.inScope.length).toBeGreaterThanOrEqual(300);
    for (const item of [...set.inScope, ...heldout.inScope, ...fresh.inScope]) expect(knowledge.kb.topicById.has(item.id), item.id).toBe(true);
  });

  it("never holds a measuring question (held-out sets, the 25 common questions) among the owners' phrasings it searches", () => {
    const fold = (q: string) => foldVietnamese(q);
    const stored = new Set(knowledge.kb.topics.flatMap((t) => t.examples).map(fold));
    const measuring = [HELDOUT_SET_FILE, FRESH_HELDOUT_SET_FILE, COMMON_SET_FILE].flatMap((f) => loadEvalSet(f).inScope.map((i) => i.q));
    expect(measuring.filter((q) => stored.has(fold(q)))).toEqual([]);
    // The tuning questions are there: the check above can find a question that is.
    expect(stored.has(fold(set.inScope[0]!.q))).toBe(true);
  });

  it("recognises the owners' phrasings it stores, and refuses the tuning sets' off-topic messages", () => {
    expect(ours.top1).toBeGreaterThanOrEqual(0.99);
    expect(ours.answeredCorrectly).toBeGreaterThanOrEqual(0.98);
    expect(ours.answeredWrongly).toBeLessThanOrEqual(0.005);
    expect(ours.outOfScopeRejected).toBeGreaterThanOrEqual(0.96);
  });

  it("holds on held-out questions it was not tuned on", () => {
    expect(oursHeldout.top1).toBeGreaterThanOrEqual(0.94);
    expect(oursHeldout.top3).toBeGreaterThanOrEqual(0.97);
    expect(oursHeldout.answeredCorrectly).toBeGreaterThanOrEqual(0.88);
    expect(oursHeldout.answeredWrongly).toBeLessThanOrEqual(0.02);
    expect(oursHeldout.outOfScopeRejected).toBeGreaterThanOrEqual(0.97);
    expect(oursFresh.top1).toBeGreaterThanOrEqual(0.9);
    expect(oursFresh.answeredCorrectly).toBeGreaterThanOrEqual(0.84);
    expect(oursFresh.answeredWrongly).toBeLessThanOrEqual(0.02);
    expect(oursFresh.outOfScopeRejected).toBeGreaterThanOrEqual(0.95);
  });

  it("answers the commonest owner questions directly", () => {
    const common = evaluate(renameIds(loadEvalSet(COMMON_SET_FILE), knowledge.kb.renamed), rank);
    expect(common.answeredCorrectly).toBe(1);
    expect(common.answeredWrongly).toBe(0);
  });

  it("answers the question issue 15 calls the product's central one directly, however it is typed", () => {
    // Quoted in the issue as answered with a did-you-mean (machinery against the provinces' levels).
    const central = ["ho tro may moc thiet bi duoc bao nhieu", "hỗ trợ máy móc được bao nhiêu", "ho tro may moc duoc bao nhieu", "hỗ trợ máy móc thiết bị được bao nhiêu?"];
    const asked = evaluate({ inScope: central.map((q) => ({ q, id: "may-moc-thiet-bi" })), outOfScope: [] }, rank);
    expect(asked.answeredCorrectly).toBe(1);
    // Naming a province still reaches the provinces' levels.
    const province = evaluate({ inScope: [{ q: "lai chau ho tro may moc bao nhieu", id: "muc-ho-tro-cac-tinh-vi-du", alt: [] }], outOfScope: [] }, rank);
    expect(province.top1).toBe(1);
  });

  it("answers a generic 'how many percent' with the levels overview, not a specific support that merely shares the words", () => {
    // Was answered directly with the advance payment ("tạm ứng được bao nhiêu phần trăm" minus its key term).
    const generic = ["được bao nhiêu phần trăm", "dc bao nhieu %", "Được bao nhiêu phần trăm ạ?"];
    const asked = evaluate({ inScope: generic.map((q) => ({ q, id: "muc-ho-tro-tong-quat" })), outOfScope: [] }, rank);
    expect(asked.answeredCorrectly).toBe(1);
    // The specific questions keep their own entries.
    const specific = evaluate({ inScope: [{ q: "tam ung dc bn %", id: "tam-ung-kinh-phi" }, { q: "hỗ trợ máy móc bao nhiêu phần trăm", id: "may-moc-thiet-bi" }], outOfScope: [] }, rank);
    expect(specific.answeredCorrectly).toBe(1);
  });

  it.each([
    ["máy 1 tỷ 2 hỗ trợ bao nhiêu", "may-moc-thiet-bi", 1_200_000_000],
    ["máy 800 triệu thì được bao nhiêu", "may-moc-thiet-bi", 800_000_000],
    ["làm mô hình trình diễn hết 2 tỷ thì được bao nhiêu", "mo-hinh-trinh-dien", 2_000_000_000],
  ])("answers a cost and a support (%s) with that support and the estimate, not the explanation of estimates", (q, id, vnd) => {
    // Were did-you-means between the support and "Cách tính số tiền được hỗ trợ".
    const decision = knowledge.policy.decide(q);
    expect(decision.kind).toBe("answer");
    if (decision.kind !== "answer") return;
    expect(decision.topic.id).toBe(id);
    expect(decision.amountVnd).toBe(vnd);
    expect(decision.result.ranked[0]?.topic.id).toBe(id);
  });

  it("still explains estimates when the cost names no support", () => {
    const decision = knowledge.policy.decide("tong chi phi 2 ty thi dc ho tro bao nhieu");
    expect(decision.kind === "answer" && decision.topic.id).toBe("cach-tinh-tien-ho-tro");
  });

  it.each([
    ["doc bao thay co tinh dung tien khuyen cong giup co so che mua may dong goi hut chan khong, xuong che nha em o Thai Nguyen cung muon mua may nhu vay thi duoc bao nhieu", "may-moc-thiet-bi"],
    ["Mua trọn bộ dây chuyền sao, vò, sấy và đóng gói chè hút chân không thì mức hỗ trợ cao nhất là bao nhiêu?", "day-chuyen-cong-nghe"],
  ])("answers a long message whose clauses keep pointing to one topic, as if new: %s", (q, id) => {
    // Taken out of the owners' phrasings the knowledge base searches, as the tuning scripts do with each fold.
    const topics = knowledge.kb.topics.map((t) => ({ ...t, examples: t.examples.filter((e) => foldVietnamese(e) !== foldVietnamese(q)) }));
    const kb = { ...knowledge.kb, topics, topicById: new Map(topics.map((t) => [t.id, t])) };
    const search = new KnowledgeSearch(kb, thresholdsFrom(loadConfig({})));
    const withClauses = new AnswerPolicy(kb, search).decide(q);
    expect(withClauses.kind === "answer" && withClauses.topic.id).toBe(id);
    // Without the clause-agreement step it was a did-you-mean.
    const without = new AnswerPolicy(kb, search, undefined, { share: Infinity, score: Infinity, margin: Infinity }).decide(q);
    expect(without.kind).not.toBe("answer");
  });

  it("answers long story-then-question messages too", () => {
    expect(evaluate(byLength(heldout, true), rank).answeredCorrectly).toBeGreaterThanOrEqual(0.8);
    expect(evaluate(byLength(fresh, true), rank).answeredCorrectly).toBeGreaterThanOrEqual(0.75);
  });

  it("loses nothing when the same questions are typed without diacritics", () => {
    const folded = evaluate(withoutDiacritics(fresh), rank);
    expect(folded.top1).toBeGreaterThanOrEqual(oursFresh.top1);
    expect(folded.answeredCorrectly).toBeGreaterThanOrEqual(oursFresh.answeredCorrectly);
    expect(folded.answeredWrongly).toBeLessThanOrEqual(oursFresh.answeredWrongly);
  });

  it("fits the first message of every answer on a phone screen and no message over the limit", () => {
    const cards = knowledge.kb.topics.map((t) => answerCard(knowledge.kb, t));
    const fitting = cards.filter((c) => c.first.length <= FIRST_MESSAGE_BUDGET).length;
    expect(fitting / cards.length).toBeGreaterThanOrEqual(0.95);
    for (const c of cards) expect(c.details.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
  });

  it("answers a long message exactly when confirmsLong or clausesConfirmLong says so, as scripts/tune-long.ts replays the policy", () => {
    const long = [...set.inScope, ...set.outOfScope].map((i) => i.q).filter((q) => q.length > LONG_MESSAGE_CHARS);
    expect(long.length).toBeGreaterThan(100);
    const disagree = long.filter((q) => {
      const whole = knowledge.search.search(q, 3);
      const best = whole.ranked[0]?.topic;
      const asking = best ? knowledge.policy.askingReading(q, best) : undefined;
      const replayed =
        whole.zone === "answer" ||
        (best !== undefined && (confirmsLong(whole.features, asking, LONG_MESSAGE_THRESHOLDS) || clausesConfirmLong(whole.features, knowledge.policy.clauseReading(q, best), CLAUSE_AGREEMENT)));
      return replayed !== (knowledge.policy.decide(q).kind === "answer");
    });
    expect(disagree).toEqual([]);
  });
});
