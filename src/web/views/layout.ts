import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { officerLabel, type WebOfficer } from "../access.ts";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type Section = "applications" | "questions" | "contacts" | "overview";

const NAV: [Section, string, string][] = [
  ["applications", "/can-bo/ho-so", "Hồ sơ"],
  ["questions", "/can-bo/cau-hoi", "Câu hỏi của người dân"],
  ["contacts", "/can-bo/tin-nhan", "Tin nhắn"],
  ["overview", "/can-bo/tong-quan", "Tổng quan"],
];

/** The page frame for a signed-in officer: navigation, sign-out (a POST with the CSRF token), the content. */
export function page(options: { title: string; officer: WebOfficer; csrf: string; section: Section; body: Html; flash?: string; error?: string; scripts?: string[] }): Html {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Trợ lý Khuyến công</title>
<link rel="stylesheet" href="/can-bo/tep/giao-dien.css">
</head>
<body>
<header>
<strong>Trợ lý Khuyến công · Cán bộ</strong>
<nav>${NAV.map(([id, href, label]) => html`<a href="${href}" class="${id === options.section ? "on" : ""}">${label}</a>`)}</nav>
<form method="post" action="/can-bo/dang-xuat"><input type="hidden" name="_csrf" value="${options.csrf}"><button type="submit" title="${officerLabel(options.officer)}">Đăng xuất</button></form>
</header>
<main>
${options.flash ? html`<p class="flash" role="status">${options.flash}</p>` : ""}
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ""}
${options.body}
</main>
${(options.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
</body>
</html>`;
}

/** A page without the officer frame: sign-in, refusals. */
export function plainPage(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Trợ lý Khuyến công</title>
<link rel="stylesheet" href="/can-bo/tep/giao-dien.css">
</head>
<body>
<header><strong>Trợ lý Khuyến công · Cán bộ</strong></header>
<main><div class="card">${body}</div></main>
</body>
</html>`;
}

/** A channel as officers call it. */
export function channelName(channel: string): string {
  return channel === "telegram" ? "Telegram" : channel === "zalo" ? "Zalo" : "màn hình";
}

/** The hidden CSRF field every changing form carries. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}
