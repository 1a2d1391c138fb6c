import { describe, expect, it } from "vitest";
import { createRecentUpdates } from "../../src/channels/recent-updates.ts";

/** Each case: the cache's bounds, then keys offered at given times with the expected `firstTime` answer. */
const cases: Array<{ name: string; ttlMs: number; maxSize: number; steps: Array<[at: number, key: string, first: boolean]>; size?: number }> = [
  {
    name: "a repeat within the TTL is refused, after it accepted again",
    ttlMs: 1000,
    maxSize: 10,
    steps: [
      [0, "a", true],
      [0, "a", false],
      [999, "a", false],
      [1500, "a", true],
      [1600, "a", false],
    ],
  },
  {
    name: "keys are independent; Telegram's numeric ids and Zalo's message ids are both strings",
    ttlMs: 60_000,
    maxSize: 10,
    steps: [
      [0, "1", true],
      [0, "2", true],
      [0, "msg-1", true],
      [1, "1", false],
      [1, "msg-1", false],
      [1, "10", true],
    ],
  },
  {
    name: "past its size the oldest key is forgotten first (a capacity of 3)",
    ttlMs: 60_000,
    maxSize: 3,
    steps: [
      [0, "1", true],
      [0, "1", false],
      [1, "2", true],
      [2, "3", true],
      [3, "4", true],
      [4, "1", true],
      [5, "4", false],
    ],
    size: 3,
  },
  {
    name: "expired keys are dropped as new ones arrive, so the size follows the traffic",
    ttlMs: 100,
    maxSize: 1000,
    steps: [
      [0, "a", true],
      [10, "b", true],
      [200, "c", true],
    ],
    size: 1,
  },
];

describe("createRecentUpdates", () => {
  it.each(cases)("$name", ({ ttlMs, maxSize, steps, size }) => {
    let now = 0;
    const recent = createRecentUpdates({ ttlMs, maxSize, now: () => now });
    const answers = steps.map(([at, key]) => {
      now = at;
      return recent.firstTime(key);
    });
    expect(answers).toEqual(steps.map(([, , first]) => first));
    if (size !== undefined) expect(recent.size).toBe(size);
  });

  it("uses the shared bounds by default: ten minutes, 5,000 ids", () => {
    let now = 0;
    const recent = createRecentUpdates({ now: () => now });
    for (let i = 0; i < 5_001; i++) recent.firstTime(String(i));
    expect(recent.size).toBe(5_000);
    expect(recent.firstTime("5000")).toBe(false);
    now = 10 * 60_000;
    expect(recent.firstTime("5000")).toBe(true);
  });
});
