import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { AnswerPolicy } from "./answer-policy.ts";
import { loadKnowledgeBase } from "./load.ts";
import { KnowledgeSearch, type SearchThresholds } from "./search.ts";
import type { KnowledgeBase } from "./types.ts";

type SearchConfigKey = "SEARCH_ANSWER_SCORE" | "SEARCH_CLARIFY_SCORE" | "SEARCH_MIN_MARGIN" | "SEARCH_LEAD_SCORE" | "SEARCH_LEAD_MARGIN" | "SEARCH_MIN_COVERAGE";

export interface Knowledge {
  kb: KnowledgeBase;
  search: KnowledgeSearch;
  /** Small talk, then answer / clarify / not found: what free text gets. */
  policy: AnswerPolicy;
}

/** Search thresholds from config (chosen by `npm run eval`, see README). */
export function thresholdsFrom(config: Pick<Config, SearchConfigKey>): SearchThresholds {
  return {
    answerScore: config.SEARCH_ANSWER_SCORE,
    clarifyScore: config.SEARCH_CLARIFY_SCORE,
    minMargin: config.SEARCH_MIN_MARGIN,
    leadScore: config.SEARCH_LEAD_SCORE,
    leadMargin: config.SEARCH_LEAD_MARGIN,
    minCoverage: config.SEARCH_MIN_COVERAGE,
  };
}

/** Loads, validates and indexes the knowledge base named by config. */
export function openKnowledge(config: Pick<Config, "KNOWLEDGE_DIR" | SearchConfigKey>): Knowledge {
  const kb = loadKnowledgeBase(resolve(config.KNOWLEDGE_DIR));
  const search = new KnowledgeSearch(kb, thresholdsFrom(config));
  return { kb, search, policy: new AnswerPolicy(kb, search) };
}
