import { GrammyError, type Api, type Bot, type Transformer } from "grammy";
import type { Logger } from "../../logger.ts";
import { maskId } from "../../logger.ts";
import { officerCommands, publicCommands } from "./commands.ts";
import { STARTUP_MSG } from "../startup-errors.ts";

/**
 * Registers the Vietnamese command menu: the public list for everyone, the
 * list with /xuat for the officer group and each officer's private chat.
 * Every call is optional comfort: a failure (an officer who never opened the
 * bot gives "chat not found"; the test emulator lacks setMyCommands) is
 * logged and start-up continues.
 */
export async function registerCommands(api: Api, officerIds: string[], officerChatId: string | undefined, logger: Logger): Promise<void> {
  await optional(logger, "setMyCommands (default)", () => api.setMyCommands([...publicCommands]));
  const officerChats = [...(officerChatId ? [officerChatId] : []), ...officerIds];
  for (const chatId of officerChats) {
    await optional(logger, `setMyCommands (officer chat ${maskId(chatId)})`, () =>
      api.setMyCommands([...officerCommands], { scope: { type: "chat", chat_id: chatId } }),
    );
  }
}

/**
 * getMe, the one essential start-up call. grammY's init already retries
 * network errors with back-off, but forever; a deadline turns "hangs silently"
 * (a wrong TELEGRAM_API_ROOT looks exactly like a network that is down) into
 * a start-up error naming what to check. A rejected token fails at once.
 */
export async function initBot(bot: Bot, timeoutMs = 30_000): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await bot.init(controller.signal as Parameters<Bot["init"]>[0]);
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new Error(STARTUP_MSG.tokenRefused("Telegram", `${error.error_code} ${error.description}`));
    }
    throw new Error(STARTUP_MSG.unreachable("Telegram", Math.round(timeoutMs / 1000), String(error)));
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a non-essential API call; logs its failure instead of throwing. */
export async function optional(logger: Logger, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    logger.warn("telegram", `${what} failed (not fatal)`, { error: String(error) });
  }
}

/**
 * Wraps a transformer so that it does not apply to some methods. Keeps
 * auto-retry (whose network back-off is unbounded and grows to an hour) off
 * getUpdates, which the runner retries itself and must stop promptly, and off
 * getMe, which grammY's init retries itself until the start-up deadline.
 */
export function except(methods: string[], transformer: Transformer): Transformer {
  return (prev, m, payload, signal) => (methods.includes(m) ? prev(m, payload, signal) : transformer(prev, m, payload, signal));
}

/**
 * Watches getUpdates: logs the first failure of an outage and the recovery
 * (not every retry), and paces a server that answers an empty long poll
 * immediately instead of holding it (the local test emulator ignores
 * `timeout`), so that polling never spins at full speed.
 */
export function pollingGuard(logger: Logger, minEmptyPollMs = 250): Transformer {
  let failing = false;
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    const began = Date.now();
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        // 401 (bad token) and 409 (a webhook is set, or another instance polls) end polling: always say so.
        logger.warn("telegram", "getUpdates refused", { code: result.error_code, description: result.description });
        failing = true;
        return result;
      }
      if (failing) {
        failing = false;
        logger.info("telegram", "polling recovered");
      }
      const elapsed = Date.now() - began;
      if (Array.isArray(result.result) && result.result.length === 0 && elapsed < minEmptyPollMs) {
        await pause(minEmptyPollMs - elapsed, signal);
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) {
        if (!failing) logger.warn("telegram", "getUpdates failed, retrying", { error: String(error) });
        failing = true;
      }
      throw error;
    }
  };
}

/** grammY passes its own AbortSignal type (an abort-controller polyfill on Node). */
type ApiSignal = Parameters<Transformer>[3];

function pause(ms: number, signal: ApiSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
