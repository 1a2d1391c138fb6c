import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { unlink, writeFile } from "node:fs/promises";
import { createServer, request, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { z } from "zod";
import { statusSchema } from "../domain/records.ts";
import type { Storage } from "../domain/storage.ts";
import { channelSchema } from "../engine/session.ts";
import type { Logger } from "../logger.ts";
import { sameSecret } from "../http/secret.ts";
import { lockHolder } from "../store/lowdb/lock.ts";
import { backupTo, type OfficerOutcome } from "./operations.ts";
import { changeStatus } from "./service.ts";
import { STATUS_LABEL } from "./status.ts";

/**
 * How the officers' CLI changes data while a bot owns a lowdb folder: lowdb
 * allows one writer, so the CLI hands the change to the running bot over a
 * loopback-only HTTP endpoint, authenticated by a random token that the bot
 * writes into the data folder (readable by the bot's user only).
 */
const CONTROL_FILE = "control.json";

export const controlRequestSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("status"), code: z.string().max(40), to: statusSchema, by: z.string().max(200), note: z.string().max(2000).optional() }),
  z.object({ op: z.literal("delete-user"), channel: channelSchema, userId: z.string().max(100) }),
  z.object({ op: z.literal("backup"), dir: z.string().max(1000) }),
]);
export type ControlRequest = z.infer<typeof controlRequestSchema>;

const controlFileSchema = z.object({ pid: z.number(), port: z.number(), token: z.string() });

/** Runs one officer operation on storage the caller owns (the bot, or the CLI when no bot runs). */
export async function runOperation(storage: Storage, request: ControlRequest, now: Date): Promise<OfficerOutcome> {
  switch (request.op) {
    case "status": {
      const result = await storage.transaction((tx) => changeStatus(tx, { code: request.code.toUpperCase(), to: request.to, by: request.by, note: request.note, at: now }));
      return result.ok
        ? { ok: true, message: `Đã chuyển ${result.app.code} sang "${STATUS_LABEL[request.to]}". Người nộp được báo trên kênh của họ (ngay khi bot đang chạy).` }
        : { ok: false, message: result.reason };
    }
    case "delete-user": {
      const d = await storage.deleteUser(request.channel, request.userId);
      return {
        ok: true,
        message: `Đã xoá ${d.applications.length} hồ sơ (${d.applications.join(", ") || "không có"}), ${d.contacts} tin nhắn, ${d.questions} câu hỏi, ${d.notifications} thông báo chờ gửi và ${d.sessions} phiên trò chuyện của ${request.channel}:${request.userId}.`,
      };
    }
    case "backup":
      return backupTo(storage, request.dir);
  }
}

/** Starts the loopback endpoint for the bot that owns `dataDir`; returns its stop function. */
export async function startControlServer(options: { dataDir: string; storage: Storage; logger: Logger; clock: () => Date }): Promise<() => Promise<void>> {
  const token = randomBytes(32).toString("hex");
  const server = createServer((req, res) => {
    void handle(req).then(
      (outcome) => {
        res.writeHead(outcome.ok ? 200 : 400, { "content-type": "application/json" });
        res.end(JSON.stringify(outcome));
      },
      (error: unknown) => {
        options.logger.error("control", "operation failed", { error: String(error) });
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: false, message: "Bot không thực hiện được thao tác này; xem nhật ký của bot." }));
      },
    );
  });
  async function handle(req: IncomingMessage): Promise<OfficerOutcome> {
    const given = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (req.method !== "POST" || !sameSecret(given, token)) return { ok: false, message: "Không được phép." };
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > 64 * 1024) return { ok: false, message: "Yêu cầu quá lớn." };
      chunks.push(chunk);
    }
    const parsed = controlRequestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"));
    if (!parsed.success) return { ok: false, message: "Yêu cầu không hợp lệ." };
    options.logger.info("control", "officer operation from the CLI", { op: parsed.data.op });
    return runOperation(options.storage, parsed.data, options.clock());
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
  const file = join(options.dataDir, CONTROL_FILE);
  await writeFile(file, JSON.stringify({ pid: process.pid, port, token }), { mode: 0o600 });
  return async () => {
    await unlink(file).catch(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/**
 * Hands an operation to the bot that holds `dataDir`'s lock; undefined when
 * no bot runs there (the caller then writes directly, taking the lock).
 */
export async function callRunningBot(dataDir: string, request: ControlRequest): Promise<OfficerOutcome | undefined> {
  const pid = lockHolder(dataDir);
  if (pid === undefined) return undefined;
  let control: z.infer<typeof controlFileSchema>;
  try {
    control = controlFileSchema.parse(JSON.parse(readFileSync(join(dataDir, CONTROL_FILE), "utf8")));
  } catch {
    throw new Error(`Bot (PID ${pid}) đang chạy trên thư mục dữ liệu này nhưng chưa mở cổng nhận lệnh. Thử lại sau vài giây, hoặc dùng lệnh cán bộ trong chat.`);
  }
  if (control.pid !== pid) throw new Error(`Tệp ${CONTROL_FILE} không thuộc bot đang chạy (PID ${pid}). Thử lại sau vài giây.`);
  return postToBot(control.port, control.token, JSON.stringify(request));
}

/**
 * The request to the bot's endpoint, through node:http: a bot killed while
 * answering must fail the command. With fetch, a connection cut after the
 * headers left the body's promise pending with nothing else on the event
 * loop, and the CLI exited 0 without a word (seen in the crash test).
 */
function postToBot(port: number, token: string, body: string): Promise<OfficerOutcome> {
  const cut = () => new Error("Bot dừng giữa chừng khi đang thực hiện lệnh: chưa rõ lệnh đã được ghi hay chưa. Xem lại bằng lệnh show rồi thử lại nếu cần.");
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", () => reject(cut()));
      res.on("close", () => {
        if (!res.complete) return reject(cut());
        try {
          resolvePromise(JSON.parse(Buffer.concat(chunks).toString("utf8")) as OfficerOutcome);
        } catch {
          reject(cut());
        }
      });
    });
    req.on("error", (error) => reject(new Error(`Không gọi được bot đang chạy: ${error.message}`)));
    req.end(body);
  });
}
