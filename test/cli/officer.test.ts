import { execFile } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { applyAs } from "../durability/fill-form.ts";
import { useTestApps } from "../support/app.ts";

const run = promisify(execFile);
const { open, forget } = useTestApps();

/** Runs `npm run officer -- …` as an officer does (through tsx), over a data directory. */
async function officer(dataDir: string, args: string[], cwd = process.cwd(), env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", join(process.cwd(), "src/cli/officer.ts"), ...args], {
      cwd,
      env: { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(process.cwd(), "knowledge"), ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function oneApplication(): Promise<{ dataDir: string; code: string }> {
  const app = await open({ now: () => new Date("2026-12-02T02:00:00Z") });
  const code = (await applyAs(app, "u1")) as string;
  await app.close();
  forget(app);
  return { dataDir: app.dataDir, code };
}

describe("officer CLI (issue 16)", () => {
  it("limits list, show and status to the provinces of the officer named by --as (issue 17)", async () => {
    const app = await open({ now: () => new Date("2026-12-02T02:00:00Z"), env: { FLOOD_MAX_MESSAGES: "1000" } });
    const laiChau = (await applyAs(app, "u-lc", { answers: { province: "Lai Châu" } })) as string;
    const phuTho = (await applyAs(app, "u-pt", { answers: { province: "Phú Thọ" } })) as string;
    await app.close();
    forget(app);
    const file = join(app.dataDir, "officers.yaml");
    writeFileSync(file, "provinces:\n  lai-chau:\n    zalo: [zlc]\n");
    const env = { OFFICERS_FILE: file, ZALO_OFFICER_IDS: "znat" };
    const mine = await officer(app.dataDir, ["list", "--as", "zalo:zlc"], process.cwd(), env);
    expect(mine.stdout).toContain(laiChau);
    expect(mine.stdout).not.toContain(phuTho);
    expect((await officer(app.dataDir, ["list", "--as", "zalo:znat"], process.cwd(), env)).stdout).toContain(phuTho);
    const refused = await officer(app.dataDir, ["status", phuTho, "received", "--as", "zalo:zlc"], process.cwd(), env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/không thuộc tỉnh/);
    expect((await officer(app.dataDir, ["show", phuTho, "--as", "zalo:zlc"], process.cwd(), env)).stderr).toMatch(/không thuộc tỉnh/);
    expect((await officer(app.dataDir, ["list", "--as", "zalo:nobody"], process.cwd(), env)).stderr).toMatch(/không phải cán bộ/);
  }, 60_000);

  it("answers --help and -h with the usage", async () => {
    for (const flag of ["--help", "-h"]) {
      const result = await officer("/nonexistent-kc", [flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Cách dùng/);
    }
  });

  it("explains an unknown option in Vietnamese with the usage, not Node's error", async () => {
    const result = await officer("/nonexistent-kc", ["list", "--zzz"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Không có tuỳ chọn "--zzz"[\s\S]*Cách dùng/);
  });

  it("takes needs-info as the README writes it, in status and in list --status", async () => {
    const { dataDir, code } = await oneApplication();
    const changed = await officer(dataDir, ["status", code, "needs-info", "--note", "Thiếu báo giá"]);
    expect(changed.stderr).toBe("");
    expect(changed.stdout).toMatch(/Cần bổ sung/);
    const listed = await officer(dataDir, ["list", "--status", "needs-info"]);
    expect(listed.stdout).toMatch(new RegExp(`${code}\\tCần bổ sung`));
  }, 30_000);

  it("writes an export by default under DATA_DIR, not into the repository", async () => {
    const { dataDir } = await oneApplication();
    const result = await officer(dataDir, ["export"]);
    expect(result.code).toBe(0);
    expect(readdirSync(join(dataDir, "exports")).some((f) => f.endsWith(".csv"))).toBe(true);
    expect(readdirSync(process.cwd()).some((f) => f.startsWith("ho-so-khuyen-cong-"))).toBe(false);
    expect(existsSync(join(dataDir, "exports"))).toBe(true);
  }, 30_000);
});
