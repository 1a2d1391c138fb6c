import { parseMoney } from "../form/parsers/money.ts";
import { foldVietnamese } from "./normalize.ts";

const AMOUNT = /(\d+(?:[.,]\d+)*)\s*(tỷ|tỉ|ty|ti|triệu|trieu|tr|củ|nghìn|ngàn|nghin|ngan|đồng|dong|đ|vnd|vnđ)(?![\p{L}])/giu;
/** Words before an amount that make it a support level, not the cost ("tối đa 300 triệu", "hỗ trợ 200 triệu"). */
const LEVEL_BEFORE = /(toi da|tran|khong qua|ho tro|duoc|nhan|cap|muc)\s*$/;

/**
 * The cost a question names ("mua máy 800 triệu thì được bao nhiêu"), in VND,
 * when it names exactly one amount of at least a million that reads as a cost;
 * else undefined. Percentages, bare numbers ("3 máy"), amounts followed by
 * more digits ("1 tỷ 2", which is read differently by different people) and
 * amounts that restate a level ("tối đa 300 triệu à") give no estimate.
 */
export function amountIn(text: string): number | undefined {
  const found: number[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const end = (m.index ?? 0) + m[0].length;
    if (/^\s*\d/.test(text.slice(end))) return undefined;
    if (LEVEL_BEFORE.test(foldVietnamese(text.slice(Math.max(0, (m.index ?? 0) - 20), m.index)))) continue;
    const parsed = parseMoney(m[0]);
    if (parsed.ok && parsed.value >= 1_000_000) found.push(parsed.value);
  }
  return found.length === 1 ? found[0] : undefined;
}
