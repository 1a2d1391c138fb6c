/**
 * Cross-validated choice of the answer policy's long-message thresholds
 * (LONG_MESSAGE and STORY_AGREEMENT in src/kb/answer-policy.ts).
 *
 * The tuning sets' in-scope questions are also owners' phrasings in
 * knowledge/owner-questions.yaml, so on the tuning sets they match themselves.
 * Here the questions (in-scope and out-of-scope) are split into k folds,
 * deterministically (by a hash of the folded text, long and short, in scope and
 * out of scope apart, so every fold holds its share of each). For each fold the
 * knowledge base is built with that fold's questions removed from the owners'
 * phrasings (a question and its spelling without diacritics count as one), and
 * the fold's questions go through the real AnswerPolicy: figures as if they
 * were new.
 *
 * Each question's features (the whole message's search, its asking part
 * searched alone) are measured once per fold; the thresholds are then swept
 * offline through the policy's own decision (confirmsLong). The setting kept
 * maximises long messages answered with the right topic, subject to long
 * messages' wrong-topic rate not above short messages' and no more
 * out-of-scope messages answered than with the reference thresholds (those
 * before this sweep). Ties go to fewer wrong answers, then to the behaviour the
 * most threshold settings give (a wide plateau), then to that plateau's
 * centre. Several spaces are searched (all six thresholds, or a few with the
 * rest at the reference); a nested cross-validation (choose on k-1 folds,
 * measure on the k-th) says how well each space's choice carries over to new
 * questions, and the space kept is the best by it that keeps both constraints
 * (so its nested figure is itself slightly optimistic). The held-out sets are
 * never read here. `npx tsx scripts/tune-long.ts [--dump features.json]
 * [--weights '{"rankEmphasis":4}']` (`--weights`: the search's weights changed
 * from DEFAULT_WEIGHTS, to measure a ranking change with the thresholds chosen
 * again; the current thresholds are measured too).
 */
import { addTally, count, emptyTally, type Item, K, key, pct, record, type Tally, tuningItems, withoutFold } from "./lib/cross-validation.ts";
import { writeFileSync } from "node:fs";
import { loadConfig } from "../src/config.ts";
import { AnswerPolicy, CLAUSE_AGREEMENT, clausesConfirmLong, confirmsLong, LONG_MESSAGE_THRESHOLDS, type AskingReading, type ClauseReading, type LongMessageThresholds } from "../src/kb/answer-policy.ts";
import { LONG_MESSAGE_CHARS, policyRanker } from "../src/kb/evaluate.ts";
import { thresholdsFrom } from "../src/kb/index.ts";
import { loadKnowledgeBase } from "../src/kb/load.ts";
import { DEFAULT_WEIGHTS, KnowledgeSearch, type AnswerFeatures, type ScoringWeights, type Zone } from "../src/kb/search.ts";
import type { KnowledgeBase } from "../src/kb/types.ts";


/**
 * The thresholds before this sweep (swept on tuning set 4 while it was fresh):
 * the axes a space keeps stay here, and out-of-scope answers may not exceed
 * theirs. Fixed, so that the script chooses the same whatever
 * src/kb/answer-policy.ts holds now.
 */
const REFERENCE: LongMessageThresholds = {
  longMessage: { score: 0.4, margin: 0.06, coverage: 0.45 },
  storyAgreement: { questionScore: 0.4, margin: 0.08, wholeScore: 0.35 },
};


/** What one question measured in its fold's knowledge base. */
interface Measured {
  item: Item;
  whole: { features: AnswerFeatures; zone: Zone; hasTopic: boolean };
  asking?: AskingReading;
  /** Its clauses read against the best topic (the clause-agreement step, kept at CLAUSE_AGREEMENT here: scripts/tune-clauses.ts chooses it). */
  clauses?: ClauseReading;
  /** Whether the whole message's best topic is a right one. */
  right: boolean;
}


const kb = loadKnowledgeBase("knowledge");
// The defaults of src/config.ts, whatever this shell's environment says.
const thresholds = thresholdsFrom(loadConfig({}));
const items = tuningItems(kb);
const weightsAt = process.argv.indexOf("--weights");
const weights: ScoringWeights = { ...DEFAULT_WEIGHTS, ...(weightsAt >= 0 ? (JSON.parse(process.argv[weightsAt + 1] ?? "{}") as Partial<ScoringWeights>) : {}) };
if (weightsAt >= 0) console.log(`weights: ${JSON.stringify(weights)}`);

