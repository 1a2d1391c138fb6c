import { LABEL, MSG } from "../messages.ts";
import { applicableFields, fieldById, type FieldDef } from "../../form/fields.ts";
import { foldVietnamese } from "../../kb/normalize.ts";
import type { Turn } from "../turn.ts";
import { BUTTON } from "../button-data.ts";
import { FORM_MSG } from "../form-messages.ts";
import { formContext } from "./form-context.ts";
import type { FormCommand } from "./form-commands.ts";
import { reviewForm, submitForm } from "./form-review.ts";
import { askField, askNext, continueAfterEdit, currentField } from "./form-steps.ts";

/** Moving around the form: back, skip, pause, edit by number or name, and cancelling with a confirmation. */

export async function runCommand(turn: Turn, command: FormCommand): Promise<void> {
  const pending = currentField(turn);
  switch (command.kind) {
    case "back":
      return goBack(turn);
    case "skip":
      return skip(turn);
    case "pause":
      return pause(turn);
    case "why":
      if (pending) turn.say(MSG.why(pending.field.why));
      return pending ? askField(turn, pending.field, { attempts: pending.attempts, reviewAfter: pending.reviewAfter }) : reviewForm(turn);
    case "review":
      return reviewForm(turn);
    case "keep": {
      const value = pending ? turn.session.draft?.answers[pending.field.id] : undefined;
      if (pending && value !== undefined) return pending.reviewAfter ? continueAfterEdit(turn) : askNext(turn);
      turn.say(FORM_MSG.nothingToKeep);
      return pending ? askField(turn, pending.field, { attempts: pending.attempts, reviewAfter: pending.reviewAfter }) : reviewForm(turn);
    }
    case "submit":
      return turn.session.state.name === "form-review" ? submitForm(turn) : reviewForm(turn);
    case "edit":
      return editField(turn, command.target);
  }
}

/** "sửa 3" or "sửa số điện thoại": asks that field again, then returns to the review. */
export function editField(turn: Turn, target: string): void {
  const fields = applicableFields(formContext(turn));
  const byNumber = /^\d+$/.test(target) ? fields[Number(target) - 1] : undefined;
  const folded = foldVietnamese(target);
  const byName =
    byNumber ??
    fields.find((f) => foldVietnamese(f.label) === folded || f.names.includes(folded)) ??
    fields.find((f) => foldVietnamese(f.label).includes(folded) || f.names.some((n) => n.includes(folded) || folded.includes(n)));
  if (!byName) {
    turn.say(FORM_MSG.editUnknown(fields.length));
    return turn.session.state.name === "form-review" ? reviewForm(turn) : askNext(turn);
  }
  askField(turn, byName, { attempts: 0, reviewAfter: true });
}

function goBack(turn: Turn): void {
  const pending = currentField(turn);
  const fields = applicableFields(formContext(turn));
  if (turn.session.state.name === "form-review") return askField(turn, fields.at(-1) as FieldDef, { attempts: 0, reviewAfter: true });
  const at = pending ? fields.findIndex((f) => f.id === pending.field.id) : fields.length;
  const previous = fields[at - 1];
  if (!previous) {
    turn.say(FORM_MSG.atFirstField);
    return pending ? askField(turn, pending.field, { attempts: 0, reviewAfter: false }) : askNext(turn);
  }
  askField(turn, previous, { attempts: 0, reviewAfter: false });
}

function skip(turn: Turn): void {
  const pending = currentField(turn);
  const draft = turn.session.draft;
  if (!pending || !draft) return askNext(turn);
  // Skipping a required field opened by "sửa" keeps its answer: the owner is moving on, not erasing it.
  if (pending.field.required && pending.reviewAfter && draft.answers[pending.field.id] !== undefined) return continueAfterEdit(turn);
  if (pending.field.required) {
    turn.say(FORM_MSG.requiredField);
    return askField(turn, pending.field, { attempts: pending.attempts, reviewAfter: pending.reviewAfter });
  }
  if (!draft.skipped.includes(pending.field.id)) draft.skipped.push(pending.field.id);
  delete draft.answers[pending.field.id];
  draft.updatedAt = turn.now.getTime();
  turn.mustPersist = true;
  return pending.reviewAfter ? continueAfterEdit(turn) : askNext(turn);
}

function pause(turn: Turn): void {
  turn.mustPersist = true;
  turn.say(FORM_MSG.paused(turn.deps.config.DRAFT_TTL_DAYS));
  turn.goTo({ to: "menu" });
}

/** "Huỷ" inside the form: asks for confirmation; the draft is kept until confirmed. */
export function cancelForm(turn: Turn): void {
  const state = turn.session.state;
  const back = state.name === "form" ? state.fieldId : "review";
  turn.setState({ name: "form-cancel-confirm", back });
  turn.say(FORM_MSG.cancelConfirm, [
    [{ label: LABEL.confirmCancelForm, data: BUTTON.form.data({ command: "cancel-yes" }), kind: "choice" }],
    [{ label: LABEL.keepFilling, data: BUTTON.form.data({ command: "cancel-no" }), kind: "choice" }],
  ]);
}

export function resumeAfterCancelNo(turn: Turn): void {
  const state = turn.session.state;
  const field = state.name === "form-cancel-confirm" ? fieldById(state.back) : undefined;
  if (field) return askField(turn, field, { attempts: 0, reviewAfter: false });
  if (state.name === "form-cancel-confirm" && state.back === "review") return reviewForm(turn);
  askNext(turn);
}
