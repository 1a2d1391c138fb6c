import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { OfficersFileError, readOfficersFile } from "../../src/engine/officer-config.ts";
import { officerScope, officersFromConfig } from "../../src/engine/officers.ts";
import { applyAs } from "../durability/fill-form.ts";
import { tempDir, userChat, useTestApps } from "../support/app.ts";

const PROVINCES = ["lai-chau", "dien-bien", "phu-tho"];

function officersFile(content: string, ext = "yaml"): string {
  const file = join(tempDir("kc-officers-"), `officers.${ext}`);
  writeFileSync(file, content);
  return file;
}

const FILE = `
national:
  zalo: [znat2]
provinces:
  lai-chau:
    zalo: [zlc]
    telegram: [111]
  dien-bien:
    zalo: [zdb]
`;

describe("officers per province (OFFICERS_FILE)", () => {
  const apps = useTestApps();

  it("reads YAML and JSON, and names the file and path of every mistake", () => {
    expect(readOfficersFile(officersFile(FILE), PROVINCES).provinces["lai-chau"]).toMatchObject({ zalo: ["zlc"], telegram: ["111"] });
    expect(readOfficersFile(officersFile(JSON.stringify({ provinces: { "phu-tho": { telegram: ["222"] } } }), "json"), PROVINCES).provinces["phu-tho"]?.telegram).toEqual(["222"]);
    expect(() => readOfficersFile(officersFile("provinces:\n  lai-chua:\n    zalo: [x]\n"), PROVINCES)).toThrow(/provinces\.lai-chua: không có tỉnh này/);
    expect(() => readOfficersFile(officersFile("provinces:\n  lai-chau:\n    zalo: [x]\n    email: a@b.c\n"), PROVINCES)).toThrow(OfficersFileError);
    expect(() => readOfficersFile(join(tempDir(), "missing.yaml"), PROVINCES)).toThrow(/không đọc được/);
  });

  it("keeps the environment's officers as the national role and gives each province its own team", () => {
    const config = loadConfig({ ZALO_BOT_TOKEN: "1:z", TELEGRAM_BOT_TOKEN: "2:t", ZALO_OFFICER_IDS: "znat", TELEGRAM_OFFICER_CHAT_ID: "-1001" });
    const officers = officersFromConfig(config, readOfficersFile(officersFile(FILE), PROVINCES));
    expect(officerScope(officers, "zalo", "znat")).toEqual({ all: true });
    expect(officerScope(officers, "zalo", "znat2")).toEqual({ all: true });
    expect(officerScope(officers, "zalo", "zlc")).toEqual({ all: false, provinces: ["lai-chau"] });
    expect(officerScope(officers, "telegram", "111")).toEqual({ all: false, provinces: ["lai-chau"] });
    expect(officerScope(officers, "zalo", "someone")).toBeUndefined();
    expect(officers.destinations("lai-chau")).toEqual([{ channel: "telegram", chatId: "111" }, { channel: "zalo", chatId: "zlc" }]);
    // A province without its own team, or no province: the national officers.
    expect(officers.destinations("phu-tho")).toEqual([{ channel: "telegram", chatId: "-1001" }, { channel: "zalo", chatId: "znat" }, { channel: "zalo", chatId: "znat2" }]);
    expect(officers.destinations()).toEqual(officers.destinations("phu-tho"));
  });

  it("sends a province's submission and contact message only to its team, and lets its officers act only on its applications", async () => {
    const app = await apps.open({ env: { ZALO_BOT_TOKEN: "1:z", ZALO_OFFICER_IDS: "znat", OFFICERS_FILE: officersFile(FILE), FLOOD_MAX_MESSAGES: "1000" } });
    const fromLaiChau = await applyAs(app, "owner-lc", { channel: "zalo", answers: { province: "Lai Châu" } });
    const fromPhuTho = await applyAs(app, "owner-pt", { channel: "zalo", answers: { province: "phu tho" } });
    expect(fromLaiChau).toMatch(/^KC-/);
    expect(fromPhuTho).toMatch(/^KC-/);
    const notices = async (chatId: string) => (await app.store.delivery.pending()).filter((i) => i.chatId === chatId).map((i) => i.replies.map((r) => r.text).join("\n")).join("\n");
    expect(await notices("zlc")).toContain(fromLaiChau);
    expect(await notices("zlc")).not.toContain(fromPhuTho);
    expect(await notices("znat")).not.toContain(fromLaiChau);
    expect(await notices("znat")).toContain(fromPhuTho);
    expect(await notices("zdb")).toBe("");

    // The Lai Châu owner's message to officers goes to Lai Châu's team (the province is remembered from the form).
    const owner = userChat(app, "owner-lc", "zalo");
    await owner.text("gặp cán bộ");
    await owner.text("Cho em hỏi hồ sơ đã đến đâu rồi ạ");
    expect(await notices("zlc")).toContain("Cho em hỏi hồ sơ đã đến đâu rồi ạ");
    expect(await notices("znat")).not.toContain("Cho em hỏi hồ sơ đã đến đâu rồi ạ");

    const laiChauOfficer = userChat(app, "zlc", "zalo");
    const list = await laiChauOfficer.text("ds");
    expect(list).toContain(fromLaiChau);
    expect(list).not.toContain(fromPhuTho);
    expect(await laiChauOfficer.text(`xem ${fromPhuTho}`)).toMatch(/không thuộc tỉnh anh\/chị phụ trách/);
    expect(await laiChauOfficer.text(`tiepnhan ${fromPhuTho}`)).toMatch(/không thuộc tỉnh anh\/chị phụ trách/);
    expect((await app.store.applications.get(fromPhuTho!))?.status).toBe("submitted");
    expect(await laiChauOfficer.text(`tiepnhan ${fromLaiChau}`)).toContain("Đã tiếp nhận");

    // The national role sees and acts on every province.
    const national = userChat(app, "znat", "zalo");
    const all = await national.text("ds");
    expect(all).toContain(fromLaiChau);
    expect(all).toContain(fromPhuTho);
    expect(await national.text(`tiepnhan ${fromPhuTho}`)).toContain("Đã tiếp nhận");
  });

  it("shows a provincial officer only their province's unanswered questions", async () => {
    const app = await apps.open({ env: { ZALO_BOT_TOKEN: "1:z", ZALO_OFFICER_IDS: "znat", OFFICERS_FILE: officersFile(FILE), FLOOD_MAX_MESSAGES: "1000" } });
    const laiChauOwner = userChat(app, "q-lc", "zalo");
    await laiChauOwner.text("xưởng em ở Lai Châu");
    await laiChauOwner.text("kiểm định nồi hơi của xưởng hết hạn thì xử lý thế nào");
    const other = userChat(app, "q-x", "zalo");
    await other.text("thủ tục cấp sổ hồng mất bao lâu");
    const logged = await userChat(app, "zlc", "zalo").text("cauhoi");
    expect(logged).toContain("kiểm định nồi hơi");
    expect(logged).not.toContain("sổ hồng");
    expect(await userChat(app, "znat", "zalo").text("cauhoi")).toContain("sổ hồng");
  });
});