const exampleKeys = new Set(kb.topics.flatMap((t) => t.examples.map(key)));
const variantKeys = new Set(kb.topics.flatMap((t) => [t.title, ...t.questions].map(key)));
const inScopeItems = items.filter((i) => i.good);
console.log(
  `${inScopeItems.length} in-scope questions (${inScopeItems.filter((i) => i.long).length} over ${LONG_MESSAGE_CHARS} characters), ` +
    `${items.length - inScopeItems.length} out of scope (${items.filter((i) => !i.good && i.long).length} long); ` +
    `${inScopeItems.filter((i) => exampleKeys.has(key(i.q))).length} of the in-scope ones are owners' phrasings (removed in their fold), ` +
    `${inScopeItems.filter((i) => variantKeys.has(key(i.q))).length} are written variants or titles (kept: part of the topics)`,
);

// One knowledge base and index per fold, measured once.
const measured: Measured[] = [];
const before: Tally[] = [];
for (let fold = 0; fold < K; fold++) {
  const { policy, search } = foldKnowledge(fold);
  const rank = policyRanker(policy);
  const tally = emptyTallies();
  for (const item of items.filter((i) => i.fold === fold)) {
    const whole = search.search(item.q, 3);
    const best = whole.ranked[0]?.topic;
    const asking = best ? policy.askingReading(item.q, best) : undefined;
    const clauses = best && item.long ? policy.clauseReading(item.q, best) : undefined;
    const right = item.good?.has(best?.id ?? "") ?? false;
    measured.push({ item, whole: { features: whole.features, zone: whole.zone, hasTopic: best !== undefined }, right, ...(asking ? { asking } : {}), ...(clauses ? { clauses } : {}) });
    count(tally[item.long ? 1 : 0] as Tally, item, rank(item.q));
  }
  before.push(...tally);
}

// `--dump file.json`: every question's measured features, for a closer look.
const dumpAt = process.argv.indexOf("--dump");
if (dumpAt >= 0) writeFileSync(process.argv[dumpAt + 1] ?? "tune-long.json", JSON.stringify(measured.map((m) => ({ ...m, item: { ...m.item, good: m.item.good ? [...m.item.good] : undefined } }))));

// Short messages do not read the long-message thresholds: their figures are the same for every setting.
const long = measured.filter((m) => m.item.long);
const shortWrongRate = (folds: number[]) => {
  const t = sumTallies(before, folds, false);
  return t.wrong / Math.max(1, t.inScope);
};

/** The policy's own decision for a long message, as the sweep replays it. */
const answered = (m: Measured, t: LongMessageThresholds) =>
  m.whole.zone === "answer" || (m.whole.hasTopic && (confirmsLong(m.whole.features, m.asking, t) || (m.clauses !== undefined && clausesConfirmLong(m.whole.features, m.clauses, CLAUSE_AGREEMENT))));

// The replay must give what the real policy gave with the reference thresholds; messages where the rest of the policy
// (small talk, provinces) decides otherwise are few and counted apart.
const realBefore = sumTallies(before, allFolds(), true);
const replayBefore = tallyOf(long, (m) => answered(m, REFERENCE));
console.log(`replay check (reference thresholds, long messages): real ${fmt(realBefore)} · replayed ${fmt(replayBefore)}`);

// What no threshold can fix: how often the whole message's best topic is a right one.
const top1 = (isLong: boolean) => {
  const xs = measured.filter((m) => m.item.good && m.item.long === isLong);
  return `${pct(xs.filter((m) => m.right).length / xs.length)} of ${xs.length}`;
};
console.log(`best topic right (ranking, before any threshold): >${LONG_MESSAGE_CHARS} ch ${top1(true)} · ≤${LONG_MESSAGE_CHARS} ch ${top1(false)}`);

