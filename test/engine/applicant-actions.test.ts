import { describe, expect, it } from "vitest";
import { applyAs } from "../durability/fill-form.ts";
import { userChat, useTestApps } from "../support/app.ts";

/** Issue 16, W6: the applicant's own supplement and withdrawal are theirs, never the officer's. */
const { open } = useTestApps();

async function needingInfo() {
  const app = await open({ env: { TERMINAL_OFFICER: "1" } });
  const code = (await applyAs(app, "u1")) as string;
  const officer = userChat(app, "local");
  await officer.text(`bosung ${code} Thiếu báo giá máy`);
  const applicant = userChat(app, "u1");
  await applicant.text("hồ sơ của tôi");
  await applicant.press(`h:${code}`);
  const noticesBefore = (await app.store.delivery.pending()).filter((i) => i.channel === "terminal").length;
  return { app, code, officer, applicant, noticesBefore };
}

const officerNotices = async (app: Awaited<ReturnType<typeof open>>) => (await app.store.delivery.pending()).filter((i) => i.channel === "terminal").filter((i) => i.chatId === "local").map((i) => i.replies[0]?.text ?? "");
const applicantNotices = async (app: Awaited<ReturnType<typeof open>>) => (await app.store.delivery.pending()).filter((i) => i.channel === "terminal").filter((i) => i.chatId === "u1").map((i) => i.replies[0]?.text ?? "");

describe("the applicant's supplement", () => {
  it("keeps the status the officer set, goes into the history as the applicant's, and reaches the officers", async () => {
    const { app, code, applicant } = await needingInfo();
    await applicant.pressLabel("Gửi bổ sung");
    expect(await applicant.text("em đã có 2 báo giá, tổng 480 triệu")).toMatch(/Đã gửi bổ sung/);
    const stored = (await app.store.applications.get(code));
    expect(stored?.status).toBe("needs-info");
    expect(stored?.history.at(-1)).toMatchObject({ by: "applicant", kind: "supplement", note: "em đã có 2 báo giá, tổng 480 triệu", from: "needs-info", to: "needs-info" });
    expect((await applicantNotices(app)).join("\n")).not.toMatch(/Ghi chú của cán bộ: Bổ sung/);
    expect((await applicantNotices(app)).join("\n")).not.toMatch(/Đã tiếp nhận/);
    expect((await officerNotices(app)).at(-1)).toMatch(new RegExp(`${code}[\\s\\S]*bổ sung[\\s\\S]*2 báo giá`));
    await applicant.press("m:mine");
    const shown = await applicant.press(`h:${code}`);
    expect(shown).toMatch(/Anh\/chị gửi bổ sung: "em đã có 2 báo giá/);
  });

  it("accepts a photo or a file as well as text", async () => {
    const { app, code, applicant } = await needingInfo();
    await applicant.pressLabel("Gửi bổ sung");
    const reply = await applicant.send({ kind: "attachment", attachment: { type: "document", ref: "file-9", mimeType: "application/pdf", fileName: "bao-gia.pdf", sizeBytes: 120_000 } });
    expect(reply).toMatch(/Đã gửi bổ sung/);
    expect((await app.store.applications.get(code))?.history.at(-1)).toMatchObject({ kind: "supplement", attachment: { ref: "file-9", type: "document" } });
    expect((await officerNotices(app)).at(-1)).toMatch(/tệp[\s\S]*bao-gia\.pdf/);
  });
});

describe("the applicant's withdrawal", () => {
  it("has its own wording and is never shown as the officer's note", async () => {
    const { app, code, applicant } = await needingInfo();
    await applicant.pressLabel("Rút hồ sơ");
    expect(await applicant.pressLabel("Có, rút")).toMatch(/Đã rút hồ sơ/);
    expect((await applicantNotices(app)).join("\n")).not.toMatch(/Ghi chú của cán bộ: Người nộp rút/);
    expect((await app.store.applications.get(code))?.history.at(-1)).toMatchObject({ by: "applicant", to: "withdrawn" });
    expect((await officerNotices(app)).at(-1)).toMatch(/người nộp rút/);
  });
});
