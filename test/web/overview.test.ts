import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { QuestionTally } from "../../src/domain/records.ts";
import { loadKnowledgeBase } from "../../src/kb/load.ts";
import { applicationCharts, questionChartsOf } from "../../src/web/routes/overview.ts";
import { statisticsOf } from "../../src/domain/application-query.ts";
import { application } from "../store/contract.ts";

const kb = loadKnowledgeBase(resolve("knowledge"));

describe("overview chart data", () => {
  it("counts applications by status, kind and Vietnam month", () => {
    const apps = [
      application("KC-2026-000001", "1", { submittedAt: "2026-11-30T18:00:00.000Z" }),
      application("KC-2026-000002", "2", { status: "received", submittedAt: "2026-11-15T03:00:00.000Z" }),
      application("KC-2026-000003", "3", { supportId: "dao-tao-nghe", submittedAt: "2026-12-02T03:00:00.000Z" }),
    ];
    const charts = applicationCharts(statisticsOf(apps, {}), kb);
    const [status, kind, month] = charts;
    expect(status?.series[0]?.values.slice(0, 2)).toEqual([2, 1]);
    expect(kind?.series[0]?.values).toEqual([2, 1]);
    // 30/11 18:00 UTC is 1 December in Vietnam.
    expect(month?.labels).toEqual(["11/2026", "12/2026"]);
    expect(month?.series[0]?.values).toEqual([1, 2]);
  });

  it("gives the most asked topics and the share not answered directly per week, small talk left out", () => {
    const t = (day: string, topicId: string, outcome: QuestionTally["outcome"], count: number): QuestionTally => ({ day, topicId, outcome, count });
    const [topics, unanswered] = questionChartsOf(
      [t("2026-11-23", "may-moc-thiet-bi", "answered", 6), t("2026-11-24", "", "none", 2), t("2026-11-25", "dao-tao-nghe", "clarify", 2), t("2026-11-25", "", "small-talk", 50), t("2026-11-30", "dao-tao-nghe", "answered", 3), t("2026-12-01", "", "rejected", 1)],
      kb,
    );
    expect(topics?.series[0]?.values).toEqual([6, 5]);
    expect(unanswered?.labels).toEqual(["23/11", "30/11"]);
    expect(unanswered?.series[0]?.values).toEqual([40, 25]);
  });
});
