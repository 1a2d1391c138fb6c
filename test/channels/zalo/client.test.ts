import { createServer, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZaloClient, ZaloApiError } from "../../../src/channels/zalo/client.ts";
import { freePort } from "../../support/ports.ts";
import { ZaloStandIn, zaloUpdate } from "../../support/zalo-stand-in.ts";

const TOKEN = "123456789:abc-SECRET_xyz";

describe("Zalo client against the stand-in", () => {
  let zalo: ZaloStandIn;
  let sleeps: number[];
  const client = (overrides: Partial<Parameters<typeof createZaloClient>[0]> = {}) =>
    createZaloClient({ token: TOKEN, apiRoot: zalo.apiRoot, sleep: async (ms) => void sleeps.push(ms), ...overrides });

  beforeEach(async () => {
    zalo = await new ZaloStandIn({ token: TOKEN }).start();
    sleeps = [];
  });
  afterEach(() => zalo.stop());

  it("calls each method as POST /bot{token}/{method} with the documented JSON fields", async () => {
    const c = client();
    expect(await c.getMe()).toMatchObject({ id: "1459232241454765289", account_name: "bot.StandIn" });
    expect(await c.setWebhook({ url: "https://bot.example.vn/zalo", secretToken: "s3cret-token" })).toMatchObject({ url: "https://bot.example.vn/zalo" });
    expect(await c.getWebhookInfo()).toMatchObject({ url: "https://bot.example.vn/zalo" });
    expect(await c.deleteWebhook()).toMatchObject({ url: "" });
    expect(await c.sendMessage({ chatId: "c1", text: "Xin chào" })).toMatchObject({ message_id: expect.any(String) });
    expect(await c.sendPhoto({ chatId: "c1", photo: "https://example.com/a.jpg", caption: "Ảnh" })).toMatchObject({ message_id: expect.any(String) });
    await c.sendChatAction({ chatId: "c1", action: "typing" });
    expect(zalo.calls.map((x) => [x.method, x.body])).toEqual([
      ["getMe", {}],
      ["setWebhook", { url: "https://bot.example.vn/zalo", secret_token: "s3cret-token" }],
      ["getWebhookInfo", {}],
      ["deleteWebhook", {}],
      ["sendMessage", { chat_id: "c1", text: "Xin chào" }],
      ["sendPhoto", { chat_id: "c1", photo: "https://example.com/a.jpg", caption: "Ảnh" }],
      ["sendChatAction", { chat_id: "c1", action: "typing" }],
    ]);
    expect(zalo.calls.every((x) => x.token === TOKEN)).toBe(true);
  });

  it("getUpdates sends timeout as a string and returns the one update", async () => {
    zalo.pushUpdate(zaloUpdate("text", { text: "Chào bot" }));
    const updates = await client().getUpdates({ timeoutSeconds: 1 });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.message?.text).toBe("Chào bot");
    expect(zalo.callsOf("getUpdates")[0]?.body).toEqual({ timeout: "1" });
  });

  it.each([200, 408])("getUpdates with nothing new throws a polling timeout (HTTP %i), without retrying", async (status) => {
    await zalo.stop();
    zalo = await new ZaloStandIn({ token: TOKEN, maxPollWaitMs: 50, pollTimeoutStatus: status }).start();
    const error = await client().getUpdates({ timeoutSeconds: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloApiError);
    expect((error as ZaloApiError).isPollingTimeout).toBe(true);
    expect(zalo.callsOf("getUpdates")).toHaveLength(1);
  });

  it("turns ok:false into a ZaloApiError with method, code and description, and does not retry a 400", async () => {
    zalo.failNext("sendMessage", { status: 200, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } });
    const error = (await client().sendMessage({ chatId: "nope", text: "x" }).catch((e: unknown) => e)) as ZaloApiError;
    expect(error).toBeInstanceOf(ZaloApiError);
    expect(error).toMatchObject({ method: "sendMessage", kind: "api", code: 400, description: "Bad Request: chat not found" });
    expect(error.isPollingTimeout).toBe(false);
    expect(zalo.callsOf("sendMessage")).toHaveLength(1);
  });

  it("fails on a non-2xx status even when the body says ok:true", async () => {
    zalo.failNext("getMe", { status: 403, body: { ok: true, result: {} } });
    await expect(client().getMe()).rejects.toMatchObject({ code: 403 });
  });

  it("retries once after a 429 and then succeeds, honouring Retry-After", async () => {
    zalo.failNext("sendMessage", { status: 429, body: { ok: false, error_code: 429, description: "Quota exceeded" }, headers: { "retry-after": "2" } });
    await client().sendMessage({ chatId: "c1", text: "sau khi chờ" });
    expect(zalo.sentTexts()).toEqual(["sau khi chờ"]);
    expect(zalo.callsOf("sendMessage")).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it("retries 5xx with growing back-off and gives up after maxRetries", async () => {
    const fail = { status: 502, body: "<html>Bad Gateway</html>" };
    zalo.failNext("getMe", fail, fail, fail);
    const error = (await client({ maxRetries: 2, baseDelayMs: 100 }).getMe().catch((e: unknown) => e)) as ZaloApiError;
    expect(error).toMatchObject({ code: 502, kind: "api" });
    expect(zalo.callsOf("getMe")).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it("never shows the token in errors: HTTP errors, descriptions that echo the URL, network faults", async () => {
    zalo.failNext("getMe", { status: 401, body: { ok: false, error_code: 401, description: `Unauthorized: /bot${TOKEN}/getMe` } });
    const apiError = (await client().getMe().catch((e: unknown) => e)) as ZaloApiError;
    expect(apiError.code).toBe(401);
    expect(`${apiError.message} ${apiError.description} ${apiError.stack} ${JSON.stringify(apiError)}`).not.toContain("SECRET");

    const deadPort = await freePort();
    const offline = createZaloClient({ token: TOKEN, apiRoot: `http://127.0.0.1:${deadPort}`, sleep: async () => {}, maxRetries: 1 });
    const netError = (await offline.getMe().catch((e: unknown) => e)) as ZaloApiError;
    expect(netError).toBeInstanceOf(ZaloApiError);
    expect(netError.kind).toBe("network");
    expect(netError.isRetryable).toBe(true);
    expect(`${netError.message} ${netError.stack} ${JSON.stringify(netError)} ${String(netError.cause)}`).not.toContain("SECRET");
  });

  it("times out a hanging request and reports it as a network fault", async () => {
    const sockets: Socket[] = [];
    const hang = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", r));
    const port = (hang.address() as { port: number }).port;
    const c = createZaloClient({ token: TOKEN, apiRoot: `http://127.0.0.1:${port}`, timeoutMs: 100, maxRetries: 0 });
    await expect(c.getMe()).rejects.toMatchObject({ kind: "network" });
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((r) => hang.close(() => r()));
  });

  it("refuses empty or over-long texts before calling Zalo", async () => {
    await expect(client().sendMessage({ chatId: "c1", text: "" })).rejects.toMatchObject({ kind: "invalid" });
    await expect(client().sendMessage({ chatId: "c1", text: "a".repeat(2001) })).rejects.toMatchObject({ kind: "invalid" });
    expect(zalo.callsOf("sendMessage")).toHaveLength(0);
  });

  it("reports a result in an unexpected shape as invalid, without retrying", async () => {
    zalo.failNext("sendMessage", { status: 200, body: { ok: true, result: { nothing: 1 } } });
    await expect(client().sendMessage({ chatId: "c1", text: "x" })).rejects.toMatchObject({ kind: "invalid" });
    expect(zalo.callsOf("sendMessage")).toHaveLength(1);
  });

  it("stops retrying when the caller aborts", async () => {
    zalo.failNext("getMe", { status: 500, body: { ok: false, error_code: 500 } });
    const controller = new AbortController();
    const c = client({ sleep: () => new Promise(() => {}) });
    const pending = c.getMe({ signal: controller.signal });
    await zalo.waitFor(() => zalo.callsOf("getMe").length === 1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 500 });
    expect(zalo.callsOf("getMe")).toHaveLength(1);
  });
});


describe("Zalo client, getUpdates results", () => {
  let zalo: ZaloStandIn;
  beforeEach(async () => {
    zalo = await new ZaloStandIn().start();
  });
  afterEach(() => zalo.stop());

  it("treats an empty result as no update and reports an unreadable one by its keys only", async () => {
    const c = createZaloClient({ token: TOKEN, apiRoot: zalo.apiRoot, sleep: async () => {} });
    zalo.failNext("getUpdates", { status: 200, body: { ok: true } });
    expect(await c.getUpdates({ timeoutSeconds: 1 })).toEqual([]);
    zalo.failNext("getUpdates", { status: 200, body: { ok: true, result: { event_name: "user.follow", user: { phone: "0912345678" } } } });
    const error = (await c.getUpdates({ timeoutSeconds: 1 }).catch((e: unknown) => e)) as ZaloApiError;
    expect(error).toMatchObject({ kind: "invalid" });
    expect(error.description).toContain("event_name, user");
    expect(error.description).not.toContain("0912345678");
  });
});