// The searched spaces: every threshold on a grid around the reference values, or a few of them with the rest kept.
// Fewer free thresholds overfit less; the nested cross-validation of each space says which carries over best.
type WholeThresholds = LongMessageThresholds["longMessage"];
type AgreeThresholds = LongMessageThresholds["storyAgreement"];
const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
const wholeAxes = { score: steps(0.3, 0.5, 0.02), margin: steps(0, 0.12, 0.01), coverage: steps(0.3, 0.6, 0.05) };
const agreeAxes = { questionScore: steps(0.3, 0.5, 0.02), margin: steps(0, 0.12, 0.01), wholeScore: steps(0.25, 0.45, 0.02) };
const wholeKept = { score: [REFERENCE.longMessage.score], margin: [REFERENCE.longMessage.margin], coverage: [REFERENCE.longMessage.coverage] };
const agreeKept = { questionScore: [REFERENCE.storyAgreement.questionScore], margin: [REFERENCE.storyAgreement.margin], wholeScore: [REFERENCE.storyAgreement.wholeScore] };
const spaces: { name: string; dims: number; whole: { [P in keyof WholeThresholds]: number[] }; agree: { [P in keyof AgreeThresholds]: number[] } }[] = [
  { name: "all six thresholds", dims: 6, whole: wholeAxes, agree: agreeAxes },
  { name: "LONG_MESSAGE (3)", dims: 3, whole: wholeAxes, agree: agreeKept },
  { name: "STORY_AGREEMENT (3)", dims: 3, whole: wholeKept, agree: agreeAxes },
  { name: "LONG_MESSAGE score, margin", dims: 2, whole: { ...wholeAxes, coverage: wholeKept.coverage }, agree: agreeKept },
  { name: "both margins", dims: 2, whole: { ...wholeKept, margin: wholeAxes.margin }, agree: { ...agreeKept, margin: agreeAxes.margin } },
  { name: "LONG_MESSAGE margin", dims: 1, whole: { ...wholeKept, margin: wholeAxes.margin }, agree: agreeKept },
  { name: "STORY_AGREEMENT margin", dims: 1, whole: wholeKept, agree: { ...agreeKept, margin: agreeAxes.margin } },
];

// Each setting of either rule answers a set of long messages; settings with the same set behave alike.
const noWhole: WholeThresholds = { score: Infinity, margin: Infinity, coverage: Infinity };
const noAgree: AgreeThresholds = { questionScore: Infinity, margin: Infinity, wholeScore: Infinity };

interface Candidate {
  whole: Group<WholeThresholds>;
  agree: Group<AgreeThresholds>;
  /** Per fold. */
  tallies: Tally[];
}

function candidatesOf(space: (typeof spaces)[number]): Candidate[] {
  const wholeGroups = groupBy(product<WholeThresholds>(space.whole), (g) => long.map((m) => answered(m, { longMessage: g, storyAgreement: noAgree })));
  const agreeGroups = groupBy(product<AgreeThresholds>(space.agree), (g) => long.map((m) => answered(m, { longMessage: noWhole, storyAgreement: g })));
  const out: Candidate[] = [];
  for (const whole of wholeGroups)
    for (const agree of agreeGroups) {
      const tallies = Array.from({ length: K }, () => emptyTally());
      long.forEach((m, i) => add(tallies[m.item.fold] as Tally, m, (whole.answers[i] as boolean) || (agree.answers[i] as boolean)));
      out.push({ whole, agree, tallies });
    }
  return out;
}

/** The best candidate by the figures of the given folds (see the header); undefined when none meets the constraints. */
function choose(candidates: Candidate[], folds: number[]): Candidate | undefined {
  const limitWrong = shortWrongRate(folds);
  const beforeOos = sumTallies(before, folds, true).oosAnswered;
  let best: { c: Candidate; t: Tally; plateau: number } | undefined;
  for (const c of candidates) {
    const t = sumFolds(c.tallies, folds);
    if (t.wrong / Math.max(1, t.inScope) > limitWrong || t.oosAnswered > beforeOos) continue;
    const plateau = c.whole.settings.length * c.agree.settings.length;
    if (!best || t.right > best.t.right || (t.right === best.t.right && (t.wrong < best.t.wrong || (t.wrong === best.t.wrong && plateau > best.plateau)))) best = { c, t, plateau };
  }
  return best?.c;
}

/** Nested: choose on k-1 folds, measure on the one left out (the reference thresholds where no setting meets the constraints). */
function nestedOf(candidates: Candidate[]): Tally {
  const nested = emptyTally();
  for (let fold = 0; fold < K; fold++) {
    const c = choose(candidates, allFolds().filter((f) => f !== fold));
    const t = c ? (c.tallies[fold] as Tally) : tallyOf(long.filter((m) => m.item.fold === fold), (m) => answered(m, REFERENCE));
    addTally(nested, t);
  }
  return nested;
}

