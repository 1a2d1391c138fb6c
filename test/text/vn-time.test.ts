import { describe, expect, it } from "vitest";
import { vnIsoDate, vnStartOfDay } from "../../src/text/vn-time.ts";

describe("dates in Vietnam", () => {
  it.each([
    ["2026-12-02T03:00:00Z", "2026-12-01T17:00:00.000Z"],
    // 18:00 UTC on 31 Dec is 01:00 on 1 Jan in Vietnam: the day (and year) there has already turned.
    ["2026-12-31T18:00:00Z", "2026-12-31T17:00:00.000Z"],
    ["2026-12-31T16:59:59Z", "2026-12-30T17:00:00.000Z"],
  ])("the day of %s starts at %s", (at, start) => {
    expect(vnStartOfDay(new Date(at)).toISOString()).toBe(start);
  });

  it("names the Vietnamese date, not the server's", () => {
    expect(vnIsoDate(new Date("2026-12-31T18:00:00Z"))).toBe("2027-01-01");
  });
});
