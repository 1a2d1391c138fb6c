import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../../src/engine/keyed-queue.ts";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("one user's messages in order, other users alongside", () => {
  it("runs tasks of one key one at a time, in order, and of different keys together", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run("lan", task("lan1", 30)), queue.run("lan", task("lan2", 1)), queue.run("an", task("an1", 1))]);
    expect(results).toEqual(["lan1", "lan2", "an1"]);
    expect(log.indexOf("lan2 start")).toBeGreaterThan(log.indexOf("lan1 end"));
    expect(log.indexOf("an1 end"), "another user waits for nobody").toBeLessThan(log.indexOf("lan1 end"));
  });

  it("goes on after a failed task, and forgets a key once idle", async () => {
    const queue = new KeyedQueue();
    await expect(queue.run("lan", async () => Promise.reject(new Error("hỏng")))).rejects.toThrow("hỏng");
    expect(await queue.run("lan", async () => "tiếp")).toBe("tiếp");
    await queue.idle();
    expect((queue as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });

  it("a failing task neither stops its key nor holds another key", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      await tick(ms);
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
