import type { Contact } from "../domain/records.ts";
import type { Repositories } from "../domain/storage.ts";
import { OFFICER_MSG } from "../engine/messages.ts";

export type ContactReply = { ok: true; contact: Contact } | { ok: false; reason: string };

/**
 * An officer's answer to a "Gặp cán bộ" message: recorded on the message and
 * queued to the owner on the channel they wrote from. Shared by the chat
 * command "traloi" and the web page.
 */
export async function answerContact(store: Pick<Repositories, "contacts" | "outbox">, input: { id: string; text: string; at: Date; centreName: string }): Promise<ContactReply> {
  const contact = await store.contacts.get(input.id);
  if (!contact) return { ok: false, reason: OFFICER_MSG.noSuchContact(input.id) };
  const text = input.text.trim();
  if (!text) return { ok: false, reason: OFFICER_MSG.replyUsage(contact.id) };
  const answered = (await store.contacts.answer(contact.id, text, input.at.toISOString())) ?? contact;
  await store.outbox.enqueue(contact.channel, contact.chatId, [{ text: OFFICER_MSG.replyToApplicant(input.centreName, contact.id, text) }]);
  return { ok: true, contact: answered };
}
