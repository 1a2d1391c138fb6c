import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.ts";
import { createZaloChannel, type ZaloChannel } from "../../src/channels/zalo/channel.ts";
import { createZaloClient } from "../../src/channels/zalo/client.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import { startEmulator } from "../channels/telegram/emulator.ts";
import { tempDir } from "../support/app.ts";
import { SAMPLE_ANSWERS } from "../support/sample-answers.ts";
import { ZaloStandIn, zaloUpdate } from "../support/zalo-stand-in.ts";

/**
 * Issue 17, end to end: the real app with its Telegram and Zalo channels
 * against the local stand-ins of both platforms, officers configured per
 * province by OFFICERS_FILE. A submission from a province with its own
 * officers reaches only them, on both platforms; one from a province without
 * its own team reaches the all-provinces officers of the environment.
 */

const TELEGRAM_TOKEN = "987654:E2E-province_abcdefghijklmnopqrstuvwx";
const ZALO_TOKEN = "123456789:province-e2e";
const TG_NATIONAL = 7101;
const TG_LAI_CHAU = 7102;
const TG_APPLICANT = 7103;
const ZALO_NATIONAL = "0ff1ce0000000000000a";
const ZALO_LAI_CHAU = "0ff1ce0000000000000b";
const ZALO_APPLICANT = "a11ca00000000000000c";

describe("submissions reach their province's officers on Telegram and Zalo", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let zalo: ZaloStandIn;
  let app: App;
  let telegram: TelegramChannel;
  let zaloChannel: ZaloChannel;
  const handled = new Map<string, number>();

  async function waitHandled(key: string, count: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while ((handled.get(key) ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`message ${count} of ${key} not handled`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    zalo = await new ZaloStandIn({ token: ZALO_TOKEN, maxPollWaitMs: 100 }).start();
    const dir = tempDir("kc-province-e2e-");
    const officersFile = join(dir, "officers.yaml");
    writeFileSync(officersFile, `provinces:\n  lai-chau:\n    telegram: [${TG_LAI_CHAU}]\n    zalo: ["${ZALO_LAI_CHAU}"]\n`);
    const config = loadConfig({
      DATA_DIR: join(dir, "data"),
      KNOWLEDGE_DIR: resolve("knowledge"),
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: `${emulator.apiRoot}/`,
      TELEGRAM_OFFICER_IDS: String(TG_NATIONAL),
      ZALO_BOT_TOKEN: ZALO_TOKEN,
      ZALO_API_ROOT: zalo.apiRoot,
      ZALO_OFFICER_IDS: ZALO_NATIONAL,
      OFFICERS_FILE: officersFile,
      FLOOD_MAX_MESSAGES: "1000",
    });
    app = await createApp(config, { logger: silentLogger });
    // Counts the messages the engine has finished per user, so a scripted user waits for each answer before the next.
    const engine = {
      handle: async (inbound: Parameters<App["engine"]["handle"]>[0]) => {
        const replies = await app.engine.handle(inbound);
        const key = `${inbound.channel}:${inbound.userId}`;
        handled.set(key, (handled.get(key) ?? 0) + 1);
        return replies;
      },
    };
    const deps = { engine, outbox: app.store.delivery, flood: app.flood, config, logger: silentLogger };
    telegram = createTelegramChannel({ ...deps, documents: app.documents, exportApplications: async () => ({ fileName: "x.csv", data: Buffer.from("") }) });
    zaloChannel = createZaloChannel({ ...deps, client: createZaloClient({ token: ZALO_TOKEN, apiRoot: zalo.apiRoot, sleep: async () => {} }), tuning: { pollTimeoutSeconds: 1, typing: false } });
    await telegram.start();
    await zaloChannel.start();
  }, 40_000);

  afterAll(async () => {
    await telegram?.stop();
    await zaloChannel?.stop();
    await app?.close();
    await zalo?.stop();
    await emulator?.stop();
  });

  /** Walks the form on one channel, answering each field the session is on; returns the submitted code. */
  async function submit(key: string, send: (text: string) => Promise<void>, province: string): Promise<string> {
    await send("dangky");
    for (let step = 0; step < 40; step++) {
      const state = (await app.store.sessions.get(key))?.state;
      if (state?.name === "form-review") break;
      if (state?.name !== "form") throw new Error(`form left at ${JSON.stringify(state)}`);
      await send(state.fieldId === "province" ? province : (SAMPLE_ANSWERS[state.fieldId] ?? "bỏ qua"));
    }
    await send("nộp");
    const apps = await app.store.applications.list({});
    const mine = apps.filter((a) => `${a.channel}:${a.userId}` === key).at(-1);
    if (!mine) throw new Error("no application stored");
    return mine.code;
  }

  /**
   * What the bot sent to a Telegram chat, read from the emulator's store
   * without consuming it (a client's getUpdates marks messages read, and two
   * readers of one chat would race), waiting until `until` holds or the time is up.
   */
  const telegramTexts = async (chatId: number, until: (texts: string[]) => boolean, timeoutMs = 8000): Promise<string> => {
    const store = (emulator.server as unknown as { storage: { botMessages: { message: { chat_id: string | number; text?: string } }[] } }).storage;
    const read = () => store.botMessages.filter((m) => String(m.message.chat_id) === String(chatId)).map((m) => m.message.text ?? "");
    const deadline = Date.now() + timeoutMs;
    while (!until(read()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return read().join("\n");
  };

  it("sends a Lai Châu submission made on Zalo only to Lai Châu's officers, on both platforms", async () => {
    const key = `zalo:${ZALO_APPLICANT}`;
    const code = await submit(key, async (text) => {
      const next = (handled.get(key) ?? 0) + 1;
      zalo.pushUpdate(zaloUpdate("text", { userId: ZALO_APPLICANT, text, name: "Lan" }));
      await waitHandled(key, next);
    }, "Lai Châu");
    await zalo.waitFor(() => zalo.sentTexts(ZALO_LAI_CHAU).some((t) => t.includes(code)), 8000, "Lai Châu Zalo officer notice");
    expect(await telegramTexts(TG_LAI_CHAU, (t) => t.some((x) => x.includes(code)))).toContain(code);
    // Give any stray delivery the time the others took, then check that none went to the national officers.
    expect(await telegramTexts(TG_NATIONAL, (t) => t.some((x) => x.includes(code)), 1500)).not.toContain(code);
    expect(zalo.sentTexts(ZALO_NATIONAL).join("\n")).not.toContain(code);
  }, 60_000);

  it("sends a submission made on Telegram from a province without its own team to the national officers only", async () => {
    const applicant = emulator.server.getClient(TELEGRAM_TOKEN, { userId: TG_APPLICANT, chatId: TG_APPLICANT, firstName: "Hoa", timeout: 10_000 });
    const key = `telegram:${TG_APPLICANT}`;
    const code = await submit(key, async (text) => {
      const next = (handled.get(key) ?? 0) + 1;
      await applicant.sendMessage(applicant.makeMessage(text));
      await waitHandled(key, next);
    }, "Phú Thọ");
    await zalo.waitFor(() => zalo.sentTexts(ZALO_NATIONAL).some((t) => t.includes(code)), 8000, "national Zalo officer notice");
    expect(await telegramTexts(TG_NATIONAL, (t) => t.some((x) => x.includes(code)))).toContain(code);
    expect(await telegramTexts(TG_LAI_CHAU, (t) => t.some((x) => x.includes(code)), 1500)).not.toContain(code);
    expect(zalo.sentTexts(ZALO_LAI_CHAU).join("\n")).not.toContain(code);
  }, 60_000);
});
