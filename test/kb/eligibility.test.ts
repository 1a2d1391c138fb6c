import { describe, expect, it } from "vitest";
import { bandOf, evaluateEligibility, holds, holds3, nextQuestion, progress, supportStates, type Answers } from "../../src/kb/eligibility.ts";
import { eligibilitySchema, type Condition } from "../../src/kb/schema.ts";
import { TEST_SOURCE, testSupport } from "../support/kb-fixtures.ts";

/**
 * The rule engine on a questionnaire made up here (knowledge/eligibility.yaml
 * changes with the law; the logic must not): who the owner is, where, how
 * many workers, and which support is wanted.
 */
const source = TEST_SOURCE;
const option = (value: string) => ({ value, label: `Lựa chọn ${value}` });

const eligibility = eligibilitySchema.parse({
  intro: "Vài câu hỏi để kiểm tra điều kiện.",
  questions: [
    { id: "want", prompt: "Anh/chị cần hỗ trợ gì?", why: "Để hỏi đúng điều kiện.", options: [option("all"), option("may-moc"), option("dao-tao")] },
    { id: "entity", prompt: "Cơ sở thuộc loại hình nào?", why: "Đối tượng được hỗ trợ.", options: [option("dn"), option("htx"), option("hkd"), option("khac")] },
    { id: "area", prompt: "Cơ sở ở đâu?", why: "Chỉ hỗ trợ ở nông thôn.", options: [option("xa"), option("phuong")] },
    {
      id: "workers",
      prompt: "Cơ sở có bao nhiêu lao động?",
      why: "Doanh nghiệp lớn không thuộc diện.",
      options: [option("nho"), option("vua"), option("lon")],
      askWhen: { question: "entity", in: ["dn"] },
      count: { unit: "người", bands: [{ value: "nho", atLeast: 0 }, { value: "vua", atLeast: 10 }, { value: "lon", atLeast: 200 }] },
    },
  ],
  rules: [
    { id: "doi-tuong", title: "Đối tượng được hỗ trợ", require: { question: "entity", in: ["dn", "htx", "hkd"] }, outcome: "block", reason: "Chỉ cơ sở công nghiệp nông thôn được hỗ trợ.", source },
    { id: "dia-ban", title: "Địa bàn nông thôn", require: { question: "area", in: ["xa"] }, outcome: "uncertain", reason: "Cơ sở ở phường cần cán bộ xác nhận.", source },
    {
      id: "quy-mo",
      title: "Quy mô doanh nghiệp",
      supports: ["may-moc"],
      appliesWhen: { question: "entity", in: ["dn"] },
      require: { not: { question: "workers", in: ["lon"] } },
      outcome: "block",
      reason: "Doanh nghiệp trên 200 lao động không được hỗ trợ máy móc.",
      source,
    },
  ],
  notes: [{ id: "uu-tien", when: { all: [{ question: "entity", in: ["htx"] }, { question: "area", in: ["xa"] }] }, text: "Hợp tác xã ở xã được ưu tiên.", source }],
  disclaimer: "Kết quả chỉ để tham khảo.",
  lastChecked: "2026-11-01",
});

const support = (id: string) => testSupport(id);
const SUPPORTS = [support("may-moc"), support("dao-tao"), { ...support("tu-van"), applicable: false }];

describe("conditions", () => {
  const htxInVillage: Condition = { all: [{ question: "entity", in: ["htx"] }, { question: "area", in: ["xa"] }] };
  it.each<[Condition, Answers, boolean, boolean | undefined]>([
    // condition, answers → holds now, holds3 (undefined while a later answer can change it)
    [{ question: "entity", in: ["dn", "htx"] }, { entity: "htx" }, true, true],
    [{ question: "entity", in: ["dn", "htx"] }, { entity: "hkd" }, false, false],
    [{ question: "entity", in: ["dn", "htx"] }, {}, false, undefined],
    [htxInVillage, { entity: "htx" }, false, undefined],
    [htxInVillage, { entity: "dn" }, false, false],
    [htxInVillage, { entity: "htx", area: "xa" }, true, true],
    [{ any: [{ question: "entity", in: ["htx"] }, { question: "area", in: ["xa"] }] }, { area: "xa" }, true, true],
    [{ any: [{ question: "entity", in: ["htx"] }, { question: "area", in: ["xa"] }] }, { area: "phuong" }, false, undefined],
    [{ not: { question: "area", in: ["phuong"] } }, {}, true, undefined],
    [{ not: { question: "area", in: ["phuong"] } }, { area: "xa" }, true, true],
    // "workers" is asked only of companies: for a household business it is settled as never answered.
    [{ question: "workers", in: ["lon"] }, { entity: "hkd" }, false, false],
    [{ question: "workers", in: ["lon"] }, { entity: "dn" }, false, undefined],
  ])("%j with %j: holds %s, settled %s", (condition, answers, now, settled) => {
    expect(holds(condition, answers)).toBe(now);
    expect(holds3(eligibility, condition, answers)).toBe(settled);
  });
});