// The space kept: the best nested figure that keeps both constraints on the folds left out; ties to fewer thresholds.
const shortBefore = sumTallies(before, allFolds(), false);
console.log(`\nnested ${K}-fold cross-validation per space, long messages (short messages' wrong rate ${pct(shortBefore.wrong / shortBefore.inScope)}; reference thresholds ${fmt(replayBefore)}):`);
let kept: { space: (typeof spaces)[number]; candidates: Candidate[]; nested: Tally } | undefined;
for (const space of spaces) {
  const candidates = candidatesOf(space);
  const nested = nestedOf(candidates);
  const keeps = nested.wrong / nested.inScope <= shortBefore.wrong / shortBefore.inScope && nested.oosAnswered <= replayBefore.oosAnswered;
  console.log(`  ${space.name.padEnd(28)} ${String(candidates.length).padStart(7)} behaviours · nested ${fmt(nested)}${keeps ? "" : "  (breaks a constraint)"}`);
  if (keeps && (!kept || nested.right > kept.nested.right || (nested.right === kept.nested.right && space.dims < kept.space.dims))) kept = { space, candidates, nested };
}

const chosenCandidate = kept ? choose(kept.candidates, allFolds()) : undefined;
const chosen: LongMessageThresholds = chosenCandidate
  ? { longMessage: centre(chosenCandidate.whole.settings), storyAgreement: centre(chosenCandidate.agree.settings) }
  : REFERENCE;
console.log(`\nkept: ${kept?.space.name ?? "the reference thresholds (no space keeps the constraints)"}`);
console.log(`chosen: LONG_MESSAGE ${JSON.stringify(chosen.longMessage)} · STORY_AGREEMENT ${JSON.stringify(chosen.storyAgreement)}`);
if (chosenCandidate) console.log(`  behaving the same on the tuning sets: LONG_MESSAGE ${span(chosenCandidate.whole.settings)} · STORY_AGREEMENT ${span(chosenCandidate.agree.settings)}`);

// The figures of the chosen setting, and of the current thresholds, through the real policy, fold by fold as before.
const realWith = (t: LongMessageThresholds): Tally[] => {
  const out: Tally[] = [];
  for (let fold = 0; fold < K; fold++) {
    const { kb: foldKb, search } = foldKnowledge(fold);
    const rank = policyRanker(new AnswerPolicy(foldKb, search, t));
    const tally = emptyTallies();
    for (const item of items.filter((i) => i.fold === fold)) count(tally[item.long ? 1 : 0] as Tally, item, rank(item.q));
    out.push(...tally);
  }
  return out;
};
const after = realWith(chosen);
const current = realWith(LONG_MESSAGE_THRESHOLDS);

console.log(`\n${K}-fold cross-validation, real AnswerPolicy (questions removed from owners' phrasings in their fold):`);
console.log(`${"".padEnd(34)}${"right".padStart(9)}${"wrong".padStart(9)}${"asked".padStart(9)}${"OOS refused".padStart(16)}`);
for (const [label, tallies] of [["reference", before], ["current", current], ["chosen", after]] as const) {
  for (const isLong of [false, true]) line(`${label}, ${isLong ? `>${LONG_MESSAGE_CHARS}` : `≤${LONG_MESSAGE_CHARS}`} ch`, sumTallies(tallies, allFolds(), isLong));
  line(`${label}, all`, sumAll(tallies));
}
if (kept) line(`nested CV of the choice, >${LONG_MESSAGE_CHARS} ch`, kept.nested);
const same = JSON.stringify(chosen) === JSON.stringify(LONG_MESSAGE_THRESHOLDS);
console.log(same ? "src/kb/answer-policy.ts holds the chosen thresholds." : `src/kb/answer-policy.ts holds others: ${JSON.stringify(LONG_MESSAGE_THRESHOLDS)}`);

function line(label: string, t: Tally): void {
  const p = (n: number, d: number) => `${d === 0 ? "–" : ((n / d) * 100).toFixed(1)} %`;
  console.log(
    `${label.padEnd(34)}${p(t.right, t.inScope).padStart(9)}${p(t.wrong, t.inScope).padStart(9)}${p(t.inScope - t.right - t.wrong, t.inScope).padStart(9)}` +
      `${`${p(t.outOfScope - t.oosAnswered, t.outOfScope)} of ${t.outOfScope}`.padStart(16)}   (${t.inScope} in scope)`,
  );
}

