import { sameSecret } from "../../http/secret.ts";
import type { CheckedRoute, RouteHandler } from "../../http/server.ts";
import type { Logger } from "../../logger.ts";
import { describeKeys } from "./client.ts";
import { parseZaloUpdate, type ZaloUpdate } from "./updates.ts";

/**
 * The POST route Zalo calls in webhook mode. It checks the secret, parses the
 * body and hands the update over without waiting for it to be processed:
 * Zalo expects a quick 200 (OpenClaw and the official sample both answer
 * before doing the work), and the engine may take a while.
 */
export function createZaloWebhookRoute(options: {
  secret: string;
  logger: Logger;
  /** Starts processing in the background; must not throw. */
  dispatch: (update: ZaloUpdate) => void;
  /** False after stop(): answer 503 so that a retrying sender tries again later. */
  isRunning: () => boolean;
}): CheckedRoute {
  const { secret, logger, dispatch, isRunning } = options;
  // The secret is checked from the headers before the body is read (see CheckedRoute).
  const check: CheckedRoute["check"] = (headers) => {
    const given = headers["x-bot-api-secret-token"];
    if (secretMatches(typeof given === "string" ? given : undefined, secret)) return undefined;
    logger.warn("zalo", "webhook refused: missing or wrong secret token");
    return { status: 403, body: { ok: false } };
  };
  const handle: RouteHandler = async ({ body }) => {
    if (!isRunning()) return { status: 503, body: { ok: false } };
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      return { status: 400, body: { ok: false, description: "invalid JSON" } };
    }
    const update = parseZaloUpdate(json);
    if (!update) {
      // 200, not 400: an event we do not understand will not become understandable on a retry.
      logger.warn("zalo", "webhook body ignored: not a message update", { keys: describeKeys(json) });
      return { status: 200, body: { ok: true } };
    }
    dispatch(update);
    return { status: 200, body: { ok: true } };
  };
  return { check, handle };
}

/**
 * Constant-time comparison, so the secret cannot be guessed byte by byte from
 * response times. Both values are zero-padded to the same length first, so a
 * wrong length costs the same as a wrong byte.
 */
export function secretMatches(given: string | undefined, expected: string): boolean {
  return sameSecret(given, expected);
}
