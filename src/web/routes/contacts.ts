import { html } from "hono/html";
import { answerContact } from "../../officer/contact-reply.ts";
import type { Context } from "hono";
import { recordAction, type WebApp, type WebDeps, type WebEnv } from "../context.ts";
import { canSeeRecord } from "../access.ts";
import { channelName, csrfField, page } from "../views/layout.ts";

/** Messages to officers ("Gặp cán bộ") not answered yet, each with a reply box that reaches the owner on their channel. */
export function contactRoutes(web: WebApp, deps: WebDeps): void {
  const { store, config } = deps.app;
  const render = async (c: Context<WebEnv>, flash?: string, error?: string, status: 200 | 400 = 200) => {
    // A provincial officer sees (and answers) the messages of their provinces only: they hold names and phone numbers.
    const open = (await store.contacts.open()).filter((m) => canSeeRecord(deps.app.officers, c.get("officer"), m));
    const body = html`<h1>Tin nhắn gửi cán bộ</h1>
${open.length === 0 ? html`<p>Không có tin nhắn nào chờ trả lời.</p>` : ""}
${open.map(
  (m) => html`<section class="card" id="${m.id}"><p><strong>${m.id}</strong> · ${new Date(m.at).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })} · ${channelName(m.channel)}${m.displayName ? ` · ${m.displayName}` : ""}</p>
<p>${m.text}</p>
<form method="post" action="/can-bo/tin-nhan/${m.id}/tra-loi">${csrfField(c.get("csrf"))}
<label for="reply-${m.id}">Trả lời (gửi tới người nhắn trên ${channelName(m.channel)})</label><textarea id="reply-${m.id}" name="text" required></textarea>
<button class="primary" type="submit">Gửi trả lời</button></form></section>`,
)}`;
    return c.html(page({ title: "Tin nhắn", officer: c.get("officer"), csrf: c.get("csrf"), section: "contacts", body, flash, error }), status);
  };
  web.get("/tin-nhan", (c) => {
    // Only a message code is taken from the URL, never a sentence.
    const done = /^LH[A-Z0-9]{1,20}$/.exec(c.req.query("xong") ?? "")?.[0];
    return render(c, done ? `Đã gửi câu trả lời cho tin nhắn ${done}.` : undefined);
  });
  web.post("/tin-nhan/:id/tra-loi", async (c) => {
    const body = await c.req.parseBody();
    const text = typeof body.text === "string" ? body.text.slice(0, 2000) : "";
    const contact = await store.contacts.get(c.req.param("id"));
    if (contact && !canSeeRecord(deps.app.officers, c.get("officer"), contact)) return render(c, undefined, `Tin nhắn ${contact.id} không thuộc tỉnh anh/chị phụ trách.`, 400);
    const result = await store.transaction((tx) => answerContact(tx, { id: c.req.param("id"), text, at: deps.clock(), centreName: config.CENTRE_NAME }));
    if (!result.ok) return render(c, undefined, text.trim() ? result.reason : "Câu trả lời trống.", 400);
    await recordAction(deps, c.get("officer"), "contact-reply", result.contact.id);
    return c.redirect(`/can-bo/tin-nhan?xong=${encodeURIComponent(result.contact.id)}`, 303);
  });
}
