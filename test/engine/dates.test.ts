import { describe, expect, it } from "vitest";
import { applyAs } from "../durability/fill-form.ts";
import { useTestApps } from "../support/app.ts";

const { open } = useTestApps();

describe("dates in Asia/Ho_Chi_Minh (issue 16)", () => {
  it("a submission at 01:00 on 1 January in Vietnam (still 31 December in UTC) gets the new year's code", async () => {
    const app = await open({ now: () => new Date("2026-12-31T18:00:00Z") });
    const code = await applyAs(app, "u1", { answers: { startMonth: "03/2027", endMonth: "10/2027" } });
    expect(code).toBe("KC-2027-000001");
  });
});
