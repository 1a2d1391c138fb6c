import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { readOfficersFile } from "../../src/engine/officer-config.ts";
import { officersFromConfig } from "../../src/engine/officers.ts";
import { canSeeApplication, OPERATOR, provincesOf, scopedQuery } from "../../src/web/access.ts";
import { application } from "../store/contract.ts";
import { tempDir } from "../support/app.ts";

/** The web page narrows what an officer sees with the same scope as the chat commands (OFFICERS_FILE). */
describe("web page access by province", () => {
  const file = join(tempDir("kc-web-access-"), "officers.yaml");
  writeFileSync(file, "provinces:\n  lai-chau:\n    zalo: [zlc]\n");
  const config = loadConfig({ ZALO_BOT_TOKEN: "1:x", ZALO_OFFICER_IDS: "znat" });
  const officers = officersFromConfig(config, readOfficersFile(file, ["lai-chau", "dien-bien"]));
  const laiChau = application("KC-2026-000001", "u1", { answers: { facilityName: "Cơ sở may Lan Anh", province: "lai-chau" } });
  const dienBien = application("KC-2026-000002", "u2", { answers: { facilityName: "Mộc An", province: "dien-bien" } });

  it("gives a provincial officer their province only, the national officers and the operator every province, others nothing", () => {
    const provincial = { channel: "zalo" as const, userId: "zlc" };
    expect(provincesOf(officers, provincial)).toEqual(["lai-chau"]);
    expect(canSeeApplication(officers, provincial, laiChau)).toBe(true);
    expect(canSeeApplication(officers, provincial, dienBien)).toBe(false);
    expect(scopedQuery(officers, provincial, { status: "submitted" })).toEqual({ status: "submitted", provinces: ["lai-chau"] });
    for (const all of [{ channel: "zalo" as const, userId: "znat" }, OPERATOR]) {
      expect(provincesOf(officers, all)).toBeUndefined();
      expect(canSeeApplication(officers, all, dienBien)).toBe(true);
    }
    expect(canSeeApplication(officers, { channel: "zalo", userId: "someone" }, laiChau)).toBe(false);
  });
});
