import { foldVietnamese } from "../../kb/normalize.ts";
import { applicationSummary, historyLines, officerCommandHint } from "../../officer/summary.ts";
import { changeStatus } from "../../officer/service.ts";
import { NOTE_REQUIRED, parseStatus, STATUS_LABEL } from "../../officer/status.ts";
import type { ApplicationStatus } from "../../domain/records.ts";
import { MSG, OFFICER_MSG } from "../messages.ts";
import { answerContact } from "../../officer/contact-reply.ts";
import type { Flow, Turn } from "../turn.ts";
import { applicantCodeLookup } from "./my-applications.ts";
import { BUTTON, type OfficerAction } from "../button-data.ts";
import { officerActionButtons } from "../buttons.ts";
import { OFFICER_LIST_NEWEST } from "../../domain/limits.ts";
import { canActOnApplication, canSeeRecord, visibleApplications } from "../../officer/scope.ts";
import type { OfficerScope } from "../officers.ts";

/** The provinces this officer acts on (issue 17): a provincial officer sees and changes only their own. */
function scopeOf(turn: Turn): OfficerScope | undefined {
  return turn.deps.officers.scope(turn.inbound.channel, turn.inbound.userId);
}

const ACTIONS: Record<OfficerAction, ApplicationStatus> = { rcv: "received", inf: "needs-info", pro: "proposed", rej: "rejected" };
/** How many of the latest unanswered questions "cauhoi" shows. */
const RECENT_QUESTIONS = 10;
const OFFICER_WORDS = /^(ds|danh sach|xem|tiepnhan|tiep nhan|bosung|bo sung|dexuat|de xuat|khongdat|khong dat|traloi|tra loi|cauhoi|cau hoi)\b|^dang nhap web$/;

function officerName(turn: Turn): string {
  return OFFICER_MSG.officerName(turn.session.displayName, turn.inbound.userId);
}

async function applyStatus(turn: Turn, code: string, to: ApplicationStatus, note?: string): Promise<void> {
  const app = await turn.deps.store.applications.get(code);
  if (app && !canActOnApplication(scopeOf(turn), app)) {
    turn.setState({ name: "menu" });
    return turn.say(OFFICER_MSG.outOfScope(`Hồ sơ ${code}`));
  }
  const result = await changeStatus(turn.deps.store, { code, to, by: `${turn.inbound.channel}:${turn.inbound.userId} (${officerName(turn)})`, note, at: turn.now });
  turn.setState({ name: "menu" });
  if (!result.ok) return turn.say(`⛔ ${result.reason}`);
  turn.say(OFFICER_MSG.statusChanged(officerName(turn), code, STATUS_LABEL[to], note));
}

async function listCommand(turn: Turn, rest: string): Promise<void> {
  const status = rest ? parseStatus(rest) : undefined;
  const apps = visibleApplications(scopeOf(turn), await turn.deps.store.applications.list(status ? { status } : {}));
  const shown = apps.slice(-OFFICER_LIST_NEWEST);
  const { kb } = turn.deps.knowledge;
  turn.say(
    apps.length === 0
      ? OFFICER_MSG.noApplications
      : [OFFICER_MSG.listTitle(apps.length, status ? STATUS_LABEL[status] : undefined, apps.length > shown.length ? OFFICER_LIST_NEWEST : undefined), ...shown.map((a) => `• ${a.code} — ${String(a.answers.facilityName ?? "")} — ${kb.supportById.get(a.supportId)?.shortTitle ?? a.supportId}: ${STATUS_LABEL[a.status]}`)].join("\n"),
  );
}

async function showCommand(turn: Turn, code: string): Promise<void> {
  const app = await turn.deps.store.applications.get(code.toUpperCase());
  if (!app) return turn.say(OFFICER_MSG.noSuchApplication(code));
  if (!canActOnApplication(scopeOf(turn), app)) return turn.say(OFFICER_MSG.outOfScope(`Hồ sơ ${app.code}`));
  turn.say([applicationSummary(app, turn.deps.knowledge.kb, turn.now), "", OFFICER_MSG.history, ...historyLines(app), "", officerCommandHint(app.code)].join("\n"), officerActionButtons(app.code));
}

async function replyToContact(turn: Turn, id: string, text: string): Promise<void> {
  const contact = await turn.deps.store.contacts.get(id);
  if (contact && !canSeeRecord(scopeOf(turn), contact)) return turn.say(OFFICER_MSG.outOfScope(`Tin nhắn ${contact.id}`));
  const result = await answerContact(turn.deps.store, { id, text, at: turn.now, centreName: turn.deps.config.CENTRE_NAME });
  turn.say(result.ok ? OFFICER_MSG.replySent(result.contact.id) : result.reason);
}

