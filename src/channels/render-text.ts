import type { Reply } from "../engine/types.ts";

/**
 * Renders a reply for channels without buttons (Zalo, terminal): choice buttons
 * become numbered lines the user answers with the number or the words, action
 * buttons a line of words to type.
 */
export function renderReplyAsText(reply: Reply): string {
  const buttons = (reply.buttons ?? []).flat();
  const choices = buttons.filter((b) => b.kind !== "action");
  const actions = buttons.filter((b) => b.kind === "action");
  const lines = [reply.text];
  if (choices.length > 0) {
    lines.push("", ...choices.map((b, i) => `${i + 1}. ${b.label}`));
    const numbers = choices.map((_, i) => String(i + 1));
    const last = numbers.pop();
    lines.push(numbers.length > 0 ? `(Gõ ${numbers.join(", ")} hoặc ${last})` : `(Gõ ${last})`);
  }
  if (actions.length > 0) lines.push(`Gõ: ${actions.map((b) => `"${b.label.replace(/^[^\p{L}\p{N}]+/u, "").toLowerCase()}"`).join(" · ")}`);
  return lines.join("\n");
}
