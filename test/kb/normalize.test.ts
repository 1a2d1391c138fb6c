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

  // The rules written as whole-text replacements, as they read: the folding, done one character at a time, must agree.
  const byRules = (text: string) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/[^\p{L}\p{N}%]+/gu, " ").replace(/\s+/g, " ").trim();
  it.each([
    "Cơ sở may Lan Anh muốn mua máy 1 tỷ 2, được hỗ trợ bao nhiêu %?",
    "co so may lan anh mua may 1ty2 dc ht bn",
    "  👍👍 ok  ",
    "½ phần, ﬁ, ẞ, İstanbul",
    "e\u0301 đ\u0303 Đ\u0300",
    "Hộ kinh doanh\tở\nxã\u00a0vùng cao",
    "",
    "!!!",
    "ĐĂNG KÝ ĐỀ ÁN KHUYẾN CÔNG 2026–2030",
  ])("folds %j as the whole-text rules do", (text) => {
    expect(foldVietnamese(text)).toBe(byRules(text));
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
