import type { Channel, Inbound, Reply } from "./types.ts";

/** What channel adapters call: one inbound in, the replies to send back to `inbound.chatId`. */
export interface Engine {
  /**
   * Handles one inbound message. Calls for the same `channel:userId` are
   * processed strictly in order; different users run concurrently. Never throws
   * for bad input: an internal fault yields a short apology reply.
   */
  handle(inbound: Inbound): Promise<Reply[]>;
  /**
   * Tells the engine a notification with options reached a private chat, so
   * that on channels without buttons the recipient can answer it by number
   * ("1" = Tiếp nhận). Only applies while the recipient is not mid-flow.
   */
  noteDelivered?(channel: Channel, chatId: string, replies: Reply[]): Promise<void>;
}

/** A queued message for someone other than the sender: an officer chat or an applicant. */
export interface OutboxItem {
  id: string;
  channel: Channel;
  chatId: string;
  replies: Reply[];
  createdAt: string;
  attempts: number;
}

/**
 * Persistent queue of outbound notifications. The engine and the officers' CLI
 * enqueue; each running channel adapter delivers its own channel's items and
 * marks them delivered, so a notification queued while the bot was down is
 * delivered when it starts.
 */
export interface Outbox {
  enqueue(channel: Channel, chatId: string, replies: Reply[]): Promise<OutboxItem>;
  pending(channel: Channel): OutboxItem[];
  markDelivered(id: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  /** Called after each enqueue; returns an unsubscribe function. */
  onEnqueue(listener: (item: OutboxItem) => void): () => void;
}
