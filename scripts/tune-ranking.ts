/**
 * Cross-validated choice of the search's ranking weights (ScoringWeights in
 * src/kb/search.ts) for long messages, with the long-message thresholds
 * (LONG_MESSAGE in src/kb/answer-policy.ts) chosen again for each weight
 * setting, since the weights move the score distributions.
 *
 * Same folds as scripts/tune-long.ts: the tuning sets' questions split into k
 * folds by a hash of the folded text (long and short, in scope and out of
 * scope apart); each fold's questions are removed from the owners' phrasings
 * of its knowledge base, which is indexed with the weights under test, and go
 * through the real AnswerPolicy. For every setting measured, per fold: short
 * messages' figures (they never read the long-message thresholds), each long
 * message's features (whole message, asking part searched alone) for an
 * offline sweep of LONG_MESSAGE score and margin, and whether the best topic is
 * right (top-1, before any threshold).
 *
 * Weights are searched coordinate-wise from the current defaults, a handful
 * of values per weight (two passes at most). On a set of folds a setting is
 * worth the long messages it answers right with LONG_MESSAGE chosen on those
 * folds (as tune-long.ts chooses: most right, long wrong rate not above short
 * messages', no more long out-of-scope answers than the current code); it is
 * allowed only when short messages' answered-right and wrong rates move by at
 * most 0.3 points the wrong way and no more out-of-scope messages are answered
 * (short and long together). Ties go to the better long top-1, then to the
 * setting already held. A nested cross-validation (the whole choice, weights
 * and thresholds, made on k-1 folds and measured on the k-th) says how well the
 * choice carries over. The held-out sets are never read here.
 * `npx tsx scripts/tune-ranking.ts [--cache file.json]` (about 5 minutes
 * without a cache: each setting builds and searches five indexes).
 *
 * Outcome (2 Dec 2026): no setting carries over, so the weights were kept.
 * On all folds the search moves to unknownWeight 0.4 and questionEmphasis 1
 * (long answered right 78.3 → 79.0 % through the real policy, but long top-1
 * 89.7 → 88.6 %); chosen on four folds and measured on the fifth, the whole
 * choice gives long right 80.9 % with 2.9 % wrong (short messages 1.9 %) and
 * long out of scope refused 86.2 → 82.8 %, and each fold picks different
 * weights. Only questionEmphasis raises long top-1 (2: 90.8 %, 4: 91.5 %, short
 * unchanged), but with LONG_MESSAGE chosen again it answers about as many
 * long messages right (2: 214, 4: 206, against 213 of 272) and one more long
 * out-of-scope message; re-choosing all six long-message thresholds with it
 * (scripts/tune-long.ts) gives long wrong 2.6–2.9 %, above short messages'.
 * Also tried and removed: emphasising the last clause after a comma of a
 * one-sentence long message, and reading a short asking sentence with the
 * sentences before it (up to 6 or 10 words): long top-1 unchanged (244 of 272)
 * and one more out-of-scope answer or one more wrong.
 *
 * Then (`--axes rankEmphasis`, about 15 s): rank by a strong emphasis, judge on
 * the plain one (`rankEmphasis` in ScoringWeights). Chosen on all folds: 4
 * (3 acts alike, 6 gives 8 long wrong); nested, the choice (folds 0, 1, 4 pick 4,
 * folds 2, 3 keep 1.5) gives long right 78.3 → 79.4 %, wrong 1.5 → 1.8 % (short
 * 2.0 %), long top-1 89.7 → 90.4 %, short messages and out-of-scope answers
 * unchanged: it carries over, and rankEmphasis 4 is the default.
 */
