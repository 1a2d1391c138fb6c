import { applicationSummary, historyLines } from "../../officer/summary.ts";
import { addSupplement, APPLICANT, changeStatus } from "../../officer/service.ts";
import { canMove, STATUS_LABEL } from "../../officer/status.ts";
import type { Application } from "../../domain/records.ts";
import { notifyOfficers } from "../notify.ts";
import { provinceOfApplication } from "../../officer/scope.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Attachment, Button } from "../types.ts";
import { APPLICANT_MSG, LABEL } from "../messages.ts";
import { DOCUMENT_MSG } from "../document-messages.ts";
import { BUTTON } from "../button-data.ts";
import { MAX_ATTACHMENT_BYTES } from "../../domain/limits.ts";
import { APPLY_BUTTON, MENU_BUTTON, MY_APPLICATIONS_BUTTON } from "../buttons.ts";

const CODE_PATTERN = /KC-\d{4}-\d{6}/i;

/** The user's own applications; nobody sees another user's. */
async function ownApplication(turn: Turn, code: string): Promise<Application | undefined> {
  const app = await turn.deps.store.applications.get(code.toUpperCase());
  return app && app.channel === turn.inbound.channel && app.userId === turn.inbound.userId ? app : undefined;
}

export async function showMyApplications(turn: Turn): Promise<void> {
  const apps = await turn.deps.store.applications.ofUser(turn.inbound.channel, turn.inbound.userId);
  turn.setState({ name: "my-applications" });
  if (apps.length === 0) {
    turn.say(APPLICANT_MSG.none, [[APPLY_BUTTON], [MENU_BUTTON]]);
    return;
  }
  const { kb } = turn.deps.knowledge;
  const lines = apps.map((a) => `• ${a.code} — ${kb.supportById.get(a.supportId)?.shortTitle ?? a.supportId}: ${STATUS_LABEL[a.status]}`);
  turn.say([APPLICANT_MSG.listTitle, ...lines, "", APPLICANT_MSG.pickOne].join("\n"), [
    ...apps.slice(-8).map((a) => [{ label: a.code, data: BUTTON.application.data(a.code), kind: "choice" as const }]),
    [MENU_BUTTON],
  ]);
}

async function showOne(turn: Turn, code: string): Promise<void> {
  const app = await ownApplication(turn, code);
  if (!app) {
    turn.say(APPLICANT_MSG.notYours(code.toUpperCase()));
    return showMyApplications(turn);
  }
  turn.setState({ name: "my-applications" });
  const buttons: Button[][] = [];
  if (app.status === "needs-info") buttons.push([{ label: LABEL.sendSupplement, data: BUTTON.supplement.data(app.code), kind: "choice" }]);
  buttons.push([{ label: LABEL.letter, data: BUTTON.letter.data(app.code), kind: "choice" }]);
  if (canMove(app.status, "withdrawn")) buttons.push([{ label: LABEL.withdraw, data: BUTTON.withdraw.data({ code: app.code, confirmed: false }), kind: "choice" }]);
  buttons.push([MY_APPLICATIONS_BUTTON, MENU_BUTTON]);
  turn.say([applicationSummary(app, turn.deps.knowledge.kb, turn.now), "", APPLICANT_MSG.history, ...historyLines(app, "applicant")].join("\n"), buttons);
}

/** "📄 Tải đơn": the request letter made from the application as stored now (a correction shows). */
async function sendLetter(turn: Turn, code: string): Promise<void> {
  const app = await ownApplication(turn, code);
  if (!app) return showMyApplications(turn);
  turn.say(DOCUMENT_MSG.letterFor(app.code), [[MY_APPLICATIONS_BUTTON, MENU_BUTTON]]);
  turn.attach({ kind: "request-letter", code: app.code });
}

