import { afterEach, describe, expect, it } from "vitest";
import { MSG } from "../../../src/engine/messages.ts";
import { fakeEngine, LONG_ANSWER } from "./fake-engine.ts";
import {
  baseConfig,
  callbackUpdate,
  commandUpdate,
  eventually,
  makeChannel,
  MemoryOutbox,
  OFFICER_GROUP,
  OFFICER_ID,
  sent,
  textUpdate,
  TOKEN,
  user,
} from "./harness.ts";

const APPLICANT = 7001;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

function setup(extra: Partial<Parameters<typeof makeChannel>[0]> = {}) {
  const outbox = new MemoryOutbox();
  const engine = fakeEngine({ outbox, officerIds: [String(OFFICER_ID)], officerChatId: String(OFFICER_GROUP) });
  const kit = makeChannel({ engine, outbox, ...extra });
  return { ...kit, engine, outbox };
}

async function started(kit: ReturnType<typeof setup>) {
  await kit.channel.start();
  stops.push(() => kit.channel.stop());
  return kit;
}

describe("Telegram channel, conversation", () => {
  it("/start shows the menu as an inline keyboard with the engine's data", async () => {
    const { bot, calls, engine } = setup();
    await bot.handleUpdate(commandUpdate(APPLICANT, "/start"));
    expect(engine.seen[0]).toMatchObject({ kind: "command", command: "start", userId: String(APPLICANT), chatId: String(APPLICANT) });
    const [menu] = sent(calls, APPLICANT);
    expect(menu?.text).toContain("Trợ lý Khuyến công");
    expect(menu?.buttons).toEqual([[{ text: "Hỏi đáp chính sách", callback_data: "m:qa" }], [{ text: "Kiểm tra điều kiện", callback_data: "m:elig" }]]);
    expect(calls.find((c) => c.method === "sendMessage")?.payload).toMatchObject({ link_preview_options: { is_disabled: true } });
    expect(calls.find((c) => c.method === "sendMessage")?.payload.parse_mode).toBeUndefined();
  });

  it("answers a question", async () => {
    const { bot, calls } = setup();
    await bot.handleUpdate(textUpdate(APPLICANT, "hỗ trợ mua máy móc bao nhiêu?"));
    expect(sent(calls, APPLICANT).map((m) => m.text)).toEqual(["Trả lời cho: hỗ trợ mua máy móc bao nhiêu?\nNguồn: Nghị định 235/2025/NĐ-CP, Điều 4."]);
  });

  it("passes a button press on and always answers the callback query", async () => {
    const { bot, calls, engine } = setup();
    const update = callbackUpdate(APPLICANT, "m:qa");
    await bot.handleUpdate(update);
    expect(engine.seen[0]).toMatchObject({ kind: "button", data: "m:qa" });
    expect(calls[0]).toMatchObject({ method: "answerCallbackQuery", payload: { callback_query_id: update.callback_query!.id } });
    expect(sent(calls, APPLICANT)[0]?.text).toBe("Bạn muốn hỏi gì về chính sách khuyến công?");
  });

  it("passes a stale button on, and shows what the engine answers (menu đã cũ + menu)", async () => {
    const { bot, calls } = setup();
    await bot.handleUpdate(callbackUpdate(APPLICANT, "q:old-topic"));
    const messages = sent(calls, APPLICANT);
    expect(messages.map((m) => m.text)).toEqual(["Menu này đã cũ, mời bạn chọn lại:", expect.stringContaining("Bạn cần gì?")]);
    expect(messages[1]?.buttons.length).toBe(2);
  });

  it("still answers a callback whose answerCallbackQuery fails (query too old)", async () => {
    const { bot, calls } = setup({ fail: (method) => (method === "answerCallbackQuery" ? "Bad Request: query is too old" : undefined) });
    await bot.handleUpdate(callbackUpdate(APPLICANT, "m:qa"));
    expect(sent(calls, APPLICANT)).toHaveLength(1);
  });

  it("splits a 4096+ character answer, keyboard on the last part", async () => {
    const { bot, calls } = setup();
    await bot.handleUpdate(textUpdate(APPLICANT, "dài"));
    const messages = sent(calls, APPLICANT);
    expect(LONG_ANSWER.length).toBeGreaterThan(4096);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(4096);
    expect(messages.slice(0, -1).every((m) => m.buttons.length === 0)).toBe(true);
    expect(messages.at(-1)?.buttons).toEqual([[{ text: "Về menu", callback_data: "menu" }]]);
  });

  it("serves each chat in order, from the button's answer to the last reply, while chats run in parallel", async () => {
    const outbox = new MemoryOutbox();
    const scripted = fakeEngine({ outbox, officerIds: [String(OFFICER_ID)], officerChatId: String(OFFICER_GROUP) });
    // The first press of the applicant is slow to handle; a message sent after it must still be answered after it.
    let slow = true;
    const engine = {
      handle: async (inbound: Parameters<typeof scripted.handle>[0]) => {
        if (slow && inbound.kind === "button") {
          slow = false;
          await new Promise((r) => setTimeout(r, 150));
        }
        return scripted.handle(inbound);
      },
    };
    const { bot, calls } = makeChannel({ engine, outbox });
    await Promise.all([bot.handleUpdate(callbackUpdate(APPLICANT, "m:qa")), bot.handleUpdate(textUpdate(APPLICANT, "câu hai")), bot.handleUpdate(textUpdate(7002, "người khác"))]);
    expect(sent(calls, APPLICANT).map((m) => m.text)).toEqual(["Bạn muốn hỏi gì về chính sách khuyến công?", expect.stringContaining("Trả lời cho: câu hai")]);
    const order = calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.chat_id));
    expect(order[0], "another chat waits for nobody").toBe("7002");
  });

  it("processes a duplicate update id once", async () => {
    const { bot, calls, engine } = setup();
    const update = textUpdate(APPLICANT, "câu hỏi");
    await bot.handleUpdate(update);
    await bot.handleUpdate(structuredClone(update));
    expect(engine.seen).toHaveLength(1);
    expect(sent(calls, APPLICANT)).toHaveLength(1);
  });

  it("maps photos and unsupported input", async () => {
    const { bot, engine } = setup();
    await bot.handleUpdate({ ...textUpdate(APPLICANT, ""), message: { ...textUpdate(APPLICANT, "").message!, text: undefined, sticker: { file_id: "st" } } } as never);
    expect(engine.seen[0]).toMatchObject({ kind: "unsupported", what: "sticker" });
  });

  it("stays silent in a group that is not the officer group", async () => {
    const { bot, calls, engine } = setup();
    await bot.handleUpdate(commandUpdate(-555, "/start", user(5)));
    expect(engine.seen).toHaveLength(0);
    expect(sent(calls)).toHaveLength(0);
  });
});

