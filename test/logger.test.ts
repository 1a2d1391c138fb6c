import { describe, expect, it } from "vitest";
import { parseTaxCode } from "../src/form/parsers/simple.ts";
import { maskText } from "../src/logger.ts";

describe("maskText and the 12-digit personal number (issue 16: household businesses' tax code)", () => {
  it.each(["001085012345", "038 190 001 234", "079201012345"])("masks %s, which the form now accepts as a tax code", (id) => {
    expect(parseTaxCode(id).ok).toBe(true);
    const masked = maskText(`MST hộ kinh doanh: ${id}.`);
    expect(masked.replace(/\D/g, "").length, masked).toBeLessThanOrEqual(3);
  });

  it("leaves amounts alone", () => expect(maskText("1.500.000.000 đồng")).toBe("1.500.000.000 đồng"));
});
