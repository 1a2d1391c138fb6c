import { describe, expect, it } from "vitest";
import { splitMessage } from "../../src/text/split.ts";

describe("long replies cut for Zalo (2000) and Telegram (4096)", () => {
  const para = (n: number, c: string) => c.repeat(n);
  it.each([
    ["short enough", "Xin chào anh/chị", 20, ["Xin chào anh/chị"]],
    ["at a paragraph", `${para(12, "a")}\n\n${para(12, "b")}`, 20, [para(12, "a"), para(12, "b")]],
    ["at a line end", `${para(12, "a")}\n${para(12, "b")}`, 20, [para(12, "a"), para(12, "b")]],
    ["at a space", "Cơ sở may Lan Anh ở xã Mường Chà", 20, ["Cơ sở may Lan Anh ở", "xã Mường Chà"]],
    ["a word longer than the limit, hard", para(45, "x"), 20, [para(20, "x"), para(20, "x"), para(5, "x")]],
  ] as const)("%s", (_what, text, limit, chunks) => {
    const out = splitMessage(text, limit);
    expect(out).toEqual(chunks);
    for (const c of out) expect(c.length).toBeLessThanOrEqual(limit);
  });

  it("never cuts in the first quarter, where a break would leave a stub", () => {
    expect(splitMessage(`ab ${para(30, "c")}`, 20)[0]).toBe(`ab ${para(17, "c")}`);
  });
});
