import { estimateSupport } from "../form/estimate.ts";
import { formatVnd } from "../text/money-format.ts";
import { formatDate } from "./format-answer.ts";
import { formatSource, levelAndFundingLines } from "./render-support.ts";
import { provinceLevelLine } from "./province-answer.ts";
import type { Support } from "./schema.ts";
import type { KnowledgeBase, Topic } from "./types.ts";

/** First message of an answer: read whole on a phone screen (issue 15: ≤ about 600 characters). */
export const FIRST_MESSAGE_BUDGET = 600;
/** No message is longer than this (Zalo's limit is 2,000 characters). */
export const MESSAGE_LIMIT = 2000;

/** An answer in two parts: what the user asked, then the rest one tap away. */
export interface AnswerCard {
  first: string;
  /** Who, documents, co-funding, examples, caveats, full citations and the check date. */
  details: string;
}

const DOUBT_LEVEL = "Mức này chưa có văn bản chính thức xác nhận; anh/chị hãy hỏi Trung tâm Khuyến công tỉnh trước khi tính.";
const DOUBT_OTHER = "Một vài điểm chưa có văn bản chính thức xác nhận (xem chi tiết); anh/chị hãy hỏi Trung tâm Khuyến công tỉnh trước khi chi tiền.";
const MORE = " (…xem chi tiết)";
const UNCONFIRMED = /chưa (được )?xác nhận|chưa có văn bản/i;

/**
 * The answer to a topic, shaped for a phone: the first message says the figure
 * or the yes/no, for whom, the fund and one line of source, with any doubt said
 * once in plain words; the details carry the rest. `amountVnd`, when the
 * question named a cost, adds the computed estimate with its cap and fund.
 */
export function answerCard(kb: KnowledgeBase, topic: Topic, options: { amountVnd?: number; province?: string } = {}): AnswerCard {
  const support = topic.kind === "support" ? kb.supportById.get(topic.id) : undefined;
  return support ? supportCard(kb, topic, support, options.amountVnd, options.province) : faqCard(topic);
}

function supportCard(kb: KnowledgeBase, topic: Topic, support: Support, amountVnd: number | undefined, province?: string): AnswerCard {
  const figureLevel = support.levels.find((l) => l.fund === "national") ?? support.levels[0];
  const source = `📖 Căn cứ: ${formatSource(figureLevel?.source ?? (support.legalBasis[0] as Support["legalBasis"][number]))}.`;
  const levelInDoubt = support.levels.some((l) => l.fund === "national" && !l.confirmed);
  // The owner's province leads (issue 17): its own level, or that the bot has none yet and whom to ask.
  const local = province ? provinceLevelLine(kb, province, support.id) : undefined;
  const estimate = amountVnd !== undefined ? estimateLine(kb, support, amountVnd, province) : undefined;
  // The estimate says the level again with the owner's own figures: the summary then comes only where there is room.
  const head = [`📌 ${support.title}`, ...(local ? [local] : []), estimate ?? support.summary.trim()];
  const caveat = support.caveat?.trim();
  // Said once: a summary that already says what is unconfirmed needs no second warning up front.
  const saidInSummary = UNCONFIRMED.test(support.summary);
  const doubt = saidInSummary ? undefined : levelInDoubt ? DOUBT_LEVEL : caveat ? `⚠️ ${caveat}` : undefined;
  const who = `Ai được hỗ trợ: ${support.whoMayReceive.trim()}`;
  const shortWho = `Ai được hỗ trợ: ${(support.whoMayReceive.split(/[(,;:]/)[0] ?? "").trim()} (xem chi tiết).`;
  const first = fit([...head], [...(estimate ? [support.summary.trim()] : []), who.length < 200 ? who : shortWho, kb.funds.national.note.trim()], doubt, saidInSummary || levelInDoubt || !caveat ? undefined : DOUBT_OTHER, source);

  const examples = support.examples.map((e) => `• ${e.text.trim()} (${e.source})`);
  const fixed = [
    `📋 Chi tiết: ${support.title}`,
    who,
    "",
    ...(local ? [local] : []),
    ...levelAndFundingLines(support),
    "",
    kb.funds.national.note.trim(),
    kb.funds.national.amendment.trim(),
  ];
  const tail = [
    ...(caveat && !first.includes(caveat) ? ["", `⚠️ Lưu ý: ${caveat}`] : []),
    "",
    `Căn cứ: ${topic.sources.map(formatSource).join("; ")}.`,
    `Thông tin kiểm tra ngày ${formatDate(topic.lastChecked)}.`,
  ];
  return { first, details: withExamples(fixed, examples, tail) };
}

