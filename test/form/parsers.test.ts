import { describe, expect, it } from "vitest";
import { parseMoney } from "../../src/form/parsers/money.ts";
import { parseChoice } from "../../src/form/parsers/choice.ts";
import { parseCount, parseEmail, parseFacilityName, parseMonthYear, parsePersonName, parsePhone, parseTaxCode, parseText, parseYesNo } from "../../src/form/parsers/simple.ts";
import { provinceOptions } from "../../src/form/fields.ts";
import { loadKnowledgeBase } from "../../src/kb/load.ts";

const now = new Date("2026-11-25T00:00:00Z");

describe("parseMoney", () => {
  it.each([
    ["300 triệu", 300_000_000],
    ["300tr", 300_000_000],
    ["300 tr", 300_000_000],
    ["1,5 tỷ", 1_500_000_000],
    ["1.5 ty", 1_500_000_000],
    ["1.500.000.000", 1_500_000_000],
    ["1500000000đ", 1_500_000_000],
    ["1 tỷ 200 triệu", 1_200_000_000],
    ["450.000.000 đồng", 450_000_000],
    ["1,500,000", 1_500_000],
    ["500k", 500_000],
    ["2 trieu", 2_000_000],
  ])("%s → %d", (input, value) => {
    expect(parseMoney(input)).toEqual({ ok: true, value });
  });

  it.each(["", "abc", "😀", "-5 triệu", "300", "5 con gà", "1.2.3 tỷ"])("rejects %j with a reason", (input) => {
    const result = parseMoney(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
  });
});

describe("parsePhone", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84912345678", "0912345678"],
  ])("%s → %s", (input, value) => expect(parsePhone(input)).toEqual({ ok: true, value }));
  it.each(["12345", "09123456789012", "abc", "912345678"])("rejects %s", (input) => expect(parsePhone(input).ok).toBe(false));
  it("says how many digits were typed", () => {
    const r = parsePhone("091234567");
    expect(r.ok === false && r.reason).toMatch(/9 số/);
  });
});

describe("parseTaxCode", () => {
  it.each([
    ["0101234565", "0101234565"],
    ["0101234565-001", "0101234565-001"],
    ["0101234565001", "0101234565-001"],
    ["0101 234 565", "0101234565"],
  ])("%s → %s", (input, value) => expect(parseTaxCode(input)).toEqual({ ok: true, value }));
  it.each(["12345", "0101234565-01", "abcdefghij", "0101234567"])("rejects %s", (input) => expect(parseTaxCode(input).ok).toBe(false));
});

describe("parseYesNo", () => {
  it.each(["có", "co", "ừ", "vâng", "ok", "đồng ý", "Có ạ"])("%s → yes", (input) => expect(parseYesNo(input)).toEqual({ ok: true, value: true }));
  it.each(["không", "khong", "ko", "chưa", "chua co", "no"])("%s → no", (input) => expect(parseYesNo(input)).toEqual({ ok: true, value: false }));
  it.each(["có lẽ", "maybe", "🤔"])("rejects %s", (input) => expect(parseYesNo(input).ok).toBe(false));
});

describe("parseMonthYear", () => {
  it.each([
    ["03/2027", { month: 3, year: 2027 }],
    ["3-2027", { month: 3, year: 2027 }],
    ["tháng 3 năm 2027", { month: 3, year: 2027 }],
    ["thang 12/2026", { month: 12, year: 2026 }],
  ])("%s", (input, value) => expect(parseMonthYear(input, now)).toEqual({ ok: true, value }));
  it.each(["13/2027", "03/1999", "mai", "2027"])("rejects %s", (input) => expect(parseMonthYear(input, now).ok).toBe(false));
});

describe("other field parsers", () => {
  it("email", () => {
    expect(parseEmail("CoSo@Gmail.com")).toEqual({ ok: true, value: "coso@gmail.com" });
    expect(parseEmail("coso@").ok).toBe(false);
  });
  it("person name", () => {
    expect(parsePersonName("nguyễn văn an")).toEqual({ ok: true, value: "Nguyễn Văn An" });
    expect(parsePersonName("An").ok).toBe(false);
    expect(parsePersonName("An 123").ok).toBe(false);
  });
  it("count", () => {
    expect(parseCount("khoảng 15 người", 1, 1000)).toEqual({ ok: true, value: 15 });
    expect(parseCount("nhiều", 1, 1000).ok).toBe(false);
  });
  it("facility name: a bare kind of business is not a name (issue 16)", () => {
    for (const generic of ["htx", "HTX", "công ty", "Hộ kinh doanh", "cơ sở"]) expect(parseFacilityName(generic).ok).toBe(false);
    for (const name of ["Cơ sở may Lan Anh", "HTX Chè Tân Cương", "Hộ kinh doanh Mộc An"]) expect(parseFacilityName(name)).toEqual({ ok: true, value: name });
  });
  it("text refuses emoji-only and over-long input", () => {
    expect(parseText("😀😀😀", 3, 100).ok).toBe(false);
    expect(parseText("a".repeat(200), 3, 100).ok).toBe(false);
  });
});

describe("province choice", () => {
  const options = provinceOptions(loadKnowledgeBase("knowledge"));
  it.each([
    ["Điện Biên", "Điện Biên"],
    ["dien bien", "Điện Biên"],
    ["tphcm", "Hồ Chí Minh"],
    ["Bình Dương", "Hồ Chí Minh"],
    ["7", undefined],
  ])("%s", (input, name) => {
    const result = parseChoice(input, options);
    expect(result.ok).toBe(true);
    if (result.ok && name) expect(options.find((o) => o.value === result.value)?.label).toContain(name);
  });
  it("offers a suggestion for a near miss instead of guessing", () => {
    const result = parseChoice("dien bienn phu", options);
    if (!result.ok) expect(result.suggestion?.label).toContain("Điện Biên");
    else expect(options.find((o) => o.value === result.value)?.label).toContain("Điện Biên");
  });
  it("rejects what is not a province", () => expect(parseChoice("xyz qwe", options).ok).toBe(false));
});
