import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseYaml } from "../../src/kb/yaml.js";
import { foldVietnamese, GlossaryExpander, undoTelex } from "../../src/kb/normalize.ts";
import { glossarySchema } from "../../src/kb/schema.ts";

const glossary = new GlossaryExpander(glossarySchema.parse(parseYaml(readFileSync("knowledge/glossary.yaml", "utf8"))));
const norm = (s: string) => glossary.expand(foldVietnamese(s));

describe("foldVietnamese", () => {
  it.each([
    ["đăng ký", "dang ky"],
    ["hỗ trợ", "ho tro"],
    ["ĐƯỜNG  Đi!!", "duong di"],
    ["Khuyến   công, 2026?", "khuyen cong 2026"],
    ["cơ sở CNNT", "co so cnnt"],
  ])("%s → %s", (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  it("treats decomposed (NFD) input like composed input", () => {
    expect(foldVietnamese("hỗ trợ".normalize("NFD"))).toBe(foldVietnamese("hỗ trợ"));
  });
});

describe("glossary expansion", () => {
  it.each([
    ["HTX", "hợp tác xã"],
    ["cơ sở CNNT", "cơ sở công nghiệp nông thôn"],
    ["hkd", "hộ kinh doanh"],
  ])("%s ~ %s", (short, long) => {
    expect(norm(short)).toBe(norm(long));
  });

  it("expands whole words only", () => {
    expect(norm("doanh nghiệp")).toContain("doanh");
    expect(norm("htxx")).toBe("htxx");
  });
});

describe("Telex keys left in a word", () => {
  it.each([
    ["hoox", "ho"],
    ["trowj", "tro"],
    ["dduowcj", "duoc"],
    ["nghieejm", "nghiem"],
    ["khuyeens", "khuyen"],
    ["mays", "may"],
    ["uwngs", "ung"],
  ])("%s reads as %s", (typed, plain) => {
    expect(undoTelex(typed)).toBe(plain);
  });

  it("keeps words that start with s, r or x and clusters such as tr", () => {
    for (const word of ["sao", "rau", "xa", "trong", "tro", "cong"]) expect(undoTelex(word)).toBe(word);
  });
});
