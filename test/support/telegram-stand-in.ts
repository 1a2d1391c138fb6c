import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * A small local stand-in for the Telegram Bot API on 127.0.0.1, for bots in
 * webhook mode run as separate processes (the e2e test and the benchmark of
 * several instances): `POST /bot{token}/{method}` with JSON, `{ok, result}`
 * answers. It answers what the bot calls at start-up (getMe, setMyCommands,
 * setWebhook) and records every message sent, telling listeners at once
 * (the benchmark times replies by their arrival here). getUpdates is not
 * served: with webhooks, updates are POSTed to the bot instead.
 */
export interface TelegramSent {
  chatId: string;
  text: string;
  /** callback_data of the inline keyboard, if any. */
  buttons: string[];
  at: number;
}

export const TELEGRAM_BOT_INFO = { id: 424242, is_bot: true, first_name: "Trợ lý Khuyến công", username: "kc_standin_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

export class TelegramStandIn {
  readonly sent: TelegramSent[] = [];
  readonly methods = new Map<string, number>();
  webhook = { url: "", secret: "" };
  private readonly listeners = new Set<(message: TelegramSent) => void>();
  private server: Server | undefined;
  private port = 0;
  private messageSeq = 0;

  /** record false: keep no list of messages (a long benchmark); listeners are still told. */
  constructor(private readonly options: { record?: boolean } = {}) {}

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Calls `listener` for every message sent from now on; returns the unsubscribe. */
  onSent(listener: (message: TelegramSent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Files users sent, served by getFile and /file/bot{token}/{path} as the Bot API does (the local emulator has neither). */
  readonly files = new Map<string, { path: string; data: Buffer; mimeType: string }>();

  /** Documents uploaded with sendDocument (the request letter). */
  readonly documents: { chatId: string; fileName: string }[] = [];

  sentTo(chatId: string): TelegramSent[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const download = /^\/file\/bot[^/]+\/(.+)$/.exec(req.url ?? "");
    if (download) {
      const file = [...this.files.values()].find((f) => f.path === download[1]);
      if (!file) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      res.writeHead(200, { "content-type": file.mimeType });
      return void res.end(file.data);
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? "").split("?")[0] ?? "");
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = match[2]!;
    this.methods.set(method, (this.methods.get(method) ?? 0) + 1);
    if (String(req.headers["content-type"] ?? "").startsWith("multipart/form-data")) {
      // A file upload (sendDocument), as Telegram takes it: the chat and the file name are enough here.
      const raw = Buffer.concat(chunks).toString("latin1");
      const chatId = /name="chat_id"\r\n\r\n([^\r]+)/.exec(raw)?.[1];
      const fileName = /filename="?([^"\r\n]+)"?/.exec(raw)?.[1];
      if (method !== "sendDocument" || !chatId || !fileName) return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: expected a document" });
      this.documents.push({ chatId, fileName });
      return send(res, 200, { ok: true, result: { message_id: ++this.messageSeq, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: "private" }, document: { file_name: fileName } } });
    }
    let body: Record<string, unknown> = {};
    try {
      const raw = Buffer.concat(chunks).toString("utf8");
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: body must be JSON" });
    }
    const ok = (result: unknown = true) => send(res, 200, { ok: true, result });
    switch (method) {
      case "getMe":
        return ok(TELEGRAM_BOT_INFO);
      case "getFile": {
        const file = this.files.get(String(body.file_id ?? ""));
        if (!file) return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: invalid file_id" });
        return ok({ file_id: body.file_id, file_unique_id: `u-${String(body.file_id)}`, file_size: file.data.length, file_path: file.path });
      }
      case "setWebhook":
        this.webhook = { url: String(body.url ?? ""), secret: String(body.secret_token ?? "") };
        return ok();
      case "deleteWebhook":
      case "setMyCommands":
      case "deleteMyCommands":
      case "answerCallbackQuery":
      case "sendChatAction":
        return ok();
      case "sendMessage": {
        const chatId = String(body.chat_id);
        const text = String(body.text ?? "");
        if (text.length === 0 || text.length > 4096) return send(res, 400, { ok: false, error_code: 400, description: "Bad Request: message text is empty or too long" });
        const markup = body.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
        const message: TelegramSent = { chatId, text, buttons: (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : [])), at: performance.now() };
        if (this.options.record !== false) this.sent.push(message);
        for (const listener of this.listeners) listener(message);
        const id = Number(chatId);
        return ok({ message_id: ++this.messageSeq, date: Math.floor(Date.now() / 1000), chat: { id, type: id < 0 ? "supergroup" : "private" }, text });
      }
      default:
        return send(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method} not served by the stand-in` });
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
