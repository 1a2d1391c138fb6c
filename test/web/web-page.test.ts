import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../src/http/server.ts";
import { silentLogger } from "../../src/logger.ts";
import { mountWebPage } from "../../src/web/app.ts";
import { application } from "../store/contract.ts";
import { tempDir, useTestApps, userChat } from "../support/app.ts";

/**
 * The web page in-process over a real app (lowdb files, knowledge base, the
 * engine) and the real HTTP server, driven with fetch: what the browser test
 * (test/e2e/web-browser.test.ts) does by clicking, here cheaply and with the
 * refusals spelled out request by request.
 */
const SECRET = "w".repeat(40);
const apps = useTestApps();
const servers: HttpServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});

async function webPage(now = () => new Date(), publicUrl = "http://127.0.0.1", env: Record<string, string> = {}) {
  const app = await apps.open({ env: { WEB_SECRET: SECRET, WEB_PUBLIC_URL: publicUrl, TELEGRAM_OFFICER_IDS: "111", CENTRE_NAME: "Trung tâm Khuyến công tỉnh Điện Biên", ...env }, now });
  const http = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 64 * 1024, logger: silentLogger });
  mountWebPage(http.app, { app, logger: silentLogger, clock: now });
  servers.push(http);
  const { port } = await http.listen();
  const base = `http://127.0.0.1:${port}`;
  const url = (link: string) => link.replace(publicUrl, base);
  /** A link from the bot, as an officer asks for it in a private chat. */
  const askLink = async (userId = "111", channel: "telegram" | "zalo" = "telegram", chatId = userId) => {
    const reply = (await app.engine.handle({ channel, userId, chatId, kind: "command", command: "web" })).map((r) => r.text).join("\n");
    return { reply, link: /https?:\/\/\S+/.exec(reply)?.[0] };
  };
  const signIn = async (link: string) => {
    const res = await fetch(url(link), { method: "POST", redirect: "manual" });
    return { res, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
  };
  return { app, base, url, askLink, signIn };
}

async function csrfOf(base: string, cookie: string): Promise<string> {
  const page = await (await fetch(`${base}/can-bo/ho-so`, { headers: { cookie } })).text();
  return /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
}

