import { loadConfig } from "../config.ts";
import { answerCard, FIRST_MESSAGE_BUDGET, MESSAGE_LIMIT } from "../kb/answer-card.ts";
import {
  baselineRanker,
  byLength,
  COMMON_SET_FILE,
  evaluate,
  FRESH_HELDOUT_SET_FILE,
  HELDOUT_SET_FILE,
  LONG_MESSAGE_CHARS,
  loadEvalSets,
  policyRanker,
  renameIds,
  TUNING_SET_FILES,
  withoutDiacritics,
  type EvalFigures,
  type EvalSet,
} from "../kb/evaluate.ts";
import { openKnowledge, type Knowledge } from "../kb/index.ts";
import { runCli } from "./run-cli.ts";

/**
 * `npm run eval [-- --misses] [--no-baseline] [file.yaml …]`: what owners get
 * (small talk, then answer / clarify / not found) on the tuning set, the
 * held-out set and the 25 commonest questions (or on the files given): per set,
 * as typed and without diacritics, short and long messages; then the length of
 * every topic's first message. The held-out set is also run through a plain
 * fuse.js baseline (slow: about a minute) unless --no-baseline.
 */
runCli(async () => {
  const files = process.argv.filter((a) => a.endsWith(".yaml"));
  const knowledge = openKnowledge(loadConfig());
  const showMisses = process.argv.includes("--misses");
  const baseline = !process.argv.includes("--no-baseline");
  if (files.length > 0) return report("Bộ câu hỏi", files, knowledge, { showMisses, baseline: false });
  report("Bộ câu hỏi dùng để chỉnh (tuning; đã là câu của chủ cơ sở trong knowledge/owner-questions.yaml)", TUNING_SET_FILES, knowledge, { showMisses, baseline: false });
  console.log("");
  report("25 câu hỏi thường gặp × 3 cách hỏi (common)", [COMMON_SET_FILE], knowledge, { showMisses, baseline: false });
  console.log("");
  report("Bộ câu hỏi giữ lại (held-out, không dùng để chỉnh)", [HELDOUT_SET_FILE], knowledge, { showMisses: false, baseline });
  console.log("");
  report("Bộ giữ lại thứ hai (viết mù ngày 2/12/2026, không dùng để chỉnh)", [FRESH_HELDOUT_SET_FILE], knowledge, { showMisses: false, baseline: false });
  console.log("");
  reportLengths(knowledge);
});

function report(label: string, files: string[], knowledge: Knowledge, options: { showMisses: boolean; baseline: boolean }): void {
  const set = renameIds(loadEvalSets(files), knowledge.kb.renamed);
  const rank = policyRanker(knowledge.policy);
  const columns: [string, EvalSet, EvalFigures][] = [
    ["as typed", set, evaluate(set, rank)],
    ["no-diac", withoutDiacritics(set), evaluate(withoutDiacritics(set), rank)],
    [`≤${LONG_MESSAGE_CHARS} ch`, byLength(set, false), evaluate(byLength(set, false), rank)],
    [`>${LONG_MESSAGE_CHARS} ch`, byLength(set, true), evaluate(byLength(set, true), rank)],
  ];
  if (options.baseline) columns.push(["fuse.js", set, evaluate(set, baselineRanker(knowledge.kb))]);
  const pct = (n: number) => `${(n * 100).toFixed(1)} %`.padStart(10);
  const row = (name: string, pick: (f: EvalFigures) => number) =>
    console.log(`${name.padEnd(40)}${columns.map(([, , f]) => (f.count === 0 ? "–".padStart(10) : pct(pick(f)))).join("")}`);
  console.log(`${label}: ${set.inScope.length} câu trong phạm vi, ${set.outOfScope.length} câu ngoài phạm vi (${files.join(", ")})`);
  console.log(`${"".padEnd(40)}${columns.map(([name]) => name.padStart(10)).join("")}`);
  console.log(`${"in-scope questions".padEnd(40)}${columns.map(([, , f]) => String(f.count).padStart(10)).join("")}`);
  row("top-1 accuracy", (f) => f.top1);
  row("top-3 accuracy", (f) => f.top3);
  row("answered directly, right topic", (f) => f.answeredCorrectly);
  row("answered directly, wrong topic", (f) => f.answeredWrongly);
  row("asked back or not found", (f) => 1 - f.answeredCorrectly - f.answeredWrongly);
  // The out-of-scope messages are the same in every column but "no-diac" (which strips only in-scope questions).
  if (set.outOfScope.length > 0) console.log(`${"out-of-scope not answered confidently".padEnd(40)}${pct(columns[0]?.[2].outOfScopeRejected ?? 0)}`);
  if (options.showMisses) for (const m of columns[0]?.[2].misses ?? []) console.log(`MISS ${m.expected} ← ${m.q} → ${m.got.join(", ")}`);
}

/** First-message and details lengths over every topic: the first must be read whole on a phone. */
function reportLengths(knowledge: Knowledge): void {
  const { kb } = knowledge;
  const cards = kb.topics.map((t) => answerCard(kb, t));
  const firsts = cards.map((c) => c.first.length).sort((a, b) => a - b);
  const details = cards.map((c) => c.details.length).sort((a, b) => a - b);
  const at = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
  const within = firsts.filter((n) => n <= FIRST_MESSAGE_BUDGET).length;
  console.log(`Độ dài tin nhắn đầu của câu trả lời (${kb.topics.length} chủ đề, ký tự):`);
  console.log(`  first message: min ${firsts[0]} · median ${at(firsts, 0.5)} · p95 ${at(firsts, 0.95)} · max ${firsts.at(-1)} · ≤ ${FIRST_MESSAGE_BUDGET}: ${within}/${firsts.length} (${((within / firsts.length) * 100).toFixed(1)} %)`);
  const bins = [300, 400, 500, 600, Number.POSITIVE_INFINITY];
  let from = 0;
  console.log(`  distribution: ${bins.map((to) => {
    const n = firsts.filter((x) => x > from && x <= to).length;
    const text = `${from + 1}–${to === Number.POSITIVE_INFINITY ? "" : to}: ${n}`;
    from = to;
    return text;
  }).join(" · ")}`);
  console.log(`  details (one tap away): median ${at(details, 0.5)} · max ${details.at(-1)} · over ${MESSAGE_LIMIT}: ${details.filter((n) => n > MESSAGE_LIMIT).length}`);
}
