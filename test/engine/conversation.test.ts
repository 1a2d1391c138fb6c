import { describe, expect, it } from "vitest";
import { userChat, useTestApps } from "../support/app.ts";

const { open, forget } = useTestApps();

describe("menu and help", () => {
  it("greets on /start with the five menu entries as buttons", async () => {
    const app = await open();
    const chat = userChat(app);
    const text = await chat.command("start");
    expect(text).toMatch(/Xin chào Chị Lan/);
    expect(chat.buttons().map((b) => b.label)).toEqual(expect.arrayContaining([expect.stringMatching(/Hỏi đáp/), expect.stringMatching(/Kiểm tra điều kiện/), expect.stringMatching(/Đăng ký đề án/), expect.stringMatching(/Hồ sơ của tôi/), expect.stringMatching(/Gặp cán bộ/)]));
  });

  it.each(["menu", "/menu", "Menu chính", "bat dau"])("%s shows the menu", async (word) => {
    const app = await open();
    const chat = userChat(app);
    expect(await chat.text(word)).toMatch(/muốn làm gì/);
  });

  it.each(["Xin chào", "chào bạn ạ", "Bạn là ai?", "ban la nguoi hay may"])("%s is answered by who the bot is and the menu, not by policy topics", async (words) => {
    const app = await open();
    const chat = userChat(app);
    const text = await chat.text(words);
    expect(text).toMatch(/Tôi là Trợ lý Khuyến công, một trợ lý tự động \(không phải người\)/);
    expect(text).toMatch(/muốn làm gì/);
    expect(text).not.toMatch(/Có phải anh\/chị muốn hỏi/);
  });

  it("help explains numbers, cancel and the officer", async () => {
    const app = await open();
    expect(await userChat(app).text("trợ giúp")).toMatch(/huỷ.*gặp cán bộ/s);
  });
});

