import { maskId } from "../logger.ts";
import { StorageUnavailableError } from "../domain/storage.ts";
import type { Engine } from "./contract.ts";
import { globalIntent, matchOffered, type GlobalIntent } from "./input.ts";
import { KeyedQueue } from "./keyed-queue.ts";
import { MSG } from "./messages.ts";
import { sessionKey, type Session } from "./session.ts";
import { Turn, type EngineDeps, type Flow, type TurnDeps } from "./turn.ts";
import type { Inbound, Reply } from "./types.ts";
import { FloodGuard } from "./flood-guard.ts";
import { askedTopicCounts } from "./asked-topics.ts";
import { menuFlow, showMenu } from "./flows/menu.ts";
import { answerQuestion, qaFlow } from "./flows/qa.ts";
import { contactFlow, startContact } from "./flows/contact.ts";
import { eligibilityFlow, startEligibility } from "./flows/eligibility.ts";
import { formFlow, startForm, cancelForm } from "./flows/form.ts";
import { myApplicationsFlow, showMyApplications } from "./flows/my-applications.ts";
import { officerCommand, officerFlow } from "./flows/officer.ts";
import { askForget, myDataFlow, showMyData } from "./flows/my-data.ts";

const FLOWS: Flow[] = [menuFlow, qaFlow, contactFlow, eligibilityFlow, formFlow, myApplicationsFlow, officerFlow, myDataFlow];

// A button prefix belongs to one flow: two flows claiming one would send presses to the wrong one.
for (const [i, flow] of FLOWS.entries()) {
  const taken = FLOWS.slice(0, i).flatMap((f) => f.prefixes);
  const clash = flow.prefixes.find((p) => taken.includes(p));
  if (clash) throw new Error(`button prefix "${clash}" is claimed by two flows`);
}

export interface RunningEngine extends Engine {
  /** Waits for in-flight messages (graceful shutdown; storage writes what is pending when closed). */
  flush(): Promise<void>;
}

/**
 * The channel-agnostic conversation engine: one inbound in, replies out.
 * Ordering per user comes from a keyed queue; all state lives in the session.
 */
export function createEngine(deps: EngineDeps): RunningEngine {
  const queue = new KeyedQueue();
  const askedTopics = askedTopicCounts(deps.storage, deps.clock);
  const flood = new FloodGuard(deps.config.FLOOD_MAX_MESSAGES, deps.config.FLOOD_WINDOW_SECONDS * 1000);
  const handle = async (inbound: Inbound): Promise<Reply[]> => {
    const key = sessionKey(inbound.channel, inbound.userId);
    // The terminal is one local person at a keyboard or a script: no flood limit there.
    const verdict = inbound.channel === "terminal" ? "ok" : flood.check(key, deps.clock().getTime());
    if (verdict === "drop") return [];
    if (verdict === "warn") return [{ text: MSG.slowDown }];
    // In order per user in this process too, so that one user's burst holds one database connection, not one per message.
    return queue.run(key, async () => {
      // Each message starts in a turn of the event loop of its own, as one from the network does:
      // a caller handing over a burst in a loop (a backlog of updates, the benchmark) otherwise runs
      // one user's messages back to back as microtasks while other users wait.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return await deps.storage.transaction((store) => handleInOrder({ ...deps, store, askedTopics }, key, inbound), { lockKey: key });
      } catch (error) {
        if (error instanceof StorageUnavailableError) {
          deps.logger.warn("engine", "storage unavailable", { user: maskId(key), kind: inbound.kind, error: error.message });
          return [{ text: MSG.storageUnavailable }];
        }
        deps.logger.error("engine", "message failed", { user: maskId(key), kind: inbound.kind, error: String((error as Error)?.stack ?? error) });
        return [{ text: MSG.apology }];
      }
    });
  };
  const noteDelivered = (channel: Inbound["channel"], chatId: string, replies: Reply[]): Promise<void> => {
    const key = sessionKey(channel, chatId);
    const buttons = replies.at(-1)?.buttons?.flat() ?? [];
    if (buttons.length === 0) return Promise.resolve();
    return queue.run(key, () =>
      deps.storage.transaction(
        async (store) => {
          const session = await store.sessions.get(key);
          if (!session || session.state.name !== "menu") return;
          session.offered = buttons;
          await store.sessions.save(session);
        },
        { lockKey: key },
      ),
    );
  };
  return {
    handle,
    noteDelivered,
    flush: () => queue.idle(),
  };
}

/** One message inside its transaction: the session read, the flows run, the session written, all committed together. */
async function handleInOrder(deps: TurnDeps, key: string, inbound: Inbound): Promise<Reply[]> {
  // A webhook retried (to this instance or another) is answered once.
  if (inbound.updateId && !(await deps.store.updates.firstTime(inbound.channel, inbound.updateId))) return [];
  const session = await loadSession(deps, key, inbound);
  const turn = new Turn(deps, session, inbound);
  await dispatch(turn);
  const last = turn.replies.at(-1);
  session.offered = last?.buttons?.flat() ?? [];
  session.updatedAt = deps.clock().getTime();
  await deps.store.sessions.save(session, { durable: turn.mustPersist });
  return turn.replies;
}

