import { MSG, OFFICER_MSG } from "../messages.ts";
import type { Flow, Turn } from "../turn.ts";
import { notifyOfficers } from "../notify.ts";
import { CANCEL_TO_MENU_BUTTON, MENU_BUTTON } from "../buttons.ts";

/** "Gặp cán bộ": asks for one message, stores it for officers and says when the answer comes. */
export function startContact(turn: Turn): void {
  turn.setState({ name: "contact" });
  turn.say(MSG.contactAsk(turn.deps.config.CENTRE_NAME), [[CANCEL_TO_MENU_BUTTON]]);
}

export const contactFlow: Flow = {
  states: ["contact"],
  buttons: [],
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
    await notifyOfficers(turn.deps, [{ text: OFFICER_MSG.newContact(contact) }], contact.province);
    turn.setState({ name: "menu" });
    turn.say(MSG.contactSaved(contact.id, config.OFFICER_REPLY_DAYS, config.CENTRE_NAME, config.CENTRE_CONTACT), [
      [MENU_BUTTON],
    ]);
    return true;
  },
};