/** The knowledge base without the fold's questions among the owners' phrasings, its index and policy. */
function foldKnowledge(fold: number): { kb: KnowledgeBase; search: KnowledgeSearch; policy: AnswerPolicy } {
  const foldKb = withoutFold(kb, items, fold);
  const search = new KnowledgeSearch(foldKb, thresholds, weights);
  return { kb: foldKb, search, policy: new AnswerPolicy(foldKb, search, REFERENCE) };
}



/** Per fold, short then long: tallies[2 * fold + (long ? 1 : 0)]. */
function emptyTallies(): Tally[] {
  return [emptyTally(), emptyTally()];
}



function add(t: Tally, m: Measured, isAnswered: boolean): void {
  record(t, m.item.good !== undefined, isAnswered, m.right);
}

function tallyOf(list: Measured[], isAnswered: (m: Measured) => boolean): Tally {
  const t = emptyTally();
  for (const m of list) add(t, m, isAnswered(m));
  return t;
}

function sumFolds(tallies: Tally[], folds: number[]): Tally {
  const t = emptyTally();
  for (const f of folds) {
    addTally(t, tallies[f] as Tally);
  }
  return t;
}

/** Short or long messages of the given folds, from per-fold short/long tallies. */
function sumTallies(tallies: Tally[], folds: number[], isLong: boolean): Tally {
  return sumFolds(tallies, folds.map((f) => 2 * f + (isLong ? 1 : 0)));
}

function sumAll(tallies: Tally[]): Tally {
  return sumFolds(tallies, tallies.map((_, i) => i));
}

function allFolds(): number[] {
  return Array.from({ length: K }, (_, i) => i);
}


function fmt(t: Tally): string {
  return `right ${t.right}/${t.inScope} (${pct(t.right / t.inScope)}), wrong ${t.wrong} (${pct(t.wrong / t.inScope)}), out of scope answered ${t.oosAnswered}/${t.outOfScope}`;
}

/** Every combination of the axes' values. */
function product<T extends Record<string, number>>(axes: { [P in keyof T]: number[] }): T[] {
  let out: Record<string, number>[] = [{}];
  for (const [name, values] of Object.entries(axes) as [string, number[]][]) out = out.flatMap((o) => values.map((v) => ({ ...o, [name]: v })));
  return out as T[];
}

interface Group<T> {
  settings: T[];
  answers: boolean[];
}

function groupBy<T>(settings: T[], answers: (s: T) => boolean[]): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const s of settings) {
    const a = answers(s);
    const k = a.map((x) => (x ? "1" : "0")).join("");
    const g = groups.get(k);
    if (g) g.settings.push(s);
    else groups.set(k, { settings: [s], answers: a });
  }
  return [...groups.values()];
}

/**
 * The middle of a group of settings that behave alike: when the group is a
 * whole box of the grid, every value inside the box behaves alike too and its
 * centre is taken; otherwise the setting nearest the group's mean, each axis
 * measured in its own spread.
 */
function centre<T extends Record<string, number>>(settings: T[]): T {
  const at = (x: T, n: string) => x[n] as number;
  const names = Object.keys(settings[0] as T);
  const distinct = names.map((n) => new Set(settings.map((x) => at(x, n))).size);
  if (distinct.reduce((a, b) => a * b, 1) === settings.length) {
    return Object.fromEntries(names.map((n) => [n, Math.round(((Math.min(...settings.map((x) => at(x, n))) + Math.max(...settings.map((x) => at(x, n)))) / 2) * 1000) / 1000])) as T;
  }
  const mean = (n: string) => settings.reduce((s, x) => s + at(x, n), 0) / settings.length;
  const spread = (n: string) => Math.max(...settings.map((x) => at(x, n))) - Math.min(...settings.map((x) => at(x, n))) || 1;
  const means = new Map(names.map((n) => [n, mean(n)]));
  const distance = (x: T) => names.reduce((s, n) => s + ((at(x, n) - (means.get(n) as number)) / spread(n)) ** 2, 0);
  return settings.reduce((a, b) => (distance(b) < distance(a) ? b : a));
}

/** Each axis's range over a group's settings. */
function span<T extends Record<string, number>>(settings: T[]): string {
  const names = Object.keys(settings[0] as T);
  return names
    .map((n) => {
      const values = settings.map((s) => s[n] as number);
      const [lo, hi] = [Math.min(...values), Math.max(...values)];
      return lo === hi ? `${n} ${lo}` : `${n} ${lo}–${hi}`;
    })
    .join(", ");
}
