import type { Session } from "../../src/engine/session.ts";
import type { Button, Channel, Inbound, InboundPayload, Reply } from "../../src/engine/types.ts";
import { SAMPLE_ANSWERS } from "../../test/support/sample-answers.ts";
import { seededRandom } from "./stats.ts";

/** What a simulated message is, for latency by kind. */
export type MessageKind = "start" | "menu-button" | "question" | "eligibility" | "apply-button" | "form-answer" | "submit";

export interface Step {
  inbound: Inbound;
  kind: MessageKind;
}

const NAMES = ["Chị Lan", "Anh Tuấn", "Cô Hoa", "Chú Bình", "Anh Minh", "Chị Thu", "Bác Sơn", "Em Linh", "Anh Dũng", "Chị Mai"];

export interface Questions {
  inScope: string[];
  outOfScope: string[];
}

/**
 * How the user reaches the bot: `engine` hands Inbounds to engine.handle (button
 * presses as buttons); `telegram` and `zalo` go through a webhook (Telegram
 * presses buttons, Zalo has none: the user types the option's number, or
 * "menu" first when the menu is not on screen).
 */
export type UserChannel = "engine" | "telegram" | "zalo";

export interface UserPlan {
  /** Number of questions asked in the Q&A (2 or 3). */
  questions: number;
  /** Whether this user fills and submits a full application. */
  applies: boolean;
  /** Stop in the middle of the form after this many answers (for building drafts). */
  stopFormAfter?: number;
}

/**
 * One simulated facility owner on Zalo, following a mixed script:
 * greeting and menu → Q&A with 2–3 questions (in scope and out of scope) →
 * the eligibility check by button presses → for one in five, the whole
 * application typed field by field (test/support/sample-answers.ts) and
 * submitted. The user waits for each
 * reply before sending the next message, and reads where it is from its
 * session (as test/engine/form.test.ts does).
 */
export class VirtualUser {
  readonly userId: string;
  readonly key: string;
  readonly plan: UserPlan;
  /** Application code received, if the user submitted. */
  code: string | undefined;
  /** Set when the script could not go on as expected. */
  failure: string | undefined;
  /** Set when a message got no reply and the user gave up (an instance killed under it). */
  interrupted: string | undefined;
  sent = 0;
  private phase: "start" | "qa-open" | "questions" | "elig-open" | "elig" | "form-open" | "form" | "submitted" | "done" = "start";
  private questionsLeft: number;
  private formAnswers = 0;
  private last: Reply[] = [];
  private readonly random: () => number;
  private readonly base: { channel: Channel; userId: string; chatId: string; displayName: string };
  private readonly via: UserChannel;
  /** The session as last peeked: its `offered` buttons are what is on screen after the last reply. */
  private session: Session | undefined;

  constructor(
    readonly index: number,
    private readonly questions: Questions,
    private readonly peek: (key: string) => Promise<Session | undefined>,
    options: { idPrefix?: string; plan?: Partial<UserPlan>; channel?: UserChannel; telegramIdBase?: number } = {},
  ) {
    this.random = seededRandom(index * 7919 + 17);
    this.via = options.channel ?? "engine";
    const channel: Channel = this.via === "telegram" ? "telegram" : "zalo";
    const suffix = Math.floor(this.random() * 1e9).toString(36);
    // Telegram user ids are numbers.
    this.userId = channel === "telegram" ? String((options.telegramIdBase ?? 7_000_000_000) + index) : `${options.idPrefix ?? "zu"}${index.toString(36).padStart(6, "0")}${suffix}`;
    this.key = `${channel}:${this.userId}`;
    this.plan = { questions: this.random() < 0.5 ? 2 : 3, applies: index % 5 === 0, ...options.plan };
    this.questionsLeft = this.plan.questions;
    this.base = { channel, userId: this.userId, chatId: this.userId, displayName: NAMES[index % NAMES.length] as string };
  }

  get done(): boolean {
    return this.phase === "done";
  }

  /** The next message to send, or undefined when the script is over. */
  async next(): Promise<Step | undefined> {
    if (this.sent > 80) return this.fail("more than 80 messages: the script is stuck");
    if (this.phase !== "start") this.session = await this.peek(this.key);
    const step = this.decide();
    if (step) this.sent++;
    return step;
  }

  /** Records the replies to the last message. */
  onReplies(replies: Reply[]): void {
    if (this.interrupted) return;
    this.last = replies;
    if (this.phase === "submitted") {
      const code = /KC-\d{4}-\d{6}/.exec(replies.map((r) => r.text).join("\n"))?.[0];
      if (!code) this.fail("no application code in the reply to the submission");
      else {
        this.code = code;
        this.phase = "done";
      }
    }
  }

