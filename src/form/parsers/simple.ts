import { foldVietnamese } from "../../kb/normalize.ts";
import { createRequire } from "node:module";
import type { parsePhoneNumberFromString } from "libphonenumber-js/core";
import { VN_PHONE_METADATA } from "./phone-metadata-vn.ts";
import { fail, ok, type ParseResult } from "./result.ts";

/** Words people put before a number: "sđt 0912…", "MST: 0100…", "CCCD 0010…". */
const LEADING_LABEL = /^(?:so dien thoai|dien thoai|sdt|dt|so dt|phone|tel|ma so thue|ma so|mst|so dinh danh ca nhan|so dinh danh|dinh danh|cccd|can cuoc|so cccd)\b[\s:.]*/;

function withoutLabel(input: string): string {
  const folded = foldVietnamese(input.slice(0, 60));
  const label = LEADING_LABEL.exec(folded);
  if (!label) return input.trim();
  // Folding keeps one character per letter for these ASCII-foldable labels, so the label's length carries over.
  const words = label[0].trim().split(" ").length;
  return input.trim().split(/\s+/).slice(words).join(" ").replace(/^[\s:.]+/, "");
}

/**
 * A Vietnamese phone number, checked against the national numbering plan by
 * libphonenumber-js with its full metadata for Vietnam (mobile 03/05/07/08/09
 * + 8 digits, landline 02x + 8 digits; scripts/phone-metadata.ts): 0xxxxxxxxx or +84xxxxxxxxx, with spaces, dots, dashes or brackets.
 * Stored as the national number starting with 0.
 */
export function parsePhone(input: string): ParseResult<string> {
  const compact = withoutLabel(input).replace(/[\s.\-()]/g, "");
  if (!/^\+?\d+$/.test(compact)) return fail("phoneDigits");
  if (/^\+(?!84)/.test(compact)) return fail("phoneForeign");
  const local = compact.replace(/^\+?84(?=\d{9,10}$)/, "0");
  if (!local.startsWith("0")) return fail("phoneStart");
  if (local.length !== 10 && local.length !== 11) return fail("phoneLength", { count: local.length });
  const phone = phoneLibrary()(local, "VN", VN_PHONE_METADATA);
  const type = phone?.isValid() && phone.country === "VN" ? phone.getType() : undefined;
  if (!phone || !type || !PERSONAL_LINES.has(type)) {
    return fail("phonePlan");
  }
  return ok(`0${phone.nationalNumber}`);
}

const PERSONAL_LINES = new Set(["MOBILE", "FIXED_LINE", "FIXED_LINE_OR_MOBILE"]);

let parseNumber: typeof parsePhoneNumberFromString | undefined;

/**
 * libphonenumber-js, loaded on the first phone number rather than at start-up:
 * its modules cost about 60 ms of CPU to load (150 ms through tsx), which every
 * process paid, the officers' CLI and a bot restart included, before any number was typed.
 */
function phoneLibrary(): typeof parsePhoneNumberFromString {
  parseNumber ??= (createRequire(import.meta.url)("libphonenumber-js/core") as { parsePhoneNumberFromString: typeof parsePhoneNumberFromString }).parsePhoneNumberFromString;
  return parseNumber;
}

/** Weights of the first nine digits of a tax code (policy-facts §11). */
const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** Whether a 10-digit tax code's last digit is its check digit: 10 − (weighted sum mod 11); a result of 10 is never valid. */
export function taxCheckDigitOk(code: string): boolean {
  const sum = TAX_WEIGHTS.reduce((acc, w, i) => acc + w * Number(code[i]), 0);
  const check = 10 - (sum % 11);
  return check < 10 && check === Number(code[9]);
}

/** Entity types that file under the owner's 12-digit personal number (policy-facts §11). */
const PERSONAL_ID_ENTITIES = new Set(["hkd", "tht"]);

/** Whether a 12-digit personal number cannot be this entity's tax code (an enterprise or cooperative has a 10-digit one). */
export function personalIdRefused(code: string, entityType: unknown): boolean {
  return /^\d{12}$/.test(code) && typeof entityType === "string" && !PERSONAL_ID_ENTITIES.has(entityType);
}

/**
 * Tax code (policy-facts §11): 10 digits whose last is a check digit (an
 * enterprise, cooperative or household registered before 1/7/2025), 13 as
 * 10-3 for a branch, or, for household businesses and individuals since
 * 1/7/2025, the owner's 12-digit personal identification number. Stored with
 * the dash for a branch.
 */