import { addTally, count, emptyTally, K, pct, record, type Tally, tuningItems, withoutFold } from "./lib/cross-validation.ts";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadConfig } from "../src/config.ts";
import { AnswerPolicy, confirmsLong, type AskingReading, type LongMessageThresholds } from "../src/kb/answer-policy.ts";
import { LONG_MESSAGE_CHARS, policyRanker } from "../src/kb/evaluate.ts";
import { thresholdsFrom } from "../src/kb/index.ts";
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { DEFAULT_WEIGHTS, KnowledgeSearch, type AnswerFeatures, type ScoringWeights, type Zone } from "../src/kb/search.ts";


/** The weights before this sweep: the search starts here and short messages may not do worse than with them. */
const BASE_WEIGHTS: ScoringWeights = { exampleWeight: 0.85, fuzzyShare: 0, topicShare: 0.45, unknownWeight: 0.6, answerWordWeight: 0.6, questionEmphasis: 1.5, bigramWeight: 0.3, stopwordWeight: 0.3, trigramShare: 0.3 };

/** The long-message thresholds before this sweep (chosen by tune-long.ts with BASE_WEIGHTS); fixed whatever the code holds now. */
const BASE_LONG: LongMessageThresholds = {
  longMessage: { score: 0.37, margin: 0.05, coverage: 0.45 },
  storyAgreement: { questionScore: 0.4, margin: 0.08, wholeScore: 0.35 },
};

/** The values tried per weight, around the current ones; the order is the order of the coordinate search. */
const AXES: Partial<Record<keyof ScoringWeights, number[]>> = {
  questionEmphasis: [1, 1.5, 2, 3, 4],
  topicShare: [0.35, 0.45, 0.55],
  trigramShare: [0.2, 0.3, 0.4],
  unknownWeight: [0.4, 0.6, 0.8],
  stopwordWeight: [0.15, 0.3, 0.5],
  bigramWeight: [0.15, 0.3, 0.5],
  exampleWeight: [0.75, 0.85, 0.95],
  answerWordWeight: [0.4, 0.6, 0.8],
  rankEmphasis: [2, 3, 4, 6],
};
// `--axes rankEmphasis,…`: search only these weights (the rest kept at BASE_WEIGHTS).
const axesAt = process.argv.indexOf("--axes");
const onlyAxes = axesAt >= 0 ? new Set((process.argv[axesAt + 1] ?? "").split(",")) : undefined;
const searchedAxes = (Object.entries(AXES) as [keyof ScoringWeights, number[]][]).filter(([name]) => !onlyAxes || onlyAxes.has(name));

/** Short messages may lose at most this share of answered-right, or gain this much wrong (0.3 points: noise). */
const SHORT_SLACK = 0.003;



/** A long message measured in its fold (see tune-long.ts). */
interface LongMeasured {
  fold: number;
  inScope: boolean;
  right: boolean;
  zone: Zone;
  hasTopic: boolean;
  features: AnswerFeatures;
  asking?: AskingReading;
}

/** One weight setting measured over all folds. */
interface Run {
  /** Per fold, real AnswerPolicy: short messages, and long ones with BASE_LONG. */
  short: Tally[];
  longBase: Tally[];
  /** Per fold: in-scope questions whose best topic is right, short and long. */
  top1Short: number[];
  top1Long: number[];
  long: LongMeasured[];
}

const kb = loadKnowledgeBase("knowledge");
const thresholds = thresholdsFrom(loadConfig({}));
const items = tuningItems(kb);
const nShort = (folds: number[]) => items.filter((i) => i.good && !i.long && folds.includes(i.fold)).length;
const nLong = (folds: number[]) => items.filter((i) => i.good && i.long && folds.includes(i.fold)).length;

// Runs are cached by setting, for the code they were measured with (`--cache file`).
const cacheAt = process.argv.indexOf("--cache");
const cacheFile = cacheAt >= 0 ? process.argv[cacheAt + 1] : undefined;
const codeHash = createHash("sha1")
  .update(["src/kb/search.ts", "src/kb/answer-policy.ts", "src/kb/normalize.ts", "src/kb/small-talk.ts"].map((f) => readFileSync(f, "utf8")).join("\n"))
  .digest("hex");
