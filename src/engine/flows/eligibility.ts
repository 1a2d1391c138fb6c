import { bandOf, evaluateEligibility, nextQuestion, progress, supportStates, type EligibilityResult } from "../../kb/eligibility.ts";
import { formatSource, supportHeadline } from "../../kb/render-support.ts";
import { provinceLinesFor } from "./province-topic.ts";
import type { EligibilityQuestion } from "../../kb/schema.ts";
import { parseChoice } from "../../form/parsers/choice.ts";
import { parseCount } from "../../form/parsers/simple.ts";
import { looksLikeQuestion } from "../input.ts";
import { ELIGIBILITY_MSG, LABEL, MSG } from "../messages.ts";
import type { Flow, Turn } from "../turn.ts";
import { BUTTON } from "../button-data.ts";
import { CANCEL_TO_MENU_BUTTON, MENU_BUTTON } from "../buttons.ts";
import { answerInPlace } from "./side-question.ts";

const ALL_SUPPORTS = "all";
/** Supports refused by one answer, at least this many, are announced at once rather than only in the result. */
const ANNOUNCE_BLOCKED = 3;

/** Starts the questionnaire from the beginning. */
export function startEligibility(turn: Turn): void {
  turn.session.eligibility = {};
  turn.say(turn.deps.knowledge.kb.eligibility.intro);
  askNext(turn);
}

function states(turn: Turn) {
  const { kb } = turn.deps.knowledge;
  return supportStates(kb.eligibility, kb.supports, turn.session.eligibility);
}

/** Options of a question; "which support" lists only those the answers so far have not ruled out. */
function optionsOf(turn: Turn, question: EligibilityQuestion): { value: string; label: string; aliases: string[] }[] {
  if (question.options !== "supports") return question.options;
  const live = states(turn);
  return [
    ...turn.deps.knowledge.kb.supports.filter((s) => s.applicable && live.get(s.id) !== "blocked").map((s) => ({ value: s.id, label: s.shortTitle, aliases: s.keywords })),
    { value: ALL_SUPPORTS, label: LABEL.notSureAll, aliases: ["tat ca", "chua biet", "chua ro", "khong biet"] },
  ];
}

function ask(turn: Turn, question: EligibilityQuestion, lead?: string): void {
  const { kb } = turn.deps.knowledge;
  const { answered, total } = progress(kb.eligibility, turn.session.eligibility, kb.supports);
  turn.setState({ name: "eligibility", questionId: question.id });
  const hints = question.options === "supports" || question.count ? [] : question.options.filter((o) => o.hint).map((o) => `• ${o.label}: ${o.hint}`);
  const prompt = question.count ? `${question.prompt} ${ELIGIBILITY_MSG.typeCount(question.count.unit)}` : question.prompt;
  const text = [...(lead ? [lead] : []), ELIGIBILITY_MSG.questionNumber(answered + 1, Math.max(total, answered + 1), prompt), ...hints].join("\n");
  // A count question offers its bands as actions only: a typed "2" is then two workers, not option 2.
  const kind = question.count ? ("action" as const) : ("choice" as const);
  turn.say(text, [
    ...optionsOf(turn, question).map((o) => [{ label: o.label, data: BUTTON.eligibility.data({ value: o.value }), kind }]),
    [{ label: LABEL.why, data: BUTTON.eligibility.data({ command: "why" }), kind: "action" }, CANCEL_TO_MENU_BUTTON],
  ]);
}

function askNext(turn: Turn, lead?: string): void {
  const { kb } = turn.deps.knowledge;
  const question = nextQuestion(kb.eligibility, turn.session.eligibility, kb.supports);
  if (question) return ask(turn, question, lead);
  if (lead) turn.say(lead);
  showResult(turn, evaluateEligibility(kb.eligibility, kb.supports, turn.session.eligibility));
}

/** Stores an answer; when it rules out several supports at once, says so before the next question. */
function answer(turn: Turn, question: EligibilityQuestion, value: string, extra: Record<string, string> = {}, echo?: string): void {
  const before = states(turn);
  turn.session.eligibility[question.id] = value;
  Object.assign(turn.session.eligibility, extra);
  const after = states(turn);
  const blocked = [...after].filter(([id, s]) => s === "blocked" && before.get(id) !== "blocked").map(([id]) => id);
  const remaining = [...after].filter(([, s]) => s !== "blocked").map(([id]) => id);
  if (blocked.length < ANNOUNCE_BLOCKED || remaining.length === 0) return askNext(turn, echo);
  const { kb } = turn.deps.knowledge;
  const title = (id: string) => kb.supportById.get(id)?.shortTitle ?? id;
  const result = evaluateEligibility(kb.eligibility, kb.supports, turn.session.eligibility);
  const reasons = [
    ...new Set(
      result.verdicts
        .filter((v) => blocked.includes(v.support.id))
        .flatMap((v) => v.findings.filter((f) => f.outcome === "block").map((f) => ELIGIBILITY_MSG.withSource(f.reason.trim(), formatSource(f.source)))),
    ),
  ];
  askNext(turn, [...(echo ? [echo] : []), ELIGIBILITY_MSG.blockedEarly(blocked.map(title), reasons, remaining.map(title))].join("\n"));
}

function currentQuestion(turn: Turn): EligibilityQuestion | undefined {
  const state = turn.session.state;
  if (state.name !== "eligibility") return undefined;
  return turn.deps.knowledge.kb.eligibility.questions.find((q) => q.id === state.questionId);
}

