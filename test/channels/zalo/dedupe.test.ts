import { describe, expect, it } from "vitest";
import { createDedupeCache } from "../../../src/channels/zalo/dedupe.ts";
import { KeyedQueue } from "../../../src/engine/keyed-queue.ts";

describe("createDedupeCache", () => {
  it("reports a key seen within the TTL and forgets it after", () => {
    let now = 0;
    const cache = createDedupeCache({ ttlMs: 1000, maxSize: 10, now: () => now });
    expect(cache.seenBefore("a")).toBe(false);
    expect(cache.seenBefore("a")).toBe(true);
    now = 1500;
    expect(cache.seenBefore("a")).toBe(false);
  });

  it("stays bounded, dropping the oldest keys first", () => {
    const cache = createDedupeCache({ ttlMs: 60_000, maxSize: 3 });
    for (const key of ["a", "b", "c", "d"]) cache.seenBefore(key);
    expect(cache.size).toBe(3);
    expect(cache.seenBefore("d")).toBe(true);
    expect(cache.seenBefore("a")).toBe(false);
  });
});

describe("createKeyedQueue", () => {
  it("runs one key in order, other keys alongside, and survives a failing task", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      await new Promise((r) => setTimeout(r, ms));
      log.push(name);
      if (fail) throw new Error(name);
    };
    const a1 = queue.run("a", task("a1", 40, true));
    const a2 = queue.run("a", task("a2", 0));
    const b1 = queue.run("b", task("b1", 10));
    await expect(a1).rejects.toThrow("a1");
    await Promise.all([a2, b1]);
    await queue.idle();
    expect(log).toEqual(["b1", "a1", "a2"]);
  });
});
