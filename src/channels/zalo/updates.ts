import { z } from "zod";
import type { Inbound, UnsupportedKind } from "../../engine/types.ts";

/**
 * Inbound Zalo Bot updates and their translation to the engine's `Inbound`.
 *
 * The published samples disagree on details, so the schema is lenient where
 * sources conflict: the sender name field (`display_name` in the webhook
 * sample, `first_name` in a getUpdates sample, `name` in OpenClaw's types),
 * the image URL field (`photo` in the official table, `photo_url` in newer
 * OpenClaw types), and `event_name`, which one getUpdates sample omits.
 */

/** Ids are documented as opaque hex strings; a number is accepted and stringified, never compared as a number. */
const idSchema = z.union([z.string().min(1), z.number()]).transform(String);

const messageSchema = z.object({
  message_id: idSchema,
  from: z.object({
    id: idSchema,
    display_name: z.string().optional(),
    name: z.string().optional(),
    first_name: z.string().optional(),
    is_bot: z.boolean().optional(),
  }),
  chat: z.object({ id: idSchema, chat_type: z.string().optional() }),
  /** Milliseconds since the epoch (Telegram uses seconds). */
  date: z.number().optional(),
  text: z.string().optional(),
  photo: z.string().optional(),
  photo_url: z.string().optional(),
  caption: z.string().optional(),
  sticker: z.string().optional(),
  url: z.string().optional(),
});

export const zaloUpdateSchema = z.object({
  event_name: z.string().optional(),
  message: messageSchema.optional(),
});

export type ZaloUpdate = z.infer<typeof zaloUpdateSchema>;
export type ZaloMessage = z.infer<typeof messageSchema>;

const wrappedSchema = z.object({ ok: z.literal(true), result: z.unknown() });

/**
 * Reads a webhook body or a getUpdates `result`: the documented wrapped shape
 * `{ok: true, result: {event_name, message}}` or the bare `{event_name, message}`
 * that OpenClaw says Zalo really sends. Returns undefined for anything else.
 */
export function parseZaloUpdate(body: unknown): ZaloUpdate | undefined {
  const wrapped = wrappedSchema.safeParse(body);
  const candidate = wrapped.success ? wrapped.data.result : body;
  const parsed = zaloUpdateSchema.safeParse(candidate);
  if (!parsed.success || !parsed.data.message) return undefined;
  return parsed.data;
}

/**
 * True for a one-to-one chat. Zalo marks chats `PRIVATE` or `GROUP`; a message
 * without `chat_type` (older samples) counts as private.
 */
export function isPrivateChat(update: ZaloUpdate): boolean {
  const type = update.message?.chat.chat_type;
  return type === undefined || type.toUpperCase() === "PRIVATE";
}

/** The de-duplication key: Zalo updates carry no update id, only the message id. */
export function updateKey(update: ZaloUpdate): string | undefined {
  return update.message?.message_id;
}

/**
 * Translates one update into the engine's `Inbound`. Returns undefined for an
 * update without a message (nothing to answer).
 */
export function toInbound(update: ZaloUpdate): Inbound | undefined {
  const message = update.message;
  if (!message) return undefined;
  const base = {
    channel: "zalo" as const,
    userId: message.from.id,
    chatId: message.chat.id,
    displayName: message.from.display_name ?? message.from.name ?? message.from.first_name,
    messageId: message.message_id,
    // Zalo updates carry no update id: the message id is the de-duplication key, recorded by the engine
    // with the message's transaction, so a webhook retried to another instance is answered once.
    updateId: message.message_id,
  };
  switch (eventKind(update)) {
    case "text":
      return { ...base, ...textPayload(message.text ?? "") };
    case "image": {
      const ref = message.photo ?? message.photo_url ?? message.url;
      if (!ref) return { ...base, kind: "unsupported", what: "other" };
      return { ...base, kind: "attachment", attachment: { type: "photo", ref } };
    }
    case "sticker":
      return { ...base, kind: "unsupported", what: "sticker" };
    default:
      return { ...base, kind: "unsupported", what: unsupportedKind(update.event_name) };
  }
}

type EventKind = "text" | "image" | "sticker" | "other";

/** Uses `event_name` when present; otherwise infers the kind from the fields, for samples that omit it. */
function eventKind(update: ZaloUpdate): EventKind {
  const name = update.event_name;
  if (name === "message.text.received") return "text";
  if (name === "message.image.received") return "image";
  if (name === "message.sticker.received") return "sticker";
  if (name !== undefined) return "other";
  const m = update.message;
  if (m?.photo ?? m?.photo_url) return "image";
  if (m?.sticker) return "sticker";
  if (m?.text !== undefined) return "text";
  return "other";
}

/** Maps the undocumented-but-reported event names (voice, video…) to the engine's kinds. */
function unsupportedKind(eventName: string | undefined): UnsupportedKind {
  if (!eventName) return "other";
  for (const kind of ["voice", "video", "location", "contact"] as const) {
    if (eventName.includes(kind)) return kind;
  }
  return "other";
}

/**
 * Zalo has no command entities: a text starting with "/" and a word is a
 * command ("/start", "/huy ABC"), anything else is plain text. The command is
 * lowercased because users type "/Start" on phone keyboards.
 */
function textPayload(text: string): { kind: "text"; text: string } | { kind: "command"; command: string; args?: string } {
  const match = /^\/([\p{L}\p{N}_]+)(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!match?.[1]) return { kind: "text", text };
  const args = match[2]?.trim();
  return args ? { kind: "command", command: match[1].toLowerCase(), args } : { kind: "command", command: match[1].toLowerCase() };
}
