import { z } from "zod";

/**
 * Every environment variable the bot reads, validated in one place.
 *
 * A bad value stops start-up with one message listing each bad variable and
 * what it expects, so an operator fixes the .env file in one go.
 */

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const idList = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : (v ?? [])),
  z.array(z.string().regex(/^[A-Za-z0-9_-]+$/, "danh sách id cách nhau bởi dấu phẩy")),
);
const num = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().min(min).max(max).default(fallback));
const url = z.preprocess(emptyToUndefined, z.url({ message: "phải là một URL đầy đủ (https://…)" }).optional());
const secret = z.preprocess(
  emptyToUndefined,
  z.string().regex(/^[A-Za-z0-9_-]{8,256}$/, "8–256 ký tự chữ, số, _ hoặc -").optional(),
);

export const configSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(["development", "production", "test"]).default("development")),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().regex(/^postgres(ql)?:\/\//, "dạng postgresql://người_dùng:mật_khẩu@máy:5432/tên_csdl").optional()),
  DATABASE_POOL_SIZE: num(10, 1, 200),
  KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default("./knowledge")),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),

  SEARCH_ANSWER_SCORE: num(0.62, 0, 1),
  SEARCH_CLARIFY_SCORE: num(0.35, 0, 1),
  SEARCH_MIN_MARGIN: num(0.04, 0, 1),
  SEARCH_LEAD_SCORE: num(0.5, 0, 1),
  SEARCH_LEAD_MARGIN: num(0.08, 0, 1),
  SEARCH_MIN_COVERAGE: num(0.65, 0, 1),

  MAX_MESSAGE_CHARS: num(1500, 50, 100_000),
  DRAFT_TTL_DAYS: num(30, 1, 3650),
  QUESTION_LOG_PER_USER_PER_DAY: num(50, 1, 10_000),
  QUESTION_LOG_DAYS: num(180, 1, 3650),
  SESSION_FLUSH_MS: num(2000, 0, 60_000),
  FLOOD_MAX_MESSAGES: num(20, 1, 10_000),
  FLOOD_WINDOW_SECONDS: num(10, 1, 3600),

  CENTRE_NAME: z.preprocess(emptyToUndefined, z.string().default("Trung tâm Khuyến công tỉnh")),
  CENTRE_CONTACT: optionalString,
  OFFICER_REPLY_DAYS: num(2, 1, 30),
  /** Officers per province (YAML or JSON, see README "Cán bộ theo tỉnh"); the *_OFFICER_* variables stay the all-provinces role. */
  OFFICERS_FILE: optionalString,

  /** Loopback unless said otherwise: the bot sits behind the centre's https reverse proxy on the same machine. */
  HTTP_HOST: z.preprocess(emptyToUndefined, z.string().default("127.0.0.1")),
  /** Set: the HTTP server starts (webhooks, officers' web page, letter links) in every mode; webhooks alone default to 8080. */
  HTTP_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  WEBHOOK_MAX_BODY_BYTES: num(256 * 1024, 1024, 50 * 1024 * 1024),

  /** Public base URL of this HTTP server (https://bot.example.vn): Zalo users get signed download links to their request letter. */
  WEB_PUBLIC_URL: url,
  DOCUMENT_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{32,256}$/, "32–256 ký tự chữ, số, _ hoặc -").optional()),
  DOCUMENT_LINK_MINUTES: num(60, 5, 7 * 24 * 60),
  /** Signs the officers' one-time sign-in links and their CSRF tokens; with WEB_PUBLIC_URL it turns the officers' web page on. */
  WEB_SECRET: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{32,256}$/, "32–256 ký tự chữ, số, _ hoặc -").optional()),

  TELEGRAM_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "dạng 123456:ABC… do BotFather cấp").optional()),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url().default("https://api.telegram.org")),
  TELEGRAM_WEBHOOK_URL: url,
  TELEGRAM_WEBHOOK_SECRET: secret,
  TELEGRAM_OFFICER_IDS: idList,
  TELEGRAM_OFFICER_CHAT_ID: z.preprocess(emptyToUndefined, z.string().regex(/^-?\d+$/, "id nhóm Telegram, ví dụ -1001234567890").optional()),

  ZALO_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "dạng 123456789:abc-xyz do Zalo Bot Creator cấp").optional()),
  ZALO_API_ROOT: z.preprocess(emptyToUndefined, z.url().default("https://bot-api.zaloplatforms.com")),
  ZALO_WEBHOOK_URL: url,
  ZALO_WEBHOOK_SECRET: secret,
  ZALO_OFFICER_IDS: idList,

  TERMINAL_OFFICER: z.preprocess(emptyToUndefined, z.enum(["0", "1"]).default("0")),
});

export type Config = z.infer<typeof configSchema>;

/** Port of the HTTP server when webhooks need one and HTTP_PORT is not set. */
export const DEFAULT_HTTP_PORT = 8080;

/** The HTTP server's port, or undefined when nothing needs it (no HTTP_PORT, no webhook, no public URL). */
export function httpPort(config: Config): number | undefined {
  if (config.HTTP_PORT !== undefined) return config.HTTP_PORT;
  return config.TELEGRAM_WEBHOOK_URL || config.ZALO_WEBHOOK_URL || config.WEB_PUBLIC_URL ? DEFAULT_HTTP_PORT : undefined;
}

const VIETNAMESE_ERRORS = z.locales.vi().localeError;

/** Thrown with every bad variable listed; main prints it and exits. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws ConfigError naming each bad variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Operators read these at start-up: zod's own wording in Vietnamese where no message of ours is given.
  const parsed = configSchema.safeParse(env, { error: VIETNAMESE_ERRORS });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) problems.push("TELEGRAM_WEBHOOK_SECRET: bắt buộc khi đặt TELEGRAM_WEBHOOK_URL");
  if (config.ZALO_WEBHOOK_URL && !config.ZALO_WEBHOOK_SECRET) problems.push("ZALO_WEBHOOK_SECRET: bắt buộc khi đặt ZALO_WEBHOOK_URL");
  if (config.WEB_PUBLIC_URL && !/^https?:\/\//.test(config.WEB_PUBLIC_URL)) problems.push("WEB_PUBLIC_URL: phải bắt đầu bằng https:// (hoặc http:// khi thử trên máy)");
  if (config.WEB_SECRET && !config.WEB_PUBLIC_URL) problems.push("WEB_PUBLIC_URL: bắt buộc khi đặt WEB_SECRET (địa chỉ trang web cán bộ, ví dụ https://bot.trungtam.vn)");
  if (config.SEARCH_CLARIFY_SCORE > config.SEARCH_ANSWER_SCORE) problems.push("SEARCH_CLARIFY_SCORE: phải nhỏ hơn hoặc bằng SEARCH_ANSWER_SCORE");
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
