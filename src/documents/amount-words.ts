/**
 * Amounts in Vietnamese words for administrative papers ("Bằng chữ: Một trăm
 * năm mươi triệu đồng"), following ../shared/domain/documents.md. Choices, kept
 * everywhere:
 * - zero tens before a unit digit: "linh" (northern, usual in administrative texts), never "lẻ";
 * - 4 after "mươi": "bốn" (hai mươi bốn), never "tư", as most administrative texts write it;
 * - 1 after "mươi" is "mốt" (hai mươi mốt), after "mười" and "linh" it stays "một";
 * - 5 after a tens word is "lăm" (mười lăm, hai mươi lăm), after "linh" it stays "năm";
 * - "nghìn", not the southern "ngàn"; above "tỷ" the units repeat: "nghìn tỷ";
 * - a group after a higher unit keeps its hundreds even when zero ("một triệu không trăm năm mươi nghìn"),
 *   a group of three zeros is skipped ("một triệu không trăm linh năm", never "không nghìn").
 */

const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"] as const;
const BILLION = 1_000_000_000;

function digit(d: number): string {
  return DIGITS[d] ?? "";
}

/** One group of three digits; `full` reads a zero hundreds ("không trăm") because a higher unit came before. */
function readGroup(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  const hundreds = h > 0 || full;
  if (hundreds) words.push(digit(h), "trăm");
  if (t === 0) {
    if (u > 0) words.push(...(hundreds ? ["linh", digit(u)] : [digit(u)]));
  } else if (t === 1) {
    words.push("mười");
    if (u > 0) words.push(u === 5 ? "lăm" : digit(u));
  } else {
    words.push(digit(t), "mươi");
    if (u > 0) words.push(u === 1 ? "mốt" : u === 5 ? "lăm" : digit(u));
  }
  return words;
}

/** Below a billion: groups of triệu, nghìn and units; `full` when a higher unit (tỷ) came before. */
function readBelowBillion(n: number, full: boolean): string[] {
  const groups: [number, string][] = [
    [Math.floor(n / 1_000_000), "triệu"],
    [Math.floor((n % 1_000_000) / 1000), "nghìn"],
    [n % 1000, ""],
  ];
  const words: string[] = [];
  let before = full;
  for (const [value, unit] of groups) {
    if (value === 0) continue;
    words.push(...readGroup(value, before));
    if (unit) words.push(unit);
    before = true;
  }
  return words;
}

function readNumber(n: number): string[] {
  if (n < BILLION) return readBelowBillion(n, false);
  const billions = Math.floor(n / BILLION);
  const rest = n % BILLION;
  return [...readNumber(billions), "tỷ", ...(rest > 0 ? readBelowBillion(rest, true) : [])];
}

/**
 * A whole non-negative number in lower-case Vietnamese words: 105 → "một trăm linh năm".
 * Throws for a negative, fractional or unsafe number: amounts are whole đồng.
 */
export function numberInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole amount: ${n}`);
  if (n === 0) return "không";
  return readNumber(n).join(" ");
}

/** "Một trăm năm mươi triệu đồng": capital first letter, ending in "đồng", as written after "Bằng chữ:". */
export function amountInWords(vnd: number): string {
  const words = `${numberInWords(vnd)} đồng`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "150.000.000 đồng": figures with the dot as thousands separator. */
export function amountInFigures(vnd: number): string {
  return `${String(Math.round(vnd)).replace(/\B(?=(\d{3})+(?!\d))/g, ".")} đồng`;
}