/** Writes the result: what may be received (level, cap, fund), what needs confirming, what not and why. */
function showResult(turn: Turn, result: EligibilityResult): void {
  const { kb } = turn.deps.knowledge;
  turn.setState({ name: "eligibility-result" });
  const eligible = result.verdicts.filter((v) => v.verdict === "eligible");
  const uncertain = result.verdicts.filter((v) => v.verdict === "uncertain");
  const blocked = result.verdicts.filter((v) => v.verdict === "blocked");
  const lines: string[] = [ELIGIBILITY_MSG.resultTitle];
  if (eligible.length > 0) {
    lines.push("", ELIGIBILITY_MSG.resultEligible);
    for (const v of eligible) lines.push(`• ${v.support.shortTitle}: ${supportHeadline(v.support)}`);
    lines.push(...provinceLinesFor(turn, eligible.map((v) => v.support.id)));
  }
  if (uncertain.length > 0) {
    lines.push("", ELIGIBILITY_MSG.resultUncertain);
    for (const v of uncertain) lines.push(`• ${v.support.shortTitle} — ${v.findings.map((f) => f.reason).join(" ")}`);
  }
  if (blocked.length > 0) {
    lines.push("", ELIGIBILITY_MSG.resultBlocked);
    const byRule = new Map<string, { reason: string; source: string; titles: string[] }>();
    for (const v of blocked) {
      for (const f of v.findings.filter((x) => x.outcome === "block")) {
        const entry = byRule.get(f.ruleId) ?? { reason: f.reason, source: formatSource(f.source), titles: [] };
        entry.titles.push(v.support.shortTitle);
        byRule.set(f.ruleId, entry);
      }
    }
    for (const entry of byRule.values()) lines.push(`• ${entry.titles.join(", ")}: ${ELIGIBILITY_MSG.withSource(entry.reason, entry.source)}`);
  }
  if (result.notes.length > 0) lines.push("", ...result.notes.map((n) => `ℹ️ ${n.text} (${formatSource(n.source)})`));
  lines.push("", kb.eligibility.disclaimer);
  const canApply = [...eligible, ...uncertain].slice(0, 5);
  if (canApply[0]) turn.session.lastSupportId = canApply[0].support.id;
  turn.say(lines.join("\n"), [
    ...canApply.map((v) => [{ label: LABEL.applyFor(v.support.shortTitle), data: BUTTON.apply.data(v.support.id), kind: "choice" as const }]),
    [{ label: LABEL.checkAgain, data: BUTTON.eligibility.data({ command: "restart" }), kind: "choice" }],
    [MENU_BUTTON],
  ]);
}

/**
 * Typed text at a question: a head count for a count question, a side question
 * answered in place (then the same question again), or an option named loosely.
 */
function onTypedAnswer(turn: Turn, question: EligibilityQuestion, text: string): void {
  if (question.count && !looksLikeQuestion(text)) {
    const count = parseCount(text, 1, 1_000_000);
    const band = count.ok ? bandOf(question, count.value) : undefined;
    if (count.ok && band) return answer(turn, question, band, { [`${question.id}-count`]: String(count.value) }, ELIGIBILITY_MSG.countEcho(count.value, question.count.unit));
    if (!count.ok && /\d/.test(text)) return ask(turn, question, `❗ ${count.reason}`);
  }
  if (looksLikeQuestion(text)) {
    if (!answerInPlace(turn, text)) turn.say(ELIGIBILITY_MSG.sideQuestionUnknown);
    return ask(turn, question, ELIGIBILITY_MSG.backToQuestion);
  }
  const options = optionsOf(turn, question);
  const choice = parseChoice(text, options);
  if (choice.ok && !question.count) return answer(turn, question, choice.value);
  if (!choice.ok && choice.suggestion) {
    turn.say(ELIGIBILITY_MSG.didYouMean(choice.suggestion.label), [[{ label: LABEL.yesThat(choice.suggestion.label), data: BUTTON.eligibility.data({ value: choice.suggestion.value }), kind: "choice" }], [MENU_BUTTON]]);
    return;
  }
  turn.say(question.count ? ELIGIBILITY_MSG.needCount : ELIGIBILITY_MSG.notUnderstood);
  ask(turn, question);
}

export const eligibilityFlow: Flow = {
  states: ["eligibility", "eligibility-result"],
  buttons: [BUTTON.eligibility],
  prompt: (turn) => {
    const question = currentQuestion(turn);
    if (question) return ask(turn, question);
    askNext(turn);
  },
  onButton: (turn, data) => {
    const press = BUTTON.eligibility.read(data);
    if (press && "command" in press && press.command === "restart") return startEligibility(turn);
    const question = currentQuestion(turn);
    if (!question) return askNext(turn);
    if (press && "command" in press) {
      turn.say(MSG.why(question.why));
      return ask(turn, question);
    }
    if (!press || !optionsOf(turn, question).some((o) => o.value === press.value)) return ask(turn, question);
    answer(turn, question, press.value);
  },
  onText: (turn, text) => {
    // A typed answer that matched no offered option: outside the questionnaire it is a question.
    const question = currentQuestion(turn);
    if (!question) return false;
    onTypedAnswer(turn, question, text);
    return true;
  },
  aliases: (turn) => {
    const question = currentQuestion(turn);
    const map = new Map<string, string[]>();
    if (question) for (const o of optionsOf(turn, question)) map.set(BUTTON.eligibility.data({ value: o.value }), o.aliases);
    return map;
  },
};
