import { InputFile, type Api } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { Button, Reply } from "../../engine/types.ts";
import type { Logger } from "../../logger.ts";
import { maskId } from "../../logger.ts";
import { splitMessage } from "../../text/split.ts";
import { CHANNEL_MSG } from "../../engine/messages.ts";
import type { DocumentFiles } from "../../documents/delivery.ts";
import { DOCUMENT_DELIVERY_MSG } from "../../engine/document-messages.ts";
import { makeDocumentFiles } from "../document-delivery.ts";

/** Telegram's limits (Bot API: sendMessage text 1–4096 chars, callback_data 1–64 bytes). */
export const MAX_TEXT_CHARS = 4096;
export const MAX_CALLBACK_BYTES = 64;

/** One sendMessage call's content. */
export interface OutgoingMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/**
 * Turns engine replies into the messages to send, in order: each text split at
 * 4096 characters on paragraph boundaries, the keyboard on the last chunk so
 * the buttons sit under the end of the answer. A button whose data Telegram
 * would refuse is dropped (reported through `onDropped`) rather than failing
 * the whole message.
 */
export function toOutgoingMessages(replies: Reply[], onDropped: (button: Button) => void = () => {}): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  for (const reply of replies) {
    const keyboard = toKeyboard(reply.buttons ?? [], onDropped);
    const text = reply.text.trim() === "" ? (keyboard ? CHANNEL_MSG.chooseBelow : "") : reply.text;
    if (text === "") continue;
    const chunks = splitMessage(text, MAX_TEXT_CHARS);
    chunks.forEach((chunk, i) => {
      out.push(i === chunks.length - 1 && keyboard ? { text: chunk, reply_markup: keyboard } : { text: chunk });
    });
  }
  return out;
}

function toKeyboard(rows: Button[][], onDropped: (button: Button) => void): InlineKeyboardMarkup | undefined {
  const keyboard: InlineKeyboardButton[][] = [];
  for (const row of rows) {
    const buttons: InlineKeyboardButton[] = [];
    for (const button of row) {
      const bytes = Buffer.byteLength(button.data, "utf8");
      if (bytes === 0 || bytes > MAX_CALLBACK_BYTES || button.label.trim() === "") {
        onDropped(button);
        continue;
      }
      buttons.push({ text: button.label, callback_data: button.data });
    }
    if (buttons.length > 0) keyboard.push(buttons);
  }
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}

/**
 * Sends replies to one chat, one message after another so they arrive in
 * order. Plain text (no parse_mode): engine texts are not escaped Markdown/HTML,
 * and a stray "_" or "<" must never make Telegram reject an answer. Link
 * previews are off because answers cite sources and a preview card would bury
 * the text.
 */
export async function sendReplies(api: Api, chatId: string | number, replies: Reply[], logger: Logger, documents?: DocumentFiles): Promise<void> {
  for (const reply of replies) {
    const messages = toOutgoingMessages([reply], (button) =>
      logger.warn("telegram", "button dropped: callback data not 1–64 bytes", { chat: maskId(String(chatId)), bytes: Buffer.byteLength(button.data) }),
    );
    for (const message of messages) {
      await api.sendMessage(chatId, message.text, {
        link_preview_options: { is_disabled: true },
        ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
      });
    }
    for (const document of reply.documents ?? []) {
      // The request letter as files (PDF to print, DOCX to edit), made now from the stored application.
      const files = await makeDocumentFiles(documents, document, logger);
      if (!files) {
        await api.sendMessage(chatId, DOCUMENT_DELIVERY_MSG.failed);
        continue;
      }
      for (const [i, file] of files.entries()) {
        await api.sendDocument(chatId, new InputFile(file.data, file.fileName), { caption: DOCUMENT_DELIVERY_MSG.caption(file, i === files.length - 1) });
      }
    }
  }
}
