import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, productionNodeFlags } from "../../scripts/build.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import { addSupplement } from "../../src/officer/service.ts";
import { createSignInLinks } from "../../src/web/sign-in-links.ts";
import { applyAs } from "../durability/fill-form.ts";
import { userChat } from "../support/app.ts";
import { telegramUpdate } from "../support/cluster.ts";
import { freePort } from "../support/ports.ts";
import { TelegramStandIn } from "../support/telegram-stand-in.ts";
import { ZaloStandIn } from "../support/zalo-stand-in.ts";

/**
 * The officers' web page in a real browser (Debian's Chromium driven by
 * playwright-core, headless) against the bot started as in production (the
 * bundle, loopback, Telegram webhooks and Zalo polling against the local
 * stand-ins): sign in with a link the bot sent, filter, open an application,
 * act on it and see the applicant's channel get the notice, export, answer a
 * contact message; and the refusals. Screenshots of every page at 1280 and
 * 360 px go to test-output/screens/ (git-ignored) to be looked at.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUILD = join(ROOT, "test/e2e/.build/web-browser");
const SCREENS = join(ROOT, "test-output/screens");
const CHROMIUM = "/usr/bin/chromium";
const SECRET = "browser-test-web-secret-0123456789abcdef";
const HOOK_SECRET = "telegram-hook-secret";
const TELEGRAM_TOKEN = "424242:standin-telegram-token";
const OFFICER = "111";
const ZALO_PHOTO = "https://photo.zalo.example/u0chebinh/bao-gia.jpg";
const PHOTO = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

let telegram: TelegramStandIn;
let zalo: ZaloStandIn;
let bot: ChildProcess;
let browser: Browser;
let base = "";
let dataDir = "";
let log = "";
let updateId = 1000;

/** Applications, a supplement with a Telegram photo, a message to officers and unanswered questions, made through the real engine. */
async function seed(dir: string): Promise<void> {
  const app = await createApp(loadConfig({ DATA_DIR: dir, KNOWLEDGE_DIR: join(ROOT, "knowledge"), SESSION_FLUSH_MS: "0", FLOOD_MAX_MESSAGES: "10000" }), { logger: silentLogger });
  try {
    const lanAnh = await applyAs(app, "u0lananh", { channel: "zalo", answers: { facilityName: "Cơ sở may Lan Anh", representative: "Nguyễn Thị Lan Anh", phone: "0912 888 777", sector: "May mặc" } });
    const mocAn = await applyAs(app, "5550001", { channel: "telegram" });
    await app.store.transaction((tx) => addSupplement(tx, { code: mocAn!, note: "Ảnh báo giá máy bào", attachment: { type: "photo", ref: "tg-photo-1" }, at: new Date() }));
    const cheBinh = await applyAs(app, "u0chebinh", { channel: "zalo", answers: { facilityName: "HTX Chè Tân Cương", representative: "Lê Văn Bình", province: "thai nguyen", supportId: "đào tạo nghề" } });
    await app.store.transaction((tx) => addSupplement(tx, { code: cheBinh!, attachment: { type: "photo", ref: ZALO_PHOTO }, at: new Date() }));
    const owner = userChat(app, "u0lananh", "zalo");
    await owner.text("gặp cán bộ");
    await owner.text("Cho em hỏi bao giờ có kết quả xét hồ sơ ạ?");
    const asker = userChat(app, "u0hoi", "zalo");
    for (const q of ["cho hỏi thủ tục cấp giấy phép xả thải cho xưởng", "thu tuc cap giay phep xa thai cho xuong", "xin giấy phép xả thải ở đâu"]) await asker.text(q);
    expect(lanAnh).toBe("KC-2026-000001");
  } finally {
    await app.close();
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  mkdirSync(SCREENS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), "kc-web-browser-"));
  [telegram, zalo] = await Promise.all([new TelegramStandIn().start(), new ZaloStandIn({ maxPollWaitMs: 50 }).start()]);
  telegram.files.set("tg-photo-1", { path: "photos/file_1.png", data: PHOTO, mimeType: "image/png" });
  await Promise.all([seed(dataDir), bundle([join(ROOT, "src/main.ts")], BUILD)]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  bot = spawn(process.execPath, [...productionNodeFlags(ROOT), join(BUILD, "main.js")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: join(ROOT, "knowledge"),
      HTTP_PORT: String(port),
      WEB_PUBLIC_URL: base,
      WEB_SECRET: SECRET,
      CENTRE_NAME: "Trung tâm Khuyến công tỉnh Điện Biên",
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_URL: `${base}/hooks/telegram`,
      TELEGRAM_WEBHOOK_SECRET: HOOK_SECRET,
      TELEGRAM_OFFICER_IDS: OFFICER,
      ZALO_BOT_TOKEN: "1459232241454765289:standin-zalo-token",
      ZALO_API_ROOT: zalo.apiRoot,
    },
  });
  bot.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  bot.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  for (const until = Date.now() + 30_000; !/running: telegram, zalo/.test(log); ) {
    if (Date.now() > until || bot.exitCode !== null) throw new Error(`bot did not start: ${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--lang=vi-VN"] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (bot && bot.exitCode === null) {
    bot.kill("SIGTERM");
    await new Promise((r) => bot.once("exit", r));
  }
  await Promise.all([telegram?.stop(), zalo?.stop()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** An officer (or anyone) writes to the bot on Telegram; returns what the bot answered in that chat. */
async function telegramSays(userId: string, command: string, chatId = userId): Promise<string> {
  const before = telegram.sentTo(chatId).length;
  const res = await fetch(`${base}/hooks/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": HOOK_SECRET },
    body: JSON.stringify(telegramUpdate({ channel: "telegram", userId, chatId, displayName: "Chị Hoa", kind: "command", command }, ++updateId)),
  });
  expect(res.status).toBe(200);
  await waitFor(() => telegram.sentTo(chatId).length > before, "the bot's answer");
  return telegram.sentTo(chatId).slice(before).map((m) => m.text).join("\n");
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; !predicate(); ) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${log.slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function linkFromBot(): Promise<string> {
  const reply = await telegramSays(OFFICER, "web");
  const link = /http:\/\/127\.0\.0\.1:\d+\/can-bo\/dang-nhap\/\S+/.exec(reply)?.[0];
  expect(link, reply).toBeDefined();
  return link!;
}

/** Screenshots of the page at a desktop's and a phone's width. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(SCREENS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(SCREENS, `${name}-360.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Presses a form's button and waits for the page it leads to (the URL may already hold ?xong= from the last action). */
async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: button, exact: true }).click()]);
}

