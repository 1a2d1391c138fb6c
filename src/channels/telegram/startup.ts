import type { Api, Transformer } from "grammy";
import type { Logger } from "../../logger.ts";
import { maskId } from "../../logger.ts";
import { officerCommands, publicCommands } from "./messages.ts";

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

/** Runs a non-essential API call; logs its failure instead of throwing. */
export async function optional(logger: Logger, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    logger.warn("telegram", `${what} failed (not fatal)`, { error: String(error) });
  }
}

/**
 * Wraps a transformer so that it does not apply to one method. Used to keep
 * auto-retry off getUpdates: the runner already retries polling (and must be
 * able to stop it promptly), while auto-retry's back-off grows up to an hour.
 */
export function except(method: string, transformer: Transformer): Transformer {
  return (prev, m, payload, signal) => (m === method ? prev(m, payload, signal) : transformer(prev, m, payload, signal));
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
