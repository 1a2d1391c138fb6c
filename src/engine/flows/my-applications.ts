import { applicationSummary, historyLines } from "../../officer/summary.ts";
import { addSupplement, APPLICANT, changeStatus } from "../../officer/service.ts";
import { canMove, STATUS_LABEL } from "../../officer/status.ts";
import type { Application } from "../../domain/records.ts";
import { notifyOfficers } from "../notify.ts";
import { provinceOfApplication } from "../../officer/scope.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Attachment, Button } from "../types.ts";
import { APPLICANT_MSG } from "../messages.ts";
import { showMenu } from "./menu.ts";
import { DOCUMENT_MSG } from "../document-messages.ts";

const MENU_BUTTON: Button = { label: "🏠 Menu", data: "m:menu", kind: "action" };
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
    turn.say("Anh/chị chưa nộp hồ sơ nào.", [[{ label: "📝 Đăng ký đề án", data: "m:form", kind: "choice" }], [MENU_BUTTON]]);
    return;
  }
  const { kb } = turn.deps.knowledge;
  const lines = apps.map((a) => `• ${a.code} — ${kb.supportById.get(a.supportId)?.shortTitle ?? a.supportId}: ${STATUS_LABEL[a.status]}`);
  turn.say(["📂 Hồ sơ của anh/chị:", ...lines, "", "Chọn một hồ sơ để xem chi tiết."].join("\n"), [
    ...apps.slice(-8).map((a) => [{ label: a.code, data: `h:${a.code}`, kind: "choice" as const }]),
    [MENU_BUTTON],
  ]);
}

async function showOne(turn: Turn, code: string): Promise<void> {
  const app = await ownApplication(turn, code);
  if (!app) {
    turn.say(`Không tìm thấy hồ sơ ${code.toUpperCase()} trong các hồ sơ của anh/chị.`);
    return showMyApplications(turn);
  }
  turn.setState({ name: "my-applications" });
  const buttons: Button[][] = [];
  if (app.status === "needs-info") buttons.push([{ label: "📎 Gửi bổ sung", data: `s:${app.code}`, kind: "choice" }]);
  buttons.push([{ label: "📄 Tải đơn", data: `l:${app.code}`, kind: "choice" }]);
  if (canMove(app.status, "withdrawn")) buttons.push([{ label: "Rút hồ sơ", data: `w:${app.code}`, kind: "choice" }]);
  buttons.push([{ label: "📂 Hồ sơ của tôi", data: "m:mine", kind: "action" }, MENU_BUTTON]);
  turn.say([applicationSummary(app, turn.deps.knowledge.kb, turn.now), "", "Lịch sử:", ...historyLines(app, "applicant")].join("\n"), buttons);
}

/** "📄 Tải đơn": the request letter made from the application as stored now (a correction shows). */
async function sendLetter(turn: Turn, code: string): Promise<void> {
  const app = await ownApplication(turn, code);
  if (!app) return showMyApplications(turn);
  turn.say(DOCUMENT_MSG.letterFor(app.code), [[{ label: "📂 Hồ sơ của tôi", data: "m:mine", kind: "action" }, MENU_BUTTON]]);
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
  showMenu(turn, { greet: false });
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
    [{ label: "📎 Gửi thêm", data: `s:${app.code}`, kind: "choice" }],
    [{ label: "📂 Hồ sơ của tôi", data: "m:mine", kind: "action" }, MENU_BUTTON],
  ]);
  turn.setState({ name: "my-applications" });
}

export const myApplicationsFlow: Flow = {
  states: ["my-applications", "withdraw-confirm", "supplement"],
  prefixes: ["h:", "w:", "s:", "l:"],
  prompt: (turn) => {
    const state = turn.session.state;
    if (state.name === "supplement") {
      turn.say(APPLICANT_MSG.supplementAsk(state.code));
      return;
    }
    return showMyApplications(turn);
  },
  onButton: async (turn, data) => {
    const [prefix, rest = ""] = [data.slice(0, 2), data.slice(2)];
    if (prefix === "h:") return showOne(turn, rest);
    if (prefix === "l:") return sendLetter(turn, rest);
    if (prefix === "s:") {
      if (!(await ownApplication(turn, rest))) return showMyApplications(turn);
      turn.setState({ name: "supplement", code: rest });
      return myApplicationsFlow.prompt(turn);
    }
    if (rest.startsWith("yes:")) return withdraw(turn, rest.slice(4));
    if (!(await ownApplication(turn, rest))) return showMyApplications(turn);
    turn.setState({ name: "withdraw-confirm", code: rest });
    turn.say(`Anh/chị chắc chắn rút hồ sơ ${rest}? Sau khi rút, hồ sơ không được xét nữa.`, [
      [{ label: "Có, rút hồ sơ", data: `w:yes:${rest}`, kind: "choice" }],
      [{ label: "Không", data: `h:${rest}`, kind: "choice" }],
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

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** "xem KC-2026-000001" or a bare code typed by an applicant: shows it if it is theirs. */
export async function applicantCodeLookup(turn: Turn, text: string): Promise<boolean> {
  const match = CODE_PATTERN.exec(text);
  if (!match || text.length > 40) return false;
  await showOne(turn, match[0]);
  return true;
}