describe("Telegram channel, faults", () => {
  it("an engine error is logged with the update id, the user gets an apology, the next update works", async () => {
    const { bot, calls, engine, logger } = setup();
    engine.throwOnce();
    const failing = textUpdate(APPLICANT, "gây lỗi 0912345678");
    await bot.handleUpdate(failing);
    // One apology for every channel, addressing the user as "anh/chị" (the engine's).
    expect(sent(calls, APPLICANT).map((m) => m.text)).toEqual([MSG.apology]);
    const line = logger.lines.find((l) => l.includes("update failed"));
    expect(line).toContain(String(failing.update_id));
    expect(line).toContain("***001"); // masked chat id
    expect(line).not.toContain(String(APPLICANT));

    await bot.handleUpdate(textUpdate(APPLICANT, "câu hỏi tiếp"));
    expect(sent(calls, APPLICANT).at(-1)?.text).toContain("Trả lời cho: câu hỏi tiếp");
  });

  it("a sendMessage that fails once does not stop the bot", async () => {
    let failures = 0;
    const { bot, calls, logger } = setup({
      fail: (method) => (method === "sendMessage" && failures++ === 0 ? "Bad Request: chat not found" : undefined),
    });
    await bot.handleUpdate(textUpdate(APPLICANT, "một"));
    await bot.handleUpdate(textUpdate(APPLICANT, "hai"));
    expect(logger.lines.some((l) => l.includes("update failed") && l.includes("chat not found"))).toBe(true);
    expect(sent(calls, APPLICANT).at(-1)?.text).toContain("Trả lời cho: hai");
  });

  it("never writes the token to the log", async () => {
    const { bot, engine, logger } = setup();
    engine.throwOnce();
    await bot.handleUpdate(textUpdate(APPLICANT, "x"));
    expect(logger.lines.join("\n")).not.toContain(TOKEN.split(":")[1]);
  });
});

