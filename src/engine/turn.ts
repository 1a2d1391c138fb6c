import type { Config } from "../config.ts";
import type { Knowledge } from "../kb/index.ts";
import type { Logger } from "../logger.ts";
import type { Repositories, Storage } from "../domain/storage.ts";
import type { OfficerDirectory } from "./officers.ts";
import type { WebSignIn } from "./web-sign-in.ts";
import type { FlowState, Session } from "./session.ts";
import type { Attachment, Button, Inbound, Reply, ReplyDocument } from "./types.ts";
import type { ButtonKindInfo } from "./button-data.ts";

/** What the engine needs from the outside; tests pass their own clock. */
export interface EngineDeps {
  knowledge: Knowledge;
  storage: Storage;
  config: Config;
  officers: OfficerDirectory;
  logger: Logger;
  clock: () => Date;
  /** One-time links to the officers' web page (absent when the page is off). */
  webSignIn?: WebSignIn;
}

/** What a flow sees: the engine's dependencies, with storage as the message's own transaction. */
export type TurnDeps = Omit<EngineDeps, "storage"> & {
  store: Repositories;
  /** Questions per topic over recent months (cached; read within this transaction, see asked-topics.ts), most asked first in the Q&A prompt. */
  askedTopics: () => Promise<ReadonlyMap<string, number>>;
};

/**
 * One inbound message being handled: the session it changes and the replies
 * it produces. Flows receive a Turn and never touch the platform.
 */
export class Turn {
  readonly replies: Reply[] = [];
  /** Set when a form answer changed: the session is then written before replying. */
  mustPersist = false;

  constructor(
    readonly deps: TurnDeps,
    readonly session: Session,
    readonly inbound: Inbound,
  ) {}

  get now(): Date {
    return this.deps.clock();
  }

  get isOfficer(): boolean {
    return this.deps.officers.isOfficer(this.inbound.channel, this.inbound.userId);
  }

  say(text: string, buttons?: Button[][]): void {
    this.replies.push(buttons && buttons.length > 0 ? { text, buttons } : { text });
  }

  /** Asks the channel to deliver `documents` with the last reply (after its text). */
  attach(...documents: ReplyDocument[]): void {
    const last = this.replies.at(-1);
    if (last) last.documents = [...(last.documents ?? []), ...documents];
  }

  setState(state: FlowState): void {
    this.session.state = state;
  }

  /** Where the conversation goes once this flow is done; the dispatcher takes it there (flows never import each other to move on). */
  next: Next | undefined;

  goTo(next: Next): void {
    this.next = next;
  }
}

/** A place a flow can send the user to next: the start of another flow. */
export type Next =
  | { to: "menu"; greet?: boolean }
  | { to: "qa" }
  | { to: "eligibility" }
  | { to: "form"; supportId?: string }
  | { to: "my-applications" }
  | { to: "contact" };

/** A conversation flow: owns some states and kinds of button. */
export interface Flow {
  /** States (FlowState.name) this flow handles. */
  states: FlowState["name"][];
  /** The kinds of button this flow handles (BUTTON.eligibility for eligibility answers). */
  buttons: ButtonKindInfo[];
  /** Asks the current step again (after a side question, a stale button, unsupported input). */
  prompt(turn: Turn): Promise<void> | void;
  onButton?(turn: Turn, data: string): Promise<void> | void;
  /** Free text in this flow's state; return false to let the Q&A handle it as a question. */
  onText?(turn: Turn, text: string): Promise<boolean> | boolean;
  /** An attachment in this flow's state; return false for the unsupported-input reply. */
  onAttachment?(turn: Turn, attachment: Attachment): Promise<boolean> | boolean;
  /** Aliases typed for offered buttons (eligibility options' aliases), by button data. */
  aliases?(turn: Turn): Map<string, string[]>;
}
