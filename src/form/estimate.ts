import type { SupportLevel } from "../kb/schema.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import { formatVnd } from "../text/money-format.ts";

export interface Estimate {
  /** Maximum national support for this cost, when the knowledge base gives percent and cap. */
  maxVnd: number | null;
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
  options: { difficultArea?: boolean } = {},
): Estimate {
  const support = supportId ? kb.supportById.get(supportId) : undefined;
  // Only a level with both a percent and a cap applies to the whole cost; 100 % levels without a
  // cap cover named items only (airfare, booth abroad), so no estimate is made from them.
  const level = support?.levels.find((l) => l.fund === "national" && l.confirmed && l.percent !== undefined && l.capVnd !== undefined);
  const requestedVnd = requested ?? null;
  if (!support || !level || totalCost === undefined) {
    return {
      maxVnd: null,
      requestedVnd,
      warnings: [],
      note: support
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
  return {
    maxVnd,
    requestedVnd,
    warnings,
    note: `Ước tính theo mức ngân sách trung ương: ${level.percent}% tổng kinh phí${cap} → tối đa khoảng ${formatVnd(maxVnd)}. Nếu dùng ngân sách tỉnh, mức do HĐND tỉnh quy định.`,
  };
}

function maxFor(level: SupportLevel, totalCost: number, difficultArea: boolean): number {
  const percent = difficultArea && level.difficultAreaPercent !== undefined ? level.difficultAreaPercent : (level.percent ?? 100);
  const cap = difficultArea && level.difficultAreaCapVnd !== undefined ? level.difficultAreaCapVnd : level.capVnd;
  const byPercent = Math.floor((totalCost * percent) / 100);
  return cap !== undefined ? Math.min(byPercent, cap) : byPercent;
}
