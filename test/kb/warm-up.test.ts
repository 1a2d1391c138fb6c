import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openKnowledge } from "../../src/kb/index.ts";
import { warmUpSearch } from "../../src/kb/warm-up.ts";

const knowledge = openKnowledge(loadConfig({ KNOWLEDGE_DIR: "knowledge" }));

describe("search warm-up after start", () => {
  it("asks only the knowledge base's titles and written variants, every topic early, none of the owners' phrasings", async () => {
    const asked: string[] = [];
    const decide = vi.spyOn(knowledge.policy, "decide").mockImplementation((text: string) => {
      asked.push(text);
      return { kind: "none", result: { zone: "none", ranked: [], normalized: text, features: { score: 0, margin: 0, coverage: 0, unknown: 1 } } };
    });
    const { searches } = await warmUpSearch(knowledge, { searches: 300 });
    decide.mockRestore();
    expect(searches).toBe(300);
    expect(asked).toHaveLength(300);
    const written = new Set(knowledge.kb.topics.flatMap((t) => [t.title, ...t.questions]));
    expect(asked.filter((q) => !written.has(q))).toEqual([]);
    // Round-robin: the first pass meets every topic by its title.
    expect(asked.slice(0, knowledge.kb.topics.length)).toEqual(knowledge.kb.topics.map((t) => t.title));
  });

  it("gives way to other work between slices", async () => {
    const events: string[] = [];
    const decide = vi.spyOn(knowledge.policy, "decide").mockImplementation((text: string) => {
      const until = performance.now() + 0.5;
      while (performance.now() < until);
      return { kind: "none", result: { zone: "none", ranked: [], normalized: text, features: { score: 0, margin: 0, coverage: 0, unknown: 1 } } };
    });
    const warming = warmUpSearch(knowledge, { searches: 60, sliceMs: 2 }).then(() => events.push("warm-up done"));
    setTimeout(() => events.push("a message"), 0);
    await warming;
    decide.mockRestore();
    expect(events).toEqual(["a message", "warm-up done"]);
  });
});
