import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exportApplications } from "../../src/officer/export.ts";
import { testApp, userChat, useTestApps } from "../support/app.ts";
import { SAMPLE_ANSWERS } from "../support/sample-answers.ts";

type TestApp = Awaited<ReturnType<typeof testApp>>;
const { open, forget } = useTestApps();

const ANSWERS = SAMPLE_ANSWERS;

async function fillForm(app: TestApp, chat: ReturnType<typeof userChat>, overrides: Record<string, string> = {}, user = "u1"): Promise<string> {
  let last = "";
  for (let i = 0; i < 40; i++) {
    const state = (await app.store.sessions.get(`terminal:${user}`))?.state;
    if (state?.name !== "form") return last;
    last = await chat.text(overrides[state.fieldId] ?? ANSWERS[state.fieldId] ?? "?");
  }
  throw new Error("form did not finish");
}

describe("application form", () => {
  it("completes from the menu, shows the estimate and gives a code stored on disk", async () => {
    const app = await open({ files: true });
    const chat = userChat(app);
    await chat.command("start");
    await chat.pressLabel("Đăng ký đề án");
    const review = await fillForm(app, chat);
    expect(review).toMatch(/kiểm tra lại đơn/);
    expect(review).toMatch(/9\. Số điện thoại: 0912345678/);
    expect(review).toMatch(/50% tổng kinh phí, tối đa 300 triệu đồng → tối đa khoảng 250 triệu đồng/);
    const done = await chat.pressLabel("Nộp đơn");
    const code = /KC-2026-\d{6}/.exec(done)?.[0];
    expect(code).toBe("KC-2026-000001");
    // On disk before the code was shown.
    const onDisk = (JSON.parse(readFileSync(join(app.dataDir, "applications", "2026-000.json"), "utf8")) as { applications: { code: string }[] }).applications.filter((a) => a.code === code);
    expect(onDisk).toHaveLength(1);
    expect(onDisk[0]).toMatchObject({ code, status: "submitted", supportId: "may-moc-thiet-bi", answers: { phone: "0912345678", totalCost: 500_000_000 } });
    expect((await app.store.sessions.get("terminal:u1"))?.draft).toBeUndefined();
  });

  it("pre-fills the support when started from an eligibility result", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.command("start");
    await chat.pressLabel("Kiểm tra điều kiện");
    for (const label of ["Hộ kinh doanh", "Xã hoặc đặc khu", "Tiểu thủ công nghiệp", "Không", "Dưới 50", "Không thuộc", "Máy móc"]) await chat.pressLabel(label);
    const intro = await chat.press("a:may-moc-thiet-bi");
    expect(intro).toMatch(/điền sẵn nội dung hỗ trợ "Máy móc thiết bị tiên tiến"/);
    const draft = (await app.store.sessions.get("terminal:u1"))?.draft;
    expect(draft?.answers).toMatchObject({ supportId: "may-moc-thiet-bi", entityType: "hkd" });
  });

  it("rejects bad answers with a reason, words the second try differently, offers a way out after the third", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("đăng ký đề án");
    const state = async () => (await app.store.sessions.get("terminal:u1"))?.state;
    for (let i = 0; i < 20; i++) {
      const s = (await state()) as { name: string; fieldId: string };
      if (s.name === "form" && s.fieldId === "phone") break;
      await chat.text(ANSWERS[s.fieldId] as string);
    }
    const first = await chat.text("091234");
    const second = await chat.text("091234");
    const third = await chat.text("abc");
    expect(first).toMatch(/Số di động có 10 chữ số/);
    expect(second).toMatch(/Vẫn chưa đúng/);
    expect(second).not.toBe(first);
    expect(third).toMatch(/nhắn cán bộ/);
    expect(chat.buttons().map((b) => b.data)).toEqual(expect.arrayContaining(["m:officer", "f:cancel"]));
    expect(await chat.text("+84 912 345 678")).toMatch(/✔️ Số điện thoại: 0912345678/);
  });

  it("supports back, skip, edit by name and by number, and keeps answers", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("dangky");
    await chat.text("Nguyễn Văn An");
    expect(await chat.text("quay lại")).toMatch(/Họ và tên người đại diện/);
    expect(await chat.text("giữ nguyên")).toMatch(/Chức vụ/);
    await chat.text("bỏ qua");
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.skipped).toContain("position");
    expect(await chat.text("bỏ qua")).toMatch(/bắt buộc/);
    await fillForm(app, chat);
    expect(await chat.text("sửa số điện thoại")).toMatch(/Số điện thoại liên hệ/);
    // An edit of a finished form confirms the one change; "xem lại" shows the whole review (issue 16).
    expect(await chat.text("0987654321")).toMatch(/✔️ Số điện thoại: 0987654321[\s\S]*"xem lại"/);
    expect(await chat.text("sửa 1")).toMatch(/Họ và tên/);
    expect(await chat.text("Trần Thị Bình")).toMatch(/✔️ Họ tên người đại diện: Trần Thị Bình/);
    expect(await chat.text("xem lại")).toMatch(/1\. Họ tên người đại diện: Trần Thị Bình[\s\S]*9\. Số điện thoại: 0987654321/);
  });

  it("answers a side question mid-form and asks the same field again; a field value is never taken for a question", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("dangky");
    const reply = await chat.text("hộ kinh doanh có được hỗ trợ khuyến công không?");
    expect(reply).toMatch(/Căn cứ/);
    expect(reply).toMatch(/Quay lại đơn đăng ký[\s\S]*Họ và tên người đại diện/);
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.answers.representative).toBeUndefined();
    // "Who are you?" mid-form: answered, and the same field asked again.
    expect(await chat.text("Bạn là người hay máy?")).toMatch(/không phải người[\s\S]*Họ và tên người đại diện/);
    // Answers that contain policy words are still answers, not questions.
    expect(await chat.text("Nguyễn Văn Hỗ Trợ")).toMatch(/✔️ Họ tên người đại diện: Nguyễn Văn Hỗ Trợ/);
    await chat.text("bỏ qua");
    expect(await chat.text("HTX máy móc khuyến công Điện Biên")).toMatch(/✔️ Tên cơ sở: HTX máy móc khuyến công Điện Biên/);
  });

  it("survives a restart mid-form and offers to continue or discard", async () => {
    const first = await open({ files: true });
    const chat = userChat(first);
    await chat.text("dangky");
    await chat.text("Nguyễn Văn An");
    const dataDir = first.dataDir;
    await first.close();
    forget(first);
    const second = await open({ dataDir });
    const again = userChat(second);
    expect((await second.store.sessions.get("terminal:u1"))?.draft?.answers.representative).toBe("Nguyễn Văn An");
    expect(await again.text("menu")).toMatch(/đang điền dở/);
    expect(await again.pressLabel("Đăng ký đề án")).toMatch(/Tiếp tục đơn này hay làm đơn mới/);
    expect(await again.pressLabel("Tiếp tục")).toMatch(/Chức vụ/);
  });

  it("warns when the request is over the maximum or leaves no co-funding", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("dangky");
    const review = await fillForm(app, chat, { totalCost: "400 triệu", requested: "400 triệu" });
    expect(review).toMatch(/vượt mức tối đa ước tính 200 triệu đồng/);
    expect(review).toMatch(/vốn đối ứng/);
  });

  it("cancel asks for confirmation and then deletes the draft", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("dangky");
    await chat.text("Nguyễn Văn An");
    expect(await chat.text("huỷ")).toMatch(/chắc chắn muốn huỷ/);
    expect(await chat.pressLabel("Không, điền tiếp")).toMatch(/Chức vụ/);
    await chat.text("/huy");
    await chat.pressLabel("Có, huỷ đơn");
    expect((await app.store.sessions.get("terminal:u1"))?.draft).toBeUndefined();
  });

  it("expires drafts untouched for longer than DRAFT_TTL_DAYS", async () => {
    let now = new Date("2026-11-01T00:00:00Z");
    const app = await open({ now: () => now, env: { DRAFT_TTL_DAYS: "7" } });
    const chat = userChat(app);
    await chat.text("dangky");
    await chat.text("Nguyễn Văn An");
    now = new Date("2026-11-20T00:00:00Z");
    await chat.text("menu");
    expect((await app.store.sessions.get("terminal:u1"))?.draft).toBeUndefined();
  });

  it("accepts a photo where the form asks for the licence, refuses an oversized one", async () => {
    const app = await open();
    const chat = userChat(app);
    await chat.text("dangky");
    await fillForm(app, chat);
    expect(await chat.text("sửa ảnh giấy đăng ký")).toMatch(/Gửi ảnh hoặc tệp PDF/);
    expect(await chat.send({ kind: "unsupported", what: "sticker" })).toMatch(/nhãn dán[\s\S]*Gửi ảnh hoặc tệp PDF/);
    expect(await chat.send({ kind: "attachment", attachment: { type: "photo", ref: "file-1", sizeBytes: 30 * 1024 * 1024 } })).toMatch(/lớn quá/);
    expect(await chat.send({ kind: "attachment", attachment: { type: "photo", ref: "file-2", sizeBytes: 200_000 } })).toMatch(/Đã gửi ảnh/);
    expect((await app.store.sessions.get("terminal:u1"))?.draft?.answers.licence).toMatchObject({ ref: "file-2" });
  });
});

