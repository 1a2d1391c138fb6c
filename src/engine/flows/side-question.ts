import { answerCard } from "../../kb/answer-card.ts";
import type { Turn } from "../turn.ts";

/**
 * Answers a question typed in the middle of a flow without leaving it: only a
 * confident answer is given (a "did you mean" list would hijack the step).
 * Returns whether it answered; the caller then asks its step again.
 */
export function answerInPlace(turn: Turn, text: string): boolean {
  const result = turn.deps.knowledge.search.search(text, 1);
  const top = result.ranked[0];
  if (result.zone !== "answer" || !top) return false;
  turn.say(answerCard(turn.deps.knowledge.kb, top.topic).first);
  return true;
}
