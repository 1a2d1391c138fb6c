import { describe, expect, it } from "vitest";
import { provinceOptions } from "../../../src/form/fields.ts";
import { parseChoice } from "../../../src/form/parsers/choice.ts";
import { loadKnowledgeBase } from "../../../src/kb/load.ts";

const options = provinceOptions(loadKnowledgeBase("knowledge"));
const nameOf = (value: string) => options.find((o) => o.value === value)?.label;

/** Provinces as owners type them, including units merged on 1 July 2025 (and Hà Tây, merged into Hà Nội in 2008). */
const ACCEPTED: [string, string][] = [
  ["Điện Biên", "Điện Biên"],
  ["dien bien", "Điện Biên"],
  ["Hà Nội", "Hà Nội"],
  ["ha noi", "Hà Nội"],
  ["HN", "Hà Nội"],
  ["Ha Tay", "Hà Nội"],
  ["Hà Tây", "Hà Nội"],
  ["tphcm", "TP. Hồ Chí Minh"],
  ["Tp. Hồ Chí Minh", "TP. Hồ Chí Minh"],
  ["Sài Gòn", "TP. Hồ Chí Minh"],
  ["Bình Dương", "TP. Hồ Chí Minh"],
  ["Hải Phòng", "Hải Phòng"],
  ["hai duong", "Hải Phòng"],
  ["Lâm Đồng", "Lâm Đồng"],
  ["Đắk Nông", "Lâm Đồng"],
  ["Bình Thuận", "Lâm Đồng"],
  ["Huế", "Huế"],
  ["Đà Nẵng", "Đà Nẵng"],
  ["Quảng Nam", "Đà Nẵng"],
  ["Cần Thơ", "Cần Thơ"],
  ["Hậu Giang", "Cần Thơ"],
  ["Lai Châu", "Lai Châu"],
  ["Sơn La", "Sơn La"],
  ["Nghệ An", "Nghệ An"],
  ["thanh hoa", "Thanh Hóa"],
  ["Thanh Hoá", "Thanh Hóa"],
  ["Vĩnh Phúc", "Phú Thọ"],
  ["Hòa Bình", "Phú Thọ"],
  ["Bắc Giang", "Bắc Ninh"],
  ["Long An", "Tây Ninh"],
  ["Bình Định", "Gia Lai"],
  ["Phú Yên", "Đắk Lắk"],
  ["Kiên Giang", "An Giang"],
  ["Bạc Liêu", "Cà Mau"],
  ["Yên Bái", "Lào Cai"],
];

describe("province: real-world inputs", () => {
  it.each(ACCEPTED)("%s → %s", (input, name) => {
    const result = parseChoice(input, options);
    expect(result.ok && nameOf(result.value)).toBe(name);
  });

  it.each(["xyz qwe", "abc"])("rejects %j", (input) => expect(parseChoice(input, options).ok).toBe(false));

  it('does not take "không" (a refused suggestion) for a province to suggest', () => {
    for (const no of ["không", "khong", "ko", "không phải"]) {
      const result = parseChoice(no, options);
      expect(result.ok).toBe(false);
      expect(result.suggestion).toBeUndefined();
    }
  });
});