async function loadSession(deps: TurnDeps, key: string, inbound: Inbound): Promise<Session> {
  const now = deps.clock().getTime();
  const existing = await deps.store.sessions.get(key);
  const session: Session = existing ?? {
    key,
    channel: inbound.channel,
    userId: inbound.userId,
    chatId: inbound.chatId,
    state: { name: "menu" },
    offered: [],
    eligibility: {},
    createdAt: now,
    updatedAt: now,
  };
  // Officers act from a group; their private chat stays the one recorded first.
  if (!existing || inbound.chatId === inbound.userId || inbound.channel !== "telegram") session.chatId = inbound.chatId;
  if (inbound.displayName) session.displayName = inbound.displayName.slice(0, 100);
  expireDraft(deps, session, now);
  return session;
}

function expireDraft(deps: TurnDeps, session: Session, now: number): void {
  const ttl = deps.config.DRAFT_TTL_DAYS * 24 * 3600 * 1000;
  if (session.draft && now - session.draft.updatedAt > ttl) {
    session.draft = undefined;
    if (session.state.name.startsWith("form")) session.state = { name: "menu" };
  }
}

function flowOfState(turn: Turn): Flow {
  return FLOWS.find((f) => f.states.includes(turn.session.state.name)) ?? menuFlow;
}

function flowOfButton(data: string): Flow | undefined {
  return FLOWS.find((f) => f.prefixes.some((p) => data.startsWith(p)));
}

async function dispatch(turn: Turn): Promise<void> {
  const { inbound, deps } = turn;
  switch (inbound.kind) {
    case "unsupported":
      turn.say(MSG.unsupported(MSG.unsupportedWhat(inbound.what)));
      return flowOfState(turn).prompt(turn);
    case "attachment": {
      const flow = flowOfState(turn);
      if (flow.onAttachment && (await flow.onAttachment(turn, inbound.attachment))) return;
      turn.say(MSG.unsupported(MSG.unsupportedWhat(inbound.attachment.type)));
      return flow.prompt(turn);
    }
    case "button":
      return pressButton(turn, inbound.data);
    case "command": {
      const intent = globalIntent(inbound.command);
      if (intent) return runIntent(turn, intent);
      turn.say(MSG.unknownCommand);
      return;
    }
    case "text": {
      // eslint-disable-next-line no-control-regex -- stripping control and bidi characters is the point
      const text = inbound.text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200e\u200f\u202a-\u202e]/g, "").trim();
      if (text.length > deps.config.MAX_MESSAGE_CHARS) {
        turn.say(MSG.tooLong(deps.config.MAX_MESSAGE_CHARS));
        return flowOfState(turn).prompt(turn);
      }
      if (text.length === 0) {
        turn.say(MSG.emptyText);
        return flowOfState(turn).prompt(turn);
      }
      return handleText(turn, text);
    }
  }
}

async function handleText(turn: Turn, text: string): Promise<void> {
  const flow = flowOfState(turn);
  const intent = globalIntent(text);
  if (intent) return runIntent(turn, intent);
  const chosen = matchOffered(text, turn.session.offered, flow.aliases?.(turn));
  if (chosen) return pressButton(turn, chosen.data);
  if (flow.onText && (await flow.onText(turn, text))) return;
  if (await officerCommand(turn, text)) return;
  await answerQuestion(turn, text);
}

/** A button press, or a typed choice resolved to one. */
async function pressButton(turn: Turn, data: string): Promise<void> {
  const offered = turn.session.offered.some((b) => b.data === data);
  const flow = flowOfButton(data);
  // Menu, topic and officer buttons stay valid on old messages; the rest only while offered.
  const alwaysValid = /^(m|t|o|a):/.test(data);
  if (!flow?.onButton || (!offered && !alwaysValid)) {
    turn.say(MSG.staleButton);
    return flowOfState(turn).prompt(turn);
  }
  await flow.onButton(turn, data);
}

async function runIntent(turn: Turn, intent: GlobalIntent): Promise<void> {
  switch (intent) {
    case "menu":
      return showMenu(turn, { greet: turn.inbound.kind === "command" && turn.inbound.command === "start" });
    case "help":
      turn.say(MSG.help(turn.deps.config.MAX_MESSAGE_CHARS));
      return flowOfState(turn).prompt(turn);
    case "about":
      turn.say(MSG.about);
      return flowOfState(turn).prompt(turn);
    case "cancel":
      return cancelCurrent(turn);
    case "officer":
      return startContact(turn);
    case "qa":
      return qaFlow.prompt(turn);
    case "eligibility":
      return startEligibility(turn);
    case "apply":
      return startForm(turn, {});
    case "mine":
      return showMyApplications(turn);
    case "mydata":
      return showMyData(turn);
    case "forget":
      return askForget(turn);
  }
}

function cancelCurrent(turn: Turn): void {
  const state = turn.session.state.name;
  if (state.startsWith("form")) return cancelForm(turn);
  if (state === "menu" || state === "clarify") {
    turn.setState({ name: "menu" });
    turn.say(MSG.nothingToCancel);
    return showMenu(turn, { greet: false });
  }
  turn.setState({ name: "menu" });
  turn.say(MSG.cancelled);
  showMenu(turn, { greet: false });
}