describe("questions and answers", () => {
  it("answers confidently in a phone-sized first message with the source, the rest one tap away", async () => {
    const app = await open();
    const chat = userChat(app);
    const text = await chat.text("hộ kinh doanh có được hỗ trợ khuyến công không");
    expect(text).toMatch(/Căn cứ: .*NĐ/);
    expect(text.length).toBeLessThanOrEqual(600);
    expect(chat.buttons().filter((b) => b.data.startsWith("t:")).length).toBeGreaterThanOrEqual(2);
    const details = await chat.pressLabel("Xem chi tiết");
    expect(details).toMatch(/kiểm tra ngày \d\d\/\d\d\/\d{4}/);
    expect(details.length).toBeLessThanOrEqual(2000);
  });

  it("computes the estimate with its cap and fund when the question names a cost", async () => {
    const app = await open();
    const text = await userChat(app).text("mua máy 800 triệu thì được bao nhiêu");
    expect(text).toMatch(/Với chi phí 800 triệu đồng/);
    expect(text).toMatch(/tối đa 300 triệu đồng/);
    expect(text).toMatch(/ngân sách trung ương/);
    expect(text).toMatch(/500 triệu đồng là vốn đối ứng/);
  });

  it.each(["cảm ơn nhiều nha", "ok", "👍", "đm", "kết quả bóng đá tối qua", "Xin chào bạn!", "xin chào trợ lý ạ", "hello bạn"])("answers the small talk %s briefly and logs nothing", async (words) => {
    const app = await open();
    const reply = await userChat(app).text(words);
    expect(reply).not.toMatch(/Căn cứ|chưa tìm thấy|Có phải anh\/chị muốn hỏi/);
    expect(reply.length).toBeLessThan(300);
    expect((await app.store.questions.recent(1000))).toEqual([]);
  });

  it("shows the options again for a number that matches none, instead of searching it", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    const reply = await chat.text("12");
    expect(reply).toMatch(/chọn một số từ 1 đến 5/);
    expect(chat.buttons().some((b) => b.data === "m:qa")).toBe(true);
    expect((await app.store.questions.recent(1000))).toEqual([]);
  });

  it("offers the most asked topics first, machinery among them", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("hỏi đáp");
    expect(chat.buttons()[0]?.data).toBe("t:may-moc-thiet-bi");
  });

  it("counts every question by topic and outcome (no text, no user), and offers what owners ask most", async () => {
    let now = new Date("2026-12-02T03:00:00Z");
    const app = await open({ now: () => now });
    for (const [user, text] of [["a", "tham gia hội chợ triển lãm được hỗ trợ gì"], ["b", "hoi cho trien lam co duoc ho tro khong"], ["c", "hội chợ được hỗ trợ bao nhiêu"], ["d", "cảm ơn nhiều nha"], ["e", "xyzzy qwerty plugh"]]) {
      await userChat(app, user as string).text(text as string);
    }
    const tallies = await app.store.questions.tallies("2026-12-02");
    const fair = tallies.find((t) => t.outcome === "answered");
    expect(fair?.count).toBe(3);
    expect(tallies.filter((t) => t.outcome !== "answered").map((t) => t.outcome).sort()).toEqual(["none", "small-talk"]);
    expect(JSON.stringify(tallies)).not.toMatch(/hội chợ|xyzzy|"a"/);
    // The prompt's ranking is read at most every 10 minutes.
    now = new Date(now.getTime() + 11 * 60_000);
    const chat = userChat(app, "f");
    await chat.text("hỏi đáp");
    expect(chat.buttons()[0]?.data).toBe(`t:${fair?.topicId}`);
    expect(chat.buttons()[1]?.data).toBe("t:may-moc-thiet-bi");
  });

  it("still answers an old button of a merged topic", async () => {
    const app = await open();
    expect(await userChat(app).press("t:muc-ho-tro-may-moc")).toMatch(/300 triệu/);
  });

  it("answers the same question typed without diacritics", async () => {
    const app = await open();
    const a = await userChat(app, "a").text("hộ kinh doanh có được hỗ trợ khuyến công không");
    const b = await userChat(app, "b").text("ho kinh doanh co duoc ho tro khuyen cong khong");
    expect(b.split("\n")[0]).toBe(a.split("\n")[0]);
  });

  it("in the middle zone offers topics, chosen by button, by number or by label", async () => {
    const app = await open();
    const byButton = userChat(app, "b1");
    expect(await byButton.text("tien ho tro")).toMatch(/Có phải anh\/chị muốn hỏi/);
    const first = byButton.buttons()[0];
    expect(first?.data).toMatch(/^t:/);
    const answerByButton = await byButton.press(first!.data);
    expect(answerByButton).toMatch(/Căn cứ/);

    const byNumber = userChat(app, "b2");
    await byNumber.text("tien ho tro");
    expect((await byNumber.text("1")).split("\n")[0]).toBe(answerByButton.split("\n")[0]);

    const byLabel = userChat(app, "b3");
    await byLabel.text("tien ho tro");
    const label = byLabel.buttons()[0]!.label;
    expect((await byLabel.text(label.toLowerCase())).split("\n")[0]).toBe(answerByButton.split("\n")[0]);
  });

  it("logs non-confident questions; 'Không phải' offers an officer", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("tien ho tro");
    const reply = await chat.pressLabel("Không phải");
    expect(reply).toMatch(/cán bộ/);
    expect(chat.buttons().some((b) => b.data === "m:officer")).toBe(true);
    expect((await app.store.questions.recent(1000)).map((q) => q.zone)).toEqual(["clarify", "rejected"]);
  });

  it("says honestly when it does not know, and logs the question", async () => {
    const app = await open();
    const chat = userChat(app);
    const reply = await chat.text("xyzzy qwerty plugh");
    expect(reply).toMatch(/chưa tìm thấy/);
    expect(reply).not.toMatch(/Căn cứ/);
    expect((await app.store.questions.recent(1000)).at(-1)).toMatchObject({ zone: "none", channel: "terminal", text: "xyzzy qwerty plugh" });
  });
});