describe("officers and applicants", () => {
  async function submitted(app: TestApp, user = "u1") {
    const chat = userChat(app, user);
    await chat.text("dangky");
    await fillForm(app, chat, {}, user);
    const done = await chat.pressLabel("Nộp đơn");
    return { chat, code: /KC-\d{4}-\d{6}/.exec(done)?.[0] as string };
  }

  it("sends the submission to officers, moves it through statuses and tells the applicant each time", async () => {
    const app = await open({ env: { TERMINAL_OFFICER: "1" } });
    const { code } = await submitted(app, "u1");
    const toOfficer = (await app.store.delivery.pending()).filter((i) => i.channel === "terminal").find((i) => i.chatId === "local");
    expect(toOfficer?.replies[0]?.text).toMatch(new RegExp(`Hồ sơ mới[\\s\\S]*${code}[\\s\\S]*Nguyễn Văn An`));
    expect(toOfficer?.replies[0]?.buttons?.flat().map((b) => b.data)).toContain(`o:${code}:rcv`);

    const officer = userChat(app, "local");
    expect(await officer.press(`o:${code}:rcv`)).toMatch(/sang "Đã tiếp nhận"/);
    expect(await officer.press(`o:${code}:inf`)).toMatch(/Nhập ghi chú/);
    expect(await officer.text("Thiếu báo giá máy")).toMatch(/sang "Cần bổ sung" — ghi chú: Thiếu báo giá máy/);

    const applicant = userChat(app, "u1");
    await applicant.text("hồ sơ của tôi");
    await applicant.press(`h:${code}`);
    await applicant.pressLabel("Gửi bổ sung");
    expect(await applicant.text("Đã có báo giá 2 máy, tổng 480 triệu")).toMatch(/Đã gửi bổ sung/);
    // The supplement keeps the officer's status (issue 16, W6): the officer receives it, then proposes.
    expect((await app.store.applications.get(code))?.status).toBe("needs-info");
    expect(await officer.text(`tiepnhan ${code}`)).toMatch(/Đã tiếp nhận/);
    expect(await officer.text(`dexuat ${code} Đủ điều kiện`)).toMatch(/Đề xuất hỗ trợ/);
    expect(await officer.text(`khongdat ${code} thử`)).toMatch(/Không thể chuyển/);

    const notices = (await app.store.delivery.pending()).filter((i) => i.channel === "terminal").filter((i) => i.chatId === "u1").map((i) => i.replies[0]?.text ?? "");
    expect(notices).toEqual([
      expect.stringMatching(/Đã tiếp nhận/),
      expect.stringMatching(/Cần bổ sung[\s\S]*Thiếu báo giá máy/),
      expect.stringMatching(/Đã tiếp nhận/),
      expect.stringMatching(/Đề xuất hỗ trợ/),
    ]);
    expect((await app.store.applications.get(code))?.history.map((h) => h.to)).toEqual(["submitted", "received", "needs-info", "needs-info", "received", "proposed"]);
  });

  it("lets a Zalo officer act on a delivered submission by typing its option number", async () => {
    const app = await open({ env: { ZALO_BOT_TOKEN: "123:abc", ZALO_OFFICER_IDS: "off1" } });
    const officer = userChat(app, "off1", "zalo");
    await officer.text("menu");
    const { code } = await submitted(app, "u1");
    const notice = (await app.store.delivery.pending()).filter((i) => i.channel === "zalo").find((i) => i.chatId === "off1");
    expect(notice).toBeDefined();
    await app.engine.noteDelivered?.("zalo", "off1", notice!.replies);
    expect(await officer.text("1")).toMatch(new RegExp(`${code} sang "Đã tiếp nhận"`));
    expect((await app.store.applications.get(code))?.status).toBe("received");
  });

  it("refuses officer actions from a non-officer with the unknown-command reply", async () => {
    const app = await open();
    const { code } = await submitted(app, "u1");
    const stranger = userChat(app, "u2");
    expect(await stranger.press(`o:${code}:rcv`)).toMatch(/không hiểu lệnh/);
    expect(await stranger.text(`tiepnhan ${code}`)).toMatch(/không hiểu lệnh/);
    expect((await app.store.applications.get(code))?.status).toBe("submitted");
  });

  it("shows applicants only their own applications", async () => {
    const app = await open();
    const { code } = await submitted(app, "u1");
    const other = userChat(app, "u2");
    expect(await other.text(`xem ${code}`)).toMatch(/Không tìm thấy hồ sơ/);
    expect(await other.text("hồ sơ của tôi")).toMatch(/chưa nộp hồ sơ nào/);
    expect(await userChat(app, "u1").text(code)).toMatch(/Nguyễn Văn An/);
  });

  it("lets the applicant withdraw before a decision", async () => {
    const app = await open();
    const { chat, code } = await submitted(app, "u1");
    await chat.text("hồ sơ của tôi");
    await chat.press(`h:${code}`);
    await chat.pressLabel("Rút hồ sơ");
    expect(await chat.pressLabel("Có, rút")).toMatch(/Đã rút/);
    expect((await app.store.applications.get(code))?.status).toBe("withdrawn");
  });

  it("exports CSV with a BOM and Vietnamese text that parses back", async () => {
    const app = await open();
    const { code } = await submitted(app, "u1");
    const file = await exportApplications(app, "csv");
    expect([...file.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.data.subarray(3).toString("utf8");
    const [header, row] = text.trim().split("\r\n").map(splitCsv);
    expect(header?.[0]).toBe("Mã hồ sơ");
    const record = Object.fromEntries((header ?? []).map((h, i) => [h, row?.[i]]));
    expect(record).toMatchObject({ "Mã hồ sơ": code, "Trạng thái": "Đã nộp", "Họ tên người đại diện": "Nguyễn Văn An", "Tỉnh/thành phố": "Điện Biên", "Xã/phường/đặc khu": "Xã Mường Chà" });
    const xlsx = await exportApplications(app, "xlsx");
    expect(xlsx.data.subarray(0, 2).toString()).toBe("PK");
  });
});

/** A small RFC 4180 reader for the test: quoted cells with doubled quotes and commas. */
function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