const runs = new Map<string, Run>();
if (cacheFile && existsSync(cacheFile)) {
  const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as { codeHash: string; runs: [string, Run][] };
  if (cached.codeHash === codeHash) for (const [k, r] of cached.runs) runs.set(k, r);
}
const settingKey = (w: ScoringWeights) => JSON.stringify(w, (_, v) => (v === Infinity ? "Infinity" : v));

function measure(weights: ScoringWeights): Run {
  const k = settingKey(weights);
  const known = runs.get(k);
  if (known) return known;
  const run: Run = { short: [], longBase: [], top1Short: [], top1Long: [], long: [] };
  for (let fold = 0; fold < K; fold++) {
    const foldKb = withoutFold(kb, items, fold);
    const search = new KnowledgeSearch(foldKb, thresholds, weights);
    const policy = new AnswerPolicy(foldKb, search, BASE_LONG);
    const rank = policyRanker(policy);
    const [short, longBase] = [emptyTally(), emptyTally()];
    let [top1Short, top1Long] = [0, 0];
    for (const item of items.filter((i) => i.fold === fold)) {
      const whole = search.search(item.q, 3);
      const best = whole.ranked[0]?.topic;
      const right = item.good?.has(best?.id ?? "") ?? false;
      if (right && item.long) top1Long++;
      if (right && !item.long) top1Short++;
      count(item.long ? longBase : short, item, rank(item.q));
      if (!item.long) continue;
      const asking = best ? policy.askingReading(item.q, best) : undefined;
      run.long.push({ fold, inScope: item.good !== undefined, right, zone: whole.zone, hasTopic: best !== undefined, features: whole.features, ...(asking ? { asking } : {}) });
    }
    run.short.push(short);
    run.longBase.push(longBase);
    run.top1Short.push(top1Short);
    run.top1Long.push(top1Long);
  }
  runs.set(k, run);
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify({ codeHash, runs: [...runs] }));
  return run;
}

// LONG_MESSAGE score and margin (coverage and STORY_AGREEMENT kept, as tune-long.ts kept them), swept offline.
const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
const GRID: LongMessageThresholds[] = steps(0.3, 0.5, 0.01).flatMap((score) =>
  steps(0, 0.12, 0.01).map((margin) => ({ longMessage: { score, margin, coverage: BASE_LONG.longMessage.coverage }, storyAgreement: BASE_LONG.storyAgreement })),
);
const answered = (m: LongMeasured, t: LongMessageThresholds) => m.zone === "answer" || (m.hasTopic && confirmsLong(m.features, m.asking, t));

interface Behaviour {
  settings: LongMessageThresholds[];
  /** Per fold. */
  tallies: Tally[];
}
const behavioursOf = new Map<Run, Behaviour[]>();
function behaviours(run: Run): Behaviour[] {
  const known = behavioursOf.get(run);
  if (known) return known;
  const groups = new Map<string, Behaviour>();
  for (const t of GRID) {
    const answers = run.long.map((m) => answered(m, t));
    const k = answers.map((a) => (a ? "1" : "0")).join("");
    const g = groups.get(k);
    if (g) {
      g.settings.push(t);
      continue;
    }
    const tallies = Array.from({ length: K }, () => emptyTally());
    run.long.forEach((m, i) => add(tallies[m.fold] as Tally, m, answers[i] as boolean));
    groups.set(k, { settings: [t], tallies });
  }
  const out = [...groups.values()];
  behavioursOf.set(run, out);
  return out;
}

