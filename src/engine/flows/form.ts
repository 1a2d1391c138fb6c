import { applicableFields, crossFieldConflicts, fieldById, formatValue, type FieldDef, type FormContext } from "../../form/fields.ts";
import { foldVietnamese } from "../../kb/normalize.ts";
import type { FieldValue } from "../session.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Attachment, Button } from "../types.ts";
import { looksLikeQuestion } from "../input.ts";
import { FORM_MSG } from "../form-messages.ts";
import { answerInPlace } from "./side-question.ts";
import { showMenu } from "./menu.ts";
import { draftEstimate, editDone, reviewForm, submitForm } from "./form-review.ts";

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const DOCUMENT_TYPES = /^(application\/pdf|image\/(jpeg|png|webp|heic))$/;

type FormCommand = { kind: "back" | "skip" | "pause" | "keep" | "why" | "submit" | "review" } | { kind: "edit"; target: string };

const COMMAND_WORDS: Record<string, FormCommand["kind"]> = {
  "quay lai": "back", "tro lai": "back", back: "back", lui: "back",
  "bo qua": "skip", skip: "skip", "de trong": "skip", "gui sau": "skip", "nop sau": "skip", "bo sung sau": "skip", "gui sau nhe": "skip",
  "tam dung": "pause", "luu nhap": "pause", "de sau": "pause", pause: "pause", "luu lai": "pause",
  "giu nguyen": "keep", giu: "keep", "khong doi": "keep",
  "vi sao": "why", "vi sao hoi": "why", "tai sao": "why", "de lam gi": "why", "tai sao hoi": "why",
  "xem lai": "review", "xem lai don": "review", "xem don": "review", "xem toan bo": "review",
  "nop": "submit", "nop don": "submit", "gui don": "submit", "xac nhan": "submit", "xac nhan nop": "submit",
};

function formCommand(text: string): FormCommand | undefined {
  const folded = foldVietnamese(text);
  const edit = /^(sua|chinh sua|doi)\s+(?:muc\s+)?(.+)$/.exec(folded);
  if (edit) return { kind: "edit", target: edit[2] as string };
  const kind = COMMAND_WORDS[folded];
  return kind ? ({ kind } as FormCommand) : undefined;
}

export function formContext(turn: Turn): FormContext {
  return { kb: turn.deps.knowledge.kb, now: turn.now, answers: turn.session.draft?.answers ?? {} };
}

