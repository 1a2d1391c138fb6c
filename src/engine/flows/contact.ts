import { MSG } from "../messages.ts";
import type { Flow, Turn } from "../turn.ts";
import { notifyOfficers } from "../notify.ts";

/** "Gặp cán bộ": asks for one message, stores it for officers and says when the answer comes. */
export function startContact(turn: Turn): void {
  turn.setState({ name: "contact" });
  turn.say(MSG.contactAsk(turn.deps.config.CENTRE_NAME), [[{ label: "Huỷ", data: "m:menu", kind: "action" }]]);
}

export const contactFlow: Flow = {
  states: ["contact"],
  prefixes: [],
  prompt: (turn) => startContact(turn),
  onText: async (turn, text) => {
    const { store, config } = turn.deps;
    const contact = await store.contacts.add({
      at: turn.now.toISOString(),
      channel: turn.inbound.channel,
      userId: turn.inbound.userId,
      chatId: turn.session.chatId,
      displayName: turn.session.displayName,
      text,
      ...(turn.session.province ? { province: turn.session.province } : {}),
    });
    await notifyOfficers(turn.deps, [
      {
        text: `📩 Tin nhắn mới cho cán bộ (mã ${contact.id})\nTừ: ${contact.displayName ?? "(không tên)"} — kênh ${contact.channel}\n\n${text}\n\nĐể trả lời: gõ "traloi ${contact.id} <nội dung>".`,
      },
    ], contact.province);
    turn.setState({ name: "menu" });
    turn.say(MSG.contactSaved(contact.id, config.OFFICER_REPLY_DAYS, config.CENTRE_NAME, config.CENTRE_CONTACT), [
      [{ label: "🏠 Menu", data: "m:menu", kind: "action" }],
    ]);
    return true;
  },
};