async function questionLog(turn: Turn): Promise<void> {
  // A provincial officer's ten are their province's: read further back, then keep theirs.
  const scope = scopeOf(turn);
  const recent = (await turn.deps.store.questions.recent(scope?.all ? RECENT_QUESTIONS : 500)).filter((q) => canSeeRecord(scope, q)).slice(-RECENT_QUESTIONS);
  turn.say(recent.length === 0 ? OFFICER_MSG.noUnansweredQuestions : [OFFICER_MSG.unansweredQuestions(RECENT_QUESTIONS), ...recent.map((q) => `• ${q.text}`)].join("\n"));
}

/**
 * Officer commands typed in any chat: "ds [trạng thái]", "xem CODE",
 * "tiepnhan CODE", "bosung CODE ghi chú", "dexuat CODE", "khongdat CODE lý do",
 * "traloi MÃ nội dung", "cauhoi". Non-officers get the unknown-command reply,
 * except that anyone may look up their own application code.
 */
export async function officerCommand(turn: Turn, text: string): Promise<boolean> {
  const folded = foldVietnamese(text);
  if (!OFFICER_WORDS.test(folded)) return !turn.isOfficer && (await applicantCodeLookup(turn, text));
  if (!turn.isOfficer) {
    if (/^xem\b/.test(folded) && (await applicantCodeLookup(turn, text))) return true;
    turn.say(MSG.unknownCommand);
    return true;
  }
  const words = text.trim().split(/\s+/);
  const head = folded.split(" ");
  const twoWord = head.length > 1 && ["dang nhap", "danh sach", "tiep nhan", "bo sung", "de xuat", "khong dat", "tra loi", "cau hoi"].includes(`${head[0]} ${head[1]}`);
  const verb = twoWord ? `${head[0]}${head[1]}` : (head[0] as string);
  const args = words.slice(twoWord ? 2 : 1);
  const code = (args[0] ?? "").toUpperCase();
  const note = args.slice(1).join(" ");
  switch (verb) {
    case "dangnhap":
      webSignInCommand(turn);
      return true;
    case "ds":
    case "danhsach":
      await listCommand(turn, foldVietnamese(args.join(" ")));
      return true;
    case "xem":
      await showCommand(turn, code);
      return true;
    case "tiepnhan":
      await applyStatus(turn, code, "received", note || undefined);
      return true;
    case "bosung":
      await applyStatus(turn, code, "needs-info", note || undefined);
      return true;
    case "dexuat":
      await applyStatus(turn, code, "proposed", note || undefined);
      return true;
    case "khongdat":
      await applyStatus(turn, code, "rejected", note || undefined);
      return true;
    case "traloi":
      await replyToContact(turn, args[0] ?? "", note);
      return true;
    default:
      await questionLog(turn);
      return true;
  }
}

/**
 * "/web" or "đăng nhập web": a one-time link to the officers' web page, in a
 * private chat only (a link in a group could be opened by anyone there).
 * Non-officers are told the command is unknown, as for every officer command.
 */
export function webSignInCommand(turn: Turn): void {
  if (!turn.isOfficer) return turn.say(MSG.unknownCommand);
  const web = turn.deps.webSignIn;
  if (!web) return turn.say(MSG.webSignInOff);
  if (turn.inbound.chatId !== turn.inbound.userId) return turn.say(MSG.webSignInGroup);
  const link = web.request({ channel: turn.inbound.channel, userId: turn.inbound.userId }, turn.now);
  turn.say(link.ok ? MSG.webSignInLink(link.url, link.minutes) : MSG.webSignInRateLimited);
}

export const officerFlow: Flow = {
  states: ["officer-note"],
  buttons: [BUTTON.officer],
  prompt: (turn) => {
    const state = turn.session.state;
    if (state.name === "officer-note") turn.say(OFFICER_MSG.askNote(state.code, STATUS_LABEL[state.status as ApplicationStatus]));
  },
  onButton: async (turn, data) => {
    if (!turn.isOfficer) return turn.say(MSG.unknownCommand);
    const press = BUTTON.officer.read(data);
    if (!press) return turn.say(MSG.unknownCommand);
    const { code } = press;
    const to = ACTIONS[press.action];
    if (NOTE_REQUIRED.has(to)) {
      turn.setState({ name: "officer-note", code, status: to });
      return officerFlow.prompt(turn);
    }
    await applyStatus(turn, code, to);
  },
  onText: async (turn, text) => {
    const state = turn.session.state;
    if (state.name !== "officer-note") return false;
    await applyStatus(turn, state.code, state.status as ApplicationStatus, text);
    return true;
  },
};
