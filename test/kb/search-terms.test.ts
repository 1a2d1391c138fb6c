import { describe, expect, it } from "vitest";
import { questionSentence, withBigrams } from "../../src/kb/search.ts";

describe("search terms", () => {
  it("adds each pair of adjacent words after the words", () => {
    expect(withBigrams(["nghe", "nhan", "uu", "tu"])).toEqual(["nghe", "nhan", "uu", "tu", "nghe_nhan", "nhan_uu", "uu_tu"]);
    expect(withBigrams(["may"])).toEqual(["may"]);
  });

  it("takes the asking sentence of a story-then-question message", () => {
    expect(questionSentence("Nhà tôi làm bún. Có được hỗ trợ máy không?")).toBe("Có được hỗ trợ máy không?");
  });
});
