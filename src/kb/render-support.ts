import type { Source, Support, SupportLevel } from "./schema.ts";
import { formatVnd } from "../text/money-format.ts";

/** Human form of a source: "TT 28/2018/TT-BTC, Điều 8". */
export function formatSource(source: Source): string {
  return source.article ? `${source.document}, ${source.article}` : source.document;
}

const FUND_LABEL: Record<SupportLevel["fund"], string> = {
  national: "Ngân sách trung ương (khuyến công quốc gia)",
  local: "Ngân sách tỉnh (khuyến công địa phương)",
};

/** Said once under a list of levels where some are marked (*). */
export const UNCONFIRMED_NOTE = "(*) Mức chưa có văn bản chính thức xác nhận; anh/chị hãy hỏi Trung tâm Khuyến công tỉnh.";

/** One line per level, saying which fund it is; an unconfirmed figure is marked (*), explained once by UNCONFIRMED_NOTE. */
export function renderLevel(level: SupportLevel): string {
  return `• ${FUND_LABEL[level.fund]}${level.confirmed ? "" : " (*)"}: ${level.text.trim()}`;
}

/** The levels (each with its fund, the doubt said once), what the facility prepares and its co-funding: shared by the answer and its details. */
export function levelAndFundingLines(support: Support): string[] {
  return [
    "Mức hỗ trợ:",
    ...support.levels.map(renderLevel),
    ...(support.levels.some((l) => !l.confirmed) ? [UNCONFIRMED_NOTE] : []),
    "",
    `Cơ sở cần chuẩn bị: ${support.applicantProvides.join("; ")}.`,
    `Vốn đối ứng: ${support.coFunding.trim()}`,
  ];
}

/** Renders a support entry as the answer a user reads. */
export function renderSupportAnswer(support: Support): string {
  const lines = [support.summary, "", `Ai được hỗ trợ: ${support.whoMayReceive}`, "", ...levelAndFundingLines(support)];
  const example = support.examples[0];
  if (example) lines.push("", `Ví dụ: ${example.text} (${example.source})`);
  return lines.join("\n");
}

/** Short statement of the level for lists ("50%, tối đa 300 triệu đồng/cơ sở"), or undefined when it has no figure. */
export function levelHeadline(level: SupportLevel): string | undefined {
  if (!level.confirmed) return undefined;
  const bits: string[] = [];
  if (level.percent !== undefined) bits.push(`${level.percent}%`);
  if (level.capVnd !== undefined) bits.push(`tối đa ${formatVnd(level.capVnd)}/${level.per}`);
  return bits.length > 0 ? bits.join(", ") : undefined;
}

/** One line for a support in a list: the national figures when known, else where to ask. */
export function supportHeadline(support: Support): string {
  const national = support.levels
    .filter((l) => l.fund === "national")
    .map(levelHeadline)
    .filter((h): h is string => h !== undefined);
  const local = "ngân sách tỉnh: mức do HĐND tỉnh quy định";
  return national.length > 0 ? `ngân sách trung ương ${national.join(" hoặc ")}; ${local}` : `mức cụ thể hỏi Trung tâm Khuyến công (${local})`;
}
