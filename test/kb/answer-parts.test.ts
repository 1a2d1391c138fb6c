import { describe, expect, it } from "vitest";
import { amountIn } from "../../src/kb/amount.ts";
import { answerCard, FIRST_MESSAGE_BUDGET } from "../../src/kb/answer-card.ts";
import { loadKnowledgeBase } from "../../src/kb/load.ts";
import { commonTopics } from "../../src/kb/popular.ts";
import { SmallTalkMatcher } from "../../src/kb/small-talk.ts";
import type { Topic } from "../../src/kb/types.ts";

const kb = loadKnowledgeBase("knowledge");

describe("amountIn", () => {
  it.each([
    ["mua máy 800 triệu thì được bao nhiêu", 800_000_000],
    ["máy ép gạch 200tr thì kc hỗ trợ dc bn", 200_000_000],
    ["mua may 1,5 ty", 1_500_000_000],
    ["gia 600.000.000 dong", 600_000_000],
    // Spoken amounts, read as the application form reads them.
    ["máy 1 tỷ 2 thì sao", 1_200_000_000],
    ["tôi mua máy 2 tỉ rưỡi được hỗ trợ mấy", 2_500_000_000],
    ["Cơ sở may Lan Anh mua dây chuyền 1 tỷ 200 triệu, được bao nhiêu?", 1_200_000_000],
    ["năm 2026 mua 3 máy hết 800tr", 800_000_000],
  ])("reads the cost in %s", (q, vnd) => expect(amountIn(q)).toBe(vnd));

  it.each(["mua 3 máy", "50% tối đa 300 triệu à", "máy 200 triệu hay 300 triệu", "được hỗ trợ tối đa 1 tỷ rưỡi không"])("gives no estimate for %s", (q) => expect(amountIn(q)).toBeUndefined());
});

describe("small talk", () => {
  const talk = new SmallTalkMatcher(kb.smallTalk);
  it.each([
    ["Cảm ơn nhiều nha!", "thanks"],
    ["ok", "ok"],
    ["👍👍", "emoji"],
    ["đm", "abuse"],
    ["tạm biệt", "goodbye"],
  ])("recognises %s as a whole message", (q, id) => expect(talk.whole(q)?.id).toBe(id));

  it("does not take a question for small talk, and finds far-off words inside a message", () => {
    expect(talk.whole("cảm ơn, cho hỏi mua máy được hỗ trợ bao nhiêu")).toBeUndefined();
    expect(talk.within("kết quả xổ số miền bắc hôm nay")?.id).toBe("off-topic");
    expect(talk.within("mua máy sấy được hỗ trợ bao nhiêu")).toBeUndefined();
  });
});

describe("common topics", () => {
  const t = (id: string, popularity?: number) => ({ id, popularity }) as Topic;
  it("orders by counts when given, then by the popularity rank, never by name", () => {
    const topics = [t("a-first-by-name"), t("machines", 1), t("fairs", 3), t("training", 2)];
    expect(commonTopics(topics, 3).map((x) => x.id)).toEqual(["machines", "training", "fairs"]);
    expect(commonTopics(topics, 2, new Map([["fairs", 5], ["a-first-by-name", 2]])).map((x) => x.id)).toEqual(["fairs", "a-first-by-name"]);
  });

  it("puts machinery first in the real knowledge base", () => {
    expect(commonTopics(kb.topics, 4)[0]?.id).toBe("may-moc-thiet-bi");
  });
});

describe("answer card", () => {
  it("says the machinery figure, fund and source in the first message, the rest in the details", () => {
    const card = answerCard(kb, kb.topicById.get("may-moc-thiet-bi") as Topic);
    expect(card.first).toMatch(/50%/);
    expect(card.first).toMatch(/300 triệu/);
    expect(card.first).toMatch(/Ngân sách trung ương/);
    expect(card.first).toMatch(/Căn cứ: TT 28\/2018/);
    expect(card.first.length).toBeLessThanOrEqual(600);
    expect(card.details).toMatch(/Cơ sở cần chuẩn bị/);
    expect(card.details).toMatch(/Thông tin kiểm tra ngày/);
  });

  it("fits the estimate for a named cost in the first message, with its figures, for every support that has one", () => {
    const card = answerCard(kb, kb.topicById.get("may-moc-thiet-bi") as Topic, { amountVnd: 2_500_000_000 });
    expect(card.first).toMatch(/Với chi phí 2,5 tỷ đồng/);
    expect(card.first).toMatch(/tối đa khoảng 300 triệu đồng/);
    expect(card.first).toMatch(/Phần còn lại khoảng 2,2 tỷ đồng/);
    expect(card.first).toMatch(/Căn cứ: TT 28\/2018/);
    for (const support of kb.supports) {
      const { first } = answerCard(kb, kb.topicById.get(support.id) as Topic, { amountVnd: 2_500_000_000 });
      expect(first.length, support.id).toBeLessThanOrEqual(FIRST_MESSAGE_BUDGET);
    }
  });

  it("fits every topic's details button in Telegram's 64-byte callback data", () => {
    for (const topic of kb.topics) expect(Buffer.byteLength(`t:more:${topic.id}`), topic.id).toBeLessThanOrEqual(64);
  });

  it("never repeats the unconfirmed warning nor cites an English translation", () => {
    for (const topic of kb.topics) {
      const { first, details } = answerCard(kb, topic);
      expect((first.match(/chưa (được )?xác nhận|chưa có văn bản/g) ?? []).length, topic.id).toBeLessThanOrEqual(1);
      expect(first + details, topic.id).not.toMatch(/bản dịch tiếng Anh/);
    }
  });
});
