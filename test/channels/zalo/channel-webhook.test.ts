import { generousFloodGate } from "../../support/flood.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZaloChannel, type ZaloChannel } from "../../../src/channels/zalo/channel.ts";
import { createZaloClient } from "../../../src/channels/zalo/client.ts";
import { secretMatches } from "../../../src/channels/zalo/webhook.ts";
import { createHttpServer, type HttpServer } from "../../../src/http/server.ts";
import { silentLogger } from "../../../src/logger.ts";
import { ZaloStandIn, zaloUpdate } from "../../support/zalo-stand-in.ts";
import { fakeEngine, memoryOutbox } from "./fakes.ts";

const TOKEN = "123456789:abc-SECRET_xyz";
const SECRET = "webhook-secret-123";
const WEBHOOK_URL = "https://bot.example.vn/hooks/zalo";

describe("Zalo channel, webhook mode", () => {
  let zalo: ZaloStandIn;
  let http: HttpServer;
  let port: number;
  let channel: ZaloChannel;
  let fake: ReturnType<typeof fakeEngine>;

  beforeEach(async () => {
    zalo = await new ZaloStandIn({ token: TOKEN }).start();
    http = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024, logger: silentLogger });
    fake = fakeEngine();
    channel = createZaloChannel({
      engine: fake.engine,
      outbox: memoryOutbox(),
      flood: generousFloodGate(),
      config: { ZALO_BOT_TOKEN: TOKEN, ZALO_API_ROOT: zalo.apiRoot, ZALO_WEBHOOK_URL: WEBHOOK_URL, ZALO_WEBHOOK_SECRET: SECRET },
      logger: silentLogger,
      http,
      client: createZaloClient({ token: TOKEN, apiRoot: zalo.apiRoot, sleep: async () => {} }),
      tuning: { typing: false },
    });
    await channel.start();
    ({ port } = await http.listen());
  });
  afterEach(async () => {
    await channel.stop();
    await http.close();
    await zalo.stop();
  });

  const post = (body: unknown, secret?: string, path = "/hooks/zalo") =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "X-Bot-Api-Secret-Token": secret }) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("registers the webhook with Zalo (URL and secret) instead of polling", () => {
    expect(channel.mode).toBe("webhook");
    expect(zalo.webhook).toEqual({ url: WEBHOOK_URL, secret: SECRET });
    expect(zalo.callsOf("getUpdates")).toHaveLength(0);
  });

  it("answers 403 and processes nothing when the secret is missing or wrong", async () => {
    expect((await post(zaloUpdate("text"))).status).toBe(403);
    expect((await post(zaloUpdate("text"), "wrong-secret-123")).status).toBe(403);
    expect((await post(zaloUpdate("text"), `${SECRET}x`)).status).toBe(403);
    expect((await post(zaloUpdate("text"), "")).status).toBe(403);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.received).toHaveLength(0);
    expect(zalo.sent).toHaveLength(0);
  });

  it("accepts the bare {event_name, message} body", async () => {
    const res = await post(zaloUpdate("text", { userId: "u0bare", text: "trần" }), SECRET);
    expect(res.status).toBe(200);
    expect(await zalo.waitForTexts(1, "u0bare")).toEqual(["Bạn nói: trần"]);
  });

  it("accepts the wrapped {ok, result} body of the official docs", async () => {
    const res = await post({ ok: true, result: zaloUpdate("text", { userId: "u0wrap", text: "bọc" }) }, SECRET);
    expect(res.status).toBe(200);
    expect(await zalo.waitForTexts(1, "u0wrap")).toEqual(["Bạn nói: bọc"]);
  });

  it("processes a duplicate message id once", async () => {
    const update = zaloUpdate("text", { text: "lặp", messageId: "same-id-1" });
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post({ ok: true, result: update }, SECRET)).status).toBe(200);
    await zalo.waitForTexts(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.received).toHaveLength(1);
    expect(zalo.sentTexts()).toEqual(["Bạn nói: lặp"]);
  });

  it("answers before the engine has finished (processing is asynchronous)", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const slow = fakeEngine(async () => {
      await gate;
      return [{ text: "xong" }];
    });
    Object.assign(fake.engine, { handle: slow.engine.handle });
    const res = await post(zaloUpdate("text", { userId: "u0slow" }), SECRET);
    expect(res.status).toBe(200);
    expect(zalo.sentTexts("u0slow")).toEqual([]);
    release();
    expect(await zalo.waitForTexts(1, "u0slow")).toEqual(["xong"]);
  });

  it("refuses invalid JSON with 400 and ignores non-message events with 200", async () => {
    expect((await post("{not json", SECRET)).status).toBe(400);
    expect((await post({ event_name: "bot.something.else" }, SECRET)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.received).toHaveLength(0);
  });

  it("maps images and stickers arriving by webhook", async () => {
    await post(zaloUpdate("image", { photo: "https://zalo.example/x.png" }), SECRET);
    await post(zaloUpdate("sticker"), SECRET);
    await zalo.waitForTexts(2);
    expect(fake.received[0]).toMatchObject({ kind: "attachment", attachment: { type: "photo", ref: "https://zalo.example/x.png" } });
    expect(fake.received[1]).toMatchObject({ kind: "unsupported", what: "sticker" });
  });

  it("answers 503 after stop()", async () => {
    await channel.stop();
    expect((await post(zaloUpdate("text"), SECRET)).status).toBe(503);
  });
});

describe("secretMatches", () => {
  it("compares exactly, whatever the lengths", () => {
    expect(secretMatches("abcdefgh", "abcdefgh")).toBe(true);
    expect(secretMatches("abcdefgh", "abcdefgi")).toBe(false);
    expect(secretMatches("abcdefg", "abcdefgh")).toBe(false);
    expect(secretMatches("abcdefgh\0", "abcdefgh")).toBe(false);
    expect(secretMatches("", "abcdefgh")).toBe(false);
    expect(secretMatches(undefined, "abcdefgh")).toBe(false);
  });
});
