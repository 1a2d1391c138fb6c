import { describe, expect, it } from "vitest";
import { parseChoice } from "../../src/form/parsers/choice.ts";
import { parseMoney } from "../../src/form/parsers/money.ts";
import { parseMonthYear } from "../../src/form/parsers/month.ts";
import { PARSE_REASONS } from "../../src/form/parsers/reasons.ts";
import { parsePhone, parseTaxCode, parseYesNo } from "../../src/form/parsers/simple.ts";

/** Parsers return a reason key with its parameters; the sentence comes from one catalogue (reasons.ts). */
describe("parse refusals", () => {
  const now = new Date("2026-11-25T03:00:00Z");
  it.each([
    ["phone, too short", parsePhone("091 234"), "phoneLength", { count: 6 }],
    ["phone, letters", parsePhone("số 0912abc"), "phoneDigits", undefined],
    ["tax code, check digit", parseTaxCode("0101234567"), "taxCheckDigit", { head: "0101234567" }],
    ["tax code, personal id for a cooperative", parseTaxCode("001234567890", { entityType: "htx" }), "taxPersonalIdForCompany", undefined],
    ["money, unit first", parseMoney("triệu 5"), "moneyNumberFirst", undefined],
    ["money, words", parseMoney("khoảng vài trăm"), "moneyUnknownWord", { text: "vài" }],
    ["month, past", parseMonthYear("03/2025", now), "monthPast", { month: 3, year: 2025, nowMonth: 11, nowYear: 2026 }],
    ["yes/no", parseYesNo("để tôi nghĩ đã"), "yesNo", undefined],
    ["choice number", parseChoice("7", [{ value: "a", label: "Một" }, { value: "b", label: "Hai" }]), "pickNumber", { count: 2 }],
  ] as const)("%s → %s", (_what, result, key, params) => {
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.key).toBe(key);
    expect(result.params).toEqual(params);
    expect(result.reason).toBe((PARSE_REASONS[key] as (p?: unknown) => string)(params));
  });

  it("words every reason for the owner as anh/chị, never 'bạn'", () => {
    const sample = { count: 2, text: "abc", amount: 500_000, requested: 2, total: 1, nextYear: 2027, month: 3, year: 2025, nowMonth: 11, nowYear: 2026, lastMonth: 11, lastYear: 2029, end: "01/2027", start: "03/2027", head: "0101234567", min: 1, max: 9 };
    for (const [key, word] of Object.entries(PARSE_REASONS)) {
      const text = (word as (p: typeof sample) => string)(sample);
      expect(text.length, key).toBeGreaterThan(10);
      expect(text, key).not.toMatch(/\bbạn\b/i);
    }
  });
});