/** LONG_MESSAGE for a run, chosen on the given folds; undefined when no setting keeps the constraints (BASE_LONG is then kept). */
function chooseThresholds(run: Run, folds: number[]): Behaviour | undefined {
  const shortT = sumFolds(run.short, folds);
  const limitWrong = shortT.wrong / Math.max(1, shortT.inScope);
  const oosLimit = sumFolds(base.longBase, folds).oosAnswered;
  let best: { b: Behaviour; t: Tally } | undefined;
  for (const b of behaviours(run)) {
    const t = sumFolds(b.tallies, folds);
    if (t.wrong / Math.max(1, t.inScope) > limitWrong || t.oosAnswered > oosLimit) continue;
    if (!best || t.right > best.t.right || (t.right === best.t.right && (t.wrong < best.t.wrong || (t.wrong === best.t.wrong && b.settings.length > best.b.settings.length)))) best = { b, t };
  }
  return best?.b;
}

/** Long messages' figures on the given folds with thresholds chosen on `chooseOn`. */
function longWith(run: Run, chooseOn: number[], measureOn: number[]): Tally {
  const b = chooseThresholds(run, chooseOn);
  if (b) return sumFolds(b.tallies, measureOn);
  const t = emptyTally();
  for (const m of run.long) if (measureOn.includes(m.fold)) add(t, m, answered(m, BASE_LONG));
  return t;
}

interface Worth {
  allowed: boolean;
  longRight: number;
  top1Long: number;
  short: Tally;
  long: Tally;
}

function worth(run: Run, folds: number[]): Worth {
  const short = sumFolds(run.short, folds);
  const long = longWith(run, folds, folds);
  const baseShort = sumFolds(base.short, folds);
  const baseOos = baseShort.oosAnswered + sumFolds(base.longBase, folds).oosAnswered;
  const n = nShort(folds);
  const allowed = short.right >= baseShort.right - SHORT_SLACK * n && short.wrong <= baseShort.wrong + SHORT_SLACK * n && short.oosAnswered + long.oosAnswered <= baseOos;
  return { allowed, longRight: long.right, top1Long: sum(run.top1Long, folds), short, long };
}

const better = (a: Worth, b: Worth) => a.allowed && (a.longRight > b.longRight || (a.longRight === b.longRight && a.top1Long > b.top1Long));

/** Coordinate search from BASE_WEIGHTS on the given folds; `log` prints each step. */
function coordinate(folds: number[], log: boolean): ScoringWeights {
  let best = { ...BASE_WEIGHTS };
  let bestWorth = worth(measure(best), folds);
  if (log) console.log(`  ${describe(bestWorth)}  ← start`);
  for (let pass = 0; pass < 2; pass++) {
    let moved = false;
    for (const [name, values] of searchedAxes) {
      for (const value of values) {
        if ((name === "rankEmphasis" ? (best.rankEmphasis ?? best.questionEmphasis) : best[name]) === value) continue;
        const w = { ...best, [name]: value };
        const x = worth(measure(w), folds);
        const takes = better(x, bestWorth);
        if (log) console.log(`  ${describe(x)}  ${name} ${value}${x.allowed ? "" : " (short messages or out of scope worse)"}${takes ? " ← kept" : ""}`);
        if (takes) [best, bestWorth, moved] = [w, x, true];
      }
    }
    if (!moved) break;
  }
  return best;
}

function describe(x: Worth): string {
  return (
    `long right ${x.long.right}/${x.long.inScope} wrong ${x.long.wrong} oos ${x.long.oosAnswered}/${x.long.outOfScope} top-1 ${x.top1Long} · ` +
    `short right ${x.short.right}/${x.short.inScope} wrong ${x.short.wrong} oos ${x.short.oosAnswered}/${x.short.outOfScope}`
  );
}

const all = Array.from({ length: K }, (_, i) => i);
const base = measure(BASE_WEIGHTS);
console.log(`base weights: top-1 >${LONG_MESSAGE_CHARS} ch ${pct(sum(base.top1Long, all) / nLong(all))}, ≤${LONG_MESSAGE_CHARS} ch ${pct(sum(base.top1Short, all) / nShort(all))}`);