describe("eligibility questionnaire", () => {
  async function answer(chat: ReturnType<typeof userChat>, labels: string[]) {
    let last = await chat.pressLabel("Kiểm tra điều kiện");
    for (const label of labels) last = await chat.pressLabel(label);
    return last;
  }

  it("finds a household business in a commune eligible for machinery with 50% and 300 million", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    const result = await answer(chat, ["Hộ kinh doanh", "Xã hoặc đặc khu", "Tiểu thủ công nghiệp", "Không", "Dưới 50", "Không thuộc", "Máy móc"]);
    expect(result).toMatch(/có thể được xem xét hỗ trợ/);
    expect(result).toMatch(/Máy móc thiết bị tiên tiến: ngân sách trung ương 50%, tối đa 300 triệu đồng/);
    expect(chat.buttons().some((b) => b.data === "a:may-moc-thiet-bi")).toBe(true);
  });

  it("refuses a large company and says which rule and source", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    await chat.pressLabel("Kiểm tra điều kiện");
    await chat.pressLabel("Doanh nghiệp lớn");
    // The refusal comes as soon as the size settles it, per support, with the rule's source (issue 16);
    // the questions after it are only about the supports a large enterprise may still get.
    const refused = await chat.pressLabel("Lớn: trên 200");
    expect(refused).toMatch(/không thuộc diện: [^\n]*Máy móc/);
    expect(refused).toMatch(/Căn cứ: .*(NĐ|TT)/);
    let last = refused;
    for (let i = 0; i < 10 && !/Kết quả/.test(last); i++) last = await chat.press(chat.buttons().find((b) => b.data.startsWith("e:") && !b.data.startsWith("e:?"))!.data);
    expect(last).not.toMatch(/✅ Cơ sở có thể được xem xét hỗ trợ:\n• Máy móc/);
    expect(chat.buttons().map((b) => b.data)).not.toContain("a:may-moc-thiet-bi");
  });

  it("cancel in the middle returns to the menu", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    await chat.pressLabel("Kiểm tra điều kiện");
    await chat.pressLabel("Hộ kinh doanh");
    expect(await chat.text("huỷ")).toMatch(/Đã dừng/);
    expect((await app.store.sessions.get("terminal:u1"))?.state.name).toBe("menu");
  });

  it("accepts a typed alias and a typed number as answers", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    await chat.pressLabel("Kiểm tra điều kiện");
    const second = await chat.text("hkd");
    expect(second).toMatch(/Câu 2\//);
    expect(await chat.text("1")).toMatch(/Câu 3\//);
    expect((await app.store.sessions.get("terminal:u1"))?.eligibility["entity-type"]).toBe("hkd");
  });

  it("continues where the user was after a restart (new engine over the same data)", async () => {
    const first = await open({ files: true });
    const chat = userChat(first);
    await chat.command("start");
    await chat.pressLabel("Kiểm tra điều kiện");
    await chat.pressLabel("Hộ kinh doanh");
    const dataDir = first.dataDir;
    await first.close();
    forget(first);
    const second = await open({ dataDir });
    const again = userChat(second);
    expect(await again.text("1")).toMatch(/Câu 3\//);
    expect((await second.store.sessions.get("terminal:u1"))?.eligibility["entity-type"]).toBe("hkd");
  });
});

describe("unsupported and bad input", () => {
  it("explains stickers and keeps the current step", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    await chat.pressLabel("Kiểm tra điều kiện");
    const reply = await chat.send({ kind: "unsupported", what: "sticker" });
    expect(reply).toMatch(/nhãn dán/);
    expect(reply).toMatch(/Câu 1\//);
  });

  it("refuses a message over the limit kindly", async () => {
    const app = await open();
    expect(await userChat(app).text("a ".repeat(30_000))).toMatch(/dài quá/);
  });

  it("answers a stale button with the current menu", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    expect(await chat.press("e:hkd")).toMatch(/Menu này đã cũ/);
  });

  it("keeps different users apart", async () => {
    const app = await open();
    const x = userChat(app, "x");
    await x.command("start");
    await x.pressLabel("Kiểm tra điều kiện");
    const y = userChat(app, "y");
    expect(await y.text("1")).not.toMatch(/Câu 2/);
    expect(await x.text("1")).toMatch(/Câu 2\//);
    expect((await app.store.sessions.get("terminal:y"))?.eligibility).toEqual({});
  });
});

describe("talk to an officer", () => {
  it("stores the message for officers and says when the answer comes", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("gặp cán bộ");
    const reply = await chat.text("Tôi muốn hỏi về hồ sơ máy sấy, gọi 0912345678");
    expect(reply).toMatch(/Đã gửi tin nhắn cho cán bộ \(mã LH/);
    expect(reply).toMatch(/2 ngày làm việc/);
    expect((await app.store.contacts.open())).toHaveLength(1);
  });
});
