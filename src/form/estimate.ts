import type { SupportLevel } from "../kb/schema.ts";
import type { ProvinceLevel } from "../kb/province-schema.ts";
import { provinceLabel } from "../kb/province-find.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import { formatVnd } from "../text/money-format.ts";

export interface Estimate {
  /** Maximum national support for this cost, when the knowledge base gives percent and cap. */
  maxVnd: number | null;
  /** Maximum from the province's own fund, when knowledge/provinces/ has a confirmed level for it. */
  localMaxVnd?: number;
  requestedVnd: number | null;
  /** Warnings: request over the maximum, no co-funding. */
  warnings: string[];
  /** Plain-Vietnamese explanation shown in the summary. */
  note: string;
}

/**
 * The support estimate for a support and a cost: percent × cost, capped, with
 * the difficult-area cap where the knowledge base gives one — from the
 * national level only, since each province sets its own local levels.
 */
export function estimateSupport(
  kb: KnowledgeBase,
  supportId: string | undefined,
  totalCost: number | undefined,
  requested: number | undefined,
  options: { difficultArea?: boolean; province?: string } = {},
): Estimate {
  const local = localEstimate(kb, supportId, totalCost, options.province);
  const support = supportId ? kb.supportById.get(supportId) : undefined;
  // Only a level with both a percent and a cap applies to the whole cost; 100 % levels without a
  // cap cover named items only (airfare, booth abroad), so no estimate is made from them.
  const level = support?.levels.find((l) => l.fund === "national" && l.confirmed && l.percent !== undefined && l.capVnd !== undefined);
  const requestedVnd = requested ?? null;
  if (!support || !level || totalCost === undefined) {
    return {
      maxVnd: null,
      ...(local ? { localMaxVnd: local.maxVnd } : {}),
      requestedVnd,
      warnings: [],
      note: local
        ? local.note
        : support
          ? `Mức hỗ trợ cho "${support.shortTitle}" chưa có con số chắc chắn hoặc do tỉnh quy định; cán bộ sẽ tính cụ thể khi xây dựng đề án.`
          : "Chưa chọn nội dung hỗ trợ.",
    };
  }
  const maxVnd = maxFor(level, totalCost, options.difficultArea === true);
  const warnings: string[] = [];
  if (requested !== undefined && requested > maxVnd) {
    warnings.push(`Số tiền đề nghị (${formatVnd(requested)}) vượt mức tối đa ước tính ${formatVnd(maxVnd)}. Cán bộ sẽ điều chỉnh khi thẩm định; anh/chị có thể sửa lại cho sát.`);
  }
  if (requested !== undefined && (level.percent ?? 100) < 100 && requested >= totalCost) {
    warnings.push(`Khuyến công chỉ hỗ trợ ${level.percent}% chi phí; phần còn lại là vốn đối ứng cơ sở phải tự bỏ ra.`);
  }
  const cap = level.capVnd !== undefined ? `, tối đa ${formatVnd(level.capVnd)}` : "";
  const national = `Ước tính theo mức ngân sách trung ương: ${level.percent}% tổng kinh phí${cap} → tối đa khoảng ${formatVnd(maxVnd)}.`;
  return {
    maxVnd,
    ...(local ? { localMaxVnd: local.maxVnd } : {}),
    requestedVnd,
    warnings,
    note: `${national} ${local ? local.note : "Nếu dùng ngân sách tỉnh, mức do HĐND tỉnh quy định."}`,
  };
}

/**
 * The province's own fund for the same cost, when its level is confirmed and
 * has a percent or a cap: the owner then sees both funds side by side (an
 * application is funded by one of them, which the centre decides).
 */
function localEstimate(kb: KnowledgeBase, supportId: string | undefined, totalCost: number | undefined, provinceId: string | undefined): { maxVnd: number; note: string } | undefined {
  if (!supportId || totalCost === undefined || !provinceId) return undefined;
  const level = kb.provinceInfo.get(provinceId)?.levels.find((l) => l.supportId === supportId && l.confirmed);
  const province = kb.provinces.find((p) => p.id === provinceId);
  if (!level || !province || (level.percent === undefined && level.capVnd === undefined)) return undefined;
  const maxVnd = localMax(level, totalCost);
  const bits = [level.percent !== undefined ? `${level.percent}% tổng kinh phí` : "", level.capVnd !== undefined ? `tối đa ${formatVnd(level.capVnd)}` : ""].filter(Boolean).join(", ");
  return { maxVnd, note: `Theo mức ngân sách ${provinceLabel(province)} (NQ ${level.resolution ?? "của tỉnh"}): ${bits} → tối đa khoảng ${formatVnd(maxVnd)}. Mỗi đề án dùng một nguồn, Trung tâm sẽ cho biết nguồn nào.` };
}

function localMax(level: ProvinceLevel, totalCost: number): number {
  const byPercent = Math.floor((totalCost * (level.percent ?? 100)) / 100);
  return level.capVnd !== undefined ? Math.min(byPercent, level.capVnd) : byPercent;
}

function maxFor(level: SupportLevel, totalCost: number, difficultArea: boolean): number {
  const percent = difficultArea && level.difficultAreaPercent !== undefined ? level.difficultAreaPercent : (level.percent ?? 100);
  const cap = difficultArea && level.difficultAreaCapVnd !== undefined ? level.difficultAreaCapVnd : level.capVnd;
  const byPercent = Math.floor((totalCost * percent) / 100);
  return cap !== undefined ? Math.min(byPercent, cap) : byPercent;
}