console.log(`\ncoordinate search on all ${K} folds (long: LONG_MESSAGE chosen on the same folds):`);
const chosenWeights = coordinate(all, true);

// Nested: the whole choice made on k-1 folds, measured on the one left out.
console.log(`\nnested ${K}-fold cross-validation of the whole choice (weights, then LONG_MESSAGE):`);
const nested = { short: emptyTally(), long: emptyTally(), top1Long: 0, top1Short: 0 };
const nestedBase = { long: emptyTally() };
for (const fold of all) {
  const rest = all.filter((f) => f !== fold);
  const w = coordinate(rest, false);
  const run = measure(w);
  addTally(nested.short, run.short[fold] as Tally);
  addTally(nested.long, longWith(run, rest, [fold]));
  nested.top1Long += run.top1Long[fold] as number;
  nested.top1Short += run.top1Short[fold] as number;
  addTally(nestedBase.long, longWith(base, rest, [fold]));
  console.log(`  fold ${fold}: ${changes(w)}`);
}

const chosenRun = measure(chosenWeights);
const chosenLong = chooseThresholds(chosenRun, all);
const chosenThresholds: LongMessageThresholds = chosenLong ? { longMessage: centre(chosenLong.settings), storyAgreement: BASE_LONG.storyAgreement } : BASE_LONG;
console.log(`\nchosen weights: ${changes(chosenWeights)}`);
console.log(`chosen LONG_MESSAGE: ${JSON.stringify(chosenThresholds.longMessage)}${chosenLong ? ` (behaving alike: ${span(chosenLong.settings)})` : ""}`);

// The chosen setting through the real policy.
const after = { short: emptyTally(), long: emptyTally() };
for (let fold = 0; fold < K; fold++) {
  const foldKb = withoutFold(kb, items, fold);
  const rank = policyRanker(new AnswerPolicy(foldKb, new KnowledgeSearch(foldKb, thresholds, chosenWeights), chosenThresholds));
  for (const item of items.filter((i) => i.fold === fold)) count(item.long ? after.long : after.short, item, rank(item.q));
}

console.log(`\n${K}-fold cross-validation, real AnswerPolicy (questions removed from owners' phrasings in their fold):`);
console.log(`${"".padEnd(40)}${"top-1".padStart(9)}${"right".padStart(9)}${"wrong".padStart(9)}${"asked".padStart(9)}${"OOS refused".padStart(16)}`);
line(`before, ≤${LONG_MESSAGE_CHARS} ch`, sumFolds(base.short, all), sum(base.top1Short, all));
line(`before, >${LONG_MESSAGE_CHARS} ch`, sumFolds(base.longBase, all), sum(base.top1Long, all));
line(`before, all`, plus(sumFolds(base.short, all), sumFolds(base.longBase, all)), sum(base.top1Short, all) + sum(base.top1Long, all));
line(`chosen, ≤${LONG_MESSAGE_CHARS} ch`, after.short, sum(chosenRun.top1Short, all));
line(`chosen, >${LONG_MESSAGE_CHARS} ch`, after.long, sum(chosenRun.top1Long, all));
line(`chosen, all`, plus(after.short, after.long), sum(chosenRun.top1Short, all) + sum(chosenRun.top1Long, all));
line(`nested, before weights, >${LONG_MESSAGE_CHARS} ch`, nestedBase.long, sum(base.top1Long, all));
line(`nested, whole choice, ≤${LONG_MESSAGE_CHARS} ch`, nested.short, nested.top1Short);
line(`nested, whole choice, >${LONG_MESSAGE_CHARS} ch`, nested.long, nested.top1Long);
// Whether the choice carries over: more long messages answered right out of fold, their wrong rate not above short
// messages', short messages within the slack, and no more out-of-scope answers than the weights before this sweep.
const nestedBaseShort = sumFolds(base.short, all);
const carries =
  nested.long.right > nestedBase.long.right &&
  nested.long.wrong / nested.long.inScope <= nested.short.wrong / nested.short.inScope &&
  nested.short.right >= nestedBaseShort.right - SHORT_SLACK * nShort(all) &&
  nested.short.wrong <= nestedBaseShort.wrong + SHORT_SLACK * nShort(all) &&
  nested.short.oosAnswered + nested.long.oosAnswered <= nestedBaseShort.oosAnswered + nestedBase.long.oosAnswered;
