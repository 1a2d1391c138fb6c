import { describe, expect, it } from "vitest";
import { useTestApps, userChat } from "../support/app.ts";

/** The officers' answer to a "Gặp cán bộ" message: one path (answerContact) for the chat's "traloi" and the web page. */
describe("answering a message to officers from the chat", () => {
  const apps = useTestApps();

  it("records the answer and queues it to the owner on their channel; an unknown code is said plainly", async () => {
    const app = await apps.open({ env: { TELEGRAM_OFFICER_IDS: "111", CENTRE_NAME: "Trung tâm Khuyến công tỉnh Điện Biên" } });
    const owner = userChat(app, "u0lananh", "zalo");
    await owner.text("gặp cán bộ");
    await owner.text("Cho em hỏi bao giờ có kết quả xét hồ sơ ạ?");
    const [contact] = await app.store.contacts.open();
    const officer = userChat(app, "111", "telegram");
    expect(await officer.text(`traloi ${contact!.id.toLowerCase()} Chào chị, trong 10 ngày làm việc ạ`)).toBe(`Đã gửi câu trả lời cho tin nhắn ${contact!.id}.`);
    expect(await app.store.contacts.open()).toEqual([]);
    expect((await app.store.contacts.get(contact!.id))?.answer).toBe("Chào chị, trong 10 ngày làm việc ạ");
    const notices = (await app.store.delivery.pending()).filter((n) => n.channel === "zalo" && n.chatId === "u0lananh");
    expect(notices.at(-1)?.replies[0]?.text).toMatch(/Cán bộ Trung tâm Khuyến công tỉnh Điện Biên trả lời tin nhắn LH.*\n.*10 ngày làm việc/);
    expect(await officer.text("traloi LH0000 xin chào")).toBe("Không có tin nhắn mã LH0000.");
    expect(await officer.text(`traloi ${contact!.id}`)).toBe(`Gõ: traloi ${contact!.id} <nội dung trả lời>`);
  });
});
