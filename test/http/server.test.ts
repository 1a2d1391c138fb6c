import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookRoute } from "../../src/channels/telegram/webhook.ts";
import { createZaloWebhookRoute } from "../../src/channels/zalo/webhook.ts";
import { httpPort, loadConfig } from "../../src/config.ts";
import { createHttpServer, type HttpServer } from "../../src/http/server.ts";
import { silentLogger } from "../../src/logger.ts";
import { zaloUpdate } from "../support/zalo-stand-in.ts";

const SECRET = "webhook-secret-123";
const servers: HttpServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});

/** The server with both webhooks, recording what reached their handlers. */
async function webhookServer() {
  const http = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024, logger: silentLogger });
  servers.push(http);
  const handled: unknown[] = [];
  http.post("/hooks/telegram", createWebhookRoute({ secret: SECRET, handle: async (u) => void handled.push(u), accepting: () => true, logger: silentLogger }));
  http.post("/hooks/zalo", createZaloWebhookRoute({ secret: SECRET, logger: silentLogger, dispatch: (u) => void handled.push(u), isRunning: () => true }));
  const { port } = await http.listen();
  return { port, handled };
}

/**
 * Sends the headers and a first piece of a body that never ends: only a server
 * that answers from the headers alone answers at all.
 */
function postNeverEnding(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked", ...headers } }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
    req.write('{"update_id": 1, "message": {"text": "');
    setTimeout(() => reject(new Error("no answer before the body ended")), 3000).unref();
  });
}

describe("the HTTP server's webhook hardening", () => {
  it("refuses a wrong secret before reading the body (Telegram 401, Zalo 403)", async () => {
    const { port, handled } = await webhookServer();
    expect(await postNeverEnding(port, "/hooks/telegram", { "x-telegram-bot-api-secret-token": "wrong-secret-000" })).toBe(401);
    expect(await postNeverEnding(port, "/hooks/zalo", {})).toBe(403);
    expect(handled).toEqual([]);
  });

  it("requires a JSON content type: text/plain is refused with 415 and not processed", async () => {
    const { port, handled } = await webhookServer();
    const body = JSON.stringify(zaloUpdate("text", { text: "xin chào" }));
    const plain = await fetch(`http://127.0.0.1:${port}/hooks/zalo`, { method: "POST", headers: { "content-type": "text/plain", "x-bot-api-secret-token": SECRET }, body });
    expect(plain.status).toBe(415);
    const none = await fetch(`http://127.0.0.1:${port}/hooks/telegram`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: '{"update_id": 5}' });
    expect(none.status).toBe(415);
    expect(handled).toEqual([]);
    const json = await fetch(`http://127.0.0.1:${port}/hooks/zalo`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8", "x-bot-api-secret-token": SECRET }, body });
    expect(json.status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it("answers /healthz and 404 elsewhere", async () => {
    const { port } = await webhookServer();
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });
    expect((await fetch(`http://127.0.0.1:${port}/nothing-here`)).status).toBe(404);
  });
});

describe("HTTP server configuration", () => {
  it("binds to loopback unless HTTP_HOST says otherwise", () => {
    expect(loadConfig({}).HTTP_HOST).toBe("127.0.0.1");
    expect(loadConfig({ HTTP_HOST: "0.0.0.0" }).HTTP_HOST).toBe("0.0.0.0");
  });

  it("starts whenever HTTP_PORT is set, and for webhooks on 8080 by default", () => {
    expect(httpPort(loadConfig({}))).toBeUndefined();
    expect(httpPort(loadConfig({ HTTP_PORT: "9090" }))).toBe(9090);
    expect(httpPort(loadConfig({ ZALO_WEBHOOK_URL: "https://bot.example.vn/zalo", ZALO_WEBHOOK_SECRET: SECRET }))).toBe(8080);
    expect(() => loadConfig({ HTTP_PORT: "http" })).toThrow(/HTTP_PORT/);
  });

  it("documents its variables in .env.example", () => {
    const example = readFileSync(".env.example", "utf8");
    for (const name of ["HTTP_HOST", "HTTP_PORT", "WEBHOOK_MAX_BODY_BYTES", "WEB_PUBLIC_URL", "WEB_SECRET"]) expect(example).toMatch(new RegExp(`^${name}=`, "m"));
  });

  it("asks for WEB_PUBLIC_URL when the web page's secret is set", () => {
    expect(() => loadConfig({ WEB_SECRET: "s".repeat(40) })).toThrow(/WEB_PUBLIC_URL/);
    expect(() => loadConfig({ WEB_SECRET: "short", WEB_PUBLIC_URL: "https://bot.example.vn" })).toThrow(/WEB_SECRET/);
  });
});
