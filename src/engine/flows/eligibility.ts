import { applicableQuestions, evaluateEligibility, nextQuestion, type EligibilityResult } from "../../kb/eligibility.ts";
import { formatSource, supportHeadline } from "../../kb/render-support.ts";
import type { EligibilityQuestion } from "../../kb/schema.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Button } from "../types.ts";

const ALL_SUPPORTS = "all";
const MENU_BUTTON: Button = { label: "🏠 Menu", data: "m:menu", kind: "action" };

/** Starts the questionnaire from the beginning. */
export function startEligibility(turn: Turn): void {
  turn.session.eligibility = {};
  turn.say(turn.deps.knowledge.kb.eligibility.intro);
  askNext(turn);
}

function optionsOf(turn: Turn, question: EligibilityQuestion): { value: string; label: string; aliases: string[] }[] {
  if (question.options !== "supports") return question.options;
  return [
    ...turn.deps.knowledge.kb.supports.filter((s) => s.applicable).map((s) => ({ value: s.id, label: s.shortTitle, aliases: s.keywords })),
    { value: ALL_SUPPORTS, label: "Chưa rõ, xem tất cả", aliases: ["tat ca", "chua biet", "chua ro", "khong biet"] },
  ];
}

function ask(turn: Turn, question: EligibilityQuestion): void {
  const { eligibility } = turn.deps.knowledge.kb;
  const all = applicableQuestions(eligibility, turn.session.eligibility);
  const position = all.findIndex((q) => q.id === question.id) + 1;
  turn.setState({ name: "eligibility", questionId: question.id });
  const hints = question.options === "supports" ? [] : question.options.filter((o) => o.hint).map((o) => `• ${o.label}: ${o.hint}`);
  const text = [`Câu ${position}/${all.length}: ${question.prompt}`, ...hints].join("\n");
  turn.say(text, [
    ...optionsOf(turn, question).map((o) => [{ label: o.label, data: `e:${o.value}`, kind: "choice" as const }]),
    [{ label: "Vì sao hỏi?", data: "e:?why", kind: "action" }, { label: "Huỷ", data: "m:menu", kind: "action" }],
  ]);
}

function askNext(turn: Turn): void {
  const question = nextQuestion(turn.deps.knowledge.kb.eligibility, turn.session.eligibility);
  if (question) return ask(turn, question);
  showResult(turn, evaluateEligibility(turn.deps.knowledge.kb.eligibility, turn.deps.knowledge.kb.supports, turn.session.eligibility));
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
  const lines: string[] = ["🔎 Kết quả kiểm tra sơ bộ:"];
  if (eligible.length > 0) {
    lines.push("", "✅ Cơ sở có thể được xem xét hỗ trợ:");
    for (const v of eligible) lines.push(`• ${v.support.shortTitle}: ${supportHeadline(v.support)}`);
  }
  if (uncertain.length > 0) {
    lines.push("", "❔ Cần cán bộ xác nhận thêm:");
    for (const v of uncertain) lines.push(`• ${v.support.shortTitle} — ${v.findings.map((f) => f.reason).join(" ")}`);
  }
  if (blocked.length > 0) {
    lines.push("", "❌ Chưa thuộc diện hỗ trợ:");
    const byRule = new Map<string, { reason: string; source: string; titles: string[] }>();
    for (const v of blocked) {
      for (const f of v.findings.filter((x) => x.outcome === "block")) {
        const entry = byRule.get(f.ruleId) ?? { reason: f.reason, source: formatSource(f.source), titles: [] };
        entry.titles.push(v.support.shortTitle);
        byRule.set(f.ruleId, entry);
      }
    }
    for (const entry of byRule.values()) lines.push(`• ${entry.titles.join(", ")}: ${entry.reason} (Căn cứ: ${entry.source})`);
  }
  if (result.notes.length > 0) lines.push("", ...result.notes.map((n) => `ℹ️ ${n.text} (${formatSource(n.source)})`));
  lines.push("", kb.eligibility.disclaimer);
  const canApply = [...eligible, ...uncertain].slice(0, 5);
  if (canApply[0]) turn.session.lastSupportId = canApply[0].support.id;
  turn.say(lines.join("\n"), [
    ...canApply.map((v) => [{ label: `📝 Đăng ký: ${v.support.shortTitle}`, data: `a:${v.support.id}`, kind: "choice" as const }]),
    [{ label: "🔁 Kiểm tra lại", data: "e:?restart", kind: "choice" }],
    [MENU_BUTTON],
  ]);
}

export const eligibilityFlow: Flow = {
  states: ["eligibility", "eligibility-result"],
  prefixes: ["e:"],
  prompt: (turn) => {
    const question = currentQuestion(turn);
    if (question) return ask(turn, question);
    askNext(turn);
  },
  onButton: (turn, data) => {
    const value = data.slice(2);
    if (value === "?restart") return startEligibility(turn);
    const question = currentQuestion(turn);
    if (!question) return askNext(turn);
    if (value === "?why") {
      turn.say(`Vì sao hỏi: ${question.why}`);
      return ask(turn, question);
    }
    if (!optionsOf(turn, question).some((o) => o.value === value)) return ask(turn, question);
    turn.session.eligibility[question.id] = value;
    askNext(turn);
  },
  onText: (turn) => {
    // A typed answer that matched no option: outside the questionnaire it is a question.
    const question = currentQuestion(turn);
    if (!question) return false;
    turn.say("Tôi chưa hiểu lựa chọn này. Anh/chị bấm một nút, hoặc gõ số thứ tự của lựa chọn nhé.");
    ask(turn, question);
    return true;
  },
  aliases: (turn) => {
    const question = currentQuestion(turn);
    const map = new Map<string, string[]>();
    if (question) for (const o of optionsOf(turn, question)) map.set(`e:${o.value}`, o.aliases);
    return map;
  },
};
