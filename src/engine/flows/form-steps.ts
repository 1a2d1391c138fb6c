import { LABEL } from "../messages.ts";
import { applicableFields, crossFieldConflicts, fieldById, formatValue, type FieldDef } from "../../form/fields.ts";
import type { FieldValue } from "../session.ts";
import type { Turn } from "../turn.ts";
import type { Button } from "../types.ts";
import { BUTTON } from "../button-data.ts";
import { FORM_MSG } from "../form-messages.ts";
import { formContext } from "./form-context.ts";
import { draftEstimate, editDone, reviewForm } from "./form-review.ts";

/**
 * The form's steps: which field comes next, asking it, taking an answer
 * (with the cross-field checks) and the retry ladder for a refused one.
 */

/** The first field without an answer (and not skipped), if any. */
export function nextOpenField(turn: Turn): FieldDef | undefined {
  const draft = turn.session.draft;
  if (!draft) return undefined;
  return applicableFields(formContext(turn)).find((f) => draft.answers[f.id] === undefined && !draft.skipped.includes(f.id));
}

/** Asks the first field without an answer, or shows the review when all are done. */
export function askNext(turn: Turn, lead?: string): void {
  if (!turn.session.draft) return turn.goTo({ to: "menu" });
  const field = nextOpenField(turn);
  if (field) return askField(turn, field, { attempts: 0, reviewAfter: false, ...(lead ? { lead } : {}) });
  reviewForm(turn);
}

/**
 * After a field opened by "sửa" (or re-asked by a cross-field check): back to
 * the next empty field while the form is unfinished, else a short confirmation.
 */
export function continueAfterEdit(turn: Turn): void {
  if (nextOpenField(turn)) return askNext(turn, FORM_MSG.backToNext);
  editDone(turn);
}

export function navButtons(field: FieldDef): Button[] {
  return [
    { label: LABEL.back, data: BUTTON.form.data({ command: "back" }), kind: "action" },
    ...(field.required ? [] : [{ label: LABEL.skip, data: BUTTON.form.data({ command: "skip" }), kind: "action" as const }]),
    { label: LABEL.why, data: BUTTON.form.data({ command: "why" }), kind: "action" },
    { label: LABEL.pause, data: BUTTON.form.data({ command: "pause" }), kind: "action" },
    { label: LABEL.cancel, data: BUTTON.form.data({ command: "cancel" }), kind: "action" },
  ];
}

export function askField(turn: Turn, field: FieldDef, options: { attempts: number; reviewAfter: boolean; lead?: string }): void {
  const ctx = formContext(turn);
  const fields = applicableFields(ctx);
  const position = fields.findIndex((f) => f.id === field.id) + 1;
  turn.setState({ name: "form", fieldId: field.id, attempts: options.attempts, reviewAfter: options.reviewAfter });
  const current = ctx.answers[field.id];
  const lines = [
    ...(options.lead ? [options.lead] : []),
    `(${position}/${fields.length}) ${field.prompt}`,
    FORM_MSG.example(field.example),
    ...(current !== undefined ? [FORM_MSG.currentValue(formatValue(field, current, ctx))] : []),
  ];
  const choices = field.choices?.(ctx) ?? [];
  turn.say(lines.join("\n"), [
    ...choices.map((o) => [{ label: o.label, data: BUTTON.form.data({ value: o.value }), kind: "choice" as const }]),
    navButtons(field),
  ]);
}

export function currentField(turn: Turn): { field: FieldDef; attempts: number; reviewAfter: boolean } | undefined {
  const state = turn.session.state;
  if (state.name !== "form") return undefined;
  const field = fieldById(state.fieldId);
  return field ? { field, attempts: state.attempts, reviewAfter: state.reviewAfter } : undefined;
}

/** Stores an accepted answer (on disk before the reply) and moves on. */
export function accept(turn: Turn, field: FieldDef, value: FieldValue, reviewAfter: boolean): void {
  const draft = turn.session.draft;
  if (!draft) return;
  draft.answers[field.id] = value;
  // The owner's province, once given in the form, is what later answers about levels lead with (issue 17).
  if (field.id === "province" && typeof value === "string") turn.session.province = value;
  draft.skipped = draft.skipped.filter((id) => id !== field.id);
  draft.updatedAt = turn.now.getTime();
  turn.mustPersist = true;
  const ctx = formContext(turn);
  const notes = [`✔️ ${field.label}: ${formatValue(field, value, ctx)}`];
  if (field.id === "requested" || field.id === "totalCost") notes.push(...moneyWarnings(turn));
  if (field.id === "consent" && value === false) notes.push(FORM_MSG.consentRefused);
  turn.say(notes.join("\n"));
  // Every change re-runs the cross-field rules: an answer they now break is cleared and asked again.
  const conflicts = crossFieldConflicts(formContext(turn));
  for (const c of conflicts) delete draft.answers[c.field.id];
  const first = conflicts[0];
  if (first) return askField(turn, first.field, { attempts: 0, reviewAfter: true, lead: FORM_MSG.conflict(conflicts.map((c) => c.reason)) });
  if (reviewAfter) return continueAfterEdit(turn);
  askNext(turn);
}

function moneyWarnings(turn: Turn): string[] {
  if (typeof turn.session.draft?.answers.requested !== "number") return [];
  const estimate = draftEstimate(turn);
  return [estimate.note, ...estimate.warnings.map((w) => `⚠️ ${w}`)];
}

export function reject(turn: Turn, field: FieldDef, reason: string, attempts: number, reviewAfter: boolean, suggestion?: { value: string; label: string }): void {
  const tries = attempts + 1;
  turn.setState({ name: "form", fieldId: field.id, attempts: tries, reviewAfter });
  if (suggestion) {
    turn.say(FORM_MSG.didYouMean(suggestion.label), [
      [{ label: LABEL.yesThat(suggestion.label), data: BUTTON.form.data({ value: suggestion.value }), kind: "choice" }],
      navButtons(field),
    ]);
    return;
  }
  if (tries >= 3) {
    turn.say(FORM_MSG.thirdFailure(reason, field.example, field.required), [
      [
        ...(field.required ? [] : [{ label: LABEL.skip, data: BUTTON.form.data({ command: "skip" }), kind: "action" as const }]),
        { label: LABEL.officer, data: BUTTON.menu.data("officer"), kind: "action" },
        { label: LABEL.cancelForm, data: BUTTON.form.data({ command: "cancel" }), kind: "action" },
      ],
    ]);
    return;
  }
  const text = tries === 1 ? FORM_MSG.firstFailure(reason, field.example) : FORM_MSG.secondFailure(reason, field.example);
  turn.say(text, [navButtons(field)]);
}
