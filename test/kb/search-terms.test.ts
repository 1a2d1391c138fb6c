import { describe, expect, it } from "vitest";
import { TrigramIndex, trigramCounts } from "../../src/kb/char-ngrams.ts";
import { questionSentence, withBigrams, zoneOf, type ScoredTopic } from "../../src/kb/search.ts";
import type { Topic } from "../../src/kb/types.ts";

describe("search terms", () => {
  it("adds each pair of adjacent words after the words", () => {
    expect(withBigrams(["nghe", "nhan", "uu", "tu"])).toEqual(["nghe", "nhan", "uu", "tu", "nghe_nhan", "nhan_uu", "uu_tu"]);
    expect(withBigrams(["may"])).toEqual(["may"]);
  });

  it("takes the asking sentence of a story-then-question message", () => {
    expect(questionSentence("Nhà tôi làm bún. Có được hỗ trợ máy không?")).toBe("Có được hỗ trợ máy không?");
  });
});

describe("character trigrams", () => {
  it("pads each word so its edges count", () => {
    expect([...trigramCounts("may say").keys()]).toEqual([" ma", "may", "ay ", " sa", "say"]);
  });

  it("finds the closest document despite a typo inside a syllable", () => {
    const index = new TrigramIndex(["khuyen cong ho tro gi", "vay von ngan hang", "dang ky ho kinh doanh"]);
    const sims = index.similarities("khuyen cog ho tro");
    expect(sims[0]).toBeGreaterThan(0.5);
    expect(sims[0]).toBeGreaterThan((sims[1] ?? 0) + 0.4);
    expect(index.similarities("zzzz")[0]).toBe(0);
  });
});

describe("zones", () => {
  const topic = (id: string, supportId?: string) => ({ id, supportId }) as Topic;
  const thresholds = { answerScore: 0.6, clarifyScore: 0.35, minMargin: 0.08 };
  const ranked = (...pairs: [Topic, number][]): ScoredTopic[] => pairs.map(([t, score]) => ({ topic: t, score }));

  it("answers when the lead over another support's topic is enough, even if the same support's FAQ is close", () => {
    const support = topic("may-moc-thiet-bi", "may-moc-thiet-bi");
    const faq = topic("muc-ho-tro-may-moc", "may-moc-thiet-bi");
    expect(zoneOf(ranked([support, 0.8], [faq, 0.79], [topic("other"), 0.5]), thresholds)).toBe("answer");
  });

  it("asks back when two unrelated topics are close, and says nothing below the clarify score", () => {
    expect(zoneOf(ranked([topic("a"), 0.8], [topic("b"), 0.77]), thresholds)).toBe("clarify");
    expect(zoneOf(ranked([topic("a", "s1"), 0.8], [topic("b", "s2"), 0.77]), thresholds)).toBe("clarify");
    expect(zoneOf(ranked([topic("a"), 0.3]), thresholds)).toBe("none");
    expect(zoneOf([], thresholds)).toBe("none");
  });
});
