import { LABEL } from "../messages.ts";
import { applicableFields, fieldById } from "../../form/fields.ts";
import type { FieldValue } from "../session.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Attachment } from "../types.ts";
import { BUTTON } from "../button-data.ts";
import { looksLikeQuestion } from "../input.ts";
import { FORM_MSG } from "../form-messages.ts";
import { answerInPlace } from "./side-question.ts";
import { formContext } from "./form-context.ts";
import { attachmentProblem } from "./form-attachments.ts";
import { formCommand } from "./form-commands.ts";
import { cancelForm, resumeAfterCancelNo, runCommand } from "./form-navigation.ts";
import { reviewForm, submitForm } from "./form-review.ts";
import { accept, askField, askNext, currentField, nextOpenField, reject } from "./form-steps.ts";

/**
 * The application form as a flow: starting it (prefill from the eligibility
 * check), typed text and attachments at a step, and the button router. The
 * steps, navigation, command words and attachment policy are in form-*.ts.
 */

export { cancelForm } from "./form-navigation.ts";

/** Starts the form, or offers to continue a draft; `supportId` pre-fills the support requested. */
export function startForm(turn: Turn, options: { supportId?: string }): void {
  if (options.supportId) turn.session.lastSupportId = options.supportId;
  if (turn.session.draft && Object.keys(turn.session.draft.answers).length === 0) turn.session.draft = undefined;
  if (turn.session.draft) {
    turn.setState({ name: "form-resume" });
    turn.say(FORM_MSG.resumeOffer(Object.keys(turn.session.draft.answers).length), [
      [{ label: LABEL.resumeDraft, data: BUTTON.form.data({ command: "resume" }), kind: "choice" }],
      [{ label: LABEL.discardDraft, data: BUTTON.form.data({ command: "discard" }), kind: "choice" }],
    ]);
    return;
  }
  newDraft(turn);
}

function newDraft(turn: Turn): void {
  const now = turn.now.getTime();
  const { kb } = turn.deps.knowledge;
  const answers: Record<string, FieldValue> = {};
  const prefilled: string[] = [];
  const supportId = turn.session.lastSupportId;
  if (supportId && kb.supportById.get(supportId)?.applicable) {
    answers.supportId = supportId;
    prefilled.push(FORM_MSG.prefilledSupport(kb.supportById.get(supportId)?.shortTitle ?? supportId));
  }
  const entity = turn.session.eligibility["entity-type"];
  if (entity && fieldById("entityType")?.choices?.(formContext(turn)).some((o) => o.value === entity)) answers.entityType = entity;
  turn.session.draft = { startedAt: now, updatedAt: now, answers, skipped: [] };
  turn.mustPersist = true;
  turn.say(FORM_MSG.intro(applicableFields(formContext(turn)).length, prefilled));
  askNext(turn);
}

/** Free text in a form step: a command, an answer to the field, or a side question. */
async function onFieldText(turn: Turn, text: string): Promise<boolean> {
  const pending = currentField(turn);
  if (!pending) return false;
  const { field, attempts, reviewAfter } = pending;
  const command = formCommand(text);
  if (command) return await runCommand(turn, command), true;
  const parsed = field.parse(text, formContext(turn));
  const question = looksLikeQuestion(text);
  if (parsed.ok && !question) return accept(turn, field, parsed.value, reviewAfter), true;
  if (question && answerInPlace(turn, text)) {
    askField(turn, field, { attempts, reviewAfter, lead: FORM_MSG.backToField });
    return true;
  }
  if (parsed.ok) return accept(turn, field, parsed.value, reviewAfter), true;
  reject(turn, field, parsed.reason, attempts, reviewAfter, parsed.suggestion);
  return true;
}

async function onAttachment(turn: Turn, attachment: Attachment): Promise<boolean> {
  const pending = currentField(turn);
  if (!pending?.field.acceptsAttachment) return false;
  const problem = attachmentProblem(attachment);
  if (problem) reject(turn, pending.field, problem, pending.attempts, pending.reviewAfter);
  else accept(turn, pending.field, { ...attachment }, pending.reviewAfter);
  return true;
}