async function withdraw(turn: Turn, code: string): Promise<void> {
  const app = await ownApplication(turn, code);
  if (!app) return showMyApplications(turn);
  const result = await changeStatus(turn.deps.store, { code: app.code, to: "withdrawn", by: APPLICANT, at: turn.now });
  if (!result.ok) {
    turn.say(result.reason);
    return showOne(turn, code);
  }
  await notifyOfficers(turn.deps, [{ text: APPLICANT_MSG.withdrawnToOfficers(app.code) }], provinceOfApplication(app));
  turn.say(APPLICANT_MSG.withdrawn(app.code));
  turn.goTo({ to: "menu" });
}

/** The applicant's supplement (text, photo or file): recorded as theirs, status unchanged, officers told. */
async function supplement(turn: Turn, code: string, sent: { text?: string; attachment?: Attachment }): Promise<void> {
  const app = await ownApplication(turn, code);
  if (!app) return showMyApplications(turn);
  const attachment = sent.attachment ? { ...sent.attachment } : undefined;
  const result = await addSupplement(turn.deps.store, { code: app.code, note: sent.text, attachment, at: turn.now });
  if (!result.ok) {
    turn.say(result.reason);
    return showMyApplications(turn);
  }
  await notifyOfficers(turn.deps, [{ text: APPLICANT_MSG.supplementToOfficers(app.code, sent.text, attachment) }], provinceOfApplication(app));
  turn.say(APPLICANT_MSG.supplementSent(app.code), [
    [{ label: LABEL.sendMore, data: BUTTON.supplement.data(app.code), kind: "choice" }],
    [MY_APPLICATIONS_BUTTON, MENU_BUTTON],
  ]);
  turn.setState({ name: "my-applications" });
}

export const myApplicationsFlow: Flow = {
  states: ["my-applications", "withdraw-confirm", "supplement"],
  buttons: [BUTTON.application, BUTTON.withdraw, BUTTON.supplement, BUTTON.letter],
  prompt: (turn) => {
    const state = turn.session.state;
    if (state.name === "supplement") {
      turn.say(APPLICANT_MSG.supplementAsk(state.code));
      return;
    }
    return showMyApplications(turn);
  },
  onButton: async (turn, data) => {
    const shown = BUTTON.application.read(data);
    if (shown !== undefined) return showOne(turn, shown);
    const letter = BUTTON.letter.read(data);
    if (letter !== undefined) return sendLetter(turn, letter);
    const supplemented = BUTTON.supplement.read(data);
    if (supplemented !== undefined) {
      if (!(await ownApplication(turn, supplemented))) return showMyApplications(turn);
      turn.setState({ name: "supplement", code: supplemented });
      return myApplicationsFlow.prompt(turn);
    }
    const withdrawal = BUTTON.withdraw.read(data);
    if (!withdrawal) return showMyApplications(turn);
    const { code } = withdrawal;
    if (withdrawal.confirmed) return withdraw(turn, code);
    if (!(await ownApplication(turn, code))) return showMyApplications(turn);
    turn.setState({ name: "withdraw-confirm", code });
    turn.say(APPLICANT_MSG.confirmWithdraw(code), [
      [{ label: LABEL.confirmWithdraw, data: BUTTON.withdraw.data({ code, confirmed: true }), kind: "choice" }],
      [{ label: LABEL.no, data: BUTTON.application.data(code), kind: "choice" }],
    ]);
  },
  onText: async (turn, text) => {
    const state = turn.session.state;
    if (state.name === "supplement") {
      await supplement(turn, state.code, { text });
      return true;
    }
    return false;
  },
  onAttachment: async (turn, attachment) => {
    const state = turn.session.state;
    if (state.name !== "supplement") return false;
    if (attachment.sizeBytes !== undefined && attachment.sizeBytes > MAX_ATTACHMENT_BYTES) {
      turn.say(APPLICANT_MSG.attachmentTooBig);
      return true;
    }
    await supplement(turn, state.code, { attachment });
    return true;
  },
};

/** "xem KC-2026-000001" or a bare code typed by an applicant: shows it if it is theirs. */
export async function applicantCodeLookup(turn: Turn, text: string): Promise<boolean> {
  const match = CODE_PATTERN.exec(text);
  if (!match || text.length > 40) return false;
  await showOne(turn, match[0]);
  return true;
}
