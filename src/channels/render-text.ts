import { CHANNEL_MSG } from "../engine/messages.ts";
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
    lines.push("", ...choices.map((b, i) => `${i + 1}. ${b.label}`), CHANNEL_MSG.typeNumber(choices.length));
  }
  if (actions.length > 0) lines.push(CHANNEL_MSG.typeWords(actions.map((b) => b.label.replace(/^[^\p{L}\p{N}]+/u, "").toLowerCase())));
  return lines.join("\n");
}
