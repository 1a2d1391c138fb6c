import { describe, expect, it } from "vitest";
import { parseMonthYear } from "../../../src/form/parsers/month.ts";

/** 2 December 2026, 09:00 in Vietnam (02:00 UTC). */
const now = new Date("2026-12-02T02:00:00Z");

/** Months as owners type them (issue 16, W3); relative forms resolve against today in Vietnam. */
const ACCEPTED: [string, { month: number; year: number }][] = [
  ["03/2027", { month: 3, year: 2027 }],
  ["3/2027", { month: 3, year: 2027 }],
  ["3-2027", { month: 3, year: 2027 }],
  ["3.2027", { month: 3, year: 2027 }],
  ["03 2027", { month: 3, year: 2027 }],
  ["tháng 3 năm 2027", { month: 3, year: 2027 }],
  ["thang 3/2027", { month: 3, year: 2027 }],
  ["Tháng 03/2027", { month: 3, year: 2027 }],
  ["T3/2027", { month: 3, year: 2027 }],
  ["t3 2027", { month: 3, year: 2027 }],
  ["3/27", { month: 3, year: 2027 }],
  ["03/27", { month: 3, year: 2027 }],
  ["2027-03", { month: 3, year: 2027 }],
  ["2027/3", { month: 3, year: 2027 }],
  ["tháng 3", { month: 3, year: 2027 }],
  ["thang 3", { month: 3, year: 2027 }],
  ["T3", { month: 3, year: 2027 }],
  ["tháng 12", { month: 12, year: 2026 }],
  ["tháng này", { month: 12, year: 2026 }],
  ["tháng sau", { month: 1, year: 2027 }],
  ["tháng tới", { month: 1, year: 2027 }],
  ["tháng 3 năm sau", { month: 3, year: 2027 }],
  ["thang 3 nam sau", { month: 3, year: 2027 }],
  ["tháng 3 năm tới", { month: 3, year: 2027 }],
  ["quý 1 năm 2027", { month: 1, year: 2027 }],
  ["quý I/2027", { month: 1, year: 2027 }],
  ["Q2/2027", { month: 4, year: 2027 }],
  ["quý 3 năm sau", { month: 7, year: 2027 }],
  ["đầu năm 2027", { month: 1, year: 2027 }],
  ["giữa năm 2027", { month: 6, year: 2027 }],
  ["cuối năm 2027", { month: 12, year: 2027 }],
  ["đầu năm sau", { month: 1, year: 2027 }],
  ["12/2026", { month: 12, year: 2026 }],
  ["tháng 6 năm 2028", { month: 6, year: 2028 }],
];

const REJECTED: [string, RegExp][] = [
  ["01/2025", /đã qua/],
  ["11/2026", /đã qua/],
  ["tháng 3 năm nay", /đã qua/],
  ["12/2031", /xa quá|quá xa|đến/],
  ["13/2027", /1 đến 12/],
  ["0/2027", /1 đến 12/],
  ["03/1999", /đã qua/],
  ["mai", /tháng/],
  ["2027", /tháng/],
  ["quý 5 năm 2027", /quý/],
  ["", /tháng/],
];

describe("parseMonthYear: real-world inputs on 2 Dec 2026", () => {
  it.each(ACCEPTED)("%s → %j", (input, value) => expect(parseMonthYear(input, now)).toEqual({ ok: true, value }));

  it.each(REJECTED)("rejects %j saying why", (input, reason) => {
    const result = parseMonthYear(input, now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("gives an example in the future in its reason", () => {
    const result = parseMonthYear("mai", now);
    expect(result.ok === false && result.reason).toMatch(/ví dụ 03\/2027/);
  });

  it("reads a quarter as its last month when it is an end date", () => {
    expect(parseMonthYear("quý 1 năm 2027", now, "end")).toEqual({ ok: true, value: { month: 3, year: 2027 } });
    expect(parseMonthYear("đầu năm 2027", now, "end")).toEqual({ ok: true, value: { month: 1, year: 2027 } });
  });

  it("uses the date in Vietnam, not the server's UTC date (31 Dec 18:00 UTC is 1 Jan in Vietnam)", () => {
    const newYear = new Date("2026-12-31T18:00:00Z");
    expect(parseMonthYear("12/2026", newYear).ok).toBe(false);
    expect(parseMonthYear("tháng này", newYear)).toEqual({ ok: true, value: { month: 1, year: 2027 } });
    expect(parseMonthYear("tháng 3", newYear)).toEqual({ ok: true, value: { month: 3, year: 2027 } });
  });
});
