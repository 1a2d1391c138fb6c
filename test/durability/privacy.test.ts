import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { parsePhone, parseTaxCode } from "../../src/form/parsers/simple.ts";
import { createLogger, maskText } from "../../src/logger.ts";
import { LowdbStorage } from "../../src/store/lowdb/lowdb-storage.ts";
import { tempDir } from "../support/app.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const digitsOf = (s: string) => s.replace(/\D/g, "");

describe("maskText: personal data never reaches the logs whole", () => {
  it.each([
    "0912345678",
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "(091) 234-5678",
    "+84 912 345 678",
    "+84912345678",
    "84912345678",
    "02363 123 456",
  ])("masks the phone number %s", (phone) => {
    expect(parsePhone(phone).ok, "a format the form accepts").toBe(true);
    const masked = maskText(`Chị Lan, SĐT ${phone}, gọi sau 5 giờ`);
    expect(masked).toMatch(/^Chị Lan, SĐT .*\*\*\*.*, gọi sau 5 giờ$/);
    expect(digitsOf(masked).length, masked).toBeLessThanOrEqual(4);
  });

  it.each(["0101234565", "4601234560", "0101234565-001", "4601234560-001", "4601234560001"])("masks the tax code %s", (code) => {
    expect(parseTaxCode(code).ok, "a format the form accepts").toBe(true);
    const masked = maskText(`MST: ${code}.`);
    expect(masked).toMatch(/^MST: \*+.*\.$/);
    expect(digitsOf(masked).length, masked).toBeLessThanOrEqual(3);
  });

  it.each([
    ["a Telegram API URL", "https://api.telegram.org/bot7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage", "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"],
    ["a short token in a URL", "GET https://bot-api.zaloplatforms.com/bot123:abc/getUpdates failed", "123:abc"],
    ["a bare token", "token=1234567890:Zx-9_abcdefghijklmnopqrstuvwxyz0123 refused", "Zx-9_abcdefghijklmnopqrstuvwxyz0123"],
  ])("masks %s", (_name, text, secret) => {
    expect(maskText(text)).not.toContain(secret);
    expect(maskText(text)).toContain("***");
  });

  it.each(["KC-2026-000123", "2026-11-25T03:00:00.000Z", "at dispatch (src/engine/engine.ts:42:17)", "300 triệu", "1.500.000.000 đồng", "update 123456"])(
    "leaves %s alone (codes, times, amounts and stack lines stay readable)",
    (text) => expect(maskText(text)).toBe(text),
  );

  it("masks every phone number and tax code the form accepts, wherever it sits in a sentence", () => {
    const sep = fc.constantFrom("", " ", ".", "-", "  ");
    const phone = fc
      .tuple(fc.constantFrom("0", "+84", "+84 ", "84", "(0"), fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 9 }), sep, sep)
      .map(([prefix, first, rest, s1, s2]) => {
        const head = `${prefix}${first}${rest.slice(0, 2).join("")}${prefix === "(0" ? ")" : ""}`;
        return { kind: "phone" as const, text: `${head}${s1}${rest.slice(2, 5).join("")}${s2}${rest.slice(5).join("")}` };
      });
    const taxCode = fc
      .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }), fc.constantFrom("", "-001", "001", "-123"))
      .map(([d, branch]) => ({ kind: "tax" as const, text: `${d.join("")}${branch}` }));
    const words = fc.constantFrom("Liên hệ", "SĐT:", "gọi", "MST", "(", "nhé.", "số", "", "ngày 25/11");
    fc.assert(
      fc.property(words, fc.oneof(phone, taxCode), words, (before, secret, after) => {
        fc.pre((secret.kind === "phone" ? parsePhone(secret.text) : parseTaxCode(secret.text)).ok);
        const masked = maskText(`${before} ${secret.text} ${after}`);
        expect(masked).toContain("***");
        expect(masked.startsWith(`${before} `) && masked.endsWith(` ${after}`), masked).toBe(true);
        expect(digitsOf(masked).length - digitsOf(before + after).length, masked).toBeLessThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
  });

  it("is applied by the logger to every string field", () => {
    const lines: string[] = [];
    const logger = createLogger("debug", (l) => lines.push(l));
    logger.error("engine", "message failed", { error: "Error: bad phone 0912-345-678 for MST 0101234567-001", attempt: 2 });
    expect(lines[0]).not.toMatch(/345|0101234567|001"/);
    expect(lines[0]).toMatch(/"attempt":2/);
  });
});

describe("data files are readable by the bot's user only", () => {
  it("npm start (main sets umask 077) creates the data directory 0700 and every file 0600, even from a permissive shell", () => {
    const parent = tempDir("kc-perm-");
    dirs.push(parent);
    const dataDir = join(parent, "data");
    const script = ["/start", "dangky", "Nguyễn Văn An", "bỏ qua", "Hộ kinh doanh Mộc An", "hộ kinh doanh có được hỗ trợ không?", "tạm dừng"];
    const previous = process.umask(0o000);
    const run = (lines: string[]) =>
      spawnSync("npx", ["tsx", "src/main.ts"], {
        cwd: ROOT,
        input: `${lines.join("\n")}\n`,
        env: { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: join(ROOT, "knowledge"), TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "" },
        encoding: "utf8",
        timeout: 30_000,
      });
    let result: ReturnType<typeof spawnSync>;
    let second: ReturnType<typeof spawnSync>;
    try {
      result = run(script);
      // A second run writes the session shard again, which keeps the first as its previous copy.
      second = run(["menu"]);
    } finally {
      process.umask(previous);
    }
    expect(result.status, String(result.stderr)).toBe(0);
    expect(second.status, String(second.stderr)).toBe(0);
    expect(String(result.stdout)).toMatch(/Đã lưu nháp/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dataDir, { recursive: true, encoding: "utf8" });
    expect(files.some((n) => /^sessions\/\d{4}\.json$/.test(n))).toBe(true);
    expect(files.some((n) => n.endsWith(".prev")), "a previous copy was kept, and is private too").toBe(true);
    for (const name of files) {
      const mode = (statSync(join(dataDir, name)).mode & 0o777).toString(8);
      expect({ name, mode }).toEqual({ name, mode: statSync(join(dataDir, name)).isDirectory() ? "700" : "600" });
    }
  }, 40_000);

  it("opening the storage narrows an existing, too open data directory to 0700", async () => {
    const dataDir = join(tempDir("kc-perm-"), "data");
    dirs.push(dataDir);
    mkdirSync(dataDir, { mode: 0o755 });
    const store = await LowdbStorage.open(dataDir, { flushMs: 0 });
    await store.close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
