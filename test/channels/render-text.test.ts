import { describe, expect, it } from "vitest";
import { renderReplyAsText } from "../../src/channels/render-text.ts";
import type { Button } from "../../src/engine/types.ts";

const choice = (label: string): Button => ({ label, data: `c:${label}`, kind: "choice" });
const action = (label: string): Button => ({ label, data: `a:${label}`, kind: "action" });

describe("renderReplyAsText: buttons as numbered lines and words to type", () => {
  it.each<[string, Button[][], string]>([
    ["no buttons", [], "Câu trả lời"],
    ["one choice", [[choice("Hỏi đáp")]], "Câu trả lời\n\n1. Hỏi đáp\n(Gõ 1)"],
    ["two choices", [[choice("Có")], [choice("Không")]], "Câu trả lời\n\n1. Có\n2. Không\n(Gõ 1 hoặc 2)"],
    ["three choices", [[choice("A"), choice("B"), choice("C")]], "Câu trả lời\n\n1. A\n2. B\n3. C\n(Gõ 1, 2 hoặc 3)"],
    ["actions only, emoji dropped and lower-cased", [[action("🏠 Menu"), action("Huỷ")]], 'Câu trả lời\nGõ: "menu" · "huỷ"'],
    ["choices then actions", [[choice("Tiếp nhận")], [action("🏠 Menu")]], 'Câu trả lời\n\n1. Tiếp nhận\n(Gõ 1)\nGõ: "menu"'],
  ])("%s", (_name, buttons, expected) => {
    expect(renderReplyAsText({ text: "Câu trả lời", buttons })).toBe(expected);
  });
});