/**
 * Text typed where the bot offered "Tiếp tục / đơn mới": the owner is carrying
 * on with the draft, so it answers the next field (a question is answered in place).
 */
function resumeWithText(turn: Turn, text: string): boolean {
  const field = nextOpenField(turn);
  if (!field) {
    reviewForm(turn);
    return true;
  }
  if (looksLikeQuestion(text) && answerInPlace(turn, text)) {
    startForm(turn, {});
    return true;
  }
  const parsed = field.parse(text, formContext(turn));
  turn.say(FORM_MSG.resumed);
  if (parsed.ok) {
    accept(turn, field, parsed.value, false);
    return true;
  }
  askField(turn, field, { attempts: 1, reviewAfter: false, lead: `❗ ${parsed.reason}` });
  return true;
}

/**
 * A returning owner at the menu who types what is plainly the next answer
 * (it parses for that field, reads as no question and matches no topic)
 * continues the draft. Free-text fields are left out: any sentence would fit them.
 */
export function continueDraftFromMenu(turn: Turn, text: string): boolean {
  if (!turn.session.draft || turn.isOfficer) return false;
  const field = nextOpenField(turn);
  if (!field || field.freeText || looksLikeQuestion(text)) return false;
  const parsed = field.parse(text, formContext(turn));
  if (!parsed.ok || turn.deps.knowledge.search.search(text, 1).zone === "answer") return false;
  turn.say(FORM_MSG.resumed);
  accept(turn, field, parsed.value, false);
  return true;
}

export const formFlow: Flow = {
  states: ["form", "form-review", "form-cancel-confirm", "form-resume"],
  buttons: [BUTTON.form, BUTTON.apply],
  prompt: (turn) => {
    const state = turn.session.state;
    if (state.name === "form-review") return reviewForm(turn);
    if (state.name === "form-cancel-confirm") return cancelForm(turn);
    if (state.name === "form-resume") return startForm(turn, {});
    const pending = currentField(turn);
    if (pending) return askField(turn, pending.field, { attempts: pending.attempts, reviewAfter: pending.reviewAfter });
    askNext(turn);
  },
  onButton: async (turn, data) => {
    const supportId = BUTTON.apply.read(data);
    if (supportId !== undefined) return startForm(turn, { supportId });
    const press = BUTTON.form.read(data);
    if (press && "value" in press) {
      const pending = currentField(turn);
      if (!pending) return formFlow.prompt(turn);
      const parsed = pending.field.parse(press.value, formContext(turn));
      if (parsed.ok) return accept(turn, pending.field, parsed.value, pending.reviewAfter);
      return reject(turn, pending.field, parsed.reason, pending.attempts, pending.reviewAfter);
    }
    const command = press?.command;
    switch (command) {
      case "resume":
        return askNext(turn);
      case "discard":
        turn.session.draft = undefined;
        return newDraft(turn);
      case "back":
      case "skip":
      case "why":
      case "pause":
      case "review":
        // The same as typing the word.
        return runCommand(turn, { kind: command });
      case "cancel":
        return cancelForm(turn);
      case "cancel-yes":
        turn.session.draft = undefined;
        turn.mustPersist = true;
        turn.say(FORM_MSG.cancelled);
        return turn.goTo({ to: "menu" });
      case "cancel-no":
        return resumeAfterCancelNo(turn);
      case "submit":
        return submitForm(turn);
      default:
        return formFlow.prompt(turn);
    }
  },
  onText: async (turn, text) => {
    const state = turn.session.state.name;
    if (state === "form") return onFieldText(turn, text);
    if (state === "form-resume") return resumeWithText(turn, text);
    if (state === "form-review") {
      const command = formCommand(text);
      if (command) return await runCommand(turn, command), true;
      if (looksLikeQuestion(text) && answerInPlace(turn, text)) return reviewForm(turn), true;
      turn.say(FORM_MSG.reviewHelp);
      reviewForm(turn);
      return true;
    }
    return false;
  },
  onAttachment,
};
