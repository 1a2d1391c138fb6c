import { formatVnd } from "../text/money-format.ts";
import { FIRST_MESSAGE_BUDGET, type AnswerCard } from "./answer-card.ts";
import { formatDate } from "./format-answer.ts";
import { provinceLabel } from "./province-find.ts";
import type { ProvinceInfo, ProvinceLevel, Resolution } from "./province-schema.ts";
import { formatSource, supportHeadline } from "./render-support.ts";
import type { Province } from "./schema.ts";
import type { KnowledgeBase } from "./types.ts";

/**
 * What the bot says about one province: its own level for a support ("Ở tỉnh
 * Lai Châu: …"), its centre, and a summary of both; all from
 * knowledge/provinces/. Where the data has nothing, it says so and says whom
 * to ask, never a figure from elsewhere.
 */

function infoOf(kb: KnowledgeBase, provinceId: string): { province: Province; info: ProvinceInfo } | undefined {
  const province = kb.provinces.find((p) => p.id === provinceId);
  const info = kb.provinceInfo.get(provinceId);
  return province && info ? { province, info } : undefined;
}

/** "NQ 18/2025/NQ-HĐND"; in full with its dates and, for a merged province, that it predates the merger. */
function resolutionName(r: Resolution, province?: Province): string {
  const short = `${r.number.includes("QĐ") ? "QĐ" : "NQ"} ${r.number}`;
  if (!province) return short;
  const dates = [r.signed ? `ngày ${formatDate(r.signed)}` : "", r.effective ? `hiệu lực ${formatDate(r.effective)}` : ""].filter(Boolean);
  if (r.preMerger && province.formerUnits.length > 0) dates.push(`của ${r.issuer}, ban hành trước sáp nhập 01/07/2025`);
  return `${short}${dates.length > 0 ? ` (${dates.join(", ")})` : ""}`;
}

/** "50%, tối đa 300 triệu đồng/cơ sở". */
function figures(level: ProvinceLevel): string {
  const bits: string[] = [];
  if (level.percent !== undefined) bits.push(`${level.percent}%`);
  if (level.capVnd !== undefined) bits.push(`tối đa ${formatVnd(level.capVnd)}/${level.per}`);
  return bits.join(", ");
}

/** Resolutions known but not yet read: named, with the plain statement that the bot has no figure from them. */
function unreadResolutions(info: ProvinceInfo, province: Province): string | undefined {
  const unread = info.resolutions.filter((r) => !r.levelsRead);
  if (unread.length === 0) return undefined;
  return `đã có ${unread.map((r) => resolutionName(r, province)).join("; ")} nhưng Trợ lý chưa có các mức trong đó`;
}

/** The centre in one line: name and whatever contact is known, or the note saying whom to ask. */
export function centreLine(kb: KnowledgeBase, provinceId: string): string {
  const found = infoOf(kb, provinceId);
  if (!found) return "Anh/chị hỏi Sở Công Thương tỉnh để biết Trung tâm Khuyến công ở đâu.";
  const { centre } = found.info;
  const contact = [centre.address && `địa chỉ ${centre.address}`, centre.phone && `điện thoại ${centre.phone}`, centre.email && `email ${centre.email}`, centre.website && `trang ${centre.website}`].filter(Boolean);
  const named = centre.name ? `${centre.name}${contact.length > 0 ? `: ${contact.join(", ")}.` : "."}` : "";
  return [named, contact.length === 0 ? centre.note?.trim() : undefined].filter(Boolean).join(" ");
}

/**
 * The province's own level for a support, the line that leads a support's
 * answer: "Ở tỉnh Lai Châu: … (NQ 18/2025/NQ-HĐND)", marked when not
 * confirmed; or that the bot has no level for this province yet, and where to ask.
 */
export function provinceLevelLine(kb: KnowledgeBase, provinceId: string, supportId: string): string | undefined {
  const found = infoOf(kb, provinceId);
  if (!found) return undefined;
  const { province, info } = found;
  const where = `Ở ${provinceLabel(province)}`;
  const level = info.levels.find((l) => l.supportId === supportId);
  if (level) {
    const resolution = info.resolutions.find((r) => r.number === level.resolution);
    const basis = resolution ? ` (${resolutionName(resolution)})` : "";
    const doubt = level.confirmed ? "" : " Mức này chưa được xác nhận, anh/chị hỏi lại Trung tâm.";
    return `📍 ${where}: ${level.text.trim()}${basis}.${doubt}`;
  }
  const unread = unreadResolutions(info, province);
  return `📍 ${where}: Trợ lý chưa có mức ngân sách tỉnh cho nội dung này${unread ? ` (tỉnh ${unread})` : ""}. ${centreLine(kb, provinceId)}`;
}

