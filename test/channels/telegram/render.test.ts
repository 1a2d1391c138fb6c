import { describe, expect, it } from "vitest";
import { MAX_TEXT_CHARS, toOutgoingMessages } from "../../../src/channels/telegram/render.ts";
import { secretMatches } from "../../../src/channels/telegram/webhook.ts";

describe("toOutgoingMessages", () => {
  it("turns button rows into an inline keyboard with the engine's data", () => {
    const out = toOutgoingMessages([
      { text: "Bạn cần gì?", buttons: [[{ label: "Hỏi đáp chính sách", data: "m:qa" }], [{ label: "Quay lại", data: "nav:back", kind: "action" }]] },
    ]);
    expect(out).toEqual([
      {
        text: "Bạn cần gì?",
        reply_markup: { inline_keyboard: [[{ text: "Hỏi đáp chính sách", callback_data: "m:qa" }], [{ text: "Quay lại", callback_data: "nav:back" }]] },
      },
    ]);
  });

  it("splits a long text at 4096 characters and puts the keyboard on the last chunk", () => {
    const paragraph = "Hỗ trợ khuyến công cho cơ sở công nghiệp nông thôn. ".repeat(20).trim();
    const text = Array.from({ length: 12 }, () => paragraph).join("\n\n");
    expect(text.length).toBeGreaterThan(MAX_TEXT_CHARS);
    const out = toOutgoingMessages([{ text, buttons: [[{ label: "Menu", data: "menu" }]] }]);
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) expect(m.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(out.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(out.at(-1)?.reply_markup).toBeDefined();
    expect(out.map((m) => m.text).join("\n\n")).toBe(text);
  });

  it("drops a button whose data is over 64 bytes and reports it", () => {
    const dropped: string[] = [];
    const out = toOutgoingMessages(
      [{ text: "x", buttons: [[{ label: "ok", data: "ok" }, { label: "quá dài", data: "d".repeat(65) }], [{ label: "ư", data: "ư".repeat(33) }]] }],
      (b) => dropped.push(b.label),
    );
    expect(out[0]?.reply_markup?.inline_keyboard).toEqual([[{ text: "ok", callback_data: "ok" }]]);
    expect(dropped).toEqual(["quá dài", "ư"]);
  });

  it("never sends an empty text", () => {
    expect(toOutgoingMessages([{ text: "  " }])).toEqual([]);
    expect(toOutgoingMessages([{ text: "", buttons: [[{ label: "A", data: "a" }]] }])[0]?.text).toBe("Mời anh/chị chọn:");
  });
});

describe("secretMatches", () => {
  it("accepts only the exact secret", () => {
    expect(secretMatches("s3cret-token", "s3cret-token")).toBe(true);
    expect(secretMatches("s3cret-tokem", "s3cret-token")).toBe(false);
    expect(secretMatches("short", "s3cret-token")).toBe(false);
    expect(secretMatches(undefined, "s3cret-token")).toBe(false);
    expect(secretMatches("", "s3cret-token")).toBe(false);
    expect(secretMatches(["s3cret-token"], "s3cret-token")).toBe(false);
  });
});
