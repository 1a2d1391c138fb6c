import type { Funds, ProvinceInfo } from "./province-schema.ts";
import type { Eligibility, Faq, Glossary, Procedure, Province, SmallTalk, Source, Support } from "./schema.ts";

/** One searchable answer: a FAQ entry, or a support rendered as an answer. */
export interface Topic {
  id: string;
  kind: "faq" | "support";
  title: string;
  /** Short label for buttons. */
  shortTitle: string;
  questions: string[];
  /** How owners actually asked it (knowledge/owner-questions.yaml): searched like variants, at a lower weight. */
  examples: string[];
  keywords: string[];
  answer: string;
  sources: Source[];
  caveat?: string;
  /**
   * Topics answering the same thing share a family (a support and its FAQ
   * entries on the same point, near-duplicates): they never compete for the
   * margin. The family id is a topic id.
   */
  family: string;
  /** A FAQ entry explaining how an estimate is computed (knowledge `explainsEstimate`). */
  explainsEstimate?: boolean;
  /** The support this topic leads to (itself for a support topic). */
  supportId?: string;
  related: string[];
  /** Rank among what owners ask most (1 = most asked), when set in knowledge/. */
  popularity?: number;
  lastChecked: string;
  /** The file the entry came from, for officers tracing an answer. */
  file: string;
}

export interface KnowledgeBase {
  supports: Support[];
  faqs: Faq[];
  eligibility: Eligibility;
  procedure: Procedure;
  provinces: Province[];
  /** The general topics a question naming a province is answered with from that province's data (knowledge/provinces.yaml `topics`). */
  provinceTopics: { centre: string; levels: string; centreRelated: string[]; levelsRelated: string[] };
  glossary: Glossary;
  topics: Topic[];
  topicById: Map<string, Topic>;
  /** Merged topics: old id → the topic that now answers it (from knowledge/renamed.yaml). */
  renamed: Map<string, string>;
  /** Small talk and stray messages, answered briefly and never logged as unanswered. */
  smallTalk: SmallTalk[];
  supportById: Map<string, Support>;
  /** Each province's centre, levels and deadlines (knowledge/provinces/), by province id; every one of the 34 has an entry. */
  provinceInfo: Map<string, ProvinceInfo>;
  /** What is said beside the levels of each fund (knowledge/funds.yaml). */
  funds: Funds;
}

/** One problem found in the knowledge base, located by file and entry id. */
export interface KbProblem {
  file: string;
  entryId?: string;
  message: string;
}
