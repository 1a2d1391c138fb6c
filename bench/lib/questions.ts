import { join } from "node:path";
import { loadEvalSet } from "../../src/kb/evaluate.ts";
import { ROOT_DIR } from "./child-io.ts";
import type { Questions } from "./virtual-user.ts";

export const EVAL_SET_PATH = join(ROOT_DIR, "test/fixtures/eval-questions.yaml");

/** The evaluation question set (test/fixtures/eval-questions.yaml): what the simulated users ask. */
export function loadQuestions(): Questions {
  const set = loadEvalSet(EVAL_SET_PATH);
  return { inScope: set.inScope.map((q) => q.q), outOfScope: set.outOfScope.map((q) => q.q) };
}
