import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { estimateSupport } from "../../src/form/estimate.ts";
import { openKnowledge } from "../../src/kb/index.ts";
import { findProvince } from "../../src/kb/province-find.ts";
import { applyAs } from "../durability/fill-form.ts";
import { userChat, useTestApps } from "../support/app.ts";

const knowledge = openKnowledge(loadConfig({ KNOWLEDGE_DIR: "knowledge" }));
const { kb } = knowledge;
/** The first message of the answer (what a phone shows before "Xem chi tiết"). */
const first = (reply: string) => reply.split("\n---\n")[0] ?? "";

describe("province-aware answers (issue 17)", () => {
  const apps = useTestApps();

  it("finds the province a question names, with or without diacritics, by its former name too", () => {
    expect(findProvince(kb.provinces, "mức hỗ trợ máy móc ở Phú Thọ")?.province.id).toBe("phu-tho");
    expect(findProvince(kb.provinces, "trung tam khuyen cong lai chau o dau")?.province.id).toBe("lai-chau");
    expect(findProvince(kb.provinces, "xưởng em ở Hải Dương cũ")).toMatchObject({ province: { id: "hai-phong" }, formerUnit: "Hải Dương" });
    expect(findProvince(kb.provinces, "mua máy móc được bao nhiêu")).toBeUndefined();
    // Two provinces named: the bot does not guess.
    expect(findProvince(kb.provinces, "Lai Châu và Điện Biên khác nhau thế nào")).toBeUndefined();
  });

  it("answers a level question naming a province with that province's figure in the first message", async () => {
    const app = await apps.open();
    const chat = userChat(app, "p1");
    const laiChau = first(await chat.text("mức hỗ trợ máy móc ở Lai Châu"));
    expect(laiChau).toMatch(/Ở tỉnh Lai Châu/);
    expect(laiChau).toMatch(/300 triệu/);
    expect(laiChau).toMatch(/NQ 18\/2025\/NQ-HĐND/);
    expect(laiChau.length).toBeLessThanOrEqual(600);

    const dongThap = first(await userChat(app, "p2").text("mức hỗ trợ ở Đồng Tháp"));
    expect(dongThap).toMatch(/Ở tỉnh Đồng Tháp: Trợ lý chưa có mức ngân sách tỉnh/);
    expect(dongThap).toMatch(/Sở Công Thương tỉnh Đồng Tháp/);
    expect(dongThap).not.toMatch(/Có phải anh\/chị muốn hỏi/);

    const phuTho = first(await userChat(app, "p3").text("muc ho tro may moc o phu tho bao nhieu"));
    expect(phuTho).toMatch(/Phú Thọ/);
    expect(phuTho).toMatch(/NQ 23\/2025\/NQ-HĐND/);
    expect(phuTho).toMatch(/chưa có/);
  });

  it("gives the centre of the province a question names", async () => {
    const app = await apps.open();
    const dienBien = first(await userChat(app, "c1").text("trung tâm khuyến công Điện Biên ở đâu"));
    expect(dienBien).toMatch(/Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Điện Biên/);
    const laiChau = first(await userChat(app, "c2").text("trung tam khuyen cong lai chau o dau"));
    expect(laiChau).toMatch(/Trung tâm Khuyến công tỉnh Lai Châu/);
    expect(laiChau).toMatch(/Sở Công Thương tỉnh Lai Châu/);
  });

  it("asks the province once beside a level, then leads with it; the form's province is remembered", async () => {
    const app = await apps.open({ env: { FLOOD_MAX_MESSAGES: "1000" } });
    const chat = userChat(app, "a1");
    const answer = await chat.text("mua máy móc được hỗ trợ bao nhiêu");
    expect(answer).toMatch(/Anh\/chị ở tỉnh, thành phố nào\?/);
    expect(await chat.text("hỗ trợ dây chuyền công nghệ bao nhiêu")).not.toMatch(/ở tỉnh, thành phố nào/);
    const withProvince = first(await chat.text("Lai Châu"));
    expect(withProvince).toMatch(/Ở tỉnh Lai Châu: dây chuyền công nghệ .*450 triệu/);

    await applyAs(app, "f1", { answers: { province: "Gia Lai" } });
    const afterForm = first(await userChat(app, "f1").text("mua máy móc được hỗ trợ bao nhiêu"));
    expect(afterForm).toMatch(/Ở tỉnh Gia Lai: .*270 triệu.*chưa được xác nhận/s);
  });

  it("adds the province's own level under an eligibility result, or asks the province there once", async () => {
    const app = await apps.open({ env: { FLOOD_MAX_MESSAGES: "1000" } });
    const walk = async (user: string) => {
      const chat = userChat(app, user);
      await chat.command("start");
      await chat.pressLabel("Kiểm tra điều kiện");
      for (const label of ["Hộ kinh doanh", "Xã hoặc đặc khu", "Tiểu thủ công nghiệp", "Không"]) await chat.pressLabel(label);
      let last = "";
      for (let i = 0; i < 10 && (await app.store.sessions.get(`terminal:${user}`))?.state.name === "eligibility"; i++) {
        const state = (await app.store.sessions.get(`terminal:${user}`))?.state;
        const machinery = chat.buttons().find((b) => b.label.includes("Máy móc"));
        const firstOption = chat.buttons().find((b) => b.data.startsWith("e:") && !b.data.startsWith("e:?"));
        if (state?.name === "eligibility" && state.questionId === "lao-dong") last = await chat.text("12");
        else last = await chat.press((machinery ?? firstOption)!.data);
      }
      return { chat, last };
    };
    const unknown = await walk("e1");
    expect(unknown.last).toMatch(/Kết quả kiểm tra sơ bộ/);
    expect(unknown.last).toMatch(/Anh\/chị ở tỉnh, thành phố nào\?/);
    const known = userChat(app, "e2");
    await known.text("xưởng em ở Lai Châu");
    const withProvince = await walk("e2");
    expect(withProvince.last).toMatch(/Ở tỉnh Lai Châu: ngân sách tỉnh hỗ trợ tối đa 50%.*300 triệu/);
  });

  it("estimates both funds when the province's level is known", () => {
    const both = estimateSupport(kb, "may-moc-thiet-bi", 800_000_000, 200_000_000, { province: "lai-chau" });
    expect(both.maxVnd).toBe(300_000_000);
    expect(both.localMaxVnd).toBe(300_000_000);
    expect(both.note).toMatch(/ngân sách trung ương.*ngân sách tỉnh Lai Châu/s);
    // An unconfirmed provincial level is not computed.
    expect(estimateSupport(kb, "may-moc-thiet-bi", 800_000_000, undefined, { province: "gia-lai" }).localMaxVnd).toBeUndefined();
    expect(estimateSupport(kb, "may-moc-thiet-bi", 800_000_000, undefined, {}).note).toMatch(/mức do HĐND tỉnh quy định/);
  });

  it("lets the answer policy carry the province, so npm run eval measures it", () => {
    const decision = knowledge.policy.decide("trung tâm khuyến công Lai Châu ở đâu");
    expect(decision).toMatchObject({ kind: "answer", province: "lai-chau" });
    const plain = knowledge.policy.decide("mua máy móc được hỗ trợ bao nhiêu");
    expect(plain.kind === "answer" && plain.province).toBeFalsy();
  });
});
