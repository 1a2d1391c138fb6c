import fc from "fast-check";

/**
 * Input nobody should send but somebody will: emoji (with joiners and flags),
 * control characters and ANSI escapes, right-to-left and zero-width marks, lone
 * surrogates, decomposed Vietnamese, other scripts, and the digits, units and
 * words the parsers look for, glued together in any order.
 */
export const PIECES = [
  "😀", "👨‍👩‍👧‍👦", "🇻🇳", "🙏🏽", "\u0000", "\u0007", "\u001b[31m", "\r\n", "\t", "\u007f", "\u0085",
  "\u200f", "\u200e", "\u202e", "\u2066", "\u061c", "\ufeff", "\u200b", "\u200d", "\u00a0", "\u2028",
  "مرحبا", "שלום", "中文", "日本語", "русский", "ไทย", "e\u0301", "Nguye\u0302\u0303n", "đ", "Đ", "ư", "ở",
  "\ud800", "\udfff", "0", "09", "+84", "84", "1.", "1,", "000", "tr", "triệu", "tỷ", "k", "đồng", "-", "/", "@", ".", ",",
  "tháng", "năm", "có", "không", "bỏ qua", "xã", "Hà Nội", "KC-2026-000001", "  ", "%", "?", "\\", "\"", "'", "<b>", "${x}",
] as const;

const glued = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", maxLength: 4 }), fc.integer({ min: 0, max: 10_000_000_000_000 }).map(String)), { maxLength: 12 })
  .map((parts) => parts.join(""));

/** 100 KB of one piece (or a mixed-script sentence), plus a random tail. */
export const hugeString = fc
  .tuple(fc.constantFrom(...PIECES, "Hà Nội 😀 ", "1.", "9", "a@", "xã Mường Chà ", "300 triệu "), fc.string({ maxLength: 3 }))
  .map(([piece, tail]) => piece.repeat(Math.ceil(100_000 / piece.length)).slice(0, 100_000) + tail);

export const nastyString = fc.oneof(
  { weight: 5, arbitrary: glued },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
);

/** A reason shown to the user: non-empty Vietnamese, short, and no leaked internals. */
export function isUsefulReason(reason: string): boolean {
  return (
    reason.trim().length > 0 &&
    reason.length <= 300 &&
    /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i.test(reason) &&
    !/undefined|NaN|\[object|Infinity/.test(reason)
  );
}
