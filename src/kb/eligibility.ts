import type { Condition, Eligibility, EligibilityQuestion, Support } from "./schema.ts";

/**
 * The eligibility questionnaire's logic, pure and driven only by
 * knowledge/eligibility.yaml: which question comes next, and what the rules say
 * about each support for a set of answers. No rule is written in code.
 */

export type Answers = Record<string, string>;

/** Whether a condition holds; a question not answered matches no `in` list. */
export function holds(condition: Condition, answers: Answers): boolean {
  if ("question" in condition) {
    const value = answers[condition.question];
    return value !== undefined && condition.in.includes(value);
  }
  if ("all" in condition) return condition.all.every((c) => holds(c, answers));
  if ("any" in condition) return condition.any.some((c) => holds(c, answers));
  return !holds(condition.not, answers);
}

/**
 * A condition on the answers so far: true or false when the remaining answers
 * cannot change it, undefined while they can. A question that will never be
 * asked (its `askWhen` is false) counts as answered with nothing.
 */
export function holds3(eligibility: Eligibility, condition: Condition, answers: Answers): boolean | undefined {
  if ("question" in condition) {
    const value = answers[condition.question];
    if (value !== undefined) return condition.in.includes(value);
    return neverAsked(eligibility, condition.question, answers) ? false : undefined;
  }
  if ("all" in condition) {
    const parts = condition.all.map((c) => holds3(eligibility, c, answers));
    return parts.includes(false) ? false : parts.includes(undefined) ? undefined : true;
  }
  if ("any" in condition) {
    const parts = condition.any.map((c) => holds3(eligibility, c, answers));
    return parts.includes(true) ? true : parts.includes(undefined) ? undefined : false;
  }
  const inner = holds3(eligibility, condition.not, answers);
  return inner === undefined ? undefined : !inner;
}

function neverAsked(eligibility: Eligibility, questionId: string, answers: Answers): boolean {
  const question = eligibility.questions.find((q) => q.id === questionId);
  return question?.askWhen !== undefined && holds3(eligibility, question.askWhen, answers) === false;
}

type Rule = Eligibility["rules"][number];

/** pass / fail when the answers so far settle the rule, open while a later answer can change it. */
function ruleState(eligibility: Eligibility, rule: Rule, answers: Answers): "pass" | "fail" | "open" {
  const applies = rule.appliesWhen ? holds3(eligibility, rule.appliesWhen, answers) : true;
  if (applies === false) return "pass";
  const required = holds3(eligibility, rule.require, answers);
  if (required === true) return "pass";
  if (applies === true && required === false) return "fail";
  return "open";
}

/** The supports the answers so far are about: the one wanted, or every one that can be applied for. */
function inScope(supports: Support[], answers: Answers, wantQuestionId = "want"): Support[] {
  const wanted = answers[wantQuestionId];
  return supports.filter((s) => s.applicable && (wanted === undefined || wanted === "all" || wanted === s.id));
}

/**
 * Each support in scope: "blocked" once a refusing rule is settled against it,
 * "decided" when no later answer can change its verdict, "open" otherwise.
 */
export function supportStates(eligibility: Eligibility, supports: Support[], answers: Answers): Map<string, "blocked" | "decided" | "open"> {
  const states = new Map<string, "blocked" | "decided" | "open">();
  for (const support of inScope(supports, answers)) {
    const rules = eligibility.rules.filter((r) => !r.supports || r.supports.includes(support.id));
    const results = rules.map((r) => ({ rule: r, state: ruleState(eligibility, r, answers) }));
    if (results.some((x) => x.state === "fail" && x.rule.outcome === "block")) states.set(support.id, "blocked");
    else states.set(support.id, results.some((x) => x.state === "open") ? "open" : "decided");
  }
  return states;
}

function questionsIn(condition: Condition, out: Set<string>): void {
  if ("question" in condition) out.add(condition.question);
  else if ("all" in condition) condition.all.forEach((c) => questionsIn(c, out));
  else if ("any" in condition) condition.any.forEach((c) => questionsIn(c, out));
  else questionsIn(condition.not, out);
}

/**
 * The unanswered questions whose answer can still change something: a verdict
 * still open, which support is wanted (when two or more remain possible), or a
 * note for a support not refused; and the questions these depend on.
 */
