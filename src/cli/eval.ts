import { loadConfig } from "../config.ts";
import { baselineRanker, evaluate, loadEvalSet, searchRanker, withoutDiacritics, type EvalFigures } from "../kb/evaluate.ts";
import { openKnowledge } from "../kb/index.ts";
import { runCli } from "./run-cli.ts";

/** `npm run eval [-- --misses]`: search quality on the fixed question set, beside a plain fuse.js baseline. */
runCli(async () => {
  const path = process.argv.find((a) => a.endsWith(".yaml")) ?? "test/fixtures/eval-questions.yaml";
  const set = loadEvalSet(path);
  const knowledge = openKnowledge(loadConfig());
  const ours = evaluate(set, searchRanker(knowledge.search));
  const folded = evaluate(withoutDiacritics(set), searchRanker(knowledge.search));
  const baseline = evaluate(set, baselineRanker(knowledge.kb));
  const pct = (n: number) => `${(n * 100).toFixed(1)} %`.padStart(8);
  const row = (name: string, pick: (f: EvalFigures) => number) => console.log(`${name.padEnd(38)}${pct(pick(ours))}${pct(pick(folded))}${pct(pick(baseline))}`);
  console.log(`Bộ câu hỏi: ${set.inScope.length} câu trong phạm vi, ${set.outOfScope.length} câu ngoài phạm vi (${path})`);
  console.log(`${"".padEnd(38)}${"search".padStart(8)}${"no-diac".padStart(8)}${"fuse".padStart(8)}`);
  row("top-1 accuracy", (f) => f.top1);
  row("top-3 accuracy", (f) => f.top3);
  row("answered directly, right topic", (f) => f.answeredCorrectly);
  row("answered directly, wrong topic", (f) => f.answeredWrongly);
  row("out-of-scope not answered", (f) => f.outOfScopeRejected);
  if (process.argv.includes("--misses")) for (const m of ours.misses) console.log(`MISS ${m.expected} ← ${m.q} → ${m.got.join(", ")}`);
});