  private decide(): Step | undefined {
    switch (this.phase) {
      case "start":
        this.phase = "qa-open";
        return this.make("start", { kind: "command", command: "start" });
      case "qa-open":
        this.phase = "questions";
        return this.make("menu-button", { kind: "button", data: "m:qa" });
      case "questions":
        if (this.questionsLeft > 0) {
          this.questionsLeft--;
          return this.make("question", { kind: "text", text: this.pickQuestion() });
        }
        this.phase = "elig-open";
        return this.decide();
      case "elig-open":
        this.phase = "elig";
        return this.make("menu-button", { kind: "button", data: "m:elig" });
      case "elig": {
        const state = this.session?.state;
        if (state?.name === "eligibility") {
          const options = this.buttons().filter((b) => b.data.startsWith("e:") && !b.data.startsWith("e:?"));
          if (options.length === 0) return this.fail(`no answer buttons for eligibility question ${state.questionId}`);
          return this.make("eligibility", { kind: "button", data: this.pick(options).data });
        }
        if (state?.name !== "eligibility-result") return this.fail(`expected the eligibility result, in state ${state?.name}`);
        if (!this.plan.applies) return this.finish();
        this.phase = "form-open";
        return this.decide();
      }
      case "form-open": {
        this.phase = "form";
        const apply = this.buttons().filter((b) => b.data.startsWith("a:"));
        if (apply.length > 0 && this.random() < 0.5) return this.make("apply-button", { kind: "button", data: this.pick(apply).data });
        return this.make("menu-button", { kind: "button", data: "m:form" });
      }
      case "form": {
        const state = this.session?.state;
        if (state?.name === "form") {
          if (this.plan.stopFormAfter !== undefined && this.formAnswers >= this.plan.stopFormAfter) return this.finish();
          this.formAnswers++;
          return this.make("form-answer", { kind: "text", text: SAMPLE_ANSWERS[state.fieldId] ?? "bỏ qua" });
        }
        if (state?.name === "form-review") {
          if (this.plan.stopFormAfter !== undefined) return this.finish();
          if (!this.buttons().some((b) => b.data === "f:submit")) return this.fail("the review offers no submit button");
          this.phase = "submitted";
          return this.make("submit", { kind: "button", data: "f:submit" });
        }
        return this.fail(`expected a form field, in state ${state?.name}`);
      }
      case "submitted":
      case "done":
        return undefined;
    }
  }

  private make(kind: MessageKind, payload: InboundPayload): Step {
    if (this.via === "zalo" && payload.kind === "button") payload = this.typed(payload.data);
    return { kind, inbound: { ...this.base, messageId: `${this.userId}-${this.sent}`, ...payload } as Inbound };
  }

  /** A button press as a Zalo user types it: the option's number, its label, or "menu" to bring the menu back. */
  private typed(data: string): InboundPayload {
    const offered = this.session?.offered ?? [];
    const button = offered.find((b) => b.data === data);
    if (!button) {
      // Not on screen (a menu button after an answer): ask for the menu and press again next time.
      if (data === "m:qa") this.phase = "qa-open";
      else if (data === "m:elig") this.phase = "elig-open";
      else if (data === "m:form" || data.startsWith("a:")) this.phase = "form-open";
      return { kind: "text", text: "menu" };
    }
    if (button.kind === "action") return { kind: "text", text: button.label };
    const number = offered.filter((b) => b.kind !== "action").indexOf(button) + 1;
    return { kind: "text", text: String(number) };
  }

  /** On screen: the last reply's buttons (through a webhook, the replies are text; the session keeps them). */
  private buttons(): Button[] {
    if (this.via !== "engine") return this.session?.offered ?? [];
    return this.last.flatMap((r) => r.buttons?.flat() ?? []);
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private pickQuestion(): string {
    const pool = this.random() < 0.15 ? this.questions.outOfScope : this.questions.inScope;
    return this.pick(pool);
  }

  private finish(): undefined {
    this.phase = "done";
    return undefined;
  }

  /** Ends the user without a failure of the script: its message got no reply (an instance was killed). */
  interrupt(reason: string): void {
    this.interrupted ??= reason;
    this.phase = "done";
  }

  private fail(reason: string): undefined {
    this.failure ??= reason;
    this.phase = "done";
    return undefined;
  }
}
