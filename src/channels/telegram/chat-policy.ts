import type { Message, Update } from "grammy/types";

/**
 * Decides which updates reach the engine at all.
 *
 * - Private chats: everything.
 * - The officer group (TELEGRAM_OFFICER_CHAT_ID): button presses, commands,
 *   and messages that reply to the bot or mention it. Officers talk among
 *   themselves in that group; only what is addressed to the bot is for the
 *   engine. This is the same rule Telegram's privacy mode applies, so the bot
 *   behaves the same whether privacy mode is on or off.
 * - Any other group or channel: nothing. Applications carry personal data and
 *   must not be filled in where others read along; the bot stays silent there.
 */
export function isForTheBot(update: Update, me: { id: number; username: string }, officerChatId: string | undefined): boolean {
  if (update.callback_query) {
    const chat = update.callback_query.message?.chat;
    return !chat || chat.type === "private" || String(chat.id) === officerChatId;
  }
  const message = update.message;
  if (!message) return false;
  if (message.chat.type === "private") return true;
  if (String(message.chat.id) !== officerChatId) return false;
  return isCommand(message) || message.reply_to_message?.from?.id === me.id || mentions(message, me.username);
}

function isCommand(message: Message): boolean {
  return message.entities?.some((e) => e.type === "bot_command" && e.offset === 0) ?? false;
}

function mentions(message: Message, username: string): boolean {
  const text = message.text ?? message.caption ?? "";
  const entities = message.entities ?? message.caption_entities ?? [];
  const wanted = `@${username}`.toLowerCase();
  return entities.some((e) => e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === wanted);
}
