import type { TurnDeps } from "./turn.ts";
import type { Channel, Reply } from "./types.ts";

/**
 * Queues a message for the officers of `province` (its own team when it has
 * one, else the national officers; delivered by each channel's outbox worker).
 */
export async function notifyOfficers(deps: Pick<TurnDeps, "officers" | "store">, replies: Reply[], province?: string): Promise<void> {
  for (const dest of deps.officers.destinations(province)) await deps.store.outbox.enqueue(dest.channel, dest.chatId, replies);
}

/** Queues a message for an applicant on the channel they used. */
export async function notifyUser(deps: Pick<TurnDeps, "store">, channel: Channel, chatId: string, replies: Reply[]): Promise<void> {
  await deps.store.outbox.enqueue(channel, chatId, replies);
}
