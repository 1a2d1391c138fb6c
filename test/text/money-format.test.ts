import { describe, expect, it } from "vitest";
import { formatVnd, groupThousands } from "../../src/text/money-format.ts";

describe("amounts as Vietnamese readers expect them", () => {
  it.each([
    [300_000_000, "300 triệu đồng"],
    [1_500_000_000, "1,5 tỷ đồng"],
    [1_200_000_000, "1,2 tỷ đồng"],
    [1_000_000_000, "1 tỷ đồng"],
    [2_000_000_000_000, "2000 tỷ đồng"],
    [1_234_000_000, "1234 triệu đồng"], // not a round 10 million: counted in millions
    [1_234_560_000, "1.234.560.000 đồng"], // not a round 100,000: every digit
    [12_500_000, "12,5 triệu đồng"],
    [12_345_678, "12.345.678 đồng"],
    [999_999, "999.999 đồng"],
    [0, "0 đồng"],
  ])("%d → %s", (amount, text) => expect(formatVnd(amount)).toBe(text));

  it.each([
    [12500000, "12.500.000"],
    [1000, "1.000"],
    [999, "999"],
    [1234.6, "1.235"],
  ])("groups %d as %s", (amount, text) => expect(groupThousands(amount)).toBe(text));
});
