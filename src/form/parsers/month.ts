import { foldVietnamese } from "../../kb/normalize.ts";
import { vnDateParts } from "../../text/vn-time.ts";
import { fail, ok, type ParseResult, type Refusal } from "./result.ts";

export interface MonthYear {
  month: number;
  year: number;
}

/** How far ahead a project month may be: khuyến công plans are yearly, three years is already generous. */
const MAX_MONTHS_AHEAD = 36;

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * A project month as owners write it: "03/2027", "3/27", "T3/2027", "2027-03",
 * "tháng 3" (the next March), "tháng sau", "tháng 3 năm sau", "quý 1 năm 2027",
 * "đầu/giữa/cuối năm 2027". Relative forms resolve against today in Vietnam;
 * a quarter is its first month for a start and its last month for an end.
 * Months already past, or more than three years ahead, are refused.
 */
export function parseMonthYear(input: string, now: Date, role: "start" | "end" = "start"): ParseResult<MonthYear> {
  const today = vnDateParts(now);
  const text = foldVietnamese(input).replace(/[.,/\\-]/g, " ").replace(/\s+/g, " ").trim();
  if (text.length === 0 || text.length > 60) return fail("monthMissing", { nextYear: today.year + 1 });
  const read = readMonth(text, today, role);
  if (read === undefined) return fail("monthUnread", { nextYear: today.year + 1 });
  if ("reason" in read) return read;
  const { month, year } = read;
  if (month < 1 || month > 12) return fail("monthRange");
  const index = year * 12 + month;
  const current = today.year * 12 + today.month;
  if (index < current) return fail("monthPast", { month, year, nowMonth: today.month, nowYear: today.year });
  if (index > current + MAX_MONTHS_AHEAD) {
    const last = current + MAX_MONTHS_AHEAD;
    return fail("monthTooFar", { month, year, lastMonth: ((last - 1) % 12) + 1, lastYear: Math.floor((last - 1) / 12) });
  }
  return ok({ month, year });
}


type Read = MonthYear | Refusal | undefined;

function readMonth(text: string, today: { year: number; month: number }, role: "start" | "end"): Read {
  const year = (word: string | undefined): number | undefined => {
    if (word === undefined || word === "" || word === "nay") return word === "nay" ? today.year : undefined;
    if (word === "sau" || word === "toi") return today.year + 1;
    if (/^\d{4}$/.test(word)) return Number(word);
    if (/^\d{2}$/.test(word)) return 2000 + Number(word);
    return undefined;
  };
  // "tháng này", "tháng sau", "tháng tới".
  if (/^thang (nay|hien tai)$/.test(text)) return { month: today.month, year: today.year };
  if (/^thang (sau|toi)$/.test(text)) return today.month === 12 ? { month: 1, year: today.year + 1 } : { month: today.month + 1, year: today.year };
  // "quý 1 năm 2027", "quý I/2027", "Q2/2027", "quý 3 năm sau", "quý 2".
  const quarter = /^(?:quy|q) ?(\d|i{1,3}|iv)(?: (?:nam )?(\d{2}|\d{4}|sau|toi|nay))?$/.exec(text);
  if (quarter) {
    const q = ROMAN[quarter[1] as string] ?? Number(quarter[1]);
    if (q < 1 || q > 4) return fail("quarterRange");
    const month = role === "end" ? q * 3 : q * 3 - 2;
    return withYear(month, year(quarter[2]), quarter[2], today, role === "end" ? month : month + 2);
  }
  // "đầu năm 2027", "giữa năm sau", "cuối năm 2027".
  const part = /^(dau|giua|cuoi) nam (\d{4}|sau|toi|nay)$/.exec(text);
  if (part) {
    const month = { dau: 1, giua: 6, cuoi: 12 }[part[1] as "dau" | "giua" | "cuoi"];
    return { month, year: year(part[2]) as number };
  }
  // "2027-03", "2027 3".
  const iso = /^(\d{4}) (\d{1,2})$/.exec(text);
  if (iso) return { month: Number(iso[2]), year: Number(iso[1]) };
  // "03/2027", "3/27", "tháng 3 năm 2027", "T3/2027", "tháng 3", "tháng 3 năm sau".
  const plain = /^(?:thang |t ?)?(\d{1,2})(?: (?:nam )?(\d{2}|\d{4}|sau|toi|nay))?$/.exec(text);
  if (plain) {
    if (plain[2] === undefined && !/^(thang|t)/.test(text)) return undefined;
    return withYear(Number(plain[1]), year(plain[2]), plain[2], today, Number(plain[1]));
  }
  return undefined;
}

/** A month without a year is the next one to come (this month included). */
function withYear(month: number, year: number | undefined, yearWord: string | undefined, today: { year: number; month: number }, lastMonth: number): Read {
  if (yearWord !== undefined && year === undefined) return undefined;
  if (year !== undefined) return { month, year };
  return { month, year: lastMonth >= today.month ? today.year : today.year + 1 };
}
