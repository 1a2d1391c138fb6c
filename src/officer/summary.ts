import { applicableFields, formatValue, type FormContext } from "../form/fields.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import type { Application } from "../domain/records.ts";
import { formatVnd } from "../text/money-format.ts";
import { vnDate } from "../text/vn-time.ts";
import { STATUS_LABEL } from "./status.ts";

/** Numbered lines "1. Họ tên người đại diện: Nguyễn Văn An" for every answered field. */
export function answerLines(ctx: FormContext): string[] {
  return applicableFields(ctx).map((field, i) => {
    const value = ctx.answers[field.id];
    const shown = value === undefined ? "(chưa có)" : formatValue(field, value, ctx);
    return `${i + 1}. ${field.label}: ${shown}`;
  });
}

/** The full summary officers receive and the applicant can review. */
export function applicationSummary(app: Application, kb: KnowledgeBase, now: Date): string {
  const ctx: FormContext = { kb, now, answers: app.answers };
  const estimate = app.estimate.maxVnd !== null ? `Ước tính tối đa (ngân sách TW): ${formatVnd(app.estimate.maxVnd)}` : app.estimate.note;
  return [
    `📄 Hồ sơ ${app.code} — ${STATUS_LABEL[app.status]}`,
    `Nộp lúc: ${new Date(app.submittedAt).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })} qua ${app.channel}`,
    "",
    ...answerLines(ctx),
    "",
    estimate,
  ].join("\n");
}

/**
 * The history as lines, oldest first, each saying whose it is: the applicant's
 * supplement or withdrawal is never shown as an officer's note. `audience`
 * picks "Anh/chị" (the applicant reading) or "Người nộp" (officers).
 */
export function historyLines(app: Application, audience: "applicant" | "officer" = "officer"): string[] {
  const applicant = audience === "applicant" ? "Anh/chị" : "Người nộp";
  // Internal notes, corrections and assignments are the officers' own: an applicant never reads them.
  const shown = audience === "applicant" ? app.history.filter((h) => !isInternal(h)) : app.history;
  return shown.map((h) => {
    const when = vnDate(new Date(h.at));
    if (h.kind === "supplement") {
      const sent = h.attachment ? ` (kèm ${h.attachment.type === "photo" ? "ảnh" : `tệp${h.attachment.fileName ? ` ${h.attachment.fileName}` : ""}`})` : "";
      return `• ${when}: ${applicant} gửi bổ sung${h.note ? `: "${h.note}"` : ""}${sent}`;
    }
    if (h.kind === "note") return `• ${when}: ghi chú nội bộ của ${h.by}: ${h.note ?? ""}`;
    if (h.kind === "correction") return `• ${when}: ${h.by} sửa "${h.field ?? ""}" — ${h.note ?? ""}`;
    if (h.kind === "assignment") return `• ${when}: ${h.by} giao hồ sơ cho ${h.note ?? ""}`;
    if (h.by === "applicant") return `• ${when}: ${STATUS_LABEL[h.to]}${h.from === null ? "" : ` (${applicant.toLowerCase()} thực hiện)`}`;
    return `• ${when}: ${STATUS_LABEL[h.to]}${h.note ? ` — ghi chú của cán bộ: ${h.note}` : ""}`;
  });
}

/** Entries only officers see. */
export function isInternal(entry: Application["history"][number]): boolean {
  return entry.kind === "note" || entry.kind === "correction" || entry.kind === "assignment";
}

/** Typed officer commands for a code: channels without buttons (Zalo) act with these. */
export function officerCommandHint(code: string): string {
  return `Thao tác: bấm nút, hoặc gõ "tiepnhan ${code}", "bosung ${code} <nội dung cần bổ sung>", "dexuat ${code}", "khongdat ${code} <lý do>".`;
}
