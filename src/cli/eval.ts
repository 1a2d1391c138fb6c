import { existsSync } from "node:fs";
import { loadConfig } from "../config.ts";
import { baselineRanker, evaluate, HELDOUT_SET_FILE, loadEvalSets, searchRanker, TUNING_SET_FILES, withoutDiacritics, type EvalFigures } from "../kb/evaluate.ts";
import { openKnowledge, type Knowledge } from "../kb/index.ts";
import { runCli } from "./run-cli.ts";

/**
 * `npm run eval [-- --misses] [file.yaml …]`: search quality beside a plain
 * fuse.js baseline, on the tuning set and then on the held-out set (or on the
 * files given).
 */
runCli(async () => {
  const files = process.argv.filter((a) => a.endsWith(".yaml"));
  const knowledge = openKnowledge(loadConfig());
  const showMisses = process.argv.includes("--misses");
  if (files.length > 0) return report("Bộ câu hỏi", files, knowledge, showMisses);
  report("Bộ câu hỏi dùng để chỉnh (tuning)", TUNING_SET_FILES, knowledge, showMisses);
  if (existsSync(HELDOUT_SET_FILE)) {
    console.log("");
    report("Bộ câu hỏi giữ lại (held-out, không dùng để chỉnh)", [HELDOUT_SET_FILE], knowledge, false);
  }
});

function report(label: string, files: string[], knowledge: Knowledge, showMisses: boolean): void {
  const set = loadEvalSets(files);
  const ours = evaluate(set, searchRanker(knowledge.search));
  const folded = evaluate(withoutDiacritics(set), searchRanker(knowledge.search));
  const baseline = evaluate(set, baselineRanker(knowledge.kb));
  const pct = (n: number) => `${(n * 100).toFixed(1)} %`.padStart(8);
  const row = (name: string, pick: (f: EvalFigures) => number) => console.log(`${name.padEnd(38)}${pct(pick(ours))}${pct(pick(folded))}${pct(pick(baseline))}`);
  console.log(`${label}: ${set.inScope.length} câu trong phạm vi, ${set.outOfScope.length} câu ngoài phạm vi (${files.join(", ")})`);
  console.log(`${"".padEnd(38)}${"search".padStart(8)}${"no-diac".padStart(8)}${"fuse".padStart(8)}`);
  row("top-1 accuracy", (f) => f.top1);
  row("top-3 accuracy", (f) => f.top3);
  row("answered directly, right topic", (f) => f.answeredCorrectly);
  row("answered directly, wrong topic", (f) => f.answeredWrongly);
  row("out-of-scope not answered", (f) => f.outOfScopeRejected);
  if (showMisses) for (const m of ours.misses) console.log(`MISS ${m.expected} ← ${m.q} → ${m.got.join(", ")}`);
}
