import { maskId } from "../logger.ts";
import { StorageUnavailableError } from "../domain/storage.ts";
import type { Engine } from "./contract.ts";
import { globalIntent, matchOffered, type GlobalIntent } from "./input.ts";
import { buttonKindOf, type ButtonKindInfo } from "./button-data.ts";
import { MSG } from "./messages.ts";
import { sessionKey, type Session } from "./session.ts";
import { Turn, type EngineDeps, type Flow, type Next, type TurnDeps } from "./turn.ts";
import type { Inbound, Reply } from "./types.ts";
import { askedTopicCounts } from "./asked-topics.ts";
import { menuFlow, showMenu } from "./flows/menu.ts";
import { answerQuestion, qaFlow } from "./flows/qa.ts";
import { contactFlow, startContact } from "./flows/contact.ts";
import { eligibilityFlow, startEligibility } from "./flows/eligibility.ts";
import { formFlow, startForm, cancelForm, continueDraftFromMenu } from "./flows/form.ts";
import { myApplicationsFlow, showMyApplications } from "./flows/my-applications.ts";
import { officerCommand, officerFlow, webSignInCommand } from "./flows/officer.ts";
import { askForget, myDataFlow, showMyData } from "./flows/my-data.ts";

const FLOWS: Flow[] = [menuFlow, qaFlow, contactFlow, eligibilityFlow, formFlow, myApplicationsFlow, officerFlow, myDataFlow];

// A kind of button belongs to one flow: two flows claiming one would send presses to the wrong one.
for (const [i, flow] of FLOWS.entries()) {
  const taken = FLOWS.slice(0, i).flatMap((f) => f.buttons);
  const clash = flow.buttons.find((k) => taken.includes(k));
  if (clash) throw new Error(`button kind "${clash.prefix}" is claimed by two flows`);
}

export interface RunningEngine extends Engine {
  /** Waits for in-flight messages (graceful shutdown; storage writes what is pending when closed). */
  flush(): Promise<void>;
}

/**
 * The channel-agnostic conversation engine: one inbound in, replies out.
 * All state lives in the session. The engine keeps no queue of its own: one
 * user's turns run one after another because each is a storage transaction
 * holding the user's session key (`lockKey`), which the storage port orders
 * in this process and, on PostgreSQL, across instances. The order in which a
 * chat's replies are sent is the channels' (src/engine/keyed-queue.ts, per chat).
 */
export function createEngine(deps: EngineDeps): RunningEngine {
  const running = new Set<Promise<unknown>>();
  /** Counts a call until it settles, for flush(). */
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    const forget = () => void running.delete(work);
    work.then(forget, forget);
    return work;
  };
  const askedTopics = askedTopicCounts(deps.clock);
  // Floods are turned away by the channels on receipt (src/channels/flood-gate.ts), before any platform call.
  const turn = async (inbound: Inbound): Promise<Reply[]> => {
    const key = sessionKey(inbound.channel, inbound.userId);
    try {
      // Asked for before the first await, so that the turns queue on the lock in the order of the calls.
      return await deps.storage.transaction(
        async (store) => {
          // Each message starts in a turn of the event loop of its own, as one from the network does:
          // a caller handing over a burst in a loop (a backlog of updates, the benchmark) otherwise runs
          // one user's messages back to back as microtasks while other users wait.
          await new Promise((resolve) => setImmediate(resolve));
          return handleInOrder({ ...deps, store, askedTopics: () => askedTopics(store) }, key, inbound);
        },
        { lockKey: key },
      );
    } catch (error) {
      if (error instanceof StorageUnavailableError) {
        deps.logger.warn("engine", "storage unavailable", { user: maskId(key), kind: inbound.kind, error: error.message });
        return [{ text: MSG.storageUnavailable }];
      }
      deps.logger.error("engine", "message failed", { user: maskId(key), kind: inbound.kind, error: String((error as Error)?.stack ?? error) });
      return [{ text: MSG.apology }];
    }
  };
  const noteDelivered = (channel: Inbound["channel"], chatId: string, replies: Reply[]): Promise<void> => {
    const key = sessionKey(channel, chatId);
    const buttons = replies.at(-1)?.buttons?.flat() ?? [];
    if (buttons.length === 0) return Promise.resolve();
    return deps.storage.transaction(
      async (store) => {
        const session = await store.sessions.get(key);
        if (!session || session.state.name !== "menu") return;
        session.offered = buttons;
        await store.sessions.save(session);
      },
      { lockKey: key },
    );
  };
  return {
    handle: (inbound) => tracked(turn(inbound)),
    noteDelivered: (channel, chatId, replies) => tracked(noteDelivered(channel, chatId, replies)),
    async flush() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

/** One message inside its transaction: the session read, the flows run, the session written, all committed together. */
async function handleInOrder(deps: TurnDeps, key: string, inbound: Inbound): Promise<Reply[]> {
  // A webhook retried (to this instance or another) is answered once.
  if (inbound.updateId && !(await deps.store.updates.firstTime(inbound.channel, inbound.updateId))) return [];
  const session = await loadSession(deps, key, inbound);
  const turn = new Turn(deps, session, inbound);
  await dispatch(turn);
  await goNext(turn);
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
  if (!existing || !inbound.inGroup) session.chatId = inbound.chatId;
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

function flowOfButton(kind: ButtonKindInfo | undefined): Flow | undefined {
  return kind && FLOWS.find((f) => f.buttons.includes(kind));
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
      if (inbound.command === "web") return webSignInCommand(turn);
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
  // A returning owner at the menu who types what is plainly the draft's next answer goes on with the form.
  if (turn.session.state.name === "menu" && continueDraftFromMenu(turn, text)) return;
  if (flow.onText && (await flow.onText(turn, text))) return;
  if (await officerCommand(turn, text)) return;
  await answerQuestion(turn, text);
}

/** A button press, or a typed choice resolved to one. */
async function pressButton(turn: Turn, data: string): Promise<void> {
  const offered = turn.session.offered.some((b) => b.data === data);
  const kind = buttonKindOf(data);
  const flow = flowOfButton(kind);
  // Whether a press on an old message still counts is the kind's own rule (button-data.ts).
  if (!flow?.onButton || (!offered && !kind?.validWhenOld)) {
    turn.say(MSG.staleButton);
    return flowOfState(turn).prompt(turn);
  }
  await flow.onButton(turn, data);
}

/** Takes the user where the flow that handled the message sent them (a few hops at most: each start may send on once). */
async function goNext(turn: Turn): Promise<void> {
  for (let hops = 0; turn.next && hops < 4; hops++) {
    const next = turn.next;
    turn.next = undefined;
    await enter(turn, next);
  }
}

function enter(turn: Turn, next: Next): Promise<void> | void {
  switch (next.to) {
    case "menu":
      return showMenu(turn, { greet: next.greet ?? false });
    case "qa":
      return qaFlow.prompt(turn);
    case "eligibility":
      return startEligibility(turn);
    case "form":
      return startForm(turn, next.supportId ? { supportId: next.supportId } : {});
    case "my-applications":
      return showMyApplications(turn);
    case "contact":
      return startContact(turn);
  }
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
