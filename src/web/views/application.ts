import { html } from "hono/html";
import type { Application, HistoryEntry } from "../../domain/records.ts";
import type { FieldValue } from "../../engine/session.ts";
import { applicableFields, formatValue, type FormContext } from "../../form/fields.ts";
import type { KnowledgeBase } from "../../kb/types.ts";
import { canMove, STATUS_LABEL } from "../../officer/status.ts";
import { CORRECTABLE_FIELDS } from "../../officer/record.ts";
import { formatVnd } from "../../text/money-format.ts";
import { vnDate } from "../../text/vn-time.ts";
import { statusBadge } from "./applications.ts";
import { channelName, csrfField, type Html } from "./layout.ts";

type Attachment = Extract<FieldValue, { ref: string }>;

/** Attachments of an application, numbered as the page links them: answers first, then supplements. */
export function attachmentsOf(app: Application): { label: string; attachment: Attachment }[] {
  const found: { label: string; attachment: Attachment }[] = [];
  for (const [id, value] of Object.entries(app.answers)) if (typeof value === "object" && value !== null && "ref" in value) found.push({ label: id, attachment: value });
  for (const h of app.history) if (h.attachment) found.push({ label: `Bổ sung ${vnDate(new Date(h.at))}`, attachment: h.attachment });
  return found;
}

function attachmentView(app: Application, n: number, item: { label: string; attachment: Attachment }): Html {
  const { attachment } = item;
  // Zalo photos are public URLs; Telegram files are fetched by the server (the bot's token never reaches the browser).
  const src = app.channel === "zalo" && /^https?:\/\//.test(attachment.ref) ? attachment.ref : `/can-bo/ho-so/${app.code}/tep/${n}`;
  const name = attachment.fileName ?? (attachment.type === "photo" ? "ảnh" : "tệp");
  return attachment.type === "photo"
    ? html`<figure><img class="attachment" src="${src}" alt="${item.label}: ${name}" loading="lazy"><figcaption class="muted">${item.label}</figcaption></figure>`
    : html`<p>Tệp: <a href="${src}">${name}</a> <span class="muted">(${item.label})</span></p>`;
}

function historyItem(h: HistoryEntry): Html {
  const when = new Date(h.at).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" });
  const who = h.by === "applicant" ? "Người nộp" : h.by;
  switch (h.kind) {
    case "supplement":
      return html`<li>${when} — ${who} gửi bổ sung${h.note ? html`: “${h.note}”` : ""}${h.attachment ? " (kèm tệp)" : ""}</li>`;
    case "note":
      return html`<li>${when} — ghi chú nội bộ của ${who}: ${h.note ?? ""}</li>`;
    case "correction":
      return html`<li>${when} — ${who} sửa “${h.field ?? ""}”: ${h.note ?? ""}</li>`;
    case "assignment":
      return html`<li>${when} — ${who} giao hồ sơ cho ${h.note ?? ""}</li>`;
    default:
      return html`<li>${when} — ${STATUS_LABEL[h.to]} (${who})${h.note ? html` — ghi chú: ${h.note}` : ""}</li>`;
  }
}

const ACTIONS = [
  { to: "received", label: "Tiếp nhận", note: "Ghi chú cho người nộp (không bắt buộc)", required: false, css: "primary" },
  { to: "needs-info", label: "Cần bổ sung", note: "Nội dung cần bổ sung (gửi cho người nộp)", required: true, css: "primary" },
  { to: "proposed", label: "Đề xuất hỗ trợ", note: "Ghi chú cho người nộp (không bắt buộc)", required: false, css: "primary" },
  { to: "rejected", label: "Không đạt", note: "Lý do (gửi cho người nộp)", required: true, css: "warn" },
] as const;