/** What the pages said in the browser console: a CSP refusal or a script error would show here. */
const consoleProblems: string[] = [];

async function signedIn(): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true, locale: "vi-VN" });
  const page = await context.newPage();
  // A resource that fails to load (the made-up Zalo photo host) is not a page fault; a CSP refusal or a script error is.
  page.on("console", (message) => void (message.type() === "error" && !/^Failed to load resource/.test(message.text()) && consoleProblems.push(message.text())));
  page.on("pageerror", (error) => void consoleProblems.push(String(error)));
  await page.goto(await linkFromBot());
  await shoot(page, "01-sign-in");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/\/can-bo\/ho-so$/);
  return page;
}

describe("the officers' web page in Chromium", () => {
  it("signs in with the bot's link, filters, opens an application, acts on it and the applicant is told", async () => {
    const page = await signedIn();
    await expect.poll(() => page.locator("table.list tbody tr").count()).toBe(3);
    await expect.poll(() => page.locator('[data-count="submitted"]').textContent()).toBe("3");
    await shoot(page, "02-list");

    await page.getByLabel("Tìm (mã, tên, cơ sở, điện thoại)").fill("lan anh");
    await page.getByRole("button", { name: "Lọc" }).click();
    await expect.poll(() => page.locator("table.list tbody tr").count()).toBe(1);
    await page.getByLabel("Tìm (mã, tên, cơ sở, điện thoại)").fill("");
    await page.getByLabel("Tỉnh, thành phố").selectOption({ label: "Thái Nguyên" });
    await page.getByRole("button", { name: "Lọc" }).click();
    expect(await page.locator("table.list tbody").textContent()).toMatch(/HTX Chè Tân Cương/);
    expect(await page.locator("table.list tbody tr").count()).toBe(1);
    await shoot(page, "03-list-filtered");

    await page.goto(`${base}/can-bo/ho-so`);
    await page.getByRole("link", { name: "KC-2026-000001" }).click();
    await page.waitForURL(/KC-2026-000001$/);
    expect(await page.locator("dl.answers").textContent()).toMatch(/Nguyễn Thị Lan Anh/);
    await shoot(page, "04-application");

    await page.getByLabel("Nội dung cần bổ sung (gửi cho người nộp)").fill("Bổ sung báo giá máy may công nghiệp");
    await submit(page, "Cần bổ sung");
    expect(await page.locator(".flash").textContent()).toMatch(/Người nộp đã được báo/);
    await zalo.waitFor(() => zalo.sentTexts("u0lananh").some((t) => /KC-2026-000001.*Cần bổ sung/s.test(t) && /báo giá máy may/.test(t)), 10_000, "the applicant's notice on Zalo");

    await page.getByLabel("Ghi chú nội bộ (người nộp không thấy)").fill("Đã gọi điện, chị Lan Anh hẹn gửi thứ Hai");
    await submit(page, "Lưu ghi chú");
    await page.getByLabel("Sửa một mục của đơn").selectOption({ label: "Tổng kinh phí" });
    await page.getByLabel("Giá trị mới").fill("1 tỷ 2");
    await page.getByLabel("Lý do sửa").fill("Theo báo giá mới");
    await submit(page, "Sửa");
    const history = await page.locator("ul.history").textContent();
    expect(history).toMatch(/ghi chú nội bộ của telegram:111/);
    expect(history).toMatch(/sửa “Tổng kinh phí”: 500 triệu đồng.* → 1,2 tỷ đồng \(1\.200\.000\.000 đồng\)\. Lý do: Theo báo giá mới/);
    await shoot(page, "05-application-after");
    // The internal note never reached the applicant.
    expect(zalo.sentTexts("u0lananh").join("\n")).not.toMatch(/hẹn gửi thứ Hai/);
  }, 120_000);

  it("shows a Telegram photo fetched by the server through getFile, and a Zalo photo by its URL", async () => {
    const page = await signedIn();
    await page.goto(`${base}/can-bo/ho-so/KC-2026-000002`);
    const src = await page.locator("img.attachment").getAttribute("src");
    expect(src).toBe("/can-bo/ho-so/KC-2026-000002/tep/0");
    await page.waitForFunction(() => (document.querySelector("img.attachment") as HTMLImageElement | null)?.complete === true);
    expect(await page.locator("img.attachment").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    const res = await page.request.get(`${base}${src}`);
    expect(Buffer.from(await res.body())).toEqual(PHOTO);
    expect(telegram.methods.get("getFile")).toBeGreaterThan(0);
    // A Zalo photo is shown from Zalo's own URL (the CSP allows https images).
    await page.goto(`${base}/can-bo/ho-so/KC-2026-000003`);
    expect(await page.locator("img.attachment").getAttribute("src")).toBe(ZALO_PHOTO);
  }, 60_000);

  it("exports the current filter as CSV and XLSX", async () => {
    const page = await signedIn();
    await page.goto(`${base}/can-bo/ho-so?tinh=dien-bien`);
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
    const text = readFileSync(await csv.path());
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.toString("utf8").trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).toMatch(/="0912888777"/);
    expect(lines.join("\n")).not.toMatch(/Chè Tân Cương/);
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Excel (XLSX)" }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const estimate = sheet.getRow(2).getCell(header.indexOf("Ước tính tối đa (đồng)")).value;
    expect(typeof estimate).toBe("number");
    expect(sheet.rowCount).toBe(3);
  }, 60_000);

  it("answers a contact message, and the owner gets it on Zalo", async () => {
    const page = await signedIn();
    await page.getByRole("link", { name: "Tin nhắn" }).click();
    expect(await page.locator("main").textContent()).toMatch(/bao giờ có kết quả/);
    await shoot(page, "06-contacts");
    await page.locator("textarea").first().fill("Chào chị, hồ sơ đang được xem xét, dự kiến trong 10 ngày làm việc.");
    await page.getByRole("button", { name: "Gửi trả lời" }).click();
    await page.waitForURL(/xong=/);
    await zalo.waitFor(() => zalo.sentTexts("u0lananh").some((t) => /trả lời tin nhắn LH.*10 ngày làm việc/s.test(t)), 10_000, "the answer on Zalo");
    await page.getByRole("link", { name: "Câu hỏi của người dân" }).click();
    // Asked with and without diacritics: one group, asked twice (the third wording differs too much).
    const first = page.locator("table.list tbody tr").first();
    expect(await first.textContent()).toMatch(/giay phep xa thai|giấy phép xả thải/);
    expect(await first.locator('td[data-label="Số lần"]').textContent()).toBe("2");
    await shoot(page, "07-questions");
    await page.getByRole("link", { name: "Tổng quan" }).click();
    await page.waitForFunction(() => document.querySelectorAll("canvas").length >= 3 && (document.querySelector("canvas") as HTMLCanvasElement).width > 0);
    await shoot(page, "08-overview");
    expect(consoleProblems).toEqual([]);
  }, 60_000);

  it("refuses: no cookie, a reused or expired link, a form without its CSRF token, a non-officer", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const noCookie = await page.goto(`${base}/can-bo/ho-so`);
    expect(noCookie?.status()).toBe(401);
    expect(await page.locator("h1").textContent()).toMatch(/chưa đăng nhập/);
    await shoot(page, "09-refused-no-session");

    const link = await linkFromBot();
    await page.goto(link);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/ho-so$/);
    const other = await (await browser.newContext()).newPage();
    await other.goto(link);
    await other.getByRole("button", { name: "Đăng nhập" }).click();
    expect(await other.locator("h1").textContent()).toMatch(/đã được dùng/);
    await shoot(other, "10-refused-reused-link");

    const expired = createSignInLinks({ publicUrl: base, secret: SECRET }).issue({ channel: "telegram", userId: OFFICER }, new Date(Date.now() - 11 * 60_000));
    const late = await other.goto(expired.url);
    expect(late?.status()).toBe(410);
    expect(await other.locator("h1").textContent()).toMatch(/hết hạn/);

    await page.goto(`${base}/can-bo/ho-so/KC-2026-000003`);
    await page.evaluate(() => document.querySelectorAll('input[name="_csrf"]').forEach((e) => e.remove()));
    await page.getByRole("button", { name: "Tiếp nhận" }).click();
    expect(await page.locator("h1").textContent()).toMatch(/bị từ chối/);
    await shoot(page, "11-refused-csrf");

    const stranger = await telegramSays("999", "web");
    expect(stranger).not.toMatch(/dang-nhap/);
    const forged = createSignInLinks({ publicUrl: base, secret: SECRET }).issue({ channel: "telegram", userId: "999" }, new Date());
    await other.goto(forged.url);
    await other.getByRole("button", { name: "Đăng nhập" }).click();
    expect(await other.locator("h1").textContent()).toMatch(/Không có quyền/);
  }, 60_000);
});
