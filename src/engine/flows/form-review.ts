import { applicableFields, crossFieldConflicts } from "../../form/fields.ts";
import { estimateSupport } from "../../form/estimate.ts";
import { answerLines, applicationSummary, officerCommandHint } from "../../officer/summary.ts";
import type { Application } from "../../domain/records.ts";
import { vnDateParts } from "../../text/vn-time.ts";
import { FORM_MSG } from "../form-messages.ts";
import { LABEL, OFFICER_MSG } from "../messages.ts";
import { notifyOfficers } from "../notify.ts";
import { officerActionButtons } from "../buttons.ts";
import { BUTTON } from "../button-data.ts";
import { provinceOfApplication } from "../../officer/scope.ts";
import type { Turn } from "../turn.ts";
import type { Button } from "../types.ts";
import { formContext } from "./form-context.ts";

/** The form field whose "yes" is the owner's consent to the processing of personal data. */
const CONSENT_FIELD = "consent";

/** The support estimate for the draft's support, cost and request (the difficult-area level when the eligibility check said so). */
export function draftEstimate(turn: Turn) {
  const answers = turn.session.draft?.answers ?? {};
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  return estimateSupport(turn.deps.knowledge.kb, typeof answers.supportId === "string" ? answers.supportId : undefined, num(answers.totalCost), num(answers.requested), {
    difficultArea: turn.session.eligibility["difficult-area"] === "co",
    ...provinceOption(typeof answers.province === "string" ? answers.province : turn.session.province),
  });
}

const provinceOption = (province: string | undefined) => (province ? { province } : {});

/** What stops the draft from being submitted: missing required answers, no consent. */
function blockers(turn: Turn): string[] {
  const ctx = formContext(turn);
  const missing = applicableFields(ctx).filter((f) => f.required && ctx.answers[f.id] === undefined);
  const out = missing.length > 0 ? [FORM_MSG.missingRequired(missing.map((f) => f.label))] : [];
  // A draft saved before a rule existed (or edited around one) is checked again here.
  for (const c of crossFieldConflicts(ctx)) out.push(FORM_MSG.fixConflict(c.reason, c.field.label));
  // Consent missing altogether is already listed above; a "no" needs its own word.
  if (ctx.answers[CONSENT_FIELD] === true || missing.some((f) => f.id === CONSENT_FIELD)) return out;
  return [...out, FORM_MSG.needConsent];
}

/** The summary of every answer, numbered for editing, with the support estimate. */
export function reviewForm(turn: Turn): void {
  turn.setState({ name: "form-review" });
  const estimate = draftEstimate(turn);
  const problems = blockers(turn);
  const lines = [FORM_MSG.reviewTitle, "", ...answerLines(formContext(turn)), "", `💰 ${estimate.note}`, ...estimate.warnings.map((w) => `⚠️ ${w}`), "", ...problems, FORM_MSG.reviewEdit];
  const buttons: Button[][] = [];
  if (problems.length === 0) buttons.push([{ label: LABEL.submit, data: BUTTON.form.data({ command: "submit" }), kind: "choice" }]);
  buttons.push([
    { label: LABEL.pause, data: BUTTON.form.data({ command: "pause" }), kind: "action" },
    { label: LABEL.cancel, data: BUTTON.form.data({ command: "cancel" }), kind: "action" },
  ]);
  turn.say(lines.join("\n"), buttons);
}

/** After an edit of a finished form: a short confirmation with the next steps, not the whole review again. */
export function editDone(turn: Turn): void {
  turn.setState({ name: "form-review" });
  const problems = blockers(turn);
  const buttons: Button[][] = [];
  if (problems.length === 0) buttons.push([{ label: LABEL.submit, data: BUTTON.form.data({ command: "submit" }), kind: "choice" }]);
  buttons.push([{ label: LABEL.review, data: BUTTON.form.data({ command: "review" }), kind: "choice" }]);
  buttons.push([
    { label: LABEL.pause, data: BUTTON.form.data({ command: "pause" }), kind: "action" },
    { label: LABEL.cancel, data: BUTTON.form.data({ command: "cancel" }), kind: "action" },
  ]);
  turn.say(problems.length === 0 ? FORM_MSG.editDone : [...problems, FORM_MSG.editDoneBlocked].join("\n"), buttons);
}

/**
 * Submits: the code is reserved and the application written to disk before the
 * user is told; then officers are notified through the outbox.
 */
export async function submitForm(turn: Turn): Promise<void> {
  const draft = turn.session.draft;
  if (!draft) return turn.goTo({ to: "menu" });
  if (blockers(turn).length > 0) return reviewForm(turn);
  const { store, knowledge, clock } = turn.deps;
  const now = clock();
  // The year in the code is Vietnam's: at 01:00 on 1 January there, the server's UTC clock still says last year.
  const code = await store.applications.nextCode(vnDateParts(now).year);
  const estimate = draftEstimate(turn);
  const app: Application = {
    code,
    channel: turn.inbound.channel,
    userId: turn.inbound.userId,
    chatId: turn.session.chatId,
    displayName: turn.session.displayName,
    submittedAt: now.toISOString(),
    answers: { ...draft.answers },
    supportId: String(draft.answers.supportId),
    estimate: { maxVnd: estimate.maxVnd, requestedVnd: estimate.requestedVnd, note: estimate.note },
    status: "submitted",
    history: [{ at: now.toISOString(), by: "applicant", from: null, to: "submitted" }],
  };
  await store.applications.save(app);
  turn.session.draft = undefined;
  turn.mustPersist = true;
  await notifyOfficers(turn.deps, [
    {
      text: OFFICER_MSG.newApplication(applicationSummary(app, knowledge.kb, now), officerCommandHint(code)),
      buttons: officerActionButtons(code),
    },
  ], provinceOfApplication(app));
  turn.say(FORM_MSG.submitted(code, turn.deps.config.OFFICER_REPLY_DAYS));
  // The request letter, pre-filled, to sign and bring to the centre: the channel delivers it after this text.
  turn.attach({ kind: "request-letter", code });
  turn.goTo({ to: "menu" });
}
