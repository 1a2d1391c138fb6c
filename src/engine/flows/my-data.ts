import { applicableFields, formatValue } from "../../form/fields.ts";
import { parseYesNo } from "../../form/parsers/simple.ts";
import { STATUS_LABEL } from "../../officer/status.ts";
import { LABEL, MY_DATA_MSG } from "../messages.ts";
import { notifyOfficers } from "../notify.ts";
import type { Flow, Turn } from "../turn.ts";
import { BUTTON } from "../button-data.ts";
import { MENU_BUTTON } from "../buttons.ts";
import { formContext } from "./form-context.ts";


/**
 * What the store holds about this user beyond the session: submitted
 * applications, messages to officers, questions logged. Kept in one function,
 * the only storage reads of this flow.
 */
async function storedElsewhere(turn: Turn): Promise<{ applications: { code: string; status: string }[]; contacts: number; questions: number }> {
  const { store } = turn.deps;
  const { channel, userId } = turn.inbound;
  return {
    applications: (await store.applications.ofUser(channel, userId)).map((a) => ({ code: a.code, status: STATUS_LABEL[a.status] })),
    contacts: await store.contacts.countOfUser(channel, userId),
    questions: await store.questions.countOfUser(channel, userId),
  };
}

/** "Dữ liệu của tôi": everything stored about the user, in plain words. */
export async function showMyData(turn: Turn): Promise<void> {
  const { session } = turn;
  const lines = [MY_DATA_MSG.title, MY_DATA_MSG.account(session.channel, session.userId, session.displayName)];
  if (session.draft) {
    const ctx = formContext(turn);
    const answered = applicableFields(ctx).filter((f) => ctx.answers[f.id] !== undefined);
    lines.push("", MY_DATA_MSG.draft, ...answered.map((f) => `• ${f.label}: ${formatValue(f, ctx.answers[f.id]!, ctx)}`));
  }
  const eligibility = Object.keys(session.eligibility).length;
  if (eligibility > 0) lines.push("", MY_DATA_MSG.eligibility(eligibility));
  const elsewhere = await storedElsewhere(turn);
  if (elsewhere.applications.length > 0) lines.push("", MY_DATA_MSG.applications, ...elsewhere.applications.map((a) => `• ${a.code}: ${a.status}`));
  if (elsewhere.contacts > 0) lines.push("", MY_DATA_MSG.contacts(elsewhere.contacts));
  if (elsewhere.questions > 0) lines.push("", MY_DATA_MSG.questions(elsewhere.questions));
  lines.push("", MY_DATA_MSG.howToDelete);
  turn.setState({ name: "menu" });
  turn.say(lines.join("\n"), [[{ label: LABEL.deleteMyData, data: BUTTON.myData.data("ask"), kind: "choice" }], [MENU_BUTTON]]);
}

/** "Xoá dữ liệu": asks for confirmation first. */
export function askForget(turn: Turn): void {
  turn.setState({ name: "data-delete-confirm" });
  turn.say(MY_DATA_MSG.confirm, [
    [{ label: LABEL.confirmDelete, data: BUTTON.myData.data("yes"), kind: "choice" }],
    [{ label: LABEL.no, data: BUTTON.myData.data("no"), kind: "choice" }],
  ]);
}

/**
 * Deletes at once what lives only in the conversation (draft, eligibility
 * answers); what officers hold (applications, messages) is deleted by them, so
 * they are told which records and the command that deletes them.
 */
async function forget(turn: Turn): Promise<void> {
  const { session } = turn;
  const hadDraft = session.draft !== undefined;
  session.draft = undefined;
  session.eligibility = {};
  session.lastSupportId = undefined;
  turn.mustPersist = true;
  const elsewhere = await storedElsewhere(turn);
  const lines: string[] = [hadDraft ? MY_DATA_MSG.draftDeleted : MY_DATA_MSG.sessionCleared];
  if (elsewhere.applications.length > 0 || elsewhere.contacts > 0 || elsewhere.questions > 0) {
    const { channel, userId } = turn.inbound;
    await notifyOfficers(turn.deps, [{ text: MY_DATA_MSG.toOfficers(channel, userId, session.displayName, elsewhere.applications.map((a) => a.code), elsewhere.contacts, elsewhere.questions) }], turn.session.province);
    lines.push(MY_DATA_MSG.forwarded(elsewhere.applications.map((a) => a.code), turn.deps.config.OFFICER_REPLY_DAYS));
  }
  turn.say(lines.join("\n"));
  turn.goTo({ to: "menu" });
}

export const myDataFlow: Flow = {
  states: ["data-delete-confirm"],
  buttons: [BUTTON.myData],
  prompt: (turn) => askForget(turn),
  onButton: async (turn, data) => {
    const press = BUTTON.myData.read(data);
    if (press === "ask") return askForget(turn);
    if (turn.session.state.name !== "data-delete-confirm") return turn.goTo({ to: "menu" });
    if (press === "yes") return forget(turn);
    turn.say(MY_DATA_MSG.kept);
    turn.goTo({ to: "menu" });
  },
  onText: async (turn, text) => {
    const answer = parseYesNo(text);
    if (!answer.ok) {
      askForget(turn);
      return true;
    }
    if (answer.value) await forget(turn);
    else {
      turn.say(MY_DATA_MSG.kept);
      turn.goTo({ to: "menu" });
    }
    return true;
  },
};
