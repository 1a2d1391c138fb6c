import { MSG } from "../engine/messages.ts";
import type { Channel } from "../engine/types.ts";
import { maskId, type Logger } from "../logger.ts";

/**
 * The one error boundary of every channel: a message that failed is logged
 * once (its update id, the chat and user masked, never the text) and its
 * sender gets the engine's apology; the channel carries on with the next one.
 */
export async function reportFailure(
  deps: { channel: Channel; logger: Logger },
  where: { update?: string | number; chatId?: string; userId?: string },
  error: unknown,
  sendApology?: (text: string) => Promise<unknown>,
): Promise<void> {
  deps.logger.error(deps.channel, "update failed", {
    update: where.update,
    chat: where.chatId === undefined ? undefined : maskId(where.chatId),
    user: where.userId === undefined ? undefined : maskId(where.userId),
    error: String(error),
  });
  if (!sendApology) return;
  try {
    await sendApology(MSG.apology);
  } catch (sendError) {
    deps.logger.warn(deps.channel, "apology not sent", { chat: where.chatId === undefined ? undefined : maskId(where.chatId), error: String(sendError) });
  }
}
