/**
 * Whole conversations on Telegram with the real engine, store and knowledge
 * base: only the Telegram API is replaced (by the recording transformer).
 */
import { afterEach, describe, expect, it } from "vitest";
import { botInfo, callbackUpdate, commandUpdate, eventually, messageUpdate, OFFICER_GROUP, OFFICER_ID, sent, textUpdate, user } from "./harness.ts";
import { realBot, submitApplication } from "./real-engine.ts";

const APPLICANT = 7001;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function bot(env?: Record<string, string>) {
  const kit = await realBot({ env });
  cleanups.push(kit.close);
  return kit;
}

const allData = (buttons: { callback_data: string }[][]) => buttons.flat().map((b) => b.callback_data);

describe("Telegram with the real engine", () => {
  it("/start greets by name and shows the main menu as buttons", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(commandUpdate(APPLICANT, "/start", user(APPLICANT, "Lan")));
    const [menu] = sent(kit.calls, APPLICANT);
    expect(menu?.text).toContain("Xin chào Lan");
    expect(allData(menu!.buttons)).toEqual(expect.arrayContaining(["m:qa", "m:elig", "m:form", "m:mine", "m:officer"]));
    for (const data of allData(menu!.buttons)) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  });

  it("answers a question with its source and related topics as buttons", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(textUpdate(APPLICANT, "hỗ trợ mua máy móc thiết bị được bao nhiêu?"));
    const [answer] = sent(kit.calls, APPLICANT);
    expect(answer?.text).toMatch(/300 triệu/);
    expect(answer?.text).toMatch(/Căn cứ/);
    expect(allData(answer!.buttons)).toContain("a:may-moc-thiet-bi");
  });

  it("a menu button press starts that flow; every slash command of the menu is understood", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:qa"));
    expect(kit.calls[0]?.method).toBe("answerCallbackQuery");
    expect(sent(kit.calls, APPLICANT)).toHaveLength(1);
    for (const command of ["menu", "hoidap", "dieukien", "hoso", "canbo", "huy", "help"]) {
      const before = sent(kit.calls, APPLICANT).length;
      await kit.bot.handleUpdate(commandUpdate(APPLICANT, `/${command}`));
      const replies = sent(kit.calls, APPLICANT).slice(before);
      expect(replies.length, command).toBeGreaterThan(0);
      expect(replies.map((r) => r.text).join("\n"), command).not.toContain("không hiểu lệnh");
    }
  });

  it("a stale button gets 'menu đã cũ' and the current question again", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(commandUpdate(APPLICANT, "/dangky"));
    await kit.bot.handleUpdate(textUpdate(APPLICANT, "Nguyễn Thị Lan"));
    // The entity-type choice belongs to a later step; pressing it now is a press on an old keyboard.
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "e:old:1"));
    const replies = sent(kit.calls, APPLICANT).slice(-2);
    expect(replies[0]?.text).toContain("Menu này đã cũ");
    expect(replies[1]?.text).toContain("Chức vụ");
  });

  it("processes a redelivered update once", async () => {
    const kit = await bot();
    const update = textUpdate(APPLICANT, "đào tạo nghề có được hỗ trợ không?");
    await kit.bot.handleUpdate(update);
    const count = sent(kit.calls, APPLICANT).length;
    await kit.bot.handleUpdate(structuredClone(update));
    expect(sent(kit.calls, APPLICANT)).toHaveLength(count);
  });

  it("turns a flood away before any call to Telegram: 12 presses at once cost 5 answers, 5 engine turns and one 'slow down'", async () => {
    const kit = await bot({ FLOOD_MAX_MESSAGES: "5", FLOOD_WINDOW_SECONDS: "10" });
    await Promise.all(Array.from({ length: 12 }, () => kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:qa"))));
    await kit.bot.handleUpdate(callbackUpdate(7002, "m:qa"));
    expect(kit.calls.filter((c) => c.method === "answerCallbackQuery").length, "answered: 5 admitted + the other user").toBe(6);
    const texts = sent(kit.calls, APPLICANT).map((m) => m.text);
    expect(texts.filter((t) => /chậm lại/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /gõ câu hỏi/.test(t))).toHaveLength(5);
    expect(sent(kit.calls, 7002).map((m) => m.text).join()).toMatch(/gõ câu hỏi/);
  });

  it("stickers and photos outside the form get the unsupported-input reply", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(messageUpdate(APPLICANT, { sticker: { file_id: "st" } as never }));
    expect(sent(kit.calls, APPLICANT)[0]?.text).toMatch(/chữ|nút|hiểu/);
  });
});

