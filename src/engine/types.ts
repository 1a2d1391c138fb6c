/**
 * The engine contract: what every channel adapter sends in and gets back.
 * No platform types here: Telegram, Zalo and the terminal translate to and from these.
 */

export type Channel = "telegram" | "zalo" | "terminal";

/** A file the user sent; `ref` is the platform's handle (Telegram file_id, Zalo photo URL). */
export interface Attachment {
  type: "photo" | "document";
  ref: string;
  sizeBytes?: number;
  mimeType?: string;
  fileName?: string;
}

export type UnsupportedKind = "sticker" | "voice" | "video" | "location" | "contact" | "other";

export type InboundPayload =
  | { kind: "text"; text: string }
  /** A button press; `data` is the opaque Button.data the engine produced. */
  | { kind: "button"; data: string }
  /** A slash command without the slash ("start", "huy"), with the rest of the line. */
  | { kind: "command"; command: string; args?: string }
  | { kind: "attachment"; attachment: Attachment }
  | { kind: "unsupported"; what: UnsupportedKind };

export type Inbound = {
  channel: Channel;
  userId: string;
  /** Where replies go (private chat id; for an officer group, the group id). */
  chatId: string;
  /**
   * Sent from a group (officers act from theirs): the reply goes to the group,
   * while the user's own chat, where notices reach them, stays the one recorded.
   */
  inGroup?: true;
  displayName?: string;
  /** Platform message id, for logs. */
  messageId?: string;
  /**
   * The platform's id of this delivery (Telegram update_id, Zalo message id):
   * a repeat (a webhook retried, perhaps to another instance) is answered once.
   */
  updateId?: string;
} & InboundPayload;

/**
 * A button. `choice` buttons are answers to the question asked (channels without
 * buttons number them, and a typed number selects them); `action` buttons are
 * navigation (back, skip, cancel) that channels without buttons show as words to type.
 */
export interface Button {
  label: string;
  /** Short ASCII data, ≤ 64 bytes (Telegram's callback_data limit). */
  data: string;
  kind?: "choice" | "action";
}

/**
 * A document the engine asks the channel to deliver after a reply's text. The
 * engine only names it; the channel has it made (src/documents) and delivers it
 * as its platform allows: Telegram as files, Zalo as a download link, the
 * terminal as files in a folder. Never queued in the outbox: only direct replies carry it.
 */
export interface ReplyDocument {
  /** The request letter and project outline of an application, in PDF and DOCX. */
  kind: "request-letter";
  code: string;
}

export interface Reply {
  text: string;
  buttons?: Button[][];
  documents?: ReplyDocument[];
}

/** A message for someone other than the sender (officers, an applicant), delivered by its channel. */
export interface OutboundMessage {
  channel: Channel;
  chatId: string;
  replies: Reply[];
}
