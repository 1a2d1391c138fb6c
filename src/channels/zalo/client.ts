import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { z } from "zod";
import { parseZaloUpdate, type ZaloUpdate } from "./updates.ts";

/**
 * A small typed client for the Zalo Bot API (`POST {apiRoot}/bot{token}/{method}`,
 * JSON in, `{ok, result}` / `{ok: false, error_code, description}` out).
 * Written on axios instead of a third-party SDK so that we control retries,
 * timeouts and, above all, that the token never leaks into errors or logs.
 */

/**
 * Where a failure came from: Zalo's answer (`api`), the network (`network`:
 * refused, reset, timed out, aborted), or a request/answer we could not use
 * (`invalid`: text too long, result not in the documented shape).
 */
export type ZaloErrorKind = "api" | "network" | "invalid";

/** A failed Zalo call. The message never contains the bot token. */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly kind: ZaloErrorKind,
    /** Zalo `error_code`, else the HTTP status; undefined for network faults. */
    readonly code: number | undefined,
    readonly description: string,
    /** How long Zalo asked us to wait (Retry-After), if it did. */
    readonly retryAfterMs?: number,
  ) {
    super(`Zalo ${method} thất bại${code === undefined ? "" : ` (${code})`}: ${description}`);
    this.name = "ZaloApiError";
  }

  /** getUpdates answers 408 when nothing arrived during the long poll: not a fault, poll again. */
  get isPollingTimeout(): boolean {
    return this.code === 408;
  }

  /** Quota (429), server faults (5xx) and network faults are worth retrying; the rest will fail again. */
  get isRetryable(): boolean {
    if (this.kind === "network") return true;
    return this.kind === "api" && this.code !== undefined && (this.code === 429 || (this.code >= 500 && this.code <= 599));
  }
}

export interface ZaloClientOptions {
  token: string;
  /** e.g. https://bot-api.zaloplatforms.com (older docs: https://bot-api.zapps.me). */
  apiRoot: string;
  /** Per-request timeout for ordinary calls. */
  timeoutMs?: number;
  /** Retries after the first attempt, for retryable faults. */
  maxRetries?: number;
  /** First back-off delay; doubled at each retry, capped at `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected in tests so retries do not wait. */
  sleep?: (ms: number) => Promise<void>;
  http?: AxiosInstance;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Overrides the client's maxRetries for this call (0 for best-effort calls such as typing). */
  maxRetries?: number;
}

const envelopeSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.coerce.number().optional(),
  description: z.string().optional(),
});

const botInfoSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  account_name: z.string().optional(),
  account_type: z.string().optional(),
  can_join_groups: z.boolean().optional(),
});
const webhookInfoSchema = z.object({ url: z.string().optional(), updated_at: z.number().optional() });
const sentSchema = z.object({ message_id: z.union([z.string(), z.number()]).transform(String), date: z.number().optional() });

export type ZaloBotInfo = z.infer<typeof botInfoSchema>;
export type ZaloWebhookInfo = z.infer<typeof webhookInfoSchema>;
export type ZaloSentMessage = z.infer<typeof sentSchema>;

/** Zalo's sendMessage limit ("từ 1 đến 2000 ký tự"). */
export const ZALO_TEXT_LIMIT = 2000;

export interface ZaloClient {
  getMe(options?: CallOptions): Promise<ZaloBotInfo>;
  /**
   * One long poll. Zalo returns a single update per call (no offset, no ack);
   * an array is tolerated because one third-party SDK parses one. Throws a
   * ZaloApiError with `isPollingTimeout` when nothing arrived.
   */
  getUpdates(params: { timeoutSeconds: number }, options?: CallOptions): Promise<ZaloUpdate[]>;
  setWebhook(params: { url: string; secretToken: string }, options?: CallOptions): Promise<ZaloWebhookInfo>;
  deleteWebhook(options?: CallOptions): Promise<ZaloWebhookInfo>;
  getWebhookInfo(options?: CallOptions): Promise<ZaloWebhookInfo>;
  sendMessage(params: { chatId: string; text: string }, options?: CallOptions): Promise<ZaloSentMessage>;
  sendPhoto(params: { chatId: string; photo: string; caption?: string }, options?: CallOptions): Promise<ZaloSentMessage>;
  sendChatAction(params: { chatId: string; action: "typing" }, options?: CallOptions): Promise<void>;
}

