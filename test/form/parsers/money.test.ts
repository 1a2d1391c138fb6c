import { describe, expect, it } from "vitest";
import { FIELDS, type FormContext } from "../../../src/form/fields.ts";
import { parseMoney } from "../../../src/form/parsers/money.ts";
import { loadKnowledgeBase } from "../../../src/kb/load.ts";
import { formatVnd } from "../../../src/text/money-format.ts";

/** Amounts as owners type them (issue 16, W1), with what the bot must read. */
const ACCEPTED: [string, number][] = [
  ["300 triệu", 300_000_000],
  ["300tr", 300_000_000],
  ["300 tr", 300_000_000],
  ["300 củ", 300_000_000],
  ["1,5 tỷ", 1_500_000_000],
  ["1.5 ty", 1_500_000_000],
  ["1.500.000.000", 1_500_000_000],
  ["1500000000đ", 1_500_000_000],
  ["1.200.000.000 VNĐ", 1_200_000_000],
  ["750.000.000 vnd", 750_000_000],
  ["450.000.000 đồng", 450_000_000],
  ["12.500.000đ", 12_500_000],
  ["1,500,000", 1_500_000],
  ["500k", 500_000],
  ["2 trieu", 2_000_000],
  ["1 tỷ 200 triệu", 1_200_000_000],
  ["2 tỷ 350 triệu", 2_350_000_000],
  ["1 tỷ 2", 1_200_000_000],
  ["1ty2", 1_200_000_000],
  ["1tỷ5", 1_500_000_000],
  ["1 tỷ 25", 1_250_000_000],
  ["1 tỷ 250", 1_250_000_000],
  ["1tr2", 1_200_000],
  ["3 triệu 500", 3_500_000],
  ["2 tỉ rưỡi", 2_500_000_000],
  ["1 tỷ rưỡi", 1_500_000_000],
  ["tỷ rưỡi", 1_500_000_000],
  ["3 triệu rưỡi", 3_500_000],
  ["5 trăm triệu", 500_000_000],
  ["nửa tỷ", 500_000_000],
  ["1 tỷ 2 trăm triệu", 1_200_000_000],
  ["khoảng 800 triệu", 800_000_000],
  ["tầm 1,2 tỷ", 1_200_000_000],
  ["1,2 tỷ đồng", 1_200_000_000],
  ["1 TỶ", 1_000_000_000],
  ["850 triệu đồng", 850_000_000],
];

const REJECTED = ["", "abc", "😀", "-5 triệu", "300", "5 con gà", "1.2.3 tỷ", "200 triệu 1 tỷ", "2 tỷ 3 tỷ", "rưỡi", "1 tỷ 2000"];

describe("parseMoney: real-world inputs", () => {
  it.each(ACCEPTED)("%s → %d", (input, value) => {
    expect(parseMoney(input)).toEqual({ ok: true, value });
  });

  it.each(REJECTED)("rejects %j with a reason", (input) => {
    const result = parseMoney(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
  });

  it.each([
    ["1 tỷ 2", "1,2 tỷ đồng"],
    ["2 tỉ rưỡi", "2,5 tỷ đồng"],
    ["1tr2", "1,2 triệu đồng"],
  ])("echoes %s in words as %s", (input, words) => {
    const result = parseMoney(input);
    expect(result.ok && formatVnd(result.value)).toBe(words);
  });
});

describe("money fields", () => {
  const kb = loadKnowledgeBase("knowledge");
  const ctx = (answers: FormContext["answers"] = {}): FormContext => ({ kb, now: new Date("2026-12-02T02:00:00Z"), answers });
  const field = (id: string) => FIELDS.find((f) => f.id === id)!;

  it("refuses 500k as a project's total cost (too small to be a project: a missing unit)", () => {
    const result = field("totalCost").parse("500k", ctx());
    expect(result.ok).toBe(false);
  });

  it("shows the figure beside the words, so a misread is visible", () => {
    const total = field("totalCost");
    expect(total.format?.(1_200_000_000, ctx())).toBe("1,2 tỷ đồng (1.200.000.000 đồng)");
  });
});
