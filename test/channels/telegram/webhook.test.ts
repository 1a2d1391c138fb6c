import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../../src/http/server.ts";
import { silentLogger } from "../../../src/logger.ts";
import { fakeEngine } from "./fake-engine.ts";
import { baseConfig, makeChannel, MemoryOutbox, sent, textUpdate } from "./harness.ts";

const SECRET = "webhook-Secret_123";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function webhookBot() {
  const http: HttpServer = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024, logger: silentLogger });
  const outbox = new MemoryOutbox();
  const engine = fakeEngine({ outbox, officerIds: [], officerChatId: "-1" });
  const kit = makeChannel({
    engine,
    outbox,
    http,
    config: { ...baseConfig, TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/hooks/telegram", TELEGRAM_WEBHOOK_SECRET: SECRET },
  });
  await kit.channel.start();
  const { port } = await http.listen();
  cleanups.push(async () => {
    await kit.channel.stop();
    await http.close();
  });
  const post = (body: unknown, secret?: string) =>
    fetch(`http://127.0.0.1:${port}/hooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "X-Telegram-Bot-Api-Secret-Token": secret }) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { ...kit, engine, post, port };
}

describe("Telegram webhook mode", () => {
  it("sets the webhook with the secret token and only the update types it handles", async () => {
    const { calls } = await webhookBot();
    const setWebhook = calls.find((c) => c.method === "setWebhook");
    expect(setWebhook?.payload).toEqual({
      url: "https://bot.example.vn/hooks/telegram",
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query"],
    });
    expect(calls.some((c) => c.method === "deleteWebhook")).toBe(false);
  });

  it("stops start-up with a Vietnamese sentence naming the setting when Telegram refuses the webhook address", async () => {
    const http: HttpServer = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024, logger: silentLogger });
    const outbox = new MemoryOutbox();
    const kit = makeChannel({
      engine: fakeEngine({ outbox, officerIds: [], officerChatId: "-1" }),
      outbox,
      http,
      config: { ...baseConfig, TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/hooks/telegram", TELEGRAM_WEBHOOK_SECRET: SECRET },
      fail: (method) => (method === "setWebhook" ? "Bad Request: bad webhook: Failed to resolve host" : undefined),
    });
    cleanups.push(async () => {
      await kit.channel.stop();
      await http.close();
    });
    await expect(kit.channel.start()).rejects.toThrow(/^Telegram không nhận địa chỉ webhook \(400 Bad Request: bad webhook: Failed to resolve host\)\. Kiểm tra TELEGRAM_WEBHOOK_URL/);
  });

  it("refuses a request without the secret with 401 and does not process it", async () => {
    const { post, engine, calls } = await webhookBot();
    const response = await post(textUpdate(7, "xin chào"));
    expect(response.status).toBe(401);
    expect(engine.seen).toHaveLength(0);
    expect(sent(calls)).toHaveLength(0);
  });

  it("refuses a wrong secret with 401 and does not process it", async () => {
    const { post, engine } = await webhookBot();
    expect((await post(textUpdate(7, "xin chào"), "webhook-Secret_124")).status).toBe(401);
    expect((await post(textUpdate(7, "xin chào"), "x")).status).toBe(401);
    expect(engine.seen).toHaveLength(0);
  });

  it("processes an update with the right secret, once even if Telegram redelivers it", async () => {
    const { post, engine, calls } = await webhookBot();
    const update = textUpdate(7, "hỗ trợ đào tạo nghề");
    const response = await post(update, SECRET);
    expect(response.status).toBe(200);
    expect(engine.seen).toMatchObject([{ kind: "text", text: "hỗ trợ đào tạo nghề" }]);
    expect(sent(calls, 7)[0]?.text).toContain("hỗ trợ đào tạo nghề");
    expect((await post(update, SECRET)).status).toBe(200);
    expect(engine.seen).toHaveLength(1);
  });

  it("answers 400 to a body that is not an update, and 404 elsewhere, while /healthz stays up", async () => {
    const { post, port } = await webhookBot();
    expect((await post("{not json", SECRET)).status).toBe(400);
    expect((await post({ hello: 1 }, SECRET)).status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${port}/other`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it("answers 503 after stop so that Telegram keeps the update for later", async () => {
    const { post, channel, engine } = await webhookBot();
    await channel.stop();
    expect((await post(textUpdate(7, "muộn"), SECRET)).status).toBe(503);
    expect(engine.seen).toHaveLength(0);
  });
});
