import type { HttpServer } from "../http/server.ts";

/** The platforms a channel talks to, as their settings are named (TELEGRAM_…, ZALO_…). */
export type Platform = "Telegram" | "Zalo";

const setting = (platform: Platform, name: "BOT_TOKEN" | "API_ROOT" | "WEBHOOK_URL" | "WEBHOOK_SECRET") => `${platform.toUpperCase()}_${name}`;

/**
 * Why a channel refuses to start, for the operator: in Vietnamese like the
 * configuration errors (src/config.ts), one sentence per fault whichever the
 * platform, naming the setting to check and never the token itself.
 */
export const STARTUP_MSG = {
  missingToken: (platform: Platform) => `${setting(platform, "BOT_TOKEN")} chưa được đặt: không thể chạy kênh ${platform}`,
  webhookNeedsServer: (platform: Platform) => `Chế độ webhook của ${platform} cần máy chủ HTTP dùng chung`,
  webhookNeedsSecret: (platform: Platform) => `${setting(platform, "WEBHOOK_SECRET")}: bắt buộc khi đặt ${setting(platform, "WEBHOOK_URL")}`,
  tokenRefused: (platform: Platform, detail: string) => `${platform} từ chối ${setting(platform, "BOT_TOKEN")} (${detail}). Kiểm tra lại token${platform === "Telegram" ? " do BotFather cấp" : ""}.`,
  unreachable: (platform: Platform, seconds: number, detail: string) =>
    `Không kết nối được ${platform} Bot API sau ${seconds} giây (${detail}). Kiểm tra mạng và ${setting(platform, "API_ROOT")}.`,
  webhookRefused: (platform: Platform, detail: string) =>
    `${platform} không nhận địa chỉ webhook (${detail}). Kiểm tra ${setting(platform, "WEBHOOK_URL")}: một địa chỉ https mà ${platform} gọi tới được.`,
} as const;

/** The bot token, or the refusal to start without one. */
export function requireToken(platform: Platform, token: string | undefined): string {
  if (!token) throw new Error(STARTUP_MSG.missingToken(platform));
  return token;
}

/**
 * What webhook mode needs, checked the same way on every channel when it is
 * built: undefined without a webhook URL (long polling), otherwise the URL,
 * the secret and the shared HTTP server, or the refusal naming what is missing.
 */
export function webhookSetup(platform: Platform, given: { url: string | undefined; secret: string | undefined; http: HttpServer | undefined }): { url: string; secret: string; http: HttpServer } | undefined {
  if (!given.url) return undefined;
  if (!given.http) throw new Error(STARTUP_MSG.webhookNeedsServer(platform));
  if (!given.secret) throw new Error(STARTUP_MSG.webhookNeedsSecret(platform));
  return { url: given.url, secret: given.secret, http: given.http };
}
