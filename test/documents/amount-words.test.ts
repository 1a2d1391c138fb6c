import { describe, expect, it } from "vitest";
import { amountInFigures, amountInWords, numberInWords } from "../../src/documents/amount-words.ts";

// Hand-checked against ../shared/domain/documents.md ("linh", "bốn", "mốt", "lăm", "nghìn").
const TABLE: [number, string][] = [
  [0, "Không đồng"],
  [1, "Một đồng"],
  [4, "Bốn đồng"],
  [5, "Năm đồng"],
  [10, "Mười đồng"],
  [11, "Mười một đồng"],
  [14, "Mười bốn đồng"],
  [15, "Mười lăm đồng"],
  [20, "Hai mươi đồng"],
  [21, "Hai mươi mốt đồng"],
  [24, "Hai mươi bốn đồng"],
  [25, "Hai mươi lăm đồng"],
  [55, "Năm mươi lăm đồng"],
  [99, "Chín mươi chín đồng"],
  [100, "Một trăm đồng"],
  [101, "Một trăm linh một đồng"],
  [104, "Một trăm linh bốn đồng"],
  [105, "Một trăm linh năm đồng"],
  [110, "Một trăm mười đồng"],
  [111, "Một trăm mười một đồng"],
  [115, "Một trăm mười lăm đồng"],
  [121, "Một trăm hai mươi mốt đồng"],
  [1000, "Một nghìn đồng"],
  [1005, "Một nghìn không trăm linh năm đồng"],
  [1015, "Một nghìn không trăm mười lăm đồng"],
  [10_000, "Mười nghìn đồng"],
  [15_500, "Mười lăm nghìn năm trăm đồng"],
  [21_000, "Hai mươi mốt nghìn đồng"],
  [105_000, "Một trăm linh năm nghìn đồng"],
  [1_000_005, "Một triệu không trăm linh năm đồng"],
  [1_050_000, "Một triệu không trăm năm mươi nghìn đồng"],
  [12_500_000, "Mười hai triệu năm trăm nghìn đồng"],
  [150_000_000, "Một trăm năm mươi triệu đồng"],
  [300_000_000, "Ba trăm triệu đồng"],
  [451_234_567, "Bốn trăm năm mươi mốt triệu hai trăm ba mươi bốn nghìn năm trăm sáu mươi bảy đồng"],
  [1_000_000_000, "Một tỷ đồng"],
  [1_000_000_001, "Một tỷ không trăm linh một đồng"],
  [1_250_000_000, "Một tỷ hai trăm năm mươi triệu đồng"],
  [1_500_075_000, "Một tỷ năm trăm triệu không trăm bảy mươi lăm nghìn đồng"],
  [2_000_000_000_000, "Hai nghìn tỷ đồng"],
  [1_001_000_000_000, "Một nghìn không trăm linh một tỷ đồng"],
  [25_000_000_000_021, "Hai mươi lăm nghìn tỷ không trăm hai mươi mốt đồng"],
];

describe("amounts in Vietnamese words", () => {
  it.each(TABLE)("%d → %s", (n, words) => {
    expect(amountInWords(n)).toBe(words);
  });

  it("never writes the avoided variants", () => {
    for (let n = 0; n < 2000; n++) {
      const words = numberInWords(n);
      expect(words.split(" ").filter((w) => ["lẻ", "ngàn", "tư", "nhăm"].includes(w))).toEqual([]);
      expect(words).not.toMatch(/mười mốt|linh lăm|linh mốt/u);
    }
  });

  it("refuses what is not a whole amount", () => {
    expect(() => numberInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
    expect(() => numberInWords(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });

  it("writes figures with the dot as thousands separator", () => {
    expect(amountInFigures(150_000_000)).toBe("150.000.000 đồng");
    expect(amountInFigures(0)).toBe("0 đồng");
    expect(amountInFigures(1005)).toBe("1.005 đồng");
  });
});
