import { describe, expect, it } from "vitest";
import { estimateSupport } from "../../src/form/estimate.ts";
import type { SupportLevel } from "../../src/kb/schema.ts";
import { TEST_SOURCE, testSupport } from "../support/kb-fixtures.ts";
import type { KnowledgeBase } from "../../src/kb/types.ts";

/**
 * The estimate is arithmetic on the levels in knowledge/: tested on levels made
 * up here, so that an officer's edit of a figure changes no test.
 */
const source = TEST_SOURCE;
const level = (fields: Partial<SupportLevel>): SupportLevel => ({ fund: "national", per: "cơ sở", text: "Mức hỗ trợ dùng trong kiểm thử.", source, confirmed: true, ...fields });

const support = testSupport;

const SUPPORTS = [
  // 50 % up to 1 tỷ; 70 % up to 1,5 tỷ in especially difficult areas.
  support("may-moc", [level({ percent: 50, capVnd: 1_000_000_000, difficultAreaPercent: 70, difficultAreaCapVnd: 1_500_000_000 }), level({ fund: "local", percent: 30, capVnd: 300_000_000 })]),
  // 100 % of named items, no cap: no estimate from it.
  support("hoi-cho", [level({ percent: 100 })]),
  // A figure not confirmed by an official text: no estimate from it.
  support("chua-ro", [level({ percent: 40, capVnd: 500_000_000, confirmed: false })]),
];
const kb = { supportById: new Map(SUPPORTS.map((s) => [s.id, s])) } as unknown as KnowledgeBase;

describe("support estimate", () => {
  it.each([
    // support, total cost, requested, difficult area → maximum, warnings
    ["may-moc", 800_000_000, 300_000_000, false, 400_000_000, 0],
    ["may-moc", 1_200_000_000, 600_000_000, false, 600_000_000, 0],
    ["may-moc", 3_000_000_000, 1_000_000_000, false, 1_000_000_000, 0], // capped
    ["may-moc", 3_000_000_000, 1_200_000_000, false, 1_000_000_000, 1], // over the cap
    ["may-moc", 800_000_000, 800_000_000, false, 400_000_000, 2], // over the maximum, and no co-funding
    ["may-moc", 800_000_000, 300_000_000, true, 560_000_000, 0], // difficult area: 70 %
    ["may-moc", 3_000_000_000, 1_500_000_000, true, 1_500_000_000, 0], // difficult-area cap
    ["may-moc", 333_333_333, undefined, false, 166_666_666, 0], // rounded down to the đồng
    ["may-moc", 0, undefined, false, 0, 0],
  ] as const)("%s, cost %d, request %s, difficult area %s → at most %d, %d warning(s)", (id, cost, requested, difficultArea, max, warnings) => {
    const estimate = estimateSupport(kb, id, cost, requested, { difficultArea });
    expect(estimate.maxVnd).toBe(max);
    expect(estimate.requestedVnd).toBe(requested ?? null);
    expect(estimate.warnings).toHaveLength(warnings);
    expect(estimate.note).toMatch(/ngân sách trung ương/);
  });

  it("names the co-funding when the request is the whole cost", () => {
    expect(estimateSupport(kb, "may-moc", 800_000_000, 800_000_000).warnings.join(" ")).toMatch(/50% chi phí; phần còn lại là vốn đối ứng/);
  });

  it("says the figures in plain words, with the cap", () => {
    expect(estimateSupport(kb, "may-moc", 800_000_000, undefined).note).toMatch(/50% tổng kinh phí, tối đa 1 tỷ đồng → tối đa khoảng 400 triệu đồng/);
  });

  it.each([
    ["hoi-cho", 200_000_000, /chưa có con số chắc chắn/],
    ["chua-ro", 200_000_000, /chưa có con số chắc chắn/],
    ["may-moc", undefined, /chưa có con số chắc chắn/],
    [undefined, 200_000_000, /Chưa chọn nội dung hỗ trợ/],
    ["khong-co", 200_000_000, /Chưa chọn nội dung hỗ trợ/],
  ] as const)("makes no estimate for %s with cost %s", (id, cost, note) => {
    const estimate = estimateSupport(kb, id, cost, 100_000_000);
    expect(estimate.maxVnd).toBeNull();
    expect(estimate.requestedVnd).toBe(100_000_000);
    expect(estimate.warnings).toEqual([]);
    expect(estimate.note).toMatch(note);
  });
});
