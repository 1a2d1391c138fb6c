import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { MSG } from "../../src/engine/messages.ts";
import { createHttpServer, type HttpServer } from "../../src/http/server.ts";
import { silentLogger } from "../../src/logger.ts";
import { testApp, userChat } from "../support/app.ts";

type TestApp = Awaited<ReturnType<typeof testApp>>;
const apps: TestApp[] = [];
const servers: HttpServer[] = [];
afterEach(async () => {
  while (apps.length > 0) await apps.pop()?.cleanup();
  while (servers.length > 0) await servers.pop()?.close();
});

describe("per-user flood limit", () => {
  it("answers 5 messages in the window, says 'chậm lại' once, drops the rest, and never holds up another user", async () => {
    let now = new Date("2026-11-25T03:00:00Z");
    const app = await testApp({ env: { FLOOD_MAX_MESSAGES: "5", FLOOD_WINDOW_SECONDS: "10" }, now: () => now });
    apps.push(app);
    const flooder = userChat(app, "flooder", "zalo");
    const other = userChat(app, "other", "zalo");

    const floods: string[] = [];
    const others: string[] = [];
    for (let i = 0; i < 20; i++) {
      // Messages 6–20 would start the form if they were handled.
      floods.push(await flooder.text(i < 5 ? "menu" : "dangky"));
      if (i % 4 === 3) others.push(await other.text("menu"));
    }
    expect(floods.slice(0, 5)).toEqual(Array(5).fill(expect.stringMatching(/Anh\/chị muốn làm gì/)));
    expect(floods[5]).toBe(MSG.slowDown);
    expect(MSG.slowDown).toMatch(/vui lòng chậm lại/);
    expect(floods.filter((t) => /vui lòng chậm lại/.test(t))).toHaveLength(1);
    expect(floods.slice(6), "dropped: no reply at all").toEqual(Array(14).fill(""));
    expect((await app.store.sessions.get("zalo:flooder"))?.state.name, "dropped messages change nothing").toBe("menu");
    expect((await app.store.sessions.get("zalo:flooder"))?.draft).toBeUndefined();
    expect(others).toEqual(Array(5).fill(expect.stringMatching(/Anh\/chị muốn làm gì/)));

    // The window passes: the flooder is answered again.
    now = new Date(now.getTime() + 10_000);
    expect(await flooder.text("dangky")).toMatch(/Đơn đăng ký hỗ trợ khuyến công/);
  });

  it("drops at once, before the user's queue, so a burst sent all together costs the other user nothing", async () => {
    const app = await testApp({ env: { FLOOD_MAX_MESSAGES: "5", FLOOD_WINDOW_SECONDS: "10" } });
    apps.push(app);
    const send = (userId: string, text: string) => app.engine.handle({ channel: "zalo", userId, chatId: userId, kind: "text", text });
    // One user fires 20 messages without waiting; another user's message arrives in the middle of the burst.
    const order: string[] = [];
    const burst = Array.from({ length: 20 }, (_, i) => send("flooder", i % 2 ? "hộ kinh doanh có được hỗ trợ không?" : "menu").then((r) => (order.push(`f${i}`), r)));
    const started = performance.now();
    const otherReply = await send("other", "menu").then((r) => (order.push("other"), r));
    const otherMs = performance.now() - started;
    const replies = await Promise.all(burst);

    expect(otherReply.map((r) => r.text).join()).toMatch(/Anh\/chị muốn làm gì/);
    expect(replies.filter((r) => r.length > 0 && r[0]?.text !== MSG.slowDown)).toHaveLength(5);
    expect(replies.filter((r) => r.length === 1 && r[0]?.text === MSG.slowDown)).toHaveLength(1);
    expect(replies.filter((r) => r.length === 0)).toHaveLength(14);
    // The other user waited for neither the flooder's queue nor its dropped messages.
    expect(order.indexOf("other"), order.join(" ")).toBeLessThan(order.indexOf("f4"));
    expect(otherMs).toBeLessThan(1000);
  });

  it("does not limit the terminal (one local person or a piped script)", async () => {
    const app = await testApp({ env: { FLOOD_MAX_MESSAGES: "5", FLOOD_WINDOW_SECONDS: "10" } });
    apps.push(app);
    const local = userChat(app, "local", "terminal");
    for (let i = 0; i < 12; i++) expect(await local.text("menu")).toMatch(/Anh\/chị muốn làm gì/);
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
