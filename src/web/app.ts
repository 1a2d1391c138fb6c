import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { html } from "hono/html";
import { secureHeaders } from "hono/secure-headers";
import type { App } from "../app.ts";
import type { Logger } from "../logger.ts";
import { isWebOfficer } from "./access.ts";
import { recordAction, type WebDeps, type WebEnv } from "./context.ts";
import { applicationRoutes } from "./routes/applications.ts";
import { contactRoutes } from "./routes/contacts.ts";
import { overviewRoutes, CHARTS_SCRIPT } from "./routes/overview.ts";
import { questionRoutes } from "./routes/questions.ts";
import { refusedPage, signInRoutes } from "./routes/sign-in.ts";
import { createSessions, WEB_PATH } from "./session.ts";
import { createTelegramFiles } from "./telegram-files.ts";
import { plainPage } from "./views/layout.ts";
import { STYLESHEET } from "./views/style.ts";

/** Forms are short text: more is refused before it is read. */
const FORM_MAX_BYTES = 64 * 1024;

/**
 * Mounts the officers' web page under /can-bo on the bot's HTTP server:
 * security headers on every page, sign-in by one-time link, then a session
 * check on everything else and a CSRF check on every POST. Nothing but the
 * sign-in page and the stylesheet answers without a session.
 */
export function mountWebPage(server: Hono, options: { app: App; logger: Logger; clock?: () => Date }): void {
  const { app } = options;
  const links = app.signInLinks;
  if (!links || !app.config.WEB_SECRET || !app.config.WEB_PUBLIC_URL) throw new Error("web page needs WEB_SECRET and WEB_PUBLIC_URL");
  const deps: WebDeps = {
    app,
    logger: options.logger,
    links,
    clock: options.clock ?? (() => new Date()),
    sessions: createSessions({ store: app.store.web, secret: app.config.WEB_SECRET, secure: app.config.WEB_PUBLIC_URL.startsWith("https://") }),
    ...(app.config.TELEGRAM_BOT_TOKEN ? { telegramFile: createTelegramFiles({ token: app.config.TELEGRAM_BOT_TOKEN, apiRoot: app.config.TELEGRAM_API_ROOT }) } : {}),
  };
  const web = new Hono<WebEnv>();

  web.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Zalo photos are shown from Zalo's own https URLs.
        imgSrc: ["'self'", "https:", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      // Sign-in links carry their token in the path: no page of ours passes its address on.
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
    }),
  );
  web.use("*", async (c, next) => {
    await next();
    c.header("cache-control", c.res.headers.get("cache-control") ?? "no-store");
  });

  // Chart.js from node_modules, never a CDN: the centres' intranet has no internet.
  const chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve("chart.js/auto")), "..", "dist", "chart.umd.min.js"), "utf8");
  web.get("/tep/giao-dien.css", (c) => c.body(STYLESHEET, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));
  web.get("/tep/chart.js", (c) => c.body(chartJs, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" }));
  web.get("/tep/bieu-do.js", (c) => c.body(CHARTS_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" }));

  web.use("*", bodyLimit({ maxSize: FORM_MAX_BYTES, onError: (c) => c.html(refusedPage("Nội dung quá dài", "Biểu mẫu gửi lên dài quá mức cho phép."), 413) }));
  signInRoutes(web, deps);

  // Everything below needs a live session of a current officer; changes need the session's CSRF token.
  web.use("*", async (c, next) => {
    const session = await deps.sessions.resolve(c, deps.clock());
    if (!session || !isWebOfficer(app.officers, session.officer)) {
      return c.html(plainPage("Chưa đăng nhập", html`<h1>Anh/chị chưa đăng nhập</h1><p>Trang này chỉ dành cho cán bộ. Để đăng nhập, anh/chị nhắn <strong>/web</strong> (hoặc “đăng nhập web”) cho bot trong trò chuyện riêng và mở liên kết bot gửi.</p>`), 401);
    }
    if (c.req.method === "POST") {
      const body = await c.req.parseBody();
      if (!deps.sessions.csrfValid(session.idHash, typeof body._csrf === "string" ? body._csrf : undefined)) {
        return c.html(plainPage("Yêu cầu bị từ chối", html`<h1>Yêu cầu bị từ chối</h1><p>Biểu mẫu thiếu mã bảo vệ hoặc đã cũ. Anh/chị tải lại trang rồi làm lại.</p><p><a href="/can-bo/ho-so">Về danh sách hồ sơ</a></p>`), 403);
      }
    }
    c.set("officer", session.officer);
    c.set("csrf", session.csrf);
    c.set("sessionHash", session.idHash);
    await next();
  });

  web.get("/", (c) => c.redirect("/can-bo/ho-so", 302));
  web.post("/dang-xuat", async (c) => {
    await deps.sessions.end(c, c.get("sessionHash"));
    await recordAction(deps, c.get("officer"), "sign-out");
    return c.html(plainPage("Đã đăng xuất", html`<h1>Đã đăng xuất</h1><p>Để vào lại, nhắn /web cho bot.</p>`));
  });
  applicationRoutes(web, deps);
  questionRoutes(web, deps);
  contactRoutes(web, deps);
  overviewRoutes(web, deps);

  server.route(WEB_PATH, web);
  server.get("/", (c) => c.redirect(`${WEB_PATH}/ho-so`, 302));
}
