import { describe, expect, it } from "vitest";
import { parseCount } from "../../../src/form/parsers/simple.ts";

/** Worker counts as owners type them (issue 16, W4 and W5). */
const ACCEPTED: [string, number][] = [
  ["12", 12],
  ["2", 2],
  ["1", 1],
  ["45", 45],
  ["05", 5],
  ["200", 200],
  ["12 người", 12],
  ["12 nguoi", 12],
  ["khoảng 15", 15],
  ["khoảng 15 người", 15],
  ["khoang 30 nguoi", 30],
  ["hơn 500 công nhân", 500],
  ["hon 500 cong nhan", 500],
  ["tầm 20 lao động", 20],
  ["20 lao động", 20],
  ["25 lđ", 25],
  ["150 cn", 150],
  ["15 thợ", 15],
  ["10 ng", 10],
  ["gần 50", 50],
  ["trên 100 người", 100],
  ["chừng 8 người", 8],
  ["3 lao động", 3],
  ["100 công nhân", 100],
  ["1.200", 1200],
  ["1,200 người", 1200],
  ["6 người", 6],
  ["50 người", 50],
  ["30 người làm thường xuyên", 30],
  ["7 người (cả vợ chồng)", 7],
  ["có 9 người", 9],
];

const REJECTED = ["-5", "0", "nhiều", "abc", "", "2,5", "từ 10 đến 15 người", "dưới 10", "😀", "100001"];

describe("parseCount: real-world inputs", () => {
  it.each(ACCEPTED)("%s → %d", (input, value) => {
    expect(parseCount(input, 1, 100_000)).toEqual({ ok: true, value });
  });

  it.each(REJECTED)("rejects %j with a reason", (input) => {
    const result = parseCount(input, 1, 100_000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/[\u00C0-\u1EF9]/);
  });

  it("says a negative count is not a count (it was read as 5)", () => {
    const result = parseCount("-5", 1, 100_000);
    expect(result.ok === false && result.reason).toMatch(/âm|lớn hơn 0|từ 1/);
  });
});
