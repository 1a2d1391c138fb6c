import { afterEach, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { createApp, type App } from "../../../src/app.ts";
import { createZaloChannel, type ZaloChannel } from "../../../src/channels/zalo/channel.ts";
import { createZaloClient } from "../../../src/channels/zalo/client.ts";
import { loadConfig } from "../../../src/config.ts";
import { MSG } from "../../../src/engine/messages.ts";
import { silentLogger } from "../../../src/logger.ts";
import { useTempDirs } from "../../support/app.ts";
import { ZaloStandIn, zaloUpdate } from "../../support/zalo-stand-in.ts";

const TOKEN = "123456789:abc-SECRET_xyz";
const FLOODER = "f100d0000000000000aa";
const OTHER = "0th3r000000000000bb";

/** The real app behind the Zalo channel, "typing" on, with a flood limit of 5 messages per 10 s. */
describe("Zalo channel under a flood (real engine)", () => {
  const dir = useTempDirs("kc-zalo-flood-");
  let zalo: ZaloStandIn | undefined;
  let app: App | undefined;
  let channel: ZaloChannel | undefined;
  afterEach(async () => {
    await channel?.stop();
    await app?.close();
    await zalo?.stop();
  });

  async function start() {
    zalo = await new ZaloStandIn({ token: TOKEN, maxPollWaitMs: 50 }).start();
    const config = loadConfig({ DATA_DIR: dir(), KNOWLEDGE_DIR: resolve("knowledge"), ZALO_BOT_TOKEN: TOKEN, ZALO_API_ROOT: zalo.apiRoot, FLOOD_MAX_MESSAGES: "5", FLOOD_WINDOW_SECONDS: "10", SESSION_FLUSH_MS: "0" });
    app = await createApp(config, { logger: silentLogger });
    channel = createZaloChannel({
      engine: app.engine,
      outbox: app.store.delivery,
      flood: app.flood,
      config,
      logger: silentLogger,
      client: createZaloClient({ token: TOKEN, apiRoot: zalo.apiRoot, sleep: async () => {} }),
      tuning: { pollTimeoutSeconds: 1, typing: true },
    });
    await channel.start();
    return zalo;
  }

  it("checks the limit before any call to Zalo: 60 messages at once cost 5 'typing' calls, 5 answers and one 'slow down'", async () => {
    const zalo = await start();
    for (let i = 0; i < 60; i++) zalo.pushUpdate(zaloUpdate("text", { userId: FLOODER, text: i < 5 ? "menu" : "dangky" }));
    zalo.pushUpdate(zaloUpdate("text", { userId: OTHER, text: "menu" }));
    await zalo.drained();
    await zalo.waitFor(() => zalo.sentTexts(OTHER).length >= 1, 10_000, "the other user's menu");
    await zalo.waitFor(() => zalo.sentTexts(FLOODER).length >= 6, 10_000, "the flooder's answers");
    await channel?.stop();
    channel = undefined;

    const typing = zalo.callsOf("sendChatAction").filter((c) => c.body.chat_id === FLOODER);
    expect(typing.length, "typing shown only for admitted messages").toBe(5);
    const texts = zalo.sentTexts(FLOODER);
    expect(texts.filter((t) => t === MSG.slowDown)).toHaveLength(1);
    expect(texts.filter((t) => /Anh\/chị muốn làm gì/.test(t))).toHaveLength(5);
    expect(texts.some((t) => /Đơn đăng ký hỗ trợ khuyến công/.test(t)), "dropped messages never reach the engine").toBe(false);
    expect((await app?.store.sessions.get(`zalo:${FLOODER}`))?.draft).toBeUndefined();
    expect(zalo.sentTexts(OTHER).join("\n")).toMatch(/Anh\/chị muốn làm gì/);
  });

  it("stays silent in a Zalo group, as in a Telegram group: no form where others read the phone and tax code", async () => {
    const zalo = await start();
    const group = "9r0up000000000000cc";
    for (const text of ["dangky", "/start", "Cơ sở may Lan Anh"]) {
      const update = zaloUpdate("text", { userId: FLOODER, chatId: group, text });
      (update.message.chat as { chat_type: string }).chat_type = "GROUP";
      zalo.pushUpdate(update);
    }
    zalo.pushUpdate(zaloUpdate("text", { userId: OTHER, text: "menu" }));
    await zalo.waitFor(() => zalo.sentTexts(OTHER).length >= 1, 10_000, "the private chat's answer");
    await channel?.stop();
    channel = undefined;
    expect(zalo.sentTexts(group)).toEqual([]);
    expect(zalo.callsOf("sendChatAction").filter((c) => c.body.chat_id === group)).toEqual([]);
    expect(await app?.store.sessions.get(`zalo:${FLOODER}`)).toBeUndefined();
  });
});