describe("Telegram channel, start-up and officers", () => {
  it("registers the Vietnamese commands, and a failing setMyCommands is not fatal", async () => {
    const kit = await started(setup({ fail: (method) => (method === "setMyCommands" ? "Method not found" : undefined) }));
    const commands = kit.calls.filter((c) => c.method === "setMyCommands");
    expect(commands[0]?.payload.commands.map((c: { command: string }) => c.command)).toEqual([
      "start", "menu", "hoidap", "dieukien", "dangky", "hoso", "canbo", "huy", "help",
    ]);
    expect(commands.slice(1).map((c) => c.payload.scope)).toEqual([
      { type: "chat", chat_id: String(OFFICER_GROUP) },
      { type: "chat", chat_id: String(OFFICER_ID) },
    ]);
    expect(kit.logger.lines.some((l) => l.includes("setMyCommands (default) failed (not fatal)"))).toBe(true);
    expect(kit.calls.some((c) => c.method === "deleteWebhook")).toBe(true);
    // Still serving after the failure.
    await kit.bot.handleUpdate(commandUpdate(APPLICANT, "/menu"));
    expect(sent(kit.calls, APPLICANT)).toHaveLength(1);
  });

  it("a submission reaches the officer group; an officer's action is shown and the applicant notified", async () => {
    const kit = await started(setup());
    await kit.bot.handleUpdate(textUpdate(APPLICANT, "nộp hồ sơ"));
    expect(sent(kit.calls, APPLICANT)[0]?.text).toContain("KC-2026-000001");
    await eventually(() => expect(sent(kit.calls, OFFICER_GROUP)).toHaveLength(1));
    const notice = sent(kit.calls, OFFICER_GROUP)[0]!;
    expect(notice.text).toContain("Hồ sơ mới KC-2026-000001");
    expect(notice.buttons[0]?.map((b) => b.callback_data)).toEqual(["of:recv:KC-2026-000001", "of:need:KC-2026-000001"]);

    await kit.bot.handleUpdate(callbackUpdate(OFFICER_GROUP, "of:recv:KC-2026-000001", user(OFFICER_ID, "Minh", "Trần")));
    expect(kit.engine.seen.at(-1)).toMatchObject({ userId: String(OFFICER_ID), chatId: String(OFFICER_GROUP), displayName: "Minh Trần" });
    expect(sent(kit.calls, OFFICER_GROUP).at(-1)?.text).toBe("Minh Trần đã tiếp nhận hồ sơ KC-2026-000001.");
    await eventually(() => expect(sent(kit.calls, APPLICANT).at(-1)?.text).toBe("Hồ sơ KC-2026-000001 đã được tiếp nhận."));
    await eventually(() => expect(kit.outbox.items.every((i) => i.delivered)).toBe(true));
  });

  it("a non-officer pressing an officer button is refused by the engine and nothing is sent to the applicant", async () => {
    const kit = await started(setup());
    await kit.bot.handleUpdate(textUpdate(APPLICANT, "nộp hồ sơ"));
    await kit.bot.handleUpdate(callbackUpdate(OFFICER_GROUP, "of:recv:KC-2026-000001", user(5555, "Khách")));
    expect(sent(kit.calls, OFFICER_GROUP).at(-1)?.text).toBe("Bạn không có quyền thực hiện thao tác này.");
    expect(kit.outbox.items).toHaveLength(1); // only the officer-group notice
  });

  it("delivers outbox items queued before start (e.g. by the officers' CLI)", async () => {
    const kit = setup();
    await kit.outbox.enqueue("telegram", String(APPLICANT), [{ text: "Hồ sơ KC-2026-000009: cần bổ sung giấy phép." }]);
    await kit.outbox.enqueue("zalo", "z1", [{ text: "không phải của Telegram" }]);
    await started(kit);
    await eventually(() => expect(sent(kit.calls, APPLICANT).map((m) => m.text)).toEqual(["Hồ sơ KC-2026-000009: cần bổ sung giấy phép."]));
    expect(sent(kit.calls, "z1")).toHaveLength(0);
  });

  it("/xuat from an officer sends the export as a document", async () => {
    const formats: string[] = [];
    const { bot, calls } = setup({
      exportApplications: async (format) => {
        formats.push(format);
        return { fileName: `ho-so.${format}`, data: Buffer.from("\uFEFFMã hồ sơ;Tên cơ sở\n") };
      },
    });
    await bot.handleUpdate(commandUpdate(OFFICER_ID, "/xuat", user(OFFICER_ID)));
    await bot.handleUpdate(commandUpdate(OFFICER_GROUP, "/xuat@khuyencong_test_bot xlsx", user(OFFICER_ID)));
    expect(formats).toEqual(["csv", "xlsx"]);
    const documents = calls.filter((c) => c.method === "sendDocument");
    expect(documents.map((d) => String(d.payload.chat_id))).toEqual([String(OFFICER_ID), String(OFFICER_GROUP)]);
    expect(documents[0]?.payload.document.filename).toBe("ho-so.csv");
    expect(documents[1]?.payload.caption).toContain("XLSX");
  });

  it("/xuat from anyone else goes to the engine as an unknown command", async () => {
    let exported = false;
    const { bot, calls, engine } = setup({ exportApplications: async () => ((exported = true), { fileName: "x.csv", data: Buffer.alloc(0) }) });
    await bot.handleUpdate(commandUpdate(APPLICANT, "/xuat"));
    expect(exported).toBe(false);
    expect(engine.seen[0]).toMatchObject({ kind: "command", command: "xuat" });
    expect(sent(calls, APPLICANT)[0]?.text).toContain("chưa hiểu lệnh");
    expect(calls.some((c) => c.method === "sendDocument")).toBe(false);
  });

  it("/xuat with a bad format, without an exporter, or a failing exporter answers in Vietnamese", async () => {
    const failing = setup({ exportApplications: async () => Promise.reject(new Error("disk")) });
    await failing.bot.handleUpdate(commandUpdate(OFFICER_ID, "/xuat pdf", user(OFFICER_ID)));
    await failing.bot.handleUpdate(commandUpdate(OFFICER_ID, "/xuat", user(OFFICER_ID)));
    expect(sent(failing.calls).map((m) => m.text)).toEqual([expect.stringContaining("/xuat xlsx"), expect.stringContaining("Không xuất được")]);
    const missing = setup();
    await missing.bot.handleUpdate(commandUpdate(OFFICER_ID, "/xuat", user(OFFICER_ID)));
    expect(sent(missing.calls)[0]?.text).toContain("chưa được bật");
  });

  it("stop() waits for the update in progress", async () => {
    const kit = await started(setup());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = kit.engine.handle;
    kit.engine.handle = async (inbound) => {
      await gate;
      return original(inbound);
    };
    const running = kit.bot.handleUpdate(textUpdate(APPLICANT, "chậm"));
    await new Promise((r) => setTimeout(r, 20));
    let stopped = false;
    const stopping = kit.channel.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await running;
    expect(sent(kit.calls, APPLICANT).at(-1)?.text).toContain("chậm");
  });

  it("stop() confirms the last handled update so Telegram does not resend it after a restart", async () => {
    const kit = await started(setup());
    const update = textUpdate(APPLICANT, "câu hỏi cuối");
    await kit.bot.handleUpdate(update);
    await kit.channel.stop();
    expect(kit.calls.at(-1)).toMatchObject({ method: "getUpdates", payload: { offset: update.update_id + 1, limit: 1, timeout: 0 } });
  });

  it("refuses to start webhook mode without the HTTP server", () => {
    const outbox = new MemoryOutbox();
    expect(() =>
      makeChannel({
        engine: fakeEngine({ outbox, officerIds: [], officerChatId: "" }),
        config: { ...baseConfig, TELEGRAM_WEBHOOK_URL: "https://bot.example.vn/telegram", TELEGRAM_WEBHOOK_SECRET: "abcdefgh12" },
      }),
    ).toThrow(/webhook/);
  });
});
