import { describe, expect, it } from "vitest";
import type { QuestionLogEntry } from "../../src/domain/records.ts";
import { groupQuestions } from "../../src/web/question-groups.ts";

let n = 0;
const asked = (text: string, topIds: string[] = [], at = `2026-12-0${1 + (n % 2)}T0${n % 10}:00:00.000Z`): QuestionLogEntry => ({ id: `q${++n}`, at, channel: "zalo", userId: `u${n}`, text, zone: "none", topIds });

describe("unanswered questions grouped for officers", () => {
  it("groups the same question typed with and without diacritics, most asked first, with the closest topic", () => {
    const entries = [
      asked("cho hỏi thủ tục cấp giấy phép xả thải cho xưởng", ["ho-tro-xu-ly-o-nhiem"]),
      asked("thu tuc cap giay phep xa thai cho xuong", ["ho-tro-xu-ly-o-nhiem"]),
      asked("Thủ tục cấp giấy phép xả thải cho xưởng?", ["dang-ky"]),
      asked("giá điện sản xuất bao nhiêu"),
    ];
    const groups = groupQuestions(entries, new Set());
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ count: 3, topicId: "ho-tro-xu-ly-o-nhiem" });
    expect(groups[0]?.example).toMatch(/xả thải/);
    expect(groups[0]?.ids.sort()).toEqual(entries.slice(0, 3).map((e) => e.id).sort());
    expect(groups[1]).toMatchObject({ count: 1, example: "giá điện sản xuất bao nhiêu" });
    expect(groups[1]?.topicId).toBeUndefined();
    // The input is left as it was.
    expect(entries[1]?.text).toBe("thu tuc cap giay phep xa thai cho xuong");
  });

  it("leaves out questions marked handled", () => {
    const entries = [asked("vay vốn ưu đãi lãi suất bao nhiêu"), asked("vay von uu dai lai suat bao nhieu"), asked("hỗ trợ làm website không")];
    const groups = groupQuestions(entries, new Set([entries[0]!.id!, entries[1]!.id!]));
    expect(groups.map((g) => g.example)).toEqual(["hỗ trợ làm website không"]);
  });
});