/** Answer to "where is the centre of X": name, contact or whom to ask, source and check date. */
export function centreCard(kb: KnowledgeBase, provinceId: string): AnswerCard | undefined {
  const found = infoOf(kb, provinceId);
  if (!found) return undefined;
  const { province, info } = found;
  const source = info.centre.source ? `📖 Nguồn: ${formatSource(info.centre.source)}.` : "📖 Trợ lý chưa có nguồn chính thức về địa chỉ, số điện thoại của Trung tâm.";
  const first = [`📌 Trung tâm Khuyến công ${provinceLabel(province)}`, centreLine(kb, provinceId), source].join("\n");
  const details = [first, `Thông tin kiểm tra ngày ${formatDate(info.centre.lastChecked)}.`].join("\n");
  return { first, details };
}

/**
 * "Mức hỗ trợ ở tỉnh X": the province's own levels (or that the bot has none
 * yet, and where to ask), beside the national caps and what they are.
 */
export function provinceSummaryCard(kb: KnowledgeBase, provinceId: string): AnswerCard | undefined {
  const found = infoOf(kb, provinceId);
  if (!found) return undefined;
  const { province, info } = found;
  const label = provinceLabel(province);
  const own = info.levels.map((l) => {
    const marks = [l.formerUnit ? `mức của ${l.formerUnit} cũ` : "", l.confirmed ? "" : "chưa xác nhận"].filter(Boolean);
    return `• ${kb.supportById.get(l.supportId)?.shortTitle ?? l.supportId}: ${figures(l)}${marks.length > 0 ? ` (${marks.join(", ")})` : ""}`;
  });
  const resolution = info.resolutions.find((r) => r.levelsRead);
  const unread = unreadResolutions(info, province);
  const head = own.length > 0
    ? [`📍 Ở ${label}, ngân sách địa phương${resolution ? ` (${resolutionName(resolution)})` : ""}:`, ...own, ...(unread ? [`Ngoài ra tỉnh ${unread}.`] : [])]
    : [`📍 Ở ${label}: Trợ lý chưa có mức ngân sách tỉnh${unread ? ` (tỉnh ${unread})` : ""}.`, centreLine(kb, provinceId)];
  const national = ["may-moc-thiet-bi", "mo-hinh-trinh-dien"]
    .map((id) => kb.supportById.get(id))
    .filter((s) => s !== undefined)
    .map((s) => `• ${s.shortTitle}: ${supportHeadline(s).split(";")[0]}`);
  // The province's own part always; the national caps as far as the phone-sized first message allows.
  const nationalPart = ["", "Ngân sách trung ương (mọi tỉnh):", ...national, kb.funds.national.note.trim()];
  let first = [`📌 Mức hỗ trợ khuyến công ở ${label}`, ...head, ...nationalPart].join("\n");
  if (first.length > FIRST_MESSAGE_BUDGET) first = [`📌 Mức hỗ trợ khuyến công ở ${label}`, ...head, "", `Ngân sách trung ương: ${national[0]?.slice(2) ?? ""} (mức tối đa, chỉ cho đề án trong kế hoạch quốc gia; xem chi tiết).`].join("\n");
  const sources = [...info.levels.map((l) => formatSource(l.source)), ...info.resolutions.map((r) => formatSource(r.source))];
  const facts = info.facts.map((f) => `• ${f.text.trim()} (${formatSource(f.source)})`);
  const details = [
    `📋 Chi tiết: ${label}`,
    ...info.levels.map((l) => `• ${kb.supportById.get(l.supportId)?.shortTitle ?? l.supportId}: ${l.text.trim()}`),
    ...info.resolutions.map((r) => `• ${resolutionName(r, province)}: ${r.title}${r.levelsRead ? "" : " (Trợ lý chưa có các mức)"}`),
    ...(facts.length > 0 ? ["", "Số liệu của tỉnh:", ...facts] : []),
    "",
    "Ngân sách trung ương (mọi tỉnh):",
    ...national,
    kb.funds.national.note.trim(),
    "",
    `Trung tâm: ${centreLine(kb, provinceId)}`,
    kb.funds.national.amendment.trim(),
    ...(sources.length > 0 ? [`Nguồn: ${[...new Set(sources)].join("; ")}.`] : []),
    `Thông tin kiểm tra ngày ${formatDate(info.lastChecked)}.`,
  ].join("\n");
  return { first, details: details.length <= 2000 ? details : `${details.slice(0, 1999)}…` };
}
