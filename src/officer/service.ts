import type { Application, ApplicationStatus, HistoryEntry } from "../domain/records.ts";
import type { Repositories } from "../domain/storage.ts";
import { canMove, NOTE_REQUIRED, STATUS_LABEL } from "./status.ts";
import { OFFICER_MSG } from "../engine/messages.ts";

export type StatusChange = { ok: true; app: Application } | { ok: false; reason: string };

/**
 * Moves an application to a new status, records who did it and why, writes it
 * to disk and queues the applicant's notification on the channel they used.
 * Shared by the chat (officers) and the officers' CLI.
 */
export async function changeStatus(
  store: Pick<Repositories, "applications" | "outbox">,
  input: { code: string; to: ApplicationStatus; by: string; note?: string; at: Date },
): Promise<StatusChange> {
  const app = await store.applications.get(input.code);
  if (!app) return { ok: false, reason: OFFICER_MSG.noSuchApplication(input.code) };
  if (!canMove(app.status, input.to)) return { ok: false, reason: OFFICER_MSG.cannotMove(app.code, STATUS_LABEL[app.status], STATUS_LABEL[input.to]) };
  const note = input.note?.trim();
  if (NOTE_REQUIRED.has(input.to) && !note) return { ok: false, reason: OFFICER_MSG.noteRequired(STATUS_LABEL[input.to]) };
  const updated: Application = {
    ...app,
    status: input.to,
    history: [...app.history, { at: input.at.toISOString(), by: input.by, from: app.status, to: input.to, ...(note ? { note } : {}) }],
  };
  await store.applications.save(updated);
  // The applicant's own move (withdrawal) is confirmed in their chat at once; a notice would repeat it as if from an officer.
  if (input.by !== APPLICANT) await store.outbox.enqueue(app.channel, app.chatId, [{ text: OFFICER_MSG.statusNotice(app.code, STATUS_LABEL[input.to], note, input.to === "needs-info") }]);
  return { ok: true, app: updated };
}

/** Who the history records for the applicant's own actions. */
export const APPLICANT = "applicant";

/** Statuses in which an applicant may still send more information. */
const OPEN_STATUSES: ReadonlySet<ApplicationStatus> = new Set(["submitted", "received", "needs-info"]);

/**
 * Records the applicant's supplement (text, a photo or a file) in the history as
 * theirs. The status stays as the officer set it: only an officer moves it on.
 */
export async function addSupplement(
  store: Pick<Repositories, "applications">,
  input: { code: string; note?: string; attachment?: HistoryEntry["attachment"]; at: Date },
): Promise<StatusChange> {
  const app = await store.applications.get(input.code);
  if (!app) return { ok: false, reason: OFFICER_MSG.noSuchApplication(input.code) };
  if (!OPEN_STATUSES.has(app.status)) return { ok: false, reason: OFFICER_MSG.closedToSupplements(app.code, STATUS_LABEL[app.status]) };
  const entry: HistoryEntry = {
    at: input.at.toISOString(),
    by: APPLICANT,
    from: app.status,
    to: app.status,
    kind: "supplement",
    ...(input.note ? { note: input.note } : {}),
    ...(input.attachment ? { attachment: input.attachment } : {}),
  };
  const updated: Application = { ...app, history: [...app.history, entry] };
  await store.applications.save(updated);
  return { ok: true, app: updated };
}
