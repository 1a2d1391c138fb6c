import { foldVietnamese } from "../../kb/normalize.ts";
import { fail, ok, type ParseResult } from "./result.ts";

const UNITS: [RegExp, number][] = [
  [/^(ty|ti|ti dong|ty dong|b|bn)$/, 1_000_000_000],
  [/^(trieu|tr|trieu dong|cu|m)$/, 1_000_000],
  [/^(nghin|ngan|k|nghin dong|ngan dong)$/, 1_000],
  [/^(d|dong|vnd|vnđ)?$/, 1],
];

/**
 * Parses an amount in VND as owners write it: "300 triệu", "300tr", "1,5 tỷ",
 * "1.500.000.000", "1500000000đ", "1 tỷ 200 triệu". Dots and commas are
 * thousands separators in a plain number, a decimal comma or dot before a unit.
 */
export function parseMoney(input: string): ParseResult<number> {
  const folded = foldVietnamese(input.replace(/(\d)[.,](\d)/g, "$1$2"));
  const raw = input.trim().toLowerCase();
  if (raw.length === 0) return fail("Anh/chị chưa nhập số tiền.");
  if (/^-/.test(raw)) return fail("Số tiền phải lớn hơn 0.");
  // Re-read with separators kept, to tell "1,5 tỷ" (decimal) from "1.500.000" (thousands).
  const parts = [...raw.normalize("NFC").matchAll(/(\d+(?:[.,]\d+)*)\s*([^\d\s.,]*(?:\s+(?:đồng|dong))?)/gu)];
  if (parts.length === 0 || folded.replace(/[\d\s]/g, "").length > 30) return fail("Tôi chưa đọc được số tiền.");
  let total = 0;
  for (const [, numberText = "", unitText = ""] of parts) {
    const unit = unitOf(foldVietnamese(unitText));
    if (unit === undefined) return fail(`Tôi chưa hiểu đơn vị "${clip(unitText.trim())}".`);
    const value = readNumber(numberText, unit > 1);
    if (value === undefined) return fail(`Tôi chưa đọc được con số "${clip(numberText)}".`);
    total += value * unit;
  }
  total = Math.round(total);
  if (total <= 0) return fail("Số tiền phải lớn hơn 0.");
  if (total < 1000) return fail("Số tiền nhỏ quá — anh/chị có quên ghi đơn vị (triệu, tỷ) không?");
  if (total > 1_000_000_000_000) return fail("Số tiền lớn quá, anh/chị kiểm tra lại giúp.");
  return ok(total);
}

/** What the user typed, quoted back in a reason: short enough for one chat message. */
function clip(text: string): string {
  const chars = [...text];
  return chars.length > 20 ? `${chars.slice(0, 20).join("")}…` : text;
}

function unitOf(folded: string): number | undefined {
  const text = folded.trim();
  return UNITS.find(([pattern]) => pattern.test(text))?.[1];
}

/** "1.500.000" → 1500000; "1,5" (with a unit) → 1.5; "1.5" (with a unit) → 1.5. */
function readNumber(text: string, hasUnit: boolean): number | undefined {
  const groups = text.split(/[.,]/);
  if (groups.length === 1) return Number(text);
  const thousands = groups.slice(1).every((g) => g.length === 3);
  if (thousands && !(hasUnit && groups.length === 2 && /,/.test(text))) return Number(groups.join(""));
  if (groups.length === 2) return Number(`${groups[0]}.${groups[1]}`);
  return undefined;
}