export function applicationView(options: {
  app: Application;
  kb: KnowledgeBase;
  now: Date;
  csrf: string;
  officers: { id: string; name: string }[];
  /** What the officer typed in a form that was refused, shown again so that nothing is lost. */
  typed?: { action: string; form: Record<string, string> };
}): Html {
  const { app, kb, csrf } = options;
  const typed = (action: string, field: string, extra?: (form: Record<string, string>) => boolean) =>
    options.typed?.action === action && (extra?.(options.typed.form) ?? true) ? (options.typed.form[field] ?? "") : "";
  const ctx: FormContext = { kb, now: options.now, answers: app.answers };
  const attachments = attachmentsOf(app);
  // The estimate the applicant was shown at submission: a record, not recomputed after a correction.
  const estimate = app.estimate.maxVnd !== null ? `Ước tính lúc nộp, tối đa (ngân sách trung ương): ${formatVnd(app.estimate.maxVnd)}` : `Ước tính lúc nộp: ${app.estimate.note}`;
  const moves = ACTIONS.filter((a) => canMove(app.status, a.to));
  return html`<p><a href="/can-bo/ho-so">← Danh sách hồ sơ</a></p>
<h1>Hồ sơ ${app.code} ${statusBadge(app.status)}</h1>
<p class="muted">Nộp ${new Date(app.submittedAt).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })} qua ${channelName(app.channel)}${app.displayName ? ` (${app.displayName})` : ""}${app.assignedTo ? ` · phụ trách: ${options.officers.find((o) => o.id === app.assignedTo)?.name ?? app.assignedTo}` : ""}</p>
<section class="card"><h2>Nội dung đơn</h2><dl class="answers">
${applicableFields(ctx).map((f) => html`<dt>${f.label}</dt><dd>${app.answers[f.id] === undefined ? html`<span class="muted">(chưa có)</span>` : formatValue(f, app.answers[f.id]!, ctx)}</dd>`)}
</dl>
<p><strong>${estimate}</strong>${app.estimate.maxVnd !== null && app.estimate.note ? html`<br><span class="muted">${app.estimate.note}</span>` : ""}</p></section>
${attachments.length > 0 ? html`<section class="card"><h2>Ảnh và tệp đính kèm</h2>${attachments.map((a, i) => attachmentView(app, i, a))}</section>` : ""}
<section class="card"><h2>Lịch sử</h2><ul class="history">${app.history.map(historyItem)}</ul></section>
<h2>Thao tác</h2>
<div class="actions">
${moves.map(
  (a) => html`<form method="post" action="/can-bo/ho-so/${app.code}/trang-thai">${csrfField(csrf)}<input type="hidden" name="to" value="${a.to}">
<label for="note-${a.to}">${a.note}</label><textarea id="note-${a.to}" name="note" ${a.required ? "required" : ""}>${typed("trang-thai", "note", (f) => f.to === a.to)}</textarea>
<button class="${a.css}" type="submit">${a.label}</button><p class="muted">Người nộp được báo trên ${channelName(app.channel)}.</p></form>`,
)}
<form method="post" action="/can-bo/ho-so/${app.code}/ghi-chu">${csrfField(csrf)}
<label for="internal-note">Ghi chú nội bộ (người nộp không thấy)</label><textarea id="internal-note" name="note" required>${typed("ghi-chu", "note")}</textarea>
<button class="quiet" type="submit">Lưu ghi chú</button></form>
<form method="post" action="/can-bo/ho-so/${app.code}/sua">${csrfField(csrf)}
<label for="field">Sửa một mục của đơn</label><select id="field" name="field">${CORRECTABLE_FIELDS.map((f) => html`<option value="${f.id}" ${typed("sua", "field") === f.id ? "selected" : ""}>${f.label}</option>`)}</select>
<label for="value">Giá trị mới</label><input id="value" name="value" required placeholder="vd: 1 tỷ 2, 0912 345 678" value="${typed("sua", "value")}">
<label for="reason">Lý do sửa</label><input id="reason" name="reason" required value="${typed("sua", "reason")}">
<button class="quiet" type="submit">Sửa</button></form>
<form method="post" action="/can-bo/ho-so/${app.code}/giao">${csrfField(csrf)}
<label for="assignee">Giao cho cán bộ</label><select id="assignee" name="assignee">${options.officers.map((o) => html`<option value="${o.id}" ${o.id === app.assignedTo ? "selected" : ""}>${o.name}</option>`)}</select>
<button class="quiet" type="submit">Giao</button></form>
</div>`;
}
