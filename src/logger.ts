/**
 * A small structured logger writing one line per event to stderr.
 * Personal data never reach it whole: callers pass ids through `maskId` and text through `maskText`.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(scope: string, message: string, fields?: Record<string, unknown>): void;
  info(scope: string, message: string, fields?: Record<string, unknown>): void;
  warn(scope: string, message: string, fields?: Record<string, unknown>): void;
  error(scope: string, message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const log = (at: LogLevel) => (scope: string, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields ? ` ${JSON.stringify(maskFields(fields))}` : "";
    write(`${new Date().toISOString()} ${at.toUpperCase()} [${scope}] ${message}${extra}`);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = createLogger("error", () => {});

/** Keeps the last 3 characters of an id: enough to tell users apart in logs, not to identify them. */
export function maskId(id: string): string {
  return id.length <= 3 ? "***" : `***${id.slice(-3)}`;
}

/**
 * Masks bot tokens, tax codes and phone numbers inside free text, in every way
 * the form accepts them: tax codes of 10 or 13 digits (with or without the
 * dash); phones with spaces, dots, dashes or brackets, from 0, 84 or +84.
 * Digits inside amounts ("1.500.000.000") and codes (KC-2026-000123) are kept.
 */
export function maskText(text: string): string {
  return text
    .replace(/\bbot\d+:[A-Za-z0-9_-]+/g, "bot***")
    .replace(/\d+:[A-Za-z0-9_-]{20,}/g, "***:***")
    // The 12-digit personal number, a household business's tax code since 1/7/2025 (also written in groups of 3).
    .replace(/(?<!\d|\d[.,])(?:\d{12}|\d{3} \d{3} \d{3} \d{3})(?!\d|[.,]\d)/g, "************")
    .replace(/(?<!\d|\d[.,])\d{10}(?:-?\d{3})?(?!\d|[.,]\d)/g, "**********")
    .replace(/(?<!\d|\+|\d[.,])(?:\+84|84|\(?0)[\s.()-]{0,3}[1-9](?:[\s.()-]{0,3}\d){8,9}(?!\d)/g, (m) => `${m.slice(0, 3)}***`);
}

function maskFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = typeof value === "string" ? maskText(value) : value;
  }
  return out;
}
