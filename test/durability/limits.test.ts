import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { MSG } from "../../src/engine/messages.ts";
import { createHttpServer, type HttpServer } from "../../src/http/server.ts";
import { silentLogger } from "../../src/logger.ts";
import { testApp, userChat } from "../support/app.ts";
import { runTerminalChat } from "../../src/channels/terminal.ts";
import { PassThrough, Writable } from "node:stream";

type TestApp = Awaited<ReturnType<typeof testApp>>;
const apps: TestApp[] = [];
const servers: HttpServer[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()?.cleanup();
  while (servers.length > 0) await servers.pop()?.close();
});

describe("per-user flood limit", () => {
  // The channels check it on receipt (test/channels/zalo/flood.test.ts, the Telegram conversation test);
  // here the gate itself, on the app's clock.
  it("answers 5 messages in the window, says 'chậm lại' once, drops the rest, and never counts another user", async () => {
    let now = new Date("2026-11-25T03:00:00Z");
    const app = await testApp({ env: { FLOOD_MAX_MESSAGES: "5", FLOOD_WINDOW_SECONDS: "10" }, now: () => now });
    apps.push(app);
    const flooder = { channel: "zalo" as const, userId: "flooder" };
    const verdicts = Array.from({ length: 20 }, () => app.flood.check(flooder));
    expect(verdicts).toEqual([...Array(5).fill("ok"), "warn", ...Array(14).fill("drop")]);
    expect(MSG.slowDown).toMatch(/vui lòng chậm lại/);
    expect(app.flood.check({ channel: "zalo", userId: "other" })).toBe("ok");
    expect(app.flood.check({ channel: "telegram", userId: "flooder" }), "another channel's user of the same id").toBe("ok");
    now = new Date(now.getTime() + 9_999);
    expect(app.flood.check(flooder)).toBe("drop");
    // The window passes: the flooder is answered again.
    now = new Date(now.getTime() + 1);
    expect(app.flood.check(flooder)).toBe("ok");
  });

  it("does not limit the terminal (one local person or a piped script)", async () => {
    const app = await testApp({ env: { FLOOD_MAX_MESSAGES: "5", FLOOD_WINDOW_SECONDS: "10" } });
    apps.push(app);
    const input = new PassThrough();
    let out = "";
    const output = new Writable({ write: (chunk, _encoding, done) => ((out += String(chunk)), done()) });
    const chat = runTerminalChat({ engine: app.engine, outbox: app.store.delivery, logger: silentLogger, input, output, interactive: false });
    input.end("menu\n".repeat(12));
    await chat;
    expect(out.match(/Anh\/chị muốn làm gì/g)).toHaveLength(12);
  });
});

describe("inbound size limit", () => {
  it("answers an over-long message with the limit and the current step, and stores nothing of it", async () => {
    const app = await testApp({ env: { MAX_MESSAGE_CHARS: "200" } });
    apps.push(app);
    const chat = userChat(app, "u1", "zalo");
    await chat.text("dangky");
    const reply = await chat.text("Nguyễn Văn An ".repeat(100));
    expect(reply).toMatch(/Tin nhắn dài quá \(tối đa 200 ký tự\)/);
    expect(reply).toMatch(/Họ và tên người đại diện/);
    expect((await app.store.sessions.get("zalo:u1"))?.draft?.answers.representative).toBeUndefined();
  });
});

/** Posts `size` bytes; `chunked` sends them without a Content-Length, in pieces. */
function post(port: number, size: number, chunked: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/hook", method: "POST", headers: { "content-type": "application/json", ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(size) }) } },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    const piece = Buffer.alloc(1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const part = piece.subarray(0, Math.min(piece.length, size - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("webhook body size limit", () => {
  async function server(maxBodyBytes: number) {
    const received: number[] = [];
    const http = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes, logger: silentLogger });
    http.post("/hook", async ({ body }) => {
      received.push(body.length);
      return { status: 200, body: { ok: true } };
    });
    servers.push(http);
    const { port } = await http.listen();
    return { port, received };
  }

  it("refuses a body whose Content-Length is over the limit with 413, without calling the route", async () => {
    const { port, received } = await server(4096);
    const answer = await post(port, 4097, false);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/too large/);
    expect(received).toEqual([]);
  });

  it("refuses a chunked body that grows over the limit with 413, without calling the route", async () => {
    const { port, received } = await server(4096);
    const answer = await post(port, 64 * 1024, true);
    expect(answer.status).toBe(413);
    expect(received).toEqual([]);
  });

  it("passes bodies up to the limit to the route, and keeps serving after a refusal", async () => {
    const { port, received } = await server(4096);
    expect((await post(port, 4096, false)).status).toBe(200);
    expect((await post(port, 5000, true)).status).toBe(413);
    expect((await post(port, 4000, true)).status).toBe(200);
    expect(received).toEqual([4096, 4000]);
  });
});
