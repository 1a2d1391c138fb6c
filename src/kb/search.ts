import Fuse from "fuse.js";
import { foldVietnamese, GlossaryExpander, tokens } from "./normalize.ts";
import type { KnowledgeBase, Topic } from "./types.ts";

/**
 * Fuzzy search over the knowledge base with an honest confidence.
 *
 * Two signals are combined, because neither alone is both typo-tolerant and
 * able to say "this is not in the knowledge base":
 * - lexical: IDF-weighted overlap between the query words and each question
 *   variant (typos mapped onto the vocabulary with fuse.js), which drops when
 *   the query talks about things the knowledge base never mentions;
 * - fuzzy: fuse.js Bitap score of the whole query against titles, variants and
 *   keywords (weighted keys), which rewards near-verbatim phrasings.
 * The confidence is in [0, 1]; config thresholds split it into three zones.
 */

export type Zone = "answer" | "clarify" | "none";

export interface SearchThresholds {
  /** Confidence at or above which the top topic is answered directly. */
  answerScore: number;
  /** Confidence at or above which the closest topics are offered. */
  clarifyScore: number;
  /** Top-1 must lead top-2 by this much to be answered without asking. */
  minMargin: number;
}

export interface ScoredTopic {
  topic: Topic;
  score: number;
}

export interface SearchResult {
  zone: Zone;
  /** Best first; at most `limit` entries. */
  ranked: ScoredTopic[];
  /** The folded, expanded query, for logs and debugging. */
  normalized: string;
}

interface Variant {
  topicIndex: number;
  tokens: Set<string>;
  weight: number;
}

interface FuseRecord {
  topicIndex: number;
  title: string;
  questions: string[];
  keywords: string;
}

const TYPO_FUSE_THRESHOLD = 0.26;
const TYPO_WEIGHT = 0.8;
const FUZZY_SHARE = 0.3;

export class KnowledgeSearch {
  private readonly topics: Topic[];
  private readonly expander: GlossaryExpander;
  private readonly variants: Variant[] = [];
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  private readonly vocabulary: Fuse<string>;
  private readonly vocabularySet: Set<string>;
  private readonly fuzzy: Fuse<FuseRecord>;
  private readonly typoCache = new Map<string, string | null>();

  constructor(
    kb: Pick<KnowledgeBase, "topics" | "glossary">,
    private readonly thresholds: SearchThresholds,
  ) {
    this.topics = kb.topics;
    this.expander = new GlossaryExpander(kb.glossary);
    const topicTokens = this.topics.map(() => new Set<string>());
    const records: FuseRecord[] = [];
    this.topics.forEach((topic, topicIndex) => {
      const add = (text: string, weight: number) => {
        const set = new Set(this.contentTokens(this.normalize(text)));
        if (set.size === 0) return;
        set.forEach((t) => topicTokens[topicIndex]?.add(t));
        this.variants.push({ topicIndex, tokens: set, weight });
      };
      add(topic.title, 1);
      topic.questions.forEach((q) => add(q, 1));
      if (topic.keywords.length > 0) add(topic.keywords.join(" "), 0.9);
      topic.keywords.forEach((k) => add(k, 0.85));
      records.push({
        topicIndex,
        title: this.normalize(topic.title),
        questions: topic.questions.map((q) => this.normalize(q)),
        keywords: this.normalize(topic.keywords.join(" ")),
      });
    });
    const df = new Map<string, number>();
    for (const set of topicTokens) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
    const n = this.topics.length;
    for (const [t, count] of df) this.idf.set(t, Math.log(1 + n / count));
    this.unknownIdf = Math.log(1 + n / 0.5);
    this.vocabularySet = new Set(df.keys());
    this.vocabulary = new Fuse([...df.keys()], { includeScore: true, threshold: TYPO_FUSE_THRESHOLD, minMatchCharLength: 2 });
    this.fuzzy = new Fuse(records, {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.45,
      keys: [
        { name: "questions", weight: 3 },
        { name: "title", weight: 2 },
        { name: "keywords", weight: 1 },
      ],
    });
  }

  /** Folds diacritics, case and punctuation, then expands abbreviations and synonyms. */
  normalize(text: string): string {
    return this.expander.expand(foldVietnamese(text));
  }

