import { FIELDS, formatValue, type FormContext } from "../form/fields.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import type { Application, HistoryEntry } from "../domain/records.ts";
import type { Repositories } from "../domain/storage.ts";
import type { StatusChange } from "./service.ts";

/**
 * Officers' own records on an application, made from the web page: an
 * internal note, a corrected answer (with who and why), the officer in
 * charge. None reaches the applicant; each is a history entry with its author.
 */

type Store = Pick<Repositories, "applications">;

async function append(store: Store, code: string, entry: HistoryEntry, change: (app: Application) => Partial<Application> = () => ({})): Promise<StatusChange> {
  const app = await store.applications.get(code);
  if (!app) return { ok: false, reason: `Không có hồ sơ ${code}.` };
  const updated: Application = { ...app, ...change(app), history: [...app.history, { ...entry, from: app.status, to: app.status }] };
  await store.applications.save(updated);
  return { ok: true, app: updated };
}

export async function addNote(store: Store, input: { code: string; by: string; note: string; at: Date }): Promise<StatusChange> {
  const note = input.note.trim();
  if (!note) return { ok: false, reason: "Ghi chú trống." };
  return append(store, input.code, { at: input.at.toISOString(), by: input.by, kind: "note", note, from: null, to: "submitted" });
}

export async function assign(store: Store, input: { code: string; by: string; to: string; toName: string; at: Date }): Promise<StatusChange> {
  return append(store, input.code, { at: input.at.toISOString(), by: input.by, kind: "assignment", note: input.toName, from: null, to: "submitted" }, () => ({ assignedTo: input.to }));
}

/** Fields an officer may correct: the form's own, parsed by the form's own parser (money as "1 tỷ 2", phone, tax code…). */
export const CORRECTABLE_FIELDS = FIELDS.filter((f) => f.id !== "consent" && f.id !== "licence" && f.id !== "supportId" && !f.acceptsAttachment);

export async function correctField(
  store: Store,
  kb: KnowledgeBase,
  input: { code: string; by: string; field: string; value: string; reason: string; at: Date },
): Promise<StatusChange> {
  const field = CORRECTABLE_FIELDS.find((f) => f.id === input.field);
  if (!field) return { ok: false, reason: "Không sửa được mục này." };
  const reason = input.reason.trim();
  if (!reason) return { ok: false, reason: "Cần ghi lý do sửa." };
  const app = await store.applications.get(input.code);
  if (!app) return { ok: false, reason: `Không có hồ sơ ${input.code}.` };
  const ctx: FormContext = { kb, now: input.at, answers: app.answers };
  const parsed = field.parse(input.value.trim(), ctx);
  if (!parsed.ok) return { ok: false, reason: `Giá trị mới của "${field.label}" không hợp lệ: ${parsed.reason}` };
  const before = app.answers[field.id] === undefined ? "(trống)" : formatValue(field, app.answers[field.id]!, ctx);
  const after = formatValue(field, parsed.value, ctx);
  return append(
    store,
    input.code,
    { at: input.at.toISOString(), by: input.by, kind: "correction", field: field.label, note: `${before} → ${after}. Lý do: ${reason}`, from: null, to: "submitted" },
    (a) => ({ answers: { ...a.answers, [field.id]: parsed.value } }),
  );
}
