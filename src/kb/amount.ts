import { parseMoney } from "../form/parsers/money.ts";
import { foldVietnamese } from "./normalize.ts";

/** The words that make a run of numbers an amount of money, folded: units and currencies ("k", "m", "b" left out: "k" is "không"). */
const UNIT_WORDS = new Set(["ty", "ti", "trieu", "tr", "cu", "nghin", "ngan", "dong", "d", "vnd"]);
/** The words a money phrase may hold: its units, and "rưỡi", "trăm", "nửa". */
const MONEY_WORDS = new Set([...UNIT_WORDS, "ruoi", "rui", "tram", "nua"]);
/** Words before an amount that make it a support level, not the cost ("tối đa 300 triệu", "hỗ trợ 200 triệu"). */
const LEVEL_BEFORE = /(toi da|tran|khong qua|ho tro|duoc|nhan|cap|muc)\s*$/;

/**
 * The cost a question names ("mua máy 800 triệu thì được bao nhiêu", "máy
 * 1 tỷ 2", "2 tỉ rưỡi", "1 tỷ 200 triệu"), in VND, read as the application
 * form reads money (parseMoney), when it names exactly one amount of at least
 * a million that reads as a cost; else undefined. Percentages, bare numbers
 * ("3 máy"), two amounts ("200 triệu hay 300 triệu") and amounts that restate
 * a level ("tối đa 300 triệu à") give no estimate.
 */
export function amountIn(text: string): number | undefined {
  const found: number[] = [];
  for (const run of moneyRuns(text)) {
    if (LEVEL_BEFORE.test(foldVietnamese(text.slice(Math.max(0, run.start - 20), run.start)))) continue;
    const parsed = parseMoney(text.slice(run.start, run.end));
    if (parsed.ok && parsed.value >= 1_000_000) found.push(parsed.value);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** Runs of numbers and money words next to each other (only spaces between) that hold a unit: each one amount. */
function moneyRuns(text: string): { start: number; end: number }[] {
  const runs: { start: number; end: number; unit: boolean }[] = [];
  let current: { start: number; end: number; unit: boolean } | undefined;
  for (const m of text.matchAll(/\d+(?:[.,]\d+)*|\p{L}+/gu)) {
    const start = m.index ?? 0;
    const word = foldVietnamese(m[0]);
    const isNumber = /^\d/.test(m[0]);
    if (!isNumber && !MONEY_WORDS.has(word)) {
      current = undefined;
      continue;
    }
    const joined = current !== undefined && /^\s*$/.test(text.slice(current.end, start));
    if (!joined) {
      current = { start, end: start, unit: false };
      runs.push(current);
    }
    const run = current as { start: number; end: number; unit: boolean };
    run.end = start + m[0].length;
    if (!isNumber && UNIT_WORDS.has(word)) run.unit = true;
  }
  return runs.filter((r) => r.unit);
}
