import type { Channel, Inbound, Reply } from "./types.ts";

/** What channel adapters call: one inbound in, the replies to send back to `inbound.chatId`. */
export interface Engine {
  /**
   * Handles one inbound message. Calls for the same `channel:userId` are
   * processed strictly in order (each turn is a storage transaction locked on
   * the session key); different users run concurrently. Never throws
   * for bad input: an internal fault yields a short apology reply. Network
   * channels check the sender's flood limit (src/channels/flood-gate.ts) before calling it.
   */
  handle(inbound: Inbound): Promise<Reply[]>;
  /**
   * Tells the engine a notification with options reached a private chat, so
   * that on channels without buttons the recipient can answer it by number
   * ("1" = Tiếp nhận). Only applies while the recipient is not mid-flow.
   */
  noteDelivered?(channel: Channel, chatId: string, replies: Reply[]): Promise<void>;
}
