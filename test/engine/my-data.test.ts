import { describe, expect, it } from "vitest";
import { applyAs } from "../durability/fill-form.ts";
import { userChat, useTestApps } from "../support/app.ts";

/** Issue 16: an owner sees what is stored about them and asks for its deletion from the chat (NĐ 13/2023/NĐ-CP). */
const { open } = useTestApps();

const officerNotices = async (app: Awaited<ReturnType<typeof open>>) => (await app.store.delivery.pending()).filter((i) => i.channel === "terminal").filter((i) => i.chatId === "local").map((i) => i.replies[0]?.text ?? "");

describe("the owner's own data", () => {
  it("shows what is stored: the draft's answers, submitted applications, messages to officers", async () => {
    const app = await open({ env: { TERMINAL_OFFICER: "1" } });
    const code = (await applyAs(app, "u1")) as string;
    await applyAs(app, "u1", { fields: 9, submit: false });
    const chat = userChat(app);
    const shown = await chat.text("dữ liệu của tôi");
    expect(shown).toMatch(/Đơn đang điền dở[\s\S]*Số điện thoại: 0912345678/);
    expect(shown).toMatch(new RegExp(`${code}[\\s\\S]*Đã nộp`));
    expect(shown).toMatch(/xoá dữ liệu/);
    // Where an officer reads the id to configure (never from the logs).
    expect(shown).toContain("Kênh: terminal; mã người dùng: u1");
  });

  it("deletes a draft and the eligibility answers at once; submitted applications go to the officers, who are told", async () => {
    const app = await open({ env: { TERMINAL_OFFICER: "1" } });
    const code = (await applyAs(app, "u1")) as string;
    await applyAs(app, "u1", { fields: 5, submit: false });
    const chat = userChat(app);
    expect(await chat.text("xoá dữ liệu")).toMatch(/chắc chắn/);
    const done = await chat.text("có");
    expect(done).toMatch(/Đã xoá đơn đang điền dở/);
    expect(done).toMatch(new RegExp(`${code}[\\s\\S]*cán bộ`));
    const session = (await app.store.sessions.get("terminal:u1"));
    expect(session?.draft).toBeUndefined();
    expect(session?.eligibility).toEqual({});
    expect((await app.store.applications.get(code))).toBeDefined();
    expect((await officerNotices(app)).at(-1)).toMatch(new RegExp(`xoá dữ liệu[\\s\\S]*${code}[\\s\\S]*delete-user terminal u1`));
  });

  it("with nothing submitted, deletes at once and bothers no officer", async () => {
    const app = await open({ env: { TERMINAL_OFFICER: "1" } });
    await applyAs(app, "u1", { fields: 3, submit: false });
    const chat = userChat(app);
    await chat.text("xoá dữ liệu");
    const before = (await officerNotices(app)).length;
    expect(await chat.pressLabel("Có, xoá")).toMatch(/Đã xoá/);
    expect((await app.store.sessions.get("terminal:u1"))?.draft).toBeUndefined();
    expect((await officerNotices(app)).length).toBe(before);
  });

  it("keeps everything when the owner says no", async () => {
    const app = await open();
    await applyAs(app, "u1", { fields: 3, submit: false });
    const chat = userChat(app);
    await chat.text("xoá dữ liệu");
    await chat.text("không");
    expect((await app.store.sessions.get("terminal:u1"))?.draft).toBeDefined();
  });
});
