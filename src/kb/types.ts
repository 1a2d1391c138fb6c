import type { Eligibility, Faq, Glossary, Procedure, Province, Source, Support } from "./schema.ts";

/** One searchable answer: a FAQ entry, or a support rendered as an answer. */
export interface Topic {
  id: string;
  kind: "faq" | "support";
  title: string;
  /** Short label for buttons. */
  shortTitle: string;
  questions: string[];
  keywords: string[];
  answer: string;
  sources: Source[];
  caveat?: string;
  /** The support this topic leads to (itself for a support topic). */
  supportId?: string;
  related: string[];
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
  glossary: Glossary;
  topics: Topic[];
  topicById: Map<string, Topic>;
  supportById: Map<string, Support>;
}

/** One problem found in the knowledge base, located by file and entry id. */
export interface KbProblem {
  file: string;
  entryId?: string;
  message: string;
}
