import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { loadKnowledgeBase } from "./load.ts";
import { KnowledgeSearch, type SearchThresholds } from "./search.ts";
import type { KnowledgeBase } from "./types.ts";

export interface Knowledge {
  kb: KnowledgeBase;
  search: KnowledgeSearch;
}

/** Search thresholds from config (chosen by `npm run eval`, see README). */
export function thresholdsFrom(config: Pick<Config, "SEARCH_ANSWER_SCORE" | "SEARCH_CLARIFY_SCORE" | "SEARCH_MIN_MARGIN">): SearchThresholds {
  return {
    answerScore: config.SEARCH_ANSWER_SCORE,
    clarifyScore: config.SEARCH_CLARIFY_SCORE,
    minMargin: config.SEARCH_MIN_MARGIN,
  };
}

/** Loads, validates and indexes the knowledge base named by config. */
export function openKnowledge(config: Pick<Config, "KNOWLEDGE_DIR" | "SEARCH_ANSWER_SCORE" | "SEARCH_CLARIFY_SCORE" | "SEARCH_MIN_MARGIN">): Knowledge {
  const kb = loadKnowledgeBase(resolve(config.KNOWLEDGE_DIR));
  return { kb, search: new KnowledgeSearch(kb, thresholdsFrom(config)) };
}
