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
  sent = 0;
  private phase: "start" | "qa-open" | "questions" | "elig-open" | "elig" | "form-open" | "form" | "submitted" | "done" = "start";
  private questionsLeft: number;
  private formAnswers = 0;
  private last: Reply[] = [];
  private readonly random: () => number;
  private readonly base: { channel: Channel; userId: string; chatId: string; displayName: string };

  constructor(
    readonly index: number,
    private readonly questions: Questions,
    private readonly peek: (key: string) => Session | undefined,
    options: { idPrefix?: string; plan?: Partial<UserPlan> } = {},
  ) {
    this.random = seededRandom(index * 7919 + 17);
    this.userId = `${options.idPrefix ?? "zu"}${index.toString(36).padStart(6, "0")}${Math.floor(this.random() * 1e9).toString(36)}`;
    this.key = `zalo:${this.userId}`;
    this.plan = { questions: this.random() < 0.5 ? 2 : 3, applies: index % 5 === 0, ...options.plan };
    this.questionsLeft = this.plan.questions;
    this.base = { channel: "zalo", userId: this.userId, chatId: this.userId, displayName: NAMES[index % NAMES.length] as string };
  }

  get done(): boolean {
    return this.phase === "done";
  }

  /** The next message to send, or undefined when the script is over. */
  next(): Step | undefined {
    if (this.sent > 80) return this.fail("more than 80 messages: the script is stuck");
    const step = this.decide();
    if (step) this.sent++;
    return step;
  }

  /** Records the replies to the last message. */
  onReplies(replies: Reply[]): void {
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
        const state = this.peek(this.key)?.state;
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
        const state = this.peek(this.key)?.state;
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
    return { kind, inbound: { ...this.base, messageId: `${this.userId}-${this.sent}`, ...payload } as Inbound };
  }

  private buttons(): Button[] {
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

  private fail(reason: string): undefined {
    this.failure ??= reason;
    this.phase = "done";
    return undefined;
  }
}