/** Builds the client; see ZaloClientOptions for timeouts and retries. */
export function createZaloClient(options: ZaloClientOptions): ZaloClient {
  const http = options.http ?? axios.create();
  const root = options.apiRoot.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRetries = options.maxRetries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** Replaces the token anywhere in a text: axios messages and causes may carry the URL. */
  const scrub = (text: string) => (options.token ? text.split(options.token).join("***") : text);

  async function once(method: string, body: object, call: CallOptions): Promise<unknown> {
    let response: AxiosResponse<unknown>;
    try {
      response = await http.post(`${root}/bot${options.token}/${method}`, body, {
        timeout: call.timeoutMs ?? timeoutMs,
        signal: call.signal,
        // Statuses are judged below together with `ok`, so axios must not throw on them.
        validateStatus: () => true,
        headers: { "content-type": "application/json" },
      });
    } catch (error) {
      // Never rethrow the axios error: its `config.url` holds the token.
      const e = error as { code?: string; message?: string };
      throw new ZaloApiError(method, "network", undefined, scrub(`lỗi mạng ${e.code ?? ""} ${e.message ?? ""}`.replace(/\s+/g, " ").trim()));
    }
    const envelope = envelopeSchema.safeParse(response.data);
    const okStatus = response.status >= 200 && response.status < 300;
    if (envelope.success && envelope.data.ok && okStatus) return envelope.data.result;
    const code = envelope.success ? (envelope.data.error_code ?? response.status) : response.status;
    const description = envelope.success
      ? (envelope.data.description ?? `HTTP ${response.status}`)
      : `phản hồi không hợp lệ (HTTP ${response.status})`;
    throw new ZaloApiError(method, "api", code, scrub(description), retryAfter(response.headers["retry-after"]));
  }

  async function call<T>(method: string, body: object, schema: z.ZodType<T>, callOptions: CallOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await once(method, body, callOptions);
        const parsed = schema.safeParse(result);
        if (!parsed.success) {
          const detail = parsed.error.issues[0]?.message ?? "";
          throw new ZaloApiError(method, "invalid", undefined, `kết quả không đúng định dạng${detail ? `: ${detail}` : ""}`);
        }
        return parsed.data;
      } catch (error) {
        const retry = error instanceof ZaloApiError && error.isRetryable && attempt < (callOptions.maxRetries ?? maxRetries) && !callOptions.signal?.aborted;
        if (!retry) throw error;
        const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
        await untilAborted(sleep(Math.min(30_000, error.retryAfterMs ?? backoff)), callOptions.signal);
        if (callOptions.signal?.aborted) throw error;
      }
    }
  }

  // An empty result counts as "nothing new". An unreadable update fails loudly
  // (its keys, never its values, go into the error) so a change of shape on
  // Zalo's side shows in the logs instead of the bot silently ignoring everyone.
  const updatesSchema = z.unknown().transform((result, ctx): ZaloUpdate[] => {
    if (result === undefined || result === null) return [];
    const items = Array.isArray(result) ? result : [result];
    const updates: ZaloUpdate[] = [];
    for (const item of items) {
      const update = parseZaloUpdate(item);
      if (!update) {
        ctx.addIssue({ code: "custom", message: `update không đọc được (khoá: ${describeKeys(item)})` });
        return z.NEVER;
      }
      updates.push(update);
    }
    return updates;
  });

  return {
    getMe: (o) => call("getMe", {}, botInfoSchema, o),
    getUpdates: ({ timeoutSeconds }, o) =>
      // The HTTP timeout must outlast the long poll, or every quiet poll looks like a network fault.
      call("getUpdates", { timeout: String(timeoutSeconds) }, updatesSchema, { timeoutMs: (timeoutSeconds + 5) * 1000, ...o }),
    setWebhook: ({ url, secretToken }, o) => call("setWebhook", { url, secret_token: secretToken }, webhookInfoSchema, o),
    // The docs show `{url: "", updated_at}` but also say "returns True": accept both.
    deleteWebhook: (o) => call("deleteWebhook", {}, z.unknown().transform((r) => webhookInfoSchema.safeParse(r).data ?? {}), o),
    getWebhookInfo: (o) => call("getWebhookInfo", {}, webhookInfoSchema, o),
    sendMessage: ({ chatId, text }, o) => {
      if (text.length < 1 || text.length > ZALO_TEXT_LIMIT) {
        return Promise.reject(new ZaloApiError("sendMessage", "invalid", undefined, `text phải dài 1–${ZALO_TEXT_LIMIT} ký tự (đang là ${text.length})`));
      }
      return call("sendMessage", { chat_id: chatId, text }, sentSchema, o);
    },
    sendPhoto: ({ chatId, photo, caption }, o) =>
      // Zalo fetches the image itself before answering, hence the longer timeout.
      call("sendPhoto", { chat_id: chatId, photo, ...(caption ? { caption } : {}) }, sentSchema, { timeoutMs: 60_000, ...o }),
    sendChatAction: async ({ chatId, action }, o) => {
      // Documented answer is a bare `{ok: true}` without `result`.
      await call("sendChatAction", { chat_id: chatId, action }, z.unknown(), o);
    },
  };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfter(header: unknown): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Ends the wait early when the caller aborts (channel stopping), so stop() is not held by a back-off. */
function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done);
    void wait.then(done);
  });
}

/** Top-level keys of an unreadable payload, for logs: enough to see a shape change, no personal data. */
export function describeKeys(value: unknown): string {
  if (value === null || typeof value !== "object") return typeof value;
  const keys = Object.keys(value).slice(0, 10);
  return keys.length > 0 ? keys.join(", ") : "{}";
}