export function relevantQuestions(eligibility: Eligibility, supports: Support[], answers: Answers, wantQuestionId = "want"): Set<string> {
  const states = supportStates(eligibility, supports, answers);
  const live = [...states.values()].filter((s) => s !== "blocked").length;
  const wanted = new Set<string>();
  for (const rule of eligibility.rules) {
    const open = [...states].some(([id, state]) => state === "open" && (!rule.supports || rule.supports.includes(id)));
    if (!open || ruleState(eligibility, rule, answers) !== "open") continue;
    if (rule.appliesWhen) questionsIn(rule.appliesWhen, wanted);
    questionsIn(rule.require, wanted);
  }
  if (live >= 2) wanted.add(wantQuestionId);
  if (live >= 1) for (const note of eligibility.notes) if (holds3(eligibility, note.when, answers) === undefined) questionsIn(note.when, wanted);
  // A question asked only after another one needs that one first.
  for (let grew = true; grew; ) {
    grew = false;
    for (const q of eligibility.questions) {
      if (!wanted.has(q.id) || !q.askWhen) continue;
      const before = wanted.size;
      questionsIn(q.askWhen, wanted);
      grew ||= wanted.size > before;
    }
  }
  for (const id of [...wanted]) if (answers[id] !== undefined || neverAsked(eligibility, id, answers)) wanted.delete(id);
  return wanted;
}

/** The next question to ask, or undefined as soon as no answer can change the outcome. */
export function nextQuestion(eligibility: Eligibility, answers: Answers, supports: Support[]): EligibilityQuestion | undefined {
  const relevant = relevantQuestions(eligibility, supports, answers);
  return eligibility.questions.find((q) => relevant.has(q.id) && (!q.askWhen || holds(q.askWhen, answers)));
}

/**
 * "Câu 3/7": the questions answered, and the most that may still be asked.
 * The total can only shrink as answers settle things, never grow mid-way.
 */
export function progress(eligibility: Eligibility, answers: Answers, supports: Support[]): { answered: number; total: number } {
  const answered = eligibility.questions.filter((q) => answers[q.id] !== undefined).length;
  return { answered, total: answered + relevantQuestions(eligibility, supports, answers).size };
}

/** The option a typed count falls in: the highest band it reaches. */
export function bandOf(question: EligibilityQuestion, count: number): string | undefined {
  const bands = [...(question.count?.bands ?? [])].sort((a, b) => a.atLeast - b.atLeast);
  return bands.filter((b) => count >= b.atLeast).at(-1)?.value;
}

export interface RuleFinding {
  ruleId: string;
  title: string;
  outcome: "block" | "uncertain";
  reason: string;
  source: { document: string; article?: string };
}

export interface SupportVerdict {
  support: Support;
  verdict: "eligible" | "uncertain" | "blocked";
  findings: RuleFinding[];
}

export interface EligibilityResult {
  verdicts: SupportVerdict[];
  notes: { id: string; text: string; source: { document: string; article?: string } }[];
}

/** Applies every rule to every support in scope (the one wanted, or all that can be applied for). */
export function evaluateEligibility(eligibility: Eligibility, supports: Support[], answers: Answers, wantQuestionId = "want"): EligibilityResult {
  const scope = inScope(supports, answers, wantQuestionId);
  const verdicts = scope.map((support) => {
    const findings: RuleFinding[] = [];
    for (const rule of eligibility.rules) {
      if (rule.supports && !rule.supports.includes(support.id)) continue;
      if (rule.appliesWhen && !holds(rule.appliesWhen, answers)) continue;
      if (holds(rule.require, answers)) continue;
      findings.push({ ruleId: rule.id, title: rule.title, outcome: rule.outcome, reason: rule.reason, source: rule.source });
    }
    const verdict: SupportVerdict["verdict"] = findings.some((f) => f.outcome === "block")
      ? "blocked"
      : findings.length > 0
        ? "uncertain"
        : "eligible";
    return { support, verdict, findings };
  });
  const notes = eligibility.notes.filter((n) => holds(n.when, answers)).map((n) => ({ id: n.id, text: n.text, source: n.source }));
  return { verdicts, notes };
}
