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

/** The next question to ask, or undefined when the questionnaire is complete. */
export function nextQuestion(eligibility: Eligibility, answers: Answers): EligibilityQuestion | undefined {
  return eligibility.questions.find((q) => answers[q.id] === undefined && (!q.askWhen || holds(q.askWhen, answers)));
}

/** The questions that apply to these answers, in order (for numbering "câu 2/6"). */
export function applicableQuestions(eligibility: Eligibility, answers: Answers): EligibilityQuestion[] {
  return eligibility.questions.filter((q) => !q.askWhen || holds(q.askWhen, answers));
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
  const wanted = answers[wantQuestionId];
  const scope = supports.filter((s) => s.applicable && (wanted === undefined || wanted === "all" || wanted === s.id));
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
