import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/app.ts";

const dataDir = tempDir("kc-e2e-");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "production", TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "" };

/** Runs the real `npm start` with a script on stdin, as a newcomer or a demo would. */
function runStart(script: string[]): string {
  const result = spawnSync("npm", ["start", "--silent"], { input: `${script.join("\n")}\n`, env, encoding: "utf8", timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe("terminal chat through npm start", () => {
  it("answers, checks eligibility and submits an application from a piped script", () => {
    const out = runStart([
      "/start",
      "ho kinh doanh co duoc ho tro khuyen cong khong",
      "menu",
      "2", "4", "1", "5", "2", "1", "4", "5",
      "1",
      "Nguyễn Văn An", "bỏ qua", "Hộ kinh doanh Mộc An", "0101234565", "Điện Biên", "Xã Mường Chà", "Thôn Na Sang 1",
      "0912345678", "bỏ qua", "Mộc dân dụng", "12", "Mua máy bào gỗ và máy cưa CNC", "bỏ qua",
      "500 triệu", "200 triệu", "tháng 3 năm sau", "tháng 10 năm sau", "chưa", "có",
      "nộp",
    ]);
    expect(out).toMatch(/^> \/start$/m);
    expect(out).toMatch(/Căn cứ:/);
    expect(out).toMatch(/Kết quả kiểm tra sơ bộ/);
    const code = /Mã hồ sơ của anh\/chị: (KC-\d{4}-\d{6})/.exec(out)?.[1];
    expect(code).toBeDefined();
    const stored = JSON.parse(readFileSync(join(dataDir, "applications", `${code?.slice(3, 7)}-000.json`), "utf8"));
    expect(stored.applications[0]).toMatchObject({ code, channel: "terminal", supportId: "may-moc-thiet-bi", answers: { facilityName: "Hộ kinh doanh Mộc An", province: "dien-bien" } });
  });

  it("the officers' CLI lists, moves and exports it; the applicant is told on next start", () => {
    const cli = (...args: string[]) => execFileSync("npx", ["tsx", "src/cli/officer.ts", ...args], { env, encoding: "utf8" });
    expect(cli("list")).toMatch(/KC-\d{4}-000001\tĐã nộp/);
    expect(cli("status", "KC-2026-000001", "tiep nhan", "--note", "Đã nhận")).toMatch(/Đã tiếp nhận/);
    expect(cli("list", "--status", "received")).toMatch(/Tổng: 1/);
    const out = join(dataDir, "export.csv");
    cli("export", "--format", "csv", "--out", out);
    expect(readFileSync(out, "utf8")).toMatch(/Nguyễn Văn An/);
    expect(runStart(["menu"])).toMatch(/🔔 Thông báo:\n🔔 Hồ sơ KC-2026-000001 .*Đã tiếp nhận/);
  }, 90_000);

  it("stops with one clear message on a bad config value", () => {
    const result = spawnSync("npx", ["tsx", "src/main.ts"], { input: "", env: { ...env, HTTP_PORT: "abc", DRAFT_TTL_DAYS: "-1" }, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/HTTP_PORT/);
    expect(result.stderr).toMatch(/DRAFT_TTL_DAYS/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