describe("officers' web page: sign-in through the bot", () => {
  it("shows a provincial officer (OFFICERS_FILE) the applications and messages of their province only", async () => {
    const file = join(tempDir("kc-web-officers-"), "officers.yaml");
    writeFileSync(file, "provinces:\n  lai-chau:\n    zalo: [zlc]\n");
    const { askLink, signIn, base, app } = await webPage(undefined, undefined, { OFFICERS_FILE: file });
    await app.store.applications.save(application("KC-2026-000001", "501", { answers: { facilityName: "Cơ sở may Lan Anh", province: "lai-chau" } }));
    await app.store.applications.save(application("KC-2026-000002", "502", { answers: { facilityName: "Mộc An Điện Biên", province: "dien-bien" } }));
    const at = "2026-12-02T03:00:00.000Z";
    await app.store.contacts.add({ at, channel: "zalo", userId: "501", chatId: "501", text: "Hỏi về máy dệt ở Lai Châu", province: "lai-chau" });
    const other = await app.store.contacts.add({ at, channel: "zalo", userId: "502", chatId: "502", text: "Hỏi về máy bào ở Điện Biên", province: "dien-bien" });
    const { cookie } = await signIn((await askLink("zlc", "zalo")).link!);
    const get = async (path: string) => fetch(`${base}${path}`, { headers: { cookie } });
    const list = await (await get("/can-bo/ho-so")).text();
    expect(list).toMatch(/KC-2026-000001/);
    expect(list).not.toMatch(/KC-2026-000002/);
    expect((await get("/can-bo/ho-so/KC-2026-000002")).status).toBe(404);
    const messages = await (await get("/can-bo/tin-nhan")).text();
    expect(messages).toMatch(/máy dệt ở Lai Châu/);
    expect(messages).not.toMatch(/máy bào/);
    const csrf = await csrfOf(base, cookie);
    const reply = await fetch(`${base}/can-bo/tin-nhan/${other.id}/tra-loi`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf, text: "Dạ" }) });
    expect(reply.status).toBe(400);
    expect((await app.store.contacts.get(other.id))?.answeredAt).toBeUndefined();
  });

  it("gives an officer a one-time link in a private chat; a group and a non-officer get none", async () => {
    const { askLink, app } = await webPage();
    const { reply, link } = await askLink();
    expect(reply).toMatch(/một lần, trong 10 phút/);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1\/can-bo\/dang-nhap\//);
    expect((await askLink("111", "telegram", "-100200")).link).toBeUndefined();
    expect((await askLink("111", "telegram", "-100200")).reply).toMatch(/trò chuyện riêng/);
    const stranger = await askLink("999");
    expect(stranger.link).toBeUndefined();
    expect(stranger.reply).not.toMatch(/đăng nhập/i);
    // Typed words work too, with or without diacritics.
    expect(await userChat(app, "111", "telegram").text("đăng nhập web")).toMatch(/dang-nhap\//);
    expect(await userChat(app, "111", "telegram").text("dang nhap web")).toMatch(/dang-nhap\//);
  });

  it("rate-limits link requests", async () => {
    const { askLink } = await webPage();
    for (let i = 0; i < 5; i++) expect((await askLink()).link).toBeDefined();
    expect((await askLink()).reply).toMatch(/thử lại sau 10 phút/);
  });

  it("signs in once per link with an HttpOnly, SameSite cookie; a reused, expired or forged link gets a clear page", async () => {
    let now = new Date();
    const { askLink, signIn, url, base } = await webPage(() => now);
    const { link } = await askLink();
    // Opening the link (a chat app's preview does this too) uses nothing up.
    const preview = await fetch(url(link!));
    expect(preview.status).toBe(200);
    expect(preview.headers.get("referrer-policy")).toBe("no-referrer");
    const first = await signIn(link!);
    expect(first.res.status).toBe(303);
    expect(first.res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(first.res.headers.get("set-cookie")).toMatch(/SameSite=Strict/i);
    expect(first.res.headers.get("set-cookie")).toMatch(/Max-Age=28800/);
    expect(first.res.headers.get("set-cookie")).not.toMatch(/Secure/);
    const again = await signIn(link!);
    expect(again.res.status).toBe(410);
    expect(await again.res.text()).toMatch(/đã được dùng/);
    const { link: late } = await askLink();
    now = new Date(now.getTime() + 11 * 60_000);
    const expired = await signIn(late!);
    expect(expired.res.status).toBe(410);
    expect(await expired.res.text()).toMatch(/hết hạn/);
    expect((await fetch(`${url(link!)}x`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${base}/can-bo/ho-so`, { headers: { cookie: first.cookie } })).status).toBe(200);
  });

  it("serves nothing without a session but sign-in, and refuses a change without the CSRF token", async () => {
    const { askLink, signIn, base, app } = await webPage();
    await app.store.applications.save(application("KC-2026-000001", "555"));
    for (const path of ["/can-bo/ho-so", "/can-bo/ho-so/KC-2026-000001", "/can-bo/xuat/csv", "/can-bo/cau-hoi", "/can-bo/tin-nhan", "/can-bo/tong-quan"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.text()).toMatch(/chưa đăng nhập/);
    }
    const { cookie } = await signIn((await askLink()).link!);
    const post = (body: Record<string, string>) => fetch(`${base}/can-bo/ho-so/KC-2026-000001/trang-thai`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });
    expect((await post({ to: "received" })).status).toBe(403);
    expect((await post({ to: "received", _csrf: "forged" })).status).toBe(403);
    expect((await app.store.applications.get("KC-2026-000001"))?.status).toBe("submitted");
    const csrf = await csrfOf(base, cookie);
    expect((await post({ to: "received", _csrf: csrf })).status).toBe(303);
    expect((await app.store.applications.get("KC-2026-000001"))?.status).toBe("received");
    // Sign-out ends the session on the server, not only in the browser.
    await fetch(`${base}/can-bo/dang-xuat`, { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf }) });
    expect((await fetch(`${base}/can-bo/ho-so`, { headers: { cookie } })).status).toBe(401);
  });

  it("marks the cookie Secure behind https", async () => {
    const { askLink, signIn } = await webPage(() => new Date(), "https://bot.khuyencong.example.vn");
    const { link } = await askLink();
    expect(link).toMatch(/^https:\/\/bot\.khuyencong\.example\.vn\/can-bo\/dang-nhap\//);
    expect((await signIn(link!)).res.headers.get("set-cookie")).toMatch(/; Secure/);
  });

  it("sends security headers: CSP with frame-ancestors, no referrer, no framing", async () => {
    const { base } = await webPage();
    const res = await fetch(`${base}/can-bo/ho-so`);
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("records notes and corrections for officers only, refuses a bad value with a clear message, marks questions handled", async () => {
    const { askLink, signIn, base, app } = await webPage();
    await app.store.applications.save(application("KC-2026-000001", "555", { answers: { facilityName: "Cơ sở may Lan Anh", phone: "0912345678", province: "dien-bien", totalCost: 500_000_000 } }));
    const { cookie } = await signIn((await askLink()).link!);
    const csrf = await csrfOf(base, cookie);
    const post = (path: string, body: Record<string, string>) =>
      fetch(`${base}${path}`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: csrf, ...body }) });
    expect((await post("/can-bo/ho-so/KC-2026-000001/ghi-chu", { note: "Chủ cơ sở hẹn nộp bản gốc" })).status).toBe(303);
    const bad = await post("/can-bo/ho-so/KC-2026-000001/sua", { field: "totalCost", value: "khoảng vài trăm", reason: "gọi điện" });
    expect(bad.status).toBe(400);
    const refused = await bad.text();
    expect(refused).toMatch(/Giá trị mới của &quot;Tổng kinh phí&quot; không hợp lệ/);
    // Nothing typed is lost: the form comes back filled in.
    expect(refused).toMatch(/value="khoảng vài trăm"/);
    expect(refused).toMatch(/<option value="totalCost" selected>/);
    expect((await post("/can-bo/ho-so/KC-2026-000001/sua", { field: "totalCost", value: "1 tỷ 2", reason: "Theo báo giá mới" })).status).toBe(303);
    const saved = await app.store.applications.get("KC-2026-000001");
    expect(saved?.answers.totalCost).toBe(1_200_000_000);
    expect(saved?.history.map((h) => h.kind)).toEqual([undefined, "note", "correction"]);
    expect(saved?.history.at(-1)).toMatchObject({ by: "telegram:111", field: "Tổng kinh phí" });
    expect(await app.store.web.recentAudit(5)).toMatchObject([{ action: "sua", officer: "telegram:111", target: "KC-2026-000001" }, { action: "ghi-chu" }, { action: "sign-in" }]);
    // The applicant looking at their application sees neither.
    const own = await userChat(app, "555", "zalo").text("KC-2026-000001");
    expect(own).toMatch(/KC-2026-000001/);
    expect(own).not.toMatch(/bản gốc|báo giá mới/);

    await userChat(app, "u9", "zalo").text("cho hỏi thủ tục cấp giấy phép xả thải cho xưởng");
    const page = await (await fetch(`${base}/can-bo/cau-hoi`, { headers: { cookie } })).text();
    expect(page).toMatch(/xả thải/);
    const ids = /name="ids" value="([^"]+)"/.exec(page)?.[1] ?? "";
    expect((await post("/can-bo/cau-hoi/da-xu-ly", { ids })).status).toBe(303);
    expect(await (await fetch(`${base}/can-bo/cau-hoi`, { headers: { cookie } })).text()).not.toMatch(/xả thải/);
  });
});
