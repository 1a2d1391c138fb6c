import { html } from "hono/html";
import { isWebOfficer } from "../access.ts";
import { recordAction, type WebApp, type WebDeps } from "../context.ts";
import { hashToken } from "../sign-in-links.ts";
import { plainPage } from "../views/layout.ts";

const HOW_TO = html`<p>Để nhận liên kết mới, anh/chị nhắn <strong>/web</strong> (hoặc “đăng nhập web”) cho bot trong trò chuyện riêng. Mỗi liên kết dùng được một lần, trong 10 phút.</p>`;

export function refusedPage(title: string, reason: string) {
  return plainPage(title, html`<h1>${title}</h1><p>${reason}</p>${HOW_TO}`);
}

/**
 * Sign-in: GET shows a button and changes nothing (a chat app fetching the
 * link for a preview must not use it up); POST uses the link once, opens an
 * 8-hour session and goes to the list.
 */
export function signInRoutes(web: WebApp, deps: WebDeps): void {
  web.get("/dang-nhap/:token", (c) => {
    const verified = deps.links.verify(c.req.param("token"), deps.clock());
    if (verified === "expired") return c.html(refusedPage("Liên kết đã hết hạn", "Liên kết đăng nhập này đã quá 10 phút."), 410);
    if (!verified) return c.html(refusedPage("Liên kết không hợp lệ", "Liên kết đăng nhập không đúng hoặc đã bị cắt mất một phần."), 404);
    return c.html(
      plainPage(
        "Đăng nhập",
        html`<h1>Đăng nhập trang web cán bộ</h1>
          <p>Bấm nút dưới đây để đăng nhập. Phiên làm việc kéo dài 8 giờ; dùng máy của cơ quan và đăng xuất khi xong.</p>
          <form method="post"><button class="primary" type="submit">Đăng nhập</button></form>`,
      ),
    );
  });

  web.post("/dang-nhap/:token", async (c) => {
    const now = deps.clock();
    const token = c.req.param("token");
    const verified = deps.links.verify(token, now);
    if (verified === "expired") return c.html(refusedPage("Liên kết đã hết hạn", "Liên kết đăng nhập này đã quá 10 phút."), 410);
    if (!verified) return c.html(refusedPage("Liên kết không hợp lệ", "Liên kết đăng nhập không đúng hoặc đã bị cắt mất một phần."), 404);
    if (!isWebOfficer(deps.app.officers, verified.officer)) return c.html(refusedPage("Không có quyền", "Tài khoản này không còn trong danh sách cán bộ."), 403);
    if (!(await deps.app.store.web.useLink(hashToken(token), verified.expiresAt))) return c.html(refusedPage("Liên kết đã được dùng", "Liên kết đăng nhập này đã được dùng một lần, nên không dùng lại được."), 410);
    const session = await deps.app.store.sessions.get(`${verified.officer.channel}:${verified.officer.userId}`);
    const officer = { ...verified.officer, ...(session?.displayName ? { displayName: session.displayName } : {}) };
    await deps.sessions.start(c, officer, now);
    await recordAction(deps, officer, "sign-in");
    return c.redirect("/can-bo/ho-so", 303);
  });
}