  /** Searches; `limit` bounds the ranked list (alternatives shown to users). */
  search(query: string, limit = 3): SearchResult {
    const normalized = this.normalize(query.slice(0, 600));
    const queryTokens = this.queryTokens(normalized);
    if (queryTokens.length === 0) return { zone: "none", ranked: [], normalized };

    const lexical = this.lexicalScores(queryTokens);
    const fuzzy = this.fuzzyScores(normalized);
    const combined = this.topics.map((topic, i) => ({
      topic,
      score: (1 - FUZZY_SHARE) * (lexical[i] ?? 0) + FUZZY_SHARE * (fuzzy[i] ?? 0),
    }));
    combined.sort((a, b) => b.score - a.score);
    const ranked = combined.slice(0, limit).filter((r) => r.score > 0);
    return { zone: this.zoneOf(ranked), ranked, normalized };
  }

  private zoneOf(ranked: ScoredTopic[]): Zone {
    const top = ranked[0]?.score ?? 0;
    const second = ranked[1]?.score ?? 0;
    if (top >= this.thresholds.answerScore && top - second >= this.thresholds.minMargin) return "answer";
    if (top >= this.thresholds.clarifyScore) return "clarify";
    return "none";
  }

  /** Content tokens of normalised text: single letters carry no meaning here. */
  private contentTokens(normalized: string): string[] {
    return tokens(normalized).filter((t) => t.length > 1 || /\d/.test(t));
  }

  /** Query tokens mapped onto the vocabulary, typos corrected, each with its weight. */
  private queryTokens(normalized: string): { token: string; weight: number; known: boolean }[] {
    const seen = new Set<string>();
    const out: { token: string; weight: number; known: boolean }[] = [];
    for (const raw of this.contentTokens(normalized)) {
      const corrected = this.correct(raw);
      const token = corrected ?? raw;
      if (seen.has(token)) continue;
      seen.add(token);
      out.push({ token, weight: corrected === raw ? 1 : corrected ? TYPO_WEIGHT : 1, known: corrected !== null });
    }
    return out;
  }

  private correct(token: string): string | null {
    if (this.vocabularySet.has(token)) return token;
    const cached = this.typoCache.get(token);
    if (cached !== undefined) return cached;
    let result: string | null = null;
    if (token.length >= 4) {
      const best = this.vocabulary.search(token, { limit: 1 })[0];
      if (best && Math.abs(best.item.length - token.length) <= 2) result = best.item;
    }
    if (this.typoCache.size > 50_000) this.typoCache.clear();
    this.typoCache.set(token, result);
    return result;
  }

  /**
   * Per topic, the best variant's F-measure between query coverage (how much
   * of what the user said the variant explains) and variant coverage (how much
   * of the variant the user said), both IDF-weighted.
   */
  private lexicalScores(query: { token: string; weight: number; known: boolean }[]): number[] {
    const scores = new Array<number>(this.topics.length).fill(0);
    const idfOf = (q: { token: string; known: boolean }) => (q.known ? (this.idf.get(q.token) ?? 0) : this.unknownIdf);
    const queryMass = query.reduce((s, q) => s + idfOf(q), 0);
    if (queryMass === 0) return scores;
    const weightOf = new Map(query.map((q) => [q.token, q.weight]));
    for (const variant of this.variants) {
      let matchedQuery = 0;
      let variantMass = 0;
      let matchedVariant = 0;
      for (const t of variant.tokens) {
        const idf = this.idf.get(t) ?? 0;
        variantMass += idf;
        const w = weightOf.get(t);
        if (w !== undefined) {
          matchedVariant += idf;
          matchedQuery += idf * w;
        }
      }
      if (matchedQuery === 0 || variantMass === 0) continue;
      const qc = matchedQuery / queryMass;
      const vc = matchedVariant / variantMass;
      const f = ((1 + 0.5) * qc * vc) / (0.5 * vc + qc);
      const score = f * variant.weight;
      if (score > (scores[variant.topicIndex] ?? 0)) scores[variant.topicIndex] = score;
    }
    return scores;
  }

  private fuzzyScores(normalized: string): number[] {
    const scores = new Array<number>(this.topics.length).fill(0);
    for (const hit of this.fuzzy.search(normalized.slice(0, 96))) {
      scores[hit.item.topicIndex] = 1 - (hit.score ?? 1);
    }
    return scores;
  }
}