function faqCard(topic: Topic): AnswerCard {
  const source = `📖 Căn cứ: ${formatSource(topic.sources[0] as Topic["sources"][number])}.`;
  const answer = topic.answer.trim();
  const caveat = topic.caveat?.trim();
  // Said once: an answer that already says what is unconfirmed needs no second warning up front.
  const saidInAnswer = UNCONFIRMED.test(answer);
  const doubt = caveat && !saidInAnswer ? `⚠️ ${caveat}` : undefined;
  const title = `📌 ${topic.title}`;
  const room = FIRST_MESSAGE_BUDGET - title.length - source.length - MORE.length - (caveat && !saidInAnswer ? DOUBT_OTHER.length + 1 : 0) - 3;
  const [shown, rest] = splitAtSentence(answer, room);
  const first = fit([title, shown + (rest ? MORE : "")], [], doubt, caveat && !saidInAnswer ? DOUBT_OTHER : undefined, source);
  const details = [
    `📋 Chi tiết: ${topic.title}`,
    ...(rest ? [`…${rest}`, ""] : []),
    ...(caveat && !first.includes(caveat) ? [`⚠️ Lưu ý: ${caveat}`, ""] : []),
    `Căn cứ: ${topic.sources.map(formatSource).join("; ")}.`,
    ...topic.sources.filter((s) => s.note).map((s) => `(${s.document}: ${s.note})`),
    `Thông tin kiểm tra ngày ${formatDate(topic.lastChecked)}.`,
  ];
  return { first, details: clip(details.join("\n")) };
}

/** The estimate for the cost the user named, from the national level in knowledge/ (percent × cost, capped). */
function estimateLine(kb: KnowledgeBase, support: Support, amountVnd: number, province?: string): string | undefined {
  const estimate = estimateSupport(kb, support.id, amountVnd, undefined, province ? { province } : {});
  if (estimate.maxVnd === null) return undefined;
  const own = amountVnd - estimate.maxVnd;
  return `💰 Với chi phí ${formatVnd(amountVnd)}: ${estimate.note}${own > 0 ? ` Phần còn lại khoảng ${formatVnd(own)} là vốn đối ứng cơ sở tự lo.` : ""}`;
}

/**
 * Joins the parts that must stay (head, source) with the optional ones that
 * fit the budget: `extras` in order, then the doubt in full, or its short form.
 */
function fit(head: string[], extras: string[], doubt: string | undefined, shortDoubt: string | undefined, source: string): string {
  const parts = [...head];
  const size = (more: string[]) => [...parts, ...more, source].join("\n").length;
  const doubtLine = doubt && size([doubt]) <= FIRST_MESSAGE_BUDGET ? doubt : doubt || shortDoubt ? (shortDoubt ?? doubt) : undefined;
  const reserved = doubtLine ? [doubtLine] : [];
  const doubtSaid = [...parts, ...reserved].some((p) => UNCONFIRMED.test(p));
  for (const extra of extras) {
    const text = doubtSaid && UNCONFIRMED.test(extra) ? extra.replace(/[^.]*(chưa (được )?xác nhận|chưa có văn bản)[^.]*\.?/gi, "").trim() : extra;
    if (text.length > 0 && size([text, ...reserved]) <= FIRST_MESSAGE_BUDGET) parts.push(text);
  }
  return [...parts, ...reserved, source].join("\n");
}

/** Splits text at the last sentence end within `max` characters; the rest goes to the details. */
function splitAtSentence(text: string, max: number): [string, string] {
  if (text.length <= max) return [text, ""];
  const head = text.slice(0, max);
  // A sentence end, else a clause end in a long list ("máy móc 50%…; dây chuyền…; …").
  let cut = head.search(/[.!?]\s[^.!?]*$/);
  if (cut <= max / 3) cut = head.search(/;\s[^;]*$/);
  if (cut <= max / 3) return [text, ""];
  return [text.slice(0, cut + 1), text.slice(cut + 2).trim()];
}

/** The details with as many examples as fit under the message limit. */
function withExamples(fixed: string[], examples: string[], tail: string[]): string {
  const shown: string[] = [];
  for (const example of examples) {
    const next = [...fixed, "", "Ví dụ:", ...shown, example, ...tail].join("\n");
    if (next.length > MESSAGE_LIMIT) break;
    shown.push(example);
  }
  return clip([...fixed, ...(shown.length > 0 ? ["", "Ví dụ:", ...shown] : []), ...tail].join("\n"));
}

function clip(text: string): string {
  return text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT - 1)}…`;
}
