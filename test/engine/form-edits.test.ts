import { describe, expect, it } from "vitest";
import { userChat, useTestApps } from "../support/app.ts";
import { SAMPLE_ANSWERS } from "../support/sample-answers.ts";

/** Issue 16: editing, skipping and resuming the form as owners really do it. */
const { open } = useTestApps();
const NOW = () => new Date("2026-12-02T02:00:00Z");

type App = Awaited<ReturnType<typeof open>>;

async function fieldOf(app: App, user = "u1"): Promise<string | undefined> {
  const state = (await app.store.sessions.get(`terminal:${user}`))?.state;
  return state?.name === "form" ? state.fieldId : state?.name;
}

/** Answers with the sample answers until `stop` is the field asked (or the form is done). */
async function answerUntil(app: App, chat: ReturnType<typeof userChat>, stop?: string, overrides: Record<string, string> = {}): Promise<string> {
  let last = "";
  for (let i = 0; i < 40; i++) {
    const field = (await fieldOf(app));
    if (field === stop || (await app.store.sessions.get("terminal:u1"))?.state.name !== "form") return last;
    last = await chat.text(overrides[field as string] ?? SAMPLE_ANSWERS[field as string] ?? "bỏ qua");
  }
  throw new Error("form did not finish");
}

describe("editing before the form is finished (B1)", () => {
  it('"sửa 1" mid-form asks field 1, then returns to the next empty field, and later answers land where they belong', async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "province");
    expect(await chat.text("sửa 1")).toMatch(/Họ và tên người đại diện/);
    const back = await chat.text("Trần Thị Bình");
    expect(back).toMatch(/✔️ Họ tên người đại diện: Trần Thị Bình/);
    expect(back).not.toMatch(/kiểm tra lại đơn/);
    expect(back).toMatch(/Cơ sở ở tỉnh\/thành phố nào/);
    expect((await fieldOf(app))).toBe("province");
    const next = await chat.text("Điện Biên");
    expect(next).not.toMatch(/Đơn đã điền xong/);
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.answers.province).toBe("dien-bien");
    expect((await fieldOf(app))).toBe("commune");
  });

  it('"bỏ qua" on a field opened by "sửa" returns to the next empty field and says so', async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "taxCode");
    await chat.text("sửa chức vụ");
    const reply = await chat.text("bỏ qua");
    expect(reply).toMatch(/Mã số thuế/);
    expect((await fieldOf(app))).toBe("taxCode");
    await chat.text(SAMPLE_ANSWERS.taxCode as string);
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.answers.taxCode).toBe(SAMPLE_ANSWERS.taxCode);
  });

  it("after an edit of a finished form, confirms the change in a few lines instead of reprinting the whole review", async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat);
    await chat.text("sửa số điện thoại");
    const reply = await chat.text("0987654321");
    expect(reply).toMatch(/✔️ Số điện thoại: 0987654321/);
    expect(reply).not.toMatch(/1\. Họ tên người đại diện/);
    expect(reply.split("\n").length).toBeLessThan(8);
    expect(chat.buttons().map((b) => b.data)).toContain("f:submit");
    expect(await chat.text("xem lại")).toMatch(/1\. Họ tên người đại diện[\s\S]*9\. Số điện thoại: 0987654321/);
  });
});

describe("cross-field checks on every edit (W2)", () => {
  it("a total edited below the request asks the request again; the draft cannot be submitted with request > total", async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat);
    await chat.text("sửa tổng kinh phí");
    const reply = await chat.text("100 triệu");
    expect(reply).toMatch(/không thể lớn hơn tổng kinh phí/);
    expect((await fieldOf(app))).toBe("requested");
    expect(await chat.text("nộp")).not.toMatch(/Đã nộp đơn/);
    expect((await app.store.applications.count())).toBe(0);
    await chat.text("sửa số tiền đề nghị");
    await chat.text("80 triệu");
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.answers.requested).toBe(80_000_000);
  });

  it("a start month edited after the end month asks the end month again", async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat);
    await chat.text("sửa thời gian bắt đầu");
    expect(await chat.text("12/2027")).toMatch(/phải sau tháng bắt đầu/);
    expect((await fieldOf(app))).toBe("endMonth");
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.answers.endMonth).toBeUndefined();
  });

  it("an entity type edited to an enterprise asks again for a tax code given as a household's 12-digit number", async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, undefined, { taxCode: "001085012345" });
    await chat.text("sửa loại hình");
    expect(await chat.text("1")).toMatch(/mã số thuế 10 chữ số/);
    expect((await fieldOf(app))).toBe("taxCode");
  });
});

describe("answers that look like questions (B3)", () => {
  it.each(["Cơ sở may Lan Anh", "Cơ sở chế biến chè Có Lộc", "Công ty TNHH Cơ khí Bảo Anh"])("takes %s as the facility name", async (name) => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "facilityName");
    expect(await chat.text(name)).toMatch(new RegExp(`✔️ Tên cơ sở: ${name}`));
    expect((await fieldOf(app))).not.toBe("facilityName");
  });
});

describe("licence step", () => {
  it('"gửi sau" skips the licence, as its prompt promises', async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "licence");
    expect(await chat.text("gửi sau")).toMatch(/Tổng kinh phí/);
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.skipped).toContain("licence");
  });
});

describe("answers that are also command words", () => {
  it('"chưa có" answers "already supported?" with no; it does not skip the field', async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "previousSupport");
    expect(await chat.text("chưa có")).toMatch(/✔️ Đã nhận hỗ trợ cùng nội dung: Không/);
  });
});

describe("a returning owner with a draft", () => {
  it("who answers the offer to continue by typing the next answer continues the draft", async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "taxCode");
    await chat.text("tạm dừng");
    expect(await chat.text("3")).toMatch(/Tiếp tục đơn này hay làm đơn mới/);
    const reply = await chat.text(SAMPLE_ANSWERS.taxCode as string);
    expect(reply).toMatch(/✔️ Mã số thuế/);
    expect((await fieldOf(app))).toBe("province");
    expect(await chat.text("Điện Biên")).toMatch(/✔️ Tỉnh\/thành phố: Điện Biên/);
  });

  it("who types the next answer at the menu continues the draft", async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "phone");
    await chat.text("tạm dừng");
    const reply = await chat.text("0912 345 678");
    expect(reply).toMatch(/✔️ Số điện thoại: 0912345678/);
    expect(reply).not.toMatch(/Xin lỗi/);
    expect((await fieldOf(app))).toBe("email");
  });

  it("a question typed at the menu is still answered as a question", async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await answerUntil(app, chat, "phone");
    await chat.text("tạm dừng");
    expect(await chat.text("hộ kinh doanh có được hỗ trợ khuyến công không?")).toMatch(/Căn cứ/);
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.answers.phone).toBeUndefined();
  });

  it('is not offered to continue a draft with "0 mục đã trả lời"', async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("dangky");
    await chat.text("tạm dừng");
    const reply = await chat.text("dangky");
    expect(reply).not.toMatch(/0 mục/);
    expect(reply).toMatch(/Họ và tên người đại diện/);
  });
});

describe("stopping", () => {
  it('"huỷ" outside the form says it stopped once, then shows the menu once', async () => {
    const app = await open({ now: NOW });
    const chat = userChat(app);
    await chat.text("kiểm tra điều kiện");
    const reply = await chat.text("huỷ");
    expect(reply.match(/muốn làm gì/g)?.length ?? 0).toBe(1);
  });
});
