import type { FormContext } from "../../form/fields.ts";
import type { Turn } from "../turn.ts";

/** What the form's fields see of a turn: the knowledge base, the time, the draft's answers so far. */
export function formContext(turn: Turn): FormContext {
  return { kb: turn.deps.knowledge.kb, now: turn.now, answers: turn.session.draft?.answers ?? {} };
}