/** Starts the form, or offers to continue a draft; `supportId` pre-fills the support requested. */
export function startForm(turn: Turn, options: { supportId?: string }): void {
  if (options.supportId) turn.session.lastSupportId = options.supportId;
  if (turn.session.draft && Object.keys(turn.session.draft.answers).length === 0) turn.session.draft = undefined;
  if (turn.session.draft) {
    turn.setState({ name: "form-resume" });
    turn.say(FORM_MSG.resumeOffer(Object.keys(turn.session.draft.answers).length), [
      [{ label: "▶️ Tiếp tục đơn đang điền", data: "f:resume", kind: "choice" }],
      [{ label: "🗑 Bỏ đơn cũ, làm đơn mới", data: "f:discard", kind: "choice" }],
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
    prefilled.push(`nội dung hỗ trợ "${kb.supportById.get(supportId)?.shortTitle}"`);
  }
  const entity = turn.session.eligibility["entity-type"];
  if (entity && fieldById("entityType")?.choices?.(formContext(turn)).some((o) => o.value === entity)) answers.entityType = entity;
  turn.session.draft = { startedAt: now, updatedAt: now, answers, skipped: [] };
  turn.mustPersist = true;
  turn.say(FORM_MSG.intro(applicableFields(formContext(turn)).length, prefilled));
  askNext(turn);
}

/** The first field without an answer (and not skipped), if any. */
function nextOpenField(turn: Turn): FieldDef | undefined {
  const draft = turn.session.draft;
  if (!draft) return undefined;
  return applicableFields(formContext(turn)).find((f) => draft.answers[f.id] === undefined && !draft.skipped.includes(f.id));
}

/** Asks the first field without an answer, or shows the review when all are done. */
export function askNext(turn: Turn, lead?: string): void {
  if (!turn.session.draft) return showMenu(turn, { greet: false });
  const field = nextOpenField(turn);
  if (field) return askField(turn, field, { attempts: 0, reviewAfter: false, ...(lead ? { lead } : {}) });
  reviewForm(turn);
}

/**
 * After a field opened by "sửa" (or re-asked by a cross-field check): back to
 * the next empty field while the form is unfinished, else a short confirmation.
 */
function continueAfterEdit(turn: Turn): void {
  if (nextOpenField(turn)) return askNext(turn, FORM_MSG.backToNext);
  editDone(turn);
}

function navButtons(field: FieldDef): Button[] {
  return [
    { label: "Quay lại", data: "f:back", kind: "action" },
    ...(field.required ? [] : [{ label: "Bỏ qua", data: "f:skip", kind: "action" as const }]),
    { label: "Vì sao hỏi?", data: "f:why", kind: "action" },
    { label: "Tạm dừng", data: "f:pause", kind: "action" },
    { label: "Huỷ", data: "f:cancel", kind: "action" },
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
    `Ví dụ: ${field.example}`,
    ...(current !== undefined ? [FORM_MSG.currentValue(formatValue(field, current, ctx))] : []),
  ];
  const choices = field.choices?.(ctx) ?? [];
  turn.say(lines.join("\n"), [
    ...choices.map((o) => [{ label: o.label, data: `f:v:${o.value}`, kind: "choice" as const }]),
    navButtons(field),
  ]);
}

function currentField(turn: Turn): { field: FieldDef; attempts: number; reviewAfter: boolean } | undefined {
  const state = turn.session.state;
  if (state.name !== "form") return undefined;
  const field = fieldById(state.fieldId);
  return field ? { field, attempts: state.attempts, reviewAfter: state.reviewAfter } : undefined;
}

/** Stores an accepted answer (on disk before the reply) and moves on. */
function accept(turn: Turn, field: FieldDef, value: FieldValue, reviewAfter: boolean): void {
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

function reject(turn: Turn, field: FieldDef, reason: string, attempts: number, reviewAfter: boolean, suggestion?: { value: string; label: string }): void {
  const tries = attempts + 1;
  turn.setState({ name: "form", fieldId: field.id, attempts: tries, reviewAfter });
  if (suggestion) {
    turn.say(FORM_MSG.didYouMean(suggestion.label), [
      [{ label: `Đúng, ${suggestion.label}`, data: `f:v:${suggestion.value}`, kind: "choice" }],
      navButtons(field),
    ]);
    return;
  }
  if (tries >= 3) {
    turn.say(FORM_MSG.thirdFailure(reason, field.example, field.required), [
      [
        ...(field.required ? [] : [{ label: "Bỏ qua", data: "f:skip", kind: "action" as const }]),
        { label: "👤 Gặp cán bộ", data: "m:officer", kind: "action" },
        { label: "Huỷ đơn", data: "f:cancel", kind: "action" },
      ],
    ]);
    return;
  }
  const text = tries === 1 ? FORM_MSG.firstFailure(reason, field.example) : FORM_MSG.secondFailure(reason, field.example);
  turn.say(text, [navButtons(field)]);
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

async function runCommand(turn: Turn, command: FormCommand): Promise<void> {
  const pending = currentField(turn);
  switch (command.kind) {
    case "back":
      return goBack(turn);
    case "skip":
      return skip(turn);
    case "pause":
      return pause(turn);
    case "why":
      if (pending) turn.say(`Vì sao hỏi: ${pending.field.why}`);
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
  showMenu(turn, { greet: false });
}

/** "Huỷ" inside the form: asks for confirmation; the draft is kept until confirmed. */
export function cancelForm(turn: Turn): void {
  const state = turn.session.state;
  const back = state.name === "form" ? state.fieldId : "review";
  turn.setState({ name: "form-cancel-confirm", back });
  turn.say(FORM_MSG.cancelConfirm, [
    [{ label: "Có, huỷ đơn", data: "f:cancel-yes", kind: "choice" }],
    [{ label: "Không, điền tiếp", data: "f:cancel-no", kind: "choice" }],
  ]);
}

function resumeAfterCancelNo(turn: Turn): void {
  const state = turn.session.state;
  const field = state.name === "form-cancel-confirm" ? fieldById(state.back) : undefined;
  if (field) return askField(turn, field, { attempts: 0, reviewAfter: false });
  if (state.name === "form-cancel-confirm" && state.back === "review") return reviewForm(turn);
  askNext(turn);
}

async function onAttachment(turn: Turn, attachment: Attachment): Promise<boolean> {
  const pending = currentField(turn);
  if (!pending?.field.acceptsAttachment) return false;
  if (attachment.sizeBytes !== undefined && attachment.sizeBytes > MAX_ATTACHMENT_BYTES) {
    reject(turn, pending.field, FORM_MSG.attachmentTooBig, pending.attempts, pending.reviewAfter);
    return true;
  }
  if (attachment.type === "document" && attachment.mimeType && !DOCUMENT_TYPES.test(attachment.mimeType)) {
    reject(turn, pending.field, FORM_MSG.attachmentType, pending.attempts, pending.reviewAfter);
    return true;
  }
  accept(turn, pending.field, { ...attachment }, pending.reviewAfter);
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
  prefixes: ["f:", "a:"],
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
    if (data.startsWith("a:")) return startForm(turn, { supportId: data.slice(2) });
    if (data.startsWith("f:v:")) {
      const pending = currentField(turn);
      if (!pending) return formFlow.prompt(turn);
      const parsed = pending.field.parse(data.slice(4), formContext(turn));
      if (parsed.ok) return accept(turn, pending.field, parsed.value, pending.reviewAfter);
      return reject(turn, pending.field, parsed.reason, pending.attempts, pending.reviewAfter);
    }
    switch (data) {
      case "f:resume":
        return askNext(turn);
      case "f:discard":
        turn.session.draft = undefined;
        return newDraft(turn);
      case "f:back":
        return goBack(turn);
      case "f:skip":
        return skip(turn);
      case "f:why":
        return runCommand(turn, { kind: "why" });
      case "f:pause":
        return pause(turn);
      case "f:cancel":
        return cancelForm(turn);
      case "f:cancel-yes":
        turn.session.draft = undefined;
        turn.mustPersist = true;
        turn.say(FORM_MSG.cancelled);
        return showMenu(turn, { greet: false });
      case "f:cancel-no":
        return resumeAfterCancelNo(turn);
      case "f:submit":
        return submitForm(turn);
      case "f:review":
        return reviewForm(turn);
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