export function parseTaxCode(input: string, answers: { entityType?: unknown } = {}): ParseResult<string> {
  const compact = withoutLabel(input).replace(/[\s.]/g, "");
  const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(compact);
  if (match) {
    const [, head = "", branch] = match;
    if (!taxCheckDigitOk(head)) return fail("taxCheckDigit", { head });
    if (branch === "000") return fail("taxBranch");
    return ok(branch ? `${head}-${branch}` : head);
  }
  if (/^\d{12}$/.test(compact)) {
    if (personalIdRefused(compact, answers.entityType)) return fail("taxPersonalIdForCompany");
    const province = Number(compact.slice(0, 3));
    if (province < 1 || province > 96) return fail("personalIdProvince");
    return ok(compact);
  }
  const digits = compact.replace(/\D/g, "").length;
  return fail("taxLength", { count: digits });
}

const YES = new Set(["co", "c", "yes", "y", "u", "uh", "um", "vang", "da", "da co", "dung", "dong y", "ok", "oke", "okay", "roi", "co roi", "da nhan", "dong y roi", "co a", "vang a", "da vang"]);
const NO = new Set(["khong", "ko", "k", "kh", "no", "n", "chua", "chua co", "khong co", "khong dong y", "chua nhan", "chua bao gio", "khong a", "chua a", "ko co"]);

/** Yes/no the ways people say them: "có", "co", "ừ", "vâng", "khong", "ko", "chưa". */
export function parseYesNo(input: string): ParseResult<boolean> {
  const folded = foldVietnamese(input);
  if (YES.has(folded)) return ok(true);
  if (NO.has(folded)) return ok(false);
  return fail("yesNo");
}

export { parseMonthYear } from "./month.ts";

export function parseEmail(input: string): ParseResult<string> {
  const email = input.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(email)) return fail("email");
  return ok(email);
}

/** A person's full name: at least two words, letters only. */
export function parsePersonName(input: string): ParseResult<string> {
  const name = input.trim().replace(/\s+/g, " ");
  if (!/^[\p{L}\s.'-]+$/u.test(name)) return fail("nameLetters");
  if (name.split(" ").length < 2) return fail("nameTwoWords");
  if (name.length > 80) return fail("nameTooLong");
  return ok(name.replace(/(^|\s)\p{Ll}/gu, (m) => m.toUpperCase()));
}

const COUNT_BELOW = /^(duoi|it hon|chua den|khong qua|chua toi)\b/;

/**
 * A whole number in a range, as owners write a head count: "12", "12 người",
 * "khoảng 15", "hơn 500 công nhân" (read as 500). A range ("10 đến 15"), a
 * bound from above ("dưới 10"), a negative or a fraction is refused with a reason.
 */
export function parseCount(input: string, min: number, max: number): ParseResult<number> {
  const folded = foldVietnamese(input.slice(0, 200));
  if (/^\s*-\s*\d/.test(input)) return fail("countNegative", { min });
  if (COUNT_BELOW.test(folded)) return fail("countVague");
  const numbers = [...input.slice(0, 200).matchAll(/\d+(?:[.,]\d+)*/g)].map((m) => m[0]);
  if (numbers.length === 0) return fail("countMissing");
  if (numbers.length > 1) return fail("countOne");
  const written = numbers[0] as string;
  const thousands = /^\d{1,3}([.,]\d{3})+$/.test(written);
  if (!thousands && /[.,]/.test(written)) return fail("countWhole");
  const value = Number(written.replace(/[.,]/g, ""));
  if (!Number.isSafeInteger(value)) return fail("countMissing");
  if (value < min || value > max) return fail("countRange", { min, max });
  return ok(value);
}

/** What a facility name cannot be on its own: the kind of business, not its name. */
const GENERIC_NAMES = new Set([
  "htx", "hop tac xa", "cong ty", "cty", "doanh nghiep", "dn", "co so", "ho kinh doanh", "hkd", "to hop tac", "tht", "tnhh", "cong ty tnhh",
  "cong ty co phan", "xuong", "nha may", "xi nghiep", "co so san xuat", "ho gia dinh", "khong co", "chua co", "ten co so",
]);

/** A facility's name as registered: "Cơ sở may Lan Anh", "HTX Chè Tân Cương"; not just "htx" or "công ty". */
export function parseFacilityName(input: string): ParseResult<string> {
  const r = parseText(input, 3, 150);
  if (!r.ok) return r;
  if (GENERIC_NAMES.has(foldVietnamese(r.value))) return fail("facilityGeneric");
  return r;
}

/** Free text with a length range; rejects text with no letters (emoji only, punctuation). */
export function parseText(input: string, min: number, max: number): ParseResult<string> {
  const text = input.trim().replace(/\s+/g, " ");
  if (!/\p{L}/u.test(text)) return fail("textLetters");
  if (text.length < min) return fail("textShort", { min });
  if (text.length > max) return fail("textLong", { max });
  return ok(text);
}
