/**
 * Starts the `telegram-test-api` emulator (a local stand-in for the Bot API,
 * platform notes C.2) on 127.0.0.1 and a free port.
 */
import { freePort } from "../../support/ports.ts";
import TelegramServer from "telegram-test-api";
import type { TelegramServer as TelegramServerClass } from "telegram-test-api/lib/telegramServer.js";

export { freePort } from "../../support/ports.ts";

export async function startEmulator() {
  const port = await freePort();
  // The package's typings describe `exports.default`, but at run time the module is the class itself.
  const Server = TelegramServer as unknown as typeof TelegramServerClass;
  const server = new Server({ port, host: "127.0.0.1", storage: "RAM", storeTimeout: 60 });
  await server.start();
  return { server, apiRoot: server.config.apiURL, stop: () => server.stop() };
}

export interface BotReply {
  text: string;
  buttons: { text: string; callback_data: string }[][];
}

/**
 * Collects the bot's messages to one chat until `done` says enough arrived
 * (the client polls the emulator; replies to one input can come in pieces).
 */
export async function readReplies(
  client: { getUpdates(): Promise<{ result: unknown[] }> },
  done: (replies: BotReply[]) => boolean,
  timeoutMs = 15_000,
): Promise<BotReply[]> {
  const replies: BotReply[] = [];
  const until = Date.now() + timeoutMs;
  while (!done(replies)) {
    if (Date.now() > until) throw new Error(`bot replies incomplete after ${timeoutMs} ms: ${JSON.stringify(replies)}`);
    try {
      const { result } = await client.getUpdates();
      for (const update of result as { message: { text: string; reply_markup?: { inline_keyboard?: BotReply["buttons"] } } }[]) {
        replies.push({ text: update.message.text, buttons: update.message.reply_markup?.inline_keyboard ?? [] });
      }
    } catch {
      // the client's own wait timed out with nothing new; poll again
    }
  }
  return replies;
}
