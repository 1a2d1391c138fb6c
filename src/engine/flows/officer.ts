import { foldVietnamese } from "../../kb/normalize.ts";
import { applicationSummary, historyLines, officerCommandHint } from "../../officer/summary.ts";
import { changeStatus } from "../../officer/service.ts";
import { NOTE_REQUIRED, parseStatus, STATUS_LABEL } from "../../officer/status.ts";
import type { ApplicationStatus } from "../../domain/records.ts";
import { MSG } from "../messages.ts";
import { notifyUser } from "../notify.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Button } from "../types.ts";
import { applicantCodeLookup } from "./my-applications.ts";
import { canActOnApplication, canSeeRecord, visibleApplications } from "../../officer/scope.ts";
import type { OfficerScope } from "../officers.ts";

/** The provinces this officer acts on (issue 17): a provincial officer sees and changes only their own. */
function scopeOf(turn: Turn): OfficerScope | undefined {
  return turn.deps.officers.scope(turn.inbound.channel, turn.inbound.userId);
}

const outOfScope = (what: string) => `⛔ ${what} không thuộc tỉnh anh/chị phụ trách.`;

const ACTIONS: Record<string, ApplicationStatus> = { rcv: "received", inf: "needs-info", pro: "proposed", rej: "rejected" };
const OFFICER_WORDS = /^(ds|danh sach|xem|tiepnhan|tiep nhan|bosung|bo sung|dexuat|de xuat|khongdat|khong dat|traloi|tra loi|cauhoi|cau hoi)\b/;

/** The four review actions on an application, as buttons (Telegram) or numbered options (Zalo, terminal). */
export function officerActionButtons(code: string): Button[][] {
  return [
    [
      { label: "Tiếp nhận", data: `o:${code}:rcv`, kind: "choice" },
      { label: "Yêu cầu bổ sung", data: `o:${code}:inf`, kind: "choice" },
    ],
    [
      { label: "Đề xuất hỗ trợ", data: `o:${code}:pro`, kind: "choice" },
      { label: "Không đủ điều kiện", data: `o:${code}:rej`, kind: "choice" },
    ],
  ];
}

function officerName(turn: Turn): string {
  return turn.session.displayName ?? `cán bộ ${turn.inbound.userId}`;
}

async function applyStatus(turn: Turn, code: string, to: ApplicationStatus, note?: string): Promise<void> {
  const app = await turn.deps.store.applications.get(code);
  if (app && !canActOnApplication(scopeOf(turn), app)) {
    turn.setState({ name: "menu" });
    return turn.say(outOfScope(`Hồ sơ ${code}`));
  }
  const result = await changeStatus(turn.deps.store, { code, to, by: `${turn.inbound.channel}:${turn.inbound.userId} (${officerName(turn)})`, note, at: turn.now });
  turn.setState({ name: "menu" });
  if (!result.ok) return turn.say(`⛔ ${result.reason}`);
  turn.say(`✅ ${officerName(turn)} đã chuyển hồ sơ ${code} sang "${STATUS_LABEL[to]}"${note ? ` — ghi chú: ${note}` : ""}. Người nộp đã được báo.`);
}

async function listCommand(turn: Turn, rest: string): Promise<void> {
  const status = rest ? parseStatus(rest) : undefined;
  const apps = visibleApplications(scopeOf(turn), await turn.deps.store.applications.list(status ? { status } : {}));
  const shown = apps.slice(-20);
  const { kb } = turn.deps.knowledge;
  turn.say(
    apps.length === 0
      ? "Không có hồ sơ nào."
      : [`Có ${apps.length} hồ sơ${status ? ` "${STATUS_LABEL[status]}"` : ""}${apps.length > shown.length ? ` (20 hồ sơ mới nhất)` : ""}:`, ...shown.map((a) => `• ${a.code} — ${String(a.answers.facilityName ?? "")} — ${kb.supportById.get(a.supportId)?.shortTitle ?? a.supportId}: ${STATUS_LABEL[a.status]}`)].join("\n"),
  );
}

async function showCommand(turn: Turn, code: string): Promise<void> {
  const app = await turn.deps.store.applications.get(code.toUpperCase());
  if (!app) return turn.say(`Không có hồ sơ ${code}.`);
  if (!canActOnApplication(scopeOf(turn), app)) return turn.say(outOfScope(`Hồ sơ ${app.code}`));
  turn.say([applicationSummary(app, turn.deps.knowledge.kb, turn.now), "", "Lịch sử:", ...historyLines(app), "", officerCommandHint(app.code)].join("\n"), officerActionButtons(app.code));
}

async function replyToContact(turn: Turn, id: string, text: string): Promise<void> {
  const contact = await turn.deps.store.contacts.get(id);
  if (!contact) return turn.say(`Không có tin nhắn mã ${id}.`);
  if (!canSeeRecord(scopeOf(turn), contact)) return turn.say(outOfScope(`Tin nhắn ${contact.id}`));
  if (!text) return turn.say(`Gõ: traloi ${contact.id} <nội dung trả lời>`);
  await turn.deps.store.contacts.answer(contact.id, text, turn.now.toISOString());
  await notifyUser(turn.deps, contact.channel, contact.chatId, [{ text: `💬 Cán bộ ${turn.deps.config.CENTRE_NAME} trả lời tin nhắn ${contact.id} của anh/chị:\n${text}` }]);
  turn.say(`Đã gửi câu trả lời cho tin nhắn ${contact.id}.`);
}

async function questionLog(turn: Turn): Promise<void> {
  // A provincial officer's ten are their province's: read further back, then keep theirs.
  const scope = scopeOf(turn);
  const recent = (await turn.deps.store.questions.recent(scope?.all ? 10 : 500)).filter((q) => canSeeRecord(scope, q)).slice(-10);
  turn.say(recent.length === 0 ? "Chưa có câu hỏi nào chưa trả lời được." : ["10 câu hỏi gần nhất bot chưa trả lời chắc chắn:", ...recent.map((q) => `• ${q.text}`)].join("\n"));
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
  const twoWord = head.length > 1 && ["danh sach", "tiep nhan", "bo sung", "de xuat", "khong dat", "tra loi", "cau hoi"].includes(`${head[0]} ${head[1]}`);
  const verb = twoWord ? `${head[0]}${head[1]}` : (head[0] as string);
  const args = words.slice(twoWord ? 2 : 1);
  const code = (args[0] ?? "").toUpperCase();
  const note = args.slice(1).join(" ");
  switch (verb) {
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

export const officerFlow: Flow = {
  states: ["officer-note", "officer-reply"],
  prefixes: ["o:"],
  prompt: (turn) => {
    const state = turn.session.state;
    if (state.name === "officer-note") turn.say(`Nhập ghi chú gửi người nộp cho hồ sơ ${state.code} (trạng thái "${STATUS_LABEL[state.status as ApplicationStatus]}"), hoặc "huỷ".`);
  },
  onButton: async (turn, data) => {
    if (!turn.isOfficer) return turn.say(MSG.unknownCommand);
    const [, code = "", action = ""] = data.split(":");
    const to = ACTIONS[action];
    if (!to) return turn.say(MSG.unknownCommand);
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