describe("Telegram application and officers with the real engine", () => {
  it("a whole application is submitted, the officer group receives it, an officer acts, the applicant is told", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(textUpdate(APPLICANT, "hỗ trợ mua máy móc thiết bị được bao nhiêu?"));
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "a:may-moc-thiet-bi"));
    const code = await submitApplication(kit.bot, kit.calls, APPLICANT);
    expect(code).toMatch(/^KC-\d{4}-000001$/);
    const stored = (await kit.app.store.applications.get(code));
    expect(stored?.answers.licence).toMatchObject({ ref: "BQACAgIAAxkBAAIBZ2licence" });
    expect(stored?.chatId).toBe(String(APPLICANT));

    // The officer group gets the summary with the four actions.
    await eventually(() => expect(sent(kit.calls, OFFICER_GROUP)).toHaveLength(1));
    const notice = sent(kit.calls, OFFICER_GROUP)[0]!;
    expect(notice.text).toContain(code);
    expect(notice.text).toContain("Hộ kinh doanh Mây tre Lan");
    expect(allData(notice.buttons)).toEqual([`o:${code}:rcv`, `o:${code}:inf`, `o:${code}:pro`, `o:${code}:rej`]);

    // An officer presses "Tiếp nhận" in the group: everyone there sees who did it.
    const before = sent(kit.calls, APPLICANT).length;
    await kit.bot.handleUpdate(callbackUpdate(OFFICER_GROUP, `o:${code}:rcv`, user(OFFICER_ID, "Minh", "Trần")));
    expect(sent(kit.calls, OFFICER_GROUP).at(-1)?.text).toMatch(/Minh Trần.*đã chuyển hồ sơ/);
    await eventually(() => expect(sent(kit.calls, APPLICANT).slice(before).map((m) => m.text).join("\n")).toContain(code));
    expect((await kit.app.store.applications.get(code))?.status).toBe("received");
  });

  it("'yêu cầu bổ sung' asks the officer for a note, taken from a reply to the bot in the group", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:form"));
    const code = await submitApplication(kit.bot, kit.calls, APPLICANT);
    const officer = user(OFFICER_ID, "Minh");
    await kit.bot.handleUpdate(callbackUpdate(OFFICER_GROUP, `o:${code}:inf`, officer));
    expect(sent(kit.calls, OFFICER_GROUP).at(-1)?.text).toContain("ghi chú");
    // Group chatter that does not reply to the bot is not for the engine.
    await kit.bot.handleUpdate(textUpdate(OFFICER_GROUP, "để mình xem lại hồ sơ đã", officer));
    expect((await kit.app.store.applications.get(code))?.status).toBe("submitted");
    const botMessage = { message_id: 1, date: 0, chat: { id: OFFICER_GROUP, type: "supergroup", title: "Cán bộ" }, from: { id: botInfo.id, is_bot: true, first_name: "Bot" } };
    await kit.bot.handleUpdate(messageUpdate(OFFICER_GROUP, { text: "Thiếu bản sao giấy phép kinh doanh", reply_to_message: botMessage as never }, officer));
    expect((await kit.app.store.applications.get(code))?.status).toBe("needs-info");
    await eventually(() => expect(sent(kit.calls, APPLICANT).at(-1)?.text).toContain("Thiếu bản sao giấy phép kinh doanh"));
  });

  it("a non-officer pressing an action is refused and the applicant hears nothing", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:form"));
    const code = await submitApplication(kit.bot, kit.calls, APPLICANT);
    const before = sent(kit.calls, APPLICANT).length;
    await kit.bot.handleUpdate(callbackUpdate(OFFICER_GROUP, `o:${code}:pro`, user(5555, "Khách")));
    expect(sent(kit.calls, OFFICER_GROUP).at(-1)?.text).toContain("không hiểu lệnh");
    expect((await kit.app.store.applications.get(code))?.status).toBe("submitted");
    await new Promise((r) => setTimeout(r, 100));
    expect(sent(kit.calls, APPLICANT)).toHaveLength(before);
  });

  it("/xuat sends the officer a CSV with the application in Vietnamese", async () => {
    const kit = await bot();
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:form"));
    const code = await submitApplication(kit.bot, kit.calls, APPLICANT);
    await kit.bot.handleUpdate(commandUpdate(OFFICER_ID, "/xuat", user(OFFICER_ID)));
    const document = kit.calls.find((c) => c.method === "sendDocument");
    expect(String(document?.payload.chat_id)).toBe(String(OFFICER_ID));
    expect(document?.payload.document.filename).toMatch(/\.csv$/);
    const csv = Buffer.from(await streamToBuffer(document!.payload.document)).toString("utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(code);
    expect(csv).toContain("Mây tre Lan");
  });
});

/** Reads an InputFile built from a Buffer back into bytes. */
async function streamToBuffer(file: { fileData: unknown }): Promise<Uint8Array> {
  const data = file.fileData;
  if (data instanceof Uint8Array) return data;
  throw new Error("unexpected InputFile data");
}
