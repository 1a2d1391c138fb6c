import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ApplicationStore } from "../../src/store/application-store.ts";
import type { Application } from "../../src/store/records.ts";
import { tempDir } from "../support/app.ts";

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function application(code: string): Application {
  return {
    code,
    channel: "zalo",
    userId: `u-${code}`,
    chatId: `u-${code}`,
    submittedAt: "2026-11-25T03:00:00.000Z",
    answers: { representative: "Nguyễn Văn An" },
    supportId: "may-moc-thiet-bi",
    estimate: { maxVnd: null, requestedVnd: null, note: "" },
    status: "submitted",
    history: [{ at: "2026-11-25T03:00:00.000Z", by: "applicant", from: null, to: "submitted" }],
  };
}

describe("application store", () => {
  it("keeps every one of concurrent submissions that open a new shard file", async () => {
    const dir = tempDir("kc-apps-");
    dirs.push(dir);
    const store = await ApplicationStore.open(dir);
    const codes = Array.from({ length: 8 }, (_, i) => `KC-2026-${String(996 + i).padStart(6, "0")}`);
    await Promise.all(codes.map((code) => store.save(application(code))));
    await store.flush();
    const onDisk = [
      ...JSON.parse(readFileSync(join(dir, "applications-2026-000.json"), "utf8")).applications,
      ...JSON.parse(readFileSync(join(dir, "applications-2026-001.json"), "utf8")).applications,
    ].map((a: Application) => a.code);
    expect(onDisk.sort()).toEqual(codes);
    const reopened = await ApplicationStore.open(dir);
    expect(reopened.count()).toBe(codes.length);
  });
});
