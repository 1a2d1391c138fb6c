import { foldVietnamese } from "../../kb/normalize.ts";
import { fail, ok, type ParseResult } from "./result.ts";

/** Vietnamese mobile and landline numbers: 0xxxxxxxxx or +84xxxxxxxxx, spaces, dots and dashes allowed. Stored as 0xxxxxxxxx. */
export function parsePhone(input: string): ParseResult<string> {
  const compact = input.replace(/[\s.\-()]/g, "");
  if (!/^\+?\d+$/.test(compact)) return fail("Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84).");
  const local = compact.replace(/^\+?84/, "0");
  if (!local.startsWith("0")) return fail("Số điện thoại phải bắt đầu bằng 0 hoặc +84.");
  if (local.length !== 10 && local.length !== 11) return fail(`Số điện thoại cần 10 chữ số (anh/chị nhập ${local.length} số).`);
  return ok(local);
}

/** Tax code: 10 digits, or 13 written as 10-3 (a branch). Stored with the dash. */
export function parseTaxCode(input: string): ParseResult<string> {
  const compact = input.replace(/[\s.]/g, "");
  const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(compact);
  if (!match) {
    const digits = compact.replace(/\D/g, "").length;
    return fail(`Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng 0123456789-001 (anh/chị nhập ${digits} chữ số).`);
  }
  return ok(match[2] ? `${match[1]}-${match[2]}` : (match[1] as string));
}

const YES = new Set(["co", "c", "yes", "y", "u", "uh", "um", "vang", "da", "da co", "dung", "dong y", "ok", "oke", "okay", "roi", "co roi", "da nhan", "dong y roi", "co a", "vang a", "da vang"]);
const NO = new Set(["khong", "ko", "k", "kh", "no", "n", "chua", "chua co", "khong co", "khong dong y", "chua nhan", "chua bao gio", "khong a", "chua a", "ko co"]);

/** Yes/no the ways people say them: "có", "co", "ừ", "vâng", "khong", "ko", "chưa". */
export function parseYesNo(input: string): ParseResult<boolean> {
  const folded = foldVietnamese(input);
  if (YES.has(folded)) return ok(true);
  if (NO.has(folded)) return ok(false);
  return fail("Anh/chị trả lời \"có\" hoặc \"không\" giúp tôi.");
}

/** "03/2026", "3-2026", "tháng 3 năm 2026", "thang 3/2026". */
export function parseMonthYear(input: string, now: Date): ParseResult<{ month: number; year: number }> {
  const folded = foldVietnamese(input).replace(/\b(thang|nam)\b/g, " ");
  const match = /^\s*(\d{1,2})\s*(?:\s|\/|-)?\s*(\d{4})\s*$/.exec(folded) ?? /^\s*(\d{1,2})\s+(\d{4})\s*$/.exec(folded);
  if (!match) return fail("Anh/chị ghi tháng và năm, ví dụ 03/2026.");
  const month = Number(match[1]);
  const year = Number(match[2]);
  if (month < 1 || month > 12) return fail("Tháng phải từ 1 đến 12.");
  const thisYear = now.getFullYear();
  if (year < thisYear - 1 || year > thisYear + 5) return fail(`Năm phải trong khoảng ${thisYear - 1}–${thisYear + 5}.`);
  return ok({ month, year });
}

export function parseEmail(input: string): ParseResult<string> {
  const email = input.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(email)) return fail("Email có dạng ten@vidu.com.");
  return ok(email);
}

/** A person's full name: at least two words, letters only. */
export function parsePersonName(input: string): ParseResult<string> {
  const name = input.trim().replace(/\s+/g, " ");
  if (!/^[\p{L}\s.'-]+$/u.test(name)) return fail("Họ tên chỉ gồm chữ cái.");
  if (name.split(" ").length < 2) return fail("Anh/chị ghi đủ họ và tên (ít nhất 2 chữ).");
  if (name.length > 80) return fail("Họ tên dài quá 80 ký tự.");
  return ok(name.replace(/(^|\s)\p{Ll}/gu, (m) => m.toUpperCase()));
}

/** A whole number in a range ("12", "12 người", "khoảng 15"). */
export function parseCount(input: string, min: number, max: number): ParseResult<number> {
  const match = /(\d[\d.,]*)/.exec(input);
  const value = match ? Number((match[1] as string).replace(/[.,]/g, "")) : NaN;
  if (!Number.isInteger(value)) return fail("Anh/chị ghi một con số, ví dụ 12.");
  if (value < min || value > max) return fail(`Con số phải từ ${min} đến ${max}.`);
  return ok(value);
}

/** Free text with a length range; rejects text with no letters (emoji only, punctuation). */
export function parseText(input: string, min: number, max: number): ParseResult<string> {
  const text = input.trim().replace(/\s+/g, " ");
  if (!/\p{L}/u.test(text)) return fail("Anh/chị ghi bằng chữ giúp tôi.");
  if (text.length < min) return fail(`Ghi rõ hơn một chút (ít nhất ${min} ký tự).`);
  if (text.length > max) return fail(`Dài quá, tối đa ${max} ký tự.`);
  return ok(text);
}