describe("verdicts", () => {
  const verdicts = (answers: Answers) => Object.fromEntries(evaluateEligibility(eligibility, SUPPORTS, answers).verdicts.map((v) => [v.support.id, v.verdict]));
  it.each<[Answers, Record<string, string>]>([
    [{ entity: "hkd", area: "xa" }, { "may-moc": "eligible", "dao-tao": "eligible" }],
    [{ entity: "khac", area: "xa" }, { "may-moc": "blocked", "dao-tao": "blocked" }],
    [{ entity: "hkd", area: "phuong" }, { "may-moc": "uncertain", "dao-tao": "uncertain" }],
    [{ entity: "dn", area: "xa", workers: "lon" }, { "may-moc": "blocked", "dao-tao": "eligible" }],
    [{ entity: "dn", area: "xa", workers: "vua" }, { "may-moc": "eligible", "dao-tao": "eligible" }],
    [{ want: "dao-tao", entity: "dn", area: "xa", workers: "lon" }, { "dao-tao": "eligible" }],
  ])("%j → %j (supports not applicable through the chat never judged)", (answers, expected) => expect(verdicts(answers)).toEqual(expected));

  it("names every rule not met, with its reason and source", () => {
    const [machines] = evaluateEligibility(eligibility, SUPPORTS, { want: "may-moc", entity: "dn", area: "phuong", workers: "lon" }).verdicts;
    expect(machines?.findings.map((f) => [f.ruleId, f.outcome])).toEqual([
      ["dia-ban", "uncertain"],
      ["quy-mo", "block"],
    ]);
    expect(machines?.findings[1]?.source).toEqual(source);
  });

  it("adds a note only when its condition holds", () => {
    expect(evaluateEligibility(eligibility, SUPPORTS, { entity: "htx", area: "xa" }).notes.map((n) => n.id)).toEqual(["uu-tien"]);
    expect(evaluateEligibility(eligibility, SUPPORTS, { entity: "htx", area: "phuong" }).notes).toEqual([]);
  });
});

describe("which question comes next", () => {
  it.each<[Answers, string | undefined]>([
    [{}, "want"],
    [{ want: "all" }, "entity"],
    [{ want: "all", entity: "dn" }, "area"],
    [{ want: "all", entity: "dn", area: "xa" }, "workers"],
    [{ want: "all", entity: "hkd", area: "xa" }, undefined], // workers never asked of a household business
    [{ want: "dao-tao", entity: "dn", area: "xa" }, undefined], // company size matters to machines only
    [{ entity: "khac" }, undefined], // refused everything: nothing left to ask
  ])("after %j: %s", (answers, next) => expect(nextQuestion(eligibility, answers, SUPPORTS)?.id).toBe(next));

  it("never grows the total on the way", () => {
    let answers: Answers = {};
    let total = progress(eligibility, answers, SUPPORTS).total;
    for (const [q, a] of [["want", "all"], ["entity", "dn"], ["area", "xa"], ["workers", "vua"]] as const) {
      answers = { ...answers, [q]: a };
      const now = progress(eligibility, answers, SUPPORTS);
      expect(now.total).toBeLessThanOrEqual(total);
      total = now.total;
    }
    expect(progress(eligibility, answers, SUPPORTS)).toEqual({ answered: 4, total: 4 });
  });

  it("tells a blocked support apart from one still open", () => {
    expect(Object.fromEntries(supportStates(eligibility, SUPPORTS, { entity: "dn", workers: "lon" }))).toEqual({ "may-moc": "blocked", "dao-tao": "open" });
  });
});

describe("typed counts", () => {
  const workers = eligibility.questions.find((q) => q.id === "workers")!;
  it.each([
    [0, "nho"],
    [9, "nho"],
    [10, "vua"],
    [199, "vua"],
    [200, "lon"],
    [5000, "lon"],
  ])("%d workers → %s", (count, band) => expect(bandOf(workers, count)).toBe(band));
});
