import type { Message, Update, User } from "grammy/types";
import type { Inbound, InboundPayload, UnsupportedKind } from "../../engine/types.ts";

/**
 * Translates one Telegram update into the engine's `Inbound`, or `null` when
 * the update carries nothing for the engine (service messages such as "X
 * joined the group", commands addressed to another bot, channel posts).
 * Pure: no API calls, so it is tested with plain update objects.
 */
export function toInbound(update: Update, botUsername: string): Inbound | null {
  if (update.callback_query) {
    const query = update.callback_query;
    // Inline-mode messages have no chat; the press then answers in private.
    const chatId = query.message?.chat.id ?? query.from.id;
    if (query.data === undefined) return null;
    return envelope(update, query.from, chatId, { kind: "button", data: query.data });
  }
  const message = update.message;
  if (!message?.from) return null;
  const payload = messagePayload(message, botUsername);
  return payload ? envelope(update, message.from, message.chat.id, payload) : null;
}

function envelope(update: Update, from: User, chatId: number, payload: InboundPayload): Inbound {
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(" ").trim();
  return {
    channel: "telegram",
    userId: String(from.id),
    chatId: String(chatId),
    // In a private chat the chat id is the user's id.
    ...(chatId !== from.id ? { inGroup: true as const } : {}),
    ...(displayName ? { displayName } : {}),
    messageId: String(update.update_id),
    // The engine records it with the message's transaction: a webhook retried to another instance is answered once.
    updateId: String(update.update_id),
    ...payload,
  };
}

function messagePayload(message: Message, botUsername: string): InboundPayload | null {
  if (message.text !== undefined) {
    const command = commandPayload(message, botUsername);
    // null: a command for another bot, not ours to answer.
    return command === undefined ? { kind: "text", text: withoutMention(message.text, botUsername) } : command;
  }
  if (message.photo && message.photo.length > 0) {
    // Telegram sends several sizes, smallest first; the last is the original.
    const best = message.photo[message.photo.length - 1]!;
    return {
      kind: "attachment",
      attachment: { type: "photo", ref: best.file_id, sizeBytes: best.file_size, mimeType: "image/jpeg" },
    };
  }
  // A GIF arrives with both `animation` and `document`; it is not a dossier file.
  if (message.animation) return { kind: "unsupported", what: "other" };
  if (message.document) {
    const doc = message.document;
    return {
      kind: "attachment",
      attachment: { type: "document", ref: doc.file_id, sizeBytes: doc.file_size, mimeType: doc.mime_type, fileName: doc.file_name },
    };
  }
  const what = unsupportedKind(message);
  return what ? { kind: "unsupported", what } : null;
}

/**
 * A command is a `bot_command` entity at the very start of the text (as
 * Telegram marks "/start" or "/start@our_bot"); "/xyz" typed mid-sentence is
 * just text. A command for another bot in a group is ignored.
 */
function commandPayload(message: Message, botUsername: string): InboundPayload | null | undefined {
  const entity = message.entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity || message.text === undefined) return undefined;
  const [name = "", target] = message.text.slice(1, entity.length).split("@");
  if (target !== undefined && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  const args = message.text.slice(entity.length).trim();
  return { kind: "command", command: name.toLowerCase(), ...(args ? { args } : {}) };
}

/** "@our_bot ghi chú…" in the officer group: the engine wants the note, not the address. */
function withoutMention(text: string, botUsername: string): string {
  const mention = `@${botUsername}`.toLowerCase();
  const at = text.toLowerCase().indexOf(mention);
  if (at < 0) return text;
  const stripped = `${text.slice(0, at).trimEnd()} ${text.slice(at + mention.length).trimStart()}`.trim();
  return stripped === "" ? text : stripped;
}

function unsupportedKind(message: Message): UnsupportedKind | undefined {
  if (message.sticker) return "sticker";
  if (message.voice || message.audio) return "voice";
  if (message.video || message.video_note) return "video";
  if (message.location || message.venue) return "location";
  if (message.contact) return "contact";
  if (message.poll || message.dice || message.game || message.story || message.paid_media) return "other";
  return undefined;
}
