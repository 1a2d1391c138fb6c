import { describe, expect, it } from "vitest";
import type { ApplicationStatus } from "../../src/domain/records.ts";
import { canMove, NOTE_REQUIRED, parseStatus, STATUS_LABEL } from "../../src/officer/status.ts";
import { foldVietnamese as fold } from "../../src/kb/normalize.ts";

const ALL = Object.keys(STATUS_LABEL) as ApplicationStatus[];

/**
 * Every move between two statuses, as the centre's procedure has it: an
 * application is received or sent back for more information, then proposed for
 * support or refused; the applicant may withdraw until a decision; a decision is final.
 */
const ALLOWED: Record<ApplicationStatus, ApplicationStatus[]> = {
  submitted: ["received", "needs-info", "rejected", "withdrawn"],
  received: ["needs-info", "proposed", "rejected", "withdrawn"],
  "needs-info": ["received", "rejected", "withdrawn"],
  proposed: [],
  rejected: [],
  withdrawn: [],
};

describe("status transitions", () => {
  const pairs = ALL.flatMap((from) => ALL.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })));
  it.each(pairs)("$from → $to: $allowed", ({ from, to, allowed }) => expect(canMove(from, to)).toBe(allowed));

  it("no status moves to itself, and none goes back to 'submitted'", () => {
    for (const s of ALL) expect(canMove(s, s)).toBe(false);
    for (const s of ALL) expect(canMove(s, "submitted")).toBe(false);
  });

  it("asks for a note exactly where the applicant needs to know why or what", () => {
    expect([...NOTE_REQUIRED].sort()).toEqual(["needs-info", "rejected"]);
  });
});

describe("status names officers type", () => {
  it.each([
    ["tiếp nhận", "received"],
    ["tiepnhan", "received"],
    ["Đã tiếp nhận", "received"],
    ["bổ sung", "needs-info"],
    ["cần bổ sung", "needs-info"],
    ["needs-info", "needs-info"],
    ["needs_info", "needs-info"],
    ["đề xuất", "proposed"],
    ["dexuat", "proposed"],
    ["đề xuất hỗ trợ", "proposed"],
    ["không đạt", "rejected"],
    ["khong du dieu kien", "rejected"],
    ["rút", "withdrawn"],
    ["đã nộp", "submitted"],
    ["  RECEIVED ", "received"],
  ])("%j → %s", (typed, status) => expect(parseStatus(fold(typed))).toBe(status));

  it.each(["duyệt", "ok", "", "tiep", "nhận"])("%j is not a status", (typed) => expect(parseStatus(fold(typed))).toBeUndefined());

  it("every status has a Vietnamese label", () => {
    for (const s of ALL) expect(STATUS_LABEL[s]).toMatch(/^[A-ZĐ][\p{L} ]+$/u);
  });
});