console.log(carries ? "the nested cross-validation says the choice carries over" : "the nested cross-validation says the choice does not carry over: keep the weights before this sweep");
const holds = settingKey(chosenWeights) === settingKey(DEFAULT_WEIGHTS);
console.log(holds ? "src/kb/search.ts holds the chosen weights." : `src/kb/search.ts holds: ${changes(DEFAULT_WEIGHTS)}`);

function line(label: string, t: Tally, top1: number): void {
  const p = (n: number, d: number) => `${d === 0 ? "–" : ((n / d) * 100).toFixed(1)} %`;
  console.log(
    `${label.padEnd(40)}${p(top1, t.inScope).padStart(9)}${p(t.right, t.inScope).padStart(9)}${p(t.wrong, t.inScope).padStart(9)}${p(t.inScope - t.right - t.wrong, t.inScope).padStart(9)}` +
      `${`${p(t.outOfScope - t.oosAnswered, t.outOfScope)} of ${t.outOfScope}`.padStart(16)}   (${t.inScope} in scope)`,
  );
}

function changes(w: ScoringWeights): string {
  const diff = (Object.keys(w) as (keyof ScoringWeights)[]).filter((k) => w[k] !== BASE_WEIGHTS[k]).map((k) => `${k} ${BASE_WEIGHTS[k]} → ${w[k]}`);
  return diff.length > 0 ? diff.join(", ") : "the weights before this sweep";
}





function add(t: Tally, m: LongMeasured, isAnswered: boolean): void {
  record(t, m.inScope, isAnswered, m.right);
}


function plus(a: Tally, b: Tally): Tally {
  const t = emptyTally();
  addTally(t, a);
  addTally(t, b);
  return t;
}

function sumFolds(tallies: Tally[], folds: number[]): Tally {
  const t = emptyTally();
  for (const f of folds) addTally(t, tallies[f] as Tally);
  return t;
}

function sum(xs: number[], folds: number[]): number {
  return folds.reduce((s, f) => s + (xs[f] as number), 0);
}


/** The middle of the LONG_MESSAGE settings that behave alike (a box of the grid: its centre; else the one nearest their mean). */
function centre(settings: LongMessageThresholds[]): LongMessageThresholds["longMessage"] {
  const xs = settings.map((s) => s.longMessage);
  const scores = xs.map((x) => x.score);
  const margins = xs.map((x) => x.margin);
  const box = new Set(scores).size * new Set(margins).size === xs.length;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (box) return { score: round((Math.min(...scores) + Math.max(...scores)) / 2), margin: round((Math.min(...margins) + Math.max(...margins)) / 2), coverage: BASE_LONG.longMessage.coverage };
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [ms, mm] = [mean(scores), mean(margins)];
  const spread = (v: number[]) => Math.max(...v) - Math.min(...v) || 1;
  const d = (x: (typeof xs)[number]) => ((x.score - ms) / spread(scores)) ** 2 + ((x.margin - mm) / spread(margins)) ** 2;
  return xs.reduce((a, b) => (d(b) < d(a) ? b : a));
}

function span(settings: LongMessageThresholds[]): string {
  const r = (v: number[]) => (Math.min(...v) === Math.max(...v) ? `${Math.min(...v)}` : `${Math.min(...v)}–${Math.max(...v)}`);
  return `score ${r(settings.map((s) => s.longMessage.score))}, margin ${r(settings.map((s) => s.longMessage.margin))}`;
}
