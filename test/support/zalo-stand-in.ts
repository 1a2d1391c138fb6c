import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * A local stand-in for the Zalo Bot API on 127.0.0.1, speaking the documented
 * shapes: `POST /bot{token}/{method}` with JSON, `{ok, result}` answers. It
 * records every call, serves queued updates to getUpdates one per call, answers
 * error_code 408 when nothing arrives during a (shortened) long poll, and can
 * be told to fail the next call of a method (429, 500, ok:false…).
 */

export interface RecordedCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
}

export interface Failure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ZaloStandInOptions {
  /** If set, any other token gets 401 like the real API. */
  token?: string;
  /** Longest real wait of a getUpdates call, whatever timeout the bot asks for. */
  maxPollWaitMs?: number;
  /** HTTP status of the 408 "no update" answer: 200 (ok:false in the body) or 408. */
  pollTimeoutStatus?: number;
  /** False: keep no record of calls and messages (a long benchmark); listeners are still told. */
  record?: boolean;
}

export class ZaloStandIn {
  readonly calls: RecordedCall[] = [];
  /** Messages Zalo accepted (sendMessage answered ok), in order. */
  readonly sent: Array<{ chatId: string; text: string }> = [];
  webhook = { url: "", secret: "" };
  /** Told of every message accepted, at once (the benchmark times replies by their arrival). */
  readonly listeners = new Set<(message: { chatId: string; text: string }) => void>();
  private readonly updates: unknown[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private waiters: Array<() => void> = [];
  private messageSeq = 0;
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly options: ZaloStandInOptions = {}) {}

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues an update (bare `{event_name, message}`) for the next getUpdates call. */
  pushUpdate(update: unknown): void {
    this.updates.push(update);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Fails the next call(s) of `method` with the given answers, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Texts the bot sent successfully, optionally to one chat. */
  sentTexts(chatId?: string): string[] {
    return this.sent.filter((m) => chatId === undefined || m.chatId === chatId).map((m) => m.text);
  }

  /** Waits until `predicate` holds (checked every 10 ms) or fails after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 5_000, what = "condition"): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`stand-in: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits until `count` texts have been sent (to `chatId` if given) and returns them. */
  async waitForTexts(count: number, chatId?: string, timeoutMs = 5_000): Promise<string[]> {
    await this.waitFor(() => this.sentTexts(chatId).length >= count, timeoutMs, `${count} sent message(s)`);
    return this.sentTexts(chatId);
  }

  /** Waits until the queued updates have all been taken by getUpdates. */
  async drained(timeoutMs = 5_000): Promise<void> {
    await this.waitFor(() => this.updates.length === 0, timeoutMs, "updates to be fetched");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? "").split("?")[0] ?? "");
    const raw = await readBody(req);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const token = decodeURIComponent(match[1]!);
    const method = match[2]!;
    let body: Record<string, unknown> = {};
    try {
      body = raw.length > 0 ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
    }
    if (this.options.record !== false) this.calls.push({ method, token, body });
    if (this.options.token !== undefined && token !== this.options.token) {
      return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) return send(res, failure.status, failure.body, failure.headers);
    const answer = await this.answer(method, body, res);
    if (answer) send(res, answer.status, answer.body);
  }

  private async answer(method: string, body: Record<string, unknown>, res: ServerResponse): Promise<{ status: number; body: unknown } | undefined> {
    const ok = (result?: unknown) => ({ status: 200, body: result === undefined ? { ok: true } : { ok: true, result } });
    const now = Date.now();
    switch (method) {
      case "getMe":
        return ok({ id: "1459232241454765289", account_name: "bot.StandIn", account_type: "BASIC", can_join_groups: false });
      case "getUpdates":
        return this.longPoll(Number(body.timeout ?? 30), res);
      case "setWebhook":
        this.webhook = { url: String(body.url ?? ""), secret: String(body.secret_token ?? "") };
        return ok({ url: this.webhook.url, updated_at: now });
      case "deleteWebhook":
        this.webhook = { url: "", secret: "" };
        return ok({ url: "", updated_at: now });
      case "getWebhookInfo":
        return ok({ url: this.webhook.url, updated_at: now });
      case "sendMessage":
      case "sendPhoto": {
        const text = method === "sendMessage" ? body.text : (body.caption ?? "x");
        if (typeof body.chat_id !== "string" || typeof text !== "string" || text.length < 1 || text.length > 2000) {
          return { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat_id or text invalid (1-2000)" } };
        }
        if (method === "sendMessage") {
          const message = { chatId: body.chat_id, text };
          if (this.options.record !== false) this.sent.push(message);
          for (const listener of this.listeners) listener(message);
        }
        return ok({ message_id: `m${++this.messageSeq}`, date: now });
      }
      case "sendChatAction":
        return ok();
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: `Method ${method} not found` } };
    }
  }

  /** Serves one queued update, or waits for one; a closed request gives up its turn so no update is lost to it. */
  private async longPoll(timeoutSeconds: number, res: ServerResponse): Promise<{ status: number; body: unknown } | undefined> {
    const wait = Math.min(timeoutSeconds * 1000, this.options.maxPollWaitMs ?? 300);
    const until = Date.now() + wait;
    let closed = false;
    // The response's "close" before we answer means the bot aborted the request (IncomingMessage's fires after the body is read).
    res.once("close", () => {
      closed = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    while (this.updates.length === 0 && Date.now() < until && !closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, until - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (closed || !this.server?.listening) return undefined;
    if (this.updates.length > 0) return { status: 200, body: { ok: true, result: this.updates.shift() } };
    return { status: this.options.pollTimeoutStatus ?? 200, body: { ok: false, error_code: 408, description: "Request timeout" } };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

let seq = 0;

/** A Zalo message update as the docs show it (ids are hex-looking strings). */
export function zaloUpdate(
  event: "text" | "image" | "sticker" | "unsupported",
  options: { userId?: string; chatId?: string; name?: string; text?: string; photo?: string; messageId?: string } = {},
): { event_name: string; message: Record<string, unknown> } {
  const userId = options.userId ?? "6ede9afa66b88fe6d6a9";
  const message: Record<string, unknown> = {
    from: { id: userId, display_name: options.name ?? "Ted", is_bot: false },
    chat: { id: options.chatId ?? userId, chat_type: "PRIVATE" },
    message_id: options.messageId ?? `2d758cb5e222177a${(++seq).toString(16).padStart(4, "0")}`,
    date: Date.now(),
  };
  if (event === "text") message.text = options.text ?? "Xin chào";
  if (event === "image") Object.assign(message, { photo: options.photo ?? "https://example.com/photo.jpg", caption: "" });
  if (event === "sticker") Object.assign(message, { sticker: "0e078a2fb66a5f34067b", url: "https://example.com/sticker.png" });
  return { event_name: `message.${event}.received`, message };
}
