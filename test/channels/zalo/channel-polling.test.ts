import { generousFloodGate } from "../../support/flood.ts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZaloChannel, type ZaloChannel } from "../../../src/channels/zalo/channel.ts";
import { createZaloClient } from "../../../src/channels/zalo/client.ts";
import type { Engine } from "../../../src/engine/contract.ts";
import type { Inbound, Reply } from "../../../src/engine/types.ts";
import { silentLogger } from "../../../src/logger.ts";
import { ZaloStandIn, zaloUpdate } from "../../support/zalo-stand-in.ts";
import { fakeEngine, memoryLogger, memoryOutbox } from "./fakes.ts";

const TOKEN = "123456789:abc-SECRET_xyz";

describe("Zalo channel, long polling", () => {
  let zalo: ZaloStandIn;
  let channel: ZaloChannel | undefined;

  beforeEach(async () => {
    zalo = await new ZaloStandIn({ token: TOKEN, maxPollWaitMs: 100 }).start();
  });
  afterEach(async () => {
    await channel?.stop();
    channel = undefined;
    await zalo.stop();
  });

  function startChannel(engine: Engine, extra: { outbox?: ReturnType<typeof memoryOutbox>; logger?: typeof silentLogger; typing?: boolean } = {}) {
    const config = { ZALO_BOT_TOKEN: TOKEN, ZALO_API_ROOT: zalo.apiRoot, ZALO_WEBHOOK_URL: undefined, ZALO_WEBHOOK_SECRET: undefined };
    channel = createZaloChannel({
      engine,
      outbox: extra.outbox ?? memoryOutbox(),
      flood: generousFloodGate(),
      config,
      logger: extra.logger ?? silentLogger,
      client: createZaloClient({ token: TOKEN, apiRoot: zalo.apiRoot, sleep: async () => {} }),
      tuning: { pollTimeoutSeconds: 1, errorBackoffMs: 20, typing: extra.typing ?? false },
    });
    return channel.start();
  }

  it("deletes any webhook, then answers a conversation in order with numbered options", async () => {
    const { engine, received } = fakeEngine((inbound): Reply[] => {
      if (inbound.kind === "command") {
        return [{ text: "Chào anh/chị! Tôi có thể giúp gì?", buttons: [[{ label: "Hỏi về hỗ trợ", data: "m:qa" }], [{ label: "Đăng ký", data: "m:apply" }]] }];
      }
      if (inbound.kind === "text" && inbound.text === "1") return [{ text: "Anh/chị muốn hỏi gì?" }];
      return [{ text: "Hỗ trợ máy móc tối đa 50% chi phí." }];
    });
    await startChannel(engine);
    expect(zalo.calls[0]?.method).toBe("deleteWebhook");

    const user = "a1b2c3d4e5f6a7b8c9d0";
    zalo.pushUpdate(zaloUpdate("text", { userId: user, text: "/start" }));
    zalo.pushUpdate(zaloUpdate("text", { userId: user, text: "1" }));
    zalo.pushUpdate(zaloUpdate("text", { userId: user, text: "hỗ trợ máy móc bao nhiêu" }));
    const texts = await zalo.waitForTexts(3, user);
    expect(texts[0]).toBe("Chào anh/chị! Tôi có thể giúp gì?\n\n1. Hỏi về hỗ trợ\n2. Đăng ký\n(Gõ 1 hoặc 2)");
    expect(texts.slice(1)).toEqual(["Anh/chị muốn hỏi gì?", "Hỗ trợ máy móc tối đa 50% chi phí."]);
    expect(received.map((i) => i.kind)).toEqual(["command", "text", "text"]);
    expect(received[0]).toMatchObject({ channel: "zalo", userId: user, chatId: user, command: "start", displayName: "Ted" });
  });

  it("keeps polling after 408 answers (nothing new) and picks up a late message", async () => {
    const { engine } = fakeEngine();
    await startChannel(engine);
    await zalo.waitFor(() => zalo.callsOf("getUpdates").length >= 3, 5_000, "three polls");
    zalo.pushUpdate(zaloUpdate("text", { text: "muộn" }));
    expect(await zalo.waitForTexts(1)).toEqual(["Bạn nói: muộn"]);
    expect(zalo.callsOf("getUpdates").every((c) => c.body.timeout === "1")).toBe(true);
  });

  it("splits a 2500-character reply into two messages of at most 2000", async () => {
    const para = (n: number, c: string) => c.repeat(n);
    const long = `${para(1200, "a")}\n\n${para(1298, "b")}`;
    const { engine } = fakeEngine(() => [{ text: long }]);
    await startChannel(engine);
    zalo.pushUpdate(zaloUpdate("text", { text: "dài" }));
    const texts = await zalo.waitForTexts(2);
    expect(texts).toEqual([para(1200, "a"), para(1298, "b")]);
    expect(texts.every((t) => t.length <= 2000)).toBe(true);
  });

  it("sends images to the engine as photo attachments and stickers as unsupported", async () => {
    const { engine, received } = fakeEngine();
    await startChannel(engine);
    zalo.pushUpdate(zaloUpdate("image", { photo: "https://zalo.example/img/123.jpg" }));
    zalo.pushUpdate(zaloUpdate("sticker"));
    zalo.pushUpdate(zaloUpdate("unsupported"));
    await zalo.waitForTexts(3);
    expect(received.map((i) => (i.kind === "attachment" ? i.attachment : i.kind === "unsupported" ? i.what : i.kind))).toEqual([
      { type: "photo", ref: "https://zalo.example/img/123.jpg" },
      "sticker",
      "other",
    ]);
  });

  it("shows 'typing' before the reply and carries on when typing fails", async () => {
    const { engine } = fakeEngine();
    await startChannel(engine, { typing: true });
    zalo.failNext("sendChatAction", { status: 200, body: { ok: false, error_code: 400, description: "not allowed" } });
    zalo.pushUpdate(zaloUpdate("text", { text: "một" }));
    zalo.pushUpdate(zaloUpdate("text", { text: "hai" }));
    expect(await zalo.waitForTexts(2)).toEqual(["Bạn nói: một", "Bạn nói: hai"]);
    const order = zalo.calls.filter((c) => c.method !== "getUpdates" && c.method !== "deleteWebhook").map((c) => c.method);
    expect(order).toEqual(["sendChatAction", "sendMessage", "sendChatAction", "sendMessage"]);
  });

  it("apologises in Vietnamese when one update fails, logs it masked and keeps running", async () => {
    const logger = memoryLogger();
    const { engine } = fakeEngine((inbound) => {
      if (inbound.kind === "text" && inbound.text === "hỏng") throw new Error("boom 0912345678");
      return [{ text: "vẫn chạy" }];
    });
    await startChannel(engine, { logger });
    zalo.pushUpdate(zaloUpdate("text", { userId: "fffaaa111222333444ab", text: "hỏng" }));
    zalo.pushUpdate(zaloUpdate("text", { userId: "fffaaa111222333444ab", text: "tiếp" }));
    const texts = await zalo.waitForTexts(2);
    expect(texts[0]).toMatch(/^Xin lỗi/);
    expect(texts[1]).toBe("vẫn chạy");
    const errorLine = logger.lines.find((l) => l.includes("update failed"));
    expect(errorLine).toContain("***4ab");
    expect(errorLine).not.toContain("0912345678");
    expect(logger.lines.join("\n"), "not even at debug level").not.toContain("fffaaa111222333444ab");
    expect(logger.lines.join("\n")).not.toContain("SECRET");
  });

  it("backs off on polling errors (429, 500, ok:false) without stopping", async () => {
    const { engine } = fakeEngine();
    await startChannel(engine);
    zalo.failNext(
      "getUpdates",
      { status: 500, body: { ok: false, error_code: 500, description: "Internal" } },
      { status: 200, body: { ok: false, error_code: 401, description: "Unauthorized" } },
    );
    zalo.pushUpdate(zaloUpdate("text", { text: "vẫn nhận" }));
    expect(await zalo.waitForTexts(1)).toEqual(["Bạn nói: vẫn nhận"]);
  });

  it("serves each chat in order while chats run in parallel", async () => {
    const slowFirst = async (inbound: Inbound): Promise<Reply[]> => {
      if (inbound.kind === "text" && inbound.text === "A1") await new Promise((r) => setTimeout(r, 150));
      return [{ text: inbound.kind === "text" ? inbound.text : "?" }];
    };
    const { engine } = fakeEngine(slowFirst);
    await startChannel(engine);
    zalo.pushUpdate(zaloUpdate("text", { userId: "aaaa", text: "A1" }));
    zalo.pushUpdate(zaloUpdate("text", { userId: "aaaa", text: "A2" }));
    zalo.pushUpdate(zaloUpdate("text", { userId: "bbbb", text: "B1" }));
    await zalo.waitForTexts(3);
    expect(zalo.sentTexts("aaaa")).toEqual(["A1", "A2"]);
    expect(zalo.sentTexts()[0]).toBe("B1");
  });

  it("processes a repeated message id once", async () => {
    const { engine, received } = fakeEngine();
    await startChannel(engine);
    const update = zaloUpdate("text", { text: "một lần", messageId: "dup0001" });
    zalo.pushUpdate(update);
    zalo.pushUpdate(update);
    zalo.pushUpdate(zaloUpdate("text", { text: "sau" }));
    await zalo.waitForTexts(2);
    await zalo.drained();
    expect(received.map((i) => (i.kind === "text" ? i.text : ""))).toEqual(["một lần", "sau"]);
  });

  it("delivers outbox notifications for Zalo chats and marks them delivered", async () => {
    const outbox = memoryOutbox();
    await outbox.enqueue("zalo", "officer01", [{ text: "Hồ sơ mới KC-2026-000001" }]);
    await outbox.enqueue("telegram", "42", [{ text: "không phải của Zalo" }]);
    const { engine } = fakeEngine();
    await startChannel(engine, { outbox });
    await outbox.enqueue("zalo", "applicant9", [{ text: "Hồ sơ của anh/chị đã được tiếp nhận", buttons: [[{ label: "Xem hồ sơ", data: "a:view" }]] }]);
    await zalo.waitForTexts(2);
    expect(zalo.sentTexts("officer01")).toEqual(["Hồ sơ mới KC-2026-000001"]);
    expect(zalo.sentTexts("applicant9")[0]).toContain("1. Xem hồ sơ");
    expect(zalo.sentTexts("42")).toEqual([]);
    await zalo.waitFor(() => outbox.waiting("zalo").length === 0, 2_000, "outbox delivered");
    expect(outbox.waiting("telegram")).toHaveLength(1);
  });

  it("stops cleanly: no polling after stop(), even mid-poll", async () => {
    const { engine } = fakeEngine();
    await startChannel(engine);
    await zalo.waitFor(() => zalo.callsOf("getUpdates").length >= 1);
    const started = Date.now();
    await channel!.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    const polls = zalo.callsOf("getUpdates").length;
    await new Promise((r) => setTimeout(r, 200));
    expect(zalo.callsOf("getUpdates").length).toBe(polls);
  });

  it("fails to start with a clear error when the token is refused", async () => {
    await zalo.stop();
    zalo = await new ZaloStandIn({ token: "999:other" }).start();
    const { engine } = fakeEngine();
    const error = await startChannel(engine).catch((e: unknown) => e);
    expect(String(error)).toContain("401");
    expect(String(error)).not.toContain("SECRET");
    channel = undefined;
  });
});
