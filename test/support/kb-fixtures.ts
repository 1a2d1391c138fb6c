import { supportSchema, type Support, type SupportLevel } from "../../src/kb/schema.ts";

/** Pieces of a knowledge base made up in a test, so that an officer's edit of knowledge/ changes no test of the logic. */
export const TEST_SOURCE = { document: "Nghị định mẫu", article: "Điều 1" };

/** A valid support with the given levels (one placeholder level when none is given). */
export function testSupport(id: string, levels: SupportLevel[] = [{ fund: "national", per: "cơ sở", text: "Mức hỗ trợ dùng trong kiểm thử.", source: TEST_SOURCE, confirmed: true }]): Support {
  return supportSchema.parse({
    id,
    title: `Hỗ trợ ${id}`,
    shortTitle: `Hỗ trợ ${id}`,
    questions: ["câu hỏi một", "câu hỏi hai", "câu hỏi ba"],
    summary: "Tóm tắt hỗ trợ dùng trong kiểm thử.",
    whoMayReceive: "Cơ sở công nghiệp nông thôn.",
    levels,
    applicantProvides: ["Đơn đề nghị"],
    coFunding: "Cơ sở tự bỏ phần còn lại.",
    legalBasis: [TEST_SOURCE],
    lastChecked: "2026-11-01",
  });
}
