import { sameSecret } from "../../http/secret.ts";
import type { Update } from "grammy/types";
import type { CheckedRoute, RouteHandler } from "../../http/server.ts";
import type { Logger } from "../../logger.ts";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** Compares the secret header with the configured secret in constant time (see sameSecret). */
export function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  return sameSecret(typeof header === "string" ? header : undefined, secret);
}

/**
 * The POST route Telegram calls. A request without the right secret gets 401
 * before its body is read. A valid update is processed before answering 200, so
 * that Telegram redelivers it if we crash mid-way; if processing takes longer
 * than `answerWithinMs` we answer 200 anyway (Telegram would otherwise retry a
 * slow but healthy update) and let it finish in the background.
 */
export function createWebhookRoute(options: {
  secret: string;
  handle: (update: Update) => Promise<void>;
  accepting: () => boolean;
  logger: Logger;
  answerWithinMs?: number;
}): CheckedRoute {
  const { secret, handle, accepting, logger, answerWithinMs = 10_000 } = options;
  const check: CheckedRoute["check"] = (headers) => {
    if (secretMatches(headers[SECRET_HEADER], secret)) return undefined;
    logger.warn("telegram", "webhook request refused: missing or wrong secret token");
    return { status: 401, body: { ok: false } };
  };
  const route: RouteHandler = async ({ body }) => {
    // 503 while stopping: Telegram keeps the update and retries after restart.
    if (!accepting()) return { status: 503, body: { ok: false } };
    const update = parseUpdate(body);
    if (!update) return { status: 400, body: { ok: false, description: "not a Telegram update" } };

    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<"slow">((resolve) => {
      timer = setTimeout(() => resolve("slow"), answerWithinMs);
    });
    const outcome = await Promise.race([handle(update).then(() => "done" as const), slow]);
    clearTimeout(timer);
    if (outcome === "slow") logger.warn("telegram", "update still running, answered webhook early", { update: update.update_id });
    return { status: 200, body: { ok: true } };
  };
  return { check, handle: route };
}

function parseUpdate(body: Buffer): Update | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    if (typeof value === "object" && value !== null && typeof (value as { update_id?: unknown }).update_id === "number") {
      return value as Update;
    }
  } catch {
    // fall through: malformed JSON is answered 400
  }
  return undefined;
}
