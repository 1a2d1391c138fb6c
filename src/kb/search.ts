import Fuse from "fuse.js";
import { TrigramIndex } from "./char-ngrams.ts";
import { TypoCorrector } from "./edit-distance.ts";
import { foldVietnamese, GlossaryExpander, tokens, undoTelex } from "./normalize.ts";
import { STOPWORDS } from "./stopwords.ts";
import type { KnowledgeBase, Topic } from "./types.ts";

/**
 * Fuzzy search over the knowledge base with an honest confidence.
 *
 * Two signals are combined (a third is kept for tuning), because none alone is
 * both typo-tolerant and able to say "this is not in the knowledge base":
 * - lexical: IDF-weighted overlap between the query words and each question
 *   variant (typos and Telex leftovers mapped onto the vocabulary), which drops
 *   when the query talks about things the knowledge base never mentions;
 * - trigram: character-trigram similarity to the closest variant, for what
 *   happens inside a word;
 * - fuzzy (off by default, `fuzzyShare` 0): fuse.js Bitap score of a short
 *   query against titles and keywords. Even over titles only it cost 5–17 ms of
 *   CPU for some 20–32-character queries, the whole of the search's p99, and
 *   turning it off changed the tuning set's figures by a few tenths of a point
 *   (answered right 84.4 → 84.7 %, wrong 0.5 → 0.5 %, out of scope 99 → 98 %).
 * The confidence is in [0, 1]; the answer policy (decideZone) turns it, the
 * margin over another family and the coverage into answer / clarify / none.
 */

export type Zone = "answer" | "clarify" | "none";

export interface SearchThresholds {
  /** Confidence at or above which the top topic is answered directly. */
  answerScore: number;
  /** Confidence at or above which the closest topics are offered. */
  clarifyScore: number;
  /** Top-1 must lead the best topic of another family by this much to be answered without asking. */
  minMargin: number;
  /** A lower confidence that is still answered directly when the lead is clear (`leadMargin`) and the topic explains the question (`minCoverage`). */
  leadScore: number;
  leadMargin: number;
  /** Share of the question the top topic's vocabulary must explain to be answered at `leadScore`. */
  minCoverage: number;
}

export interface ScoredTopic {
  topic: Topic;
  score: number;
}

/** What the answer/clarify/not-found decision is made from, measured on the ranking. */
export interface AnswerFeatures {
  /** Confidence of the best topic. */
  score: number;
  /** Lead of the best topic over the best topic of another family (see `familyOf`). */
  margin: number;
  /** Share of the query's IDF mass that the best topic's vocabulary explains. */
  coverage: number;
  /** Share of the query's IDF mass in words the knowledge base never uses. */
  unknown: number;
}

export interface SearchResult {
  zone: Zone;
  features: AnswerFeatures;
  /** Best first; at most `limit` entries. */
  ranked: ScoredTopic[];
  /** The folded, expanded query, for logs and debugging. */
  normalized: string;
}

interface Variant {
  topicIndex: number;
  weight: number;
  /** Sum of its terms' weighted IDF, set once the IDF is known. */
  mass: number;
}

/**
 * Per term, a list of (index, value) pairs in two flat arrays (compressed
 * rows): one allocation for all terms rather than objects or small typed
 * arrays per term, which had made building the index mostly garbage collection.
 */
class PostingLists {
  private readonly rows = new Map<string, number>();
  private readonly offsets: Int32Array;
  readonly indexes: Int32Array;
  readonly values: Float64Array;

  /** Parallel arrays: the i-th pair (indexes[i], values[i]) belongs to terms[i]. */
  constructor(terms: string[], indexes: number[], values: number[]) {
    const counts: number[] = [];
    const rowOf = terms.map((t) => {
      let row = this.rows.get(t);
      if (row === undefined) {
        row = this.rows.size;
        this.rows.set(t, row);
        counts.push(0);
      }
      counts[row] = (counts[row] as number) + 1;
      return row;
    });
    this.offsets = new Int32Array(counts.length + 1);
    for (let r = 0; r < counts.length; r++) this.offsets[r + 1] = (this.offsets[r] as number) + (counts[r] as number);
    const fill = this.offsets.slice(0, counts.length);
    this.indexes = new Int32Array(terms.length);
    this.values = new Float64Array(terms.length);
    rowOf.forEach((row, i) => {
      const at = fill[row] as number;
      fill[row] = at + 1;
      this.indexes[at] = indexes[i] as number;
      this.values[at] = values[i] as number;
    });
  }

  /** [start, end) of a term's pairs, or an empty range. */
  range(term: string): [number, number] {
    const row = this.rows.get(term);
    return row === undefined ? [0, 0] : [this.offsets[row] as number, this.offsets[row + 1] as number];
  }
}

interface FuseRecord {
  topicIndex: number;
  title: string;
  keywords: string;
}

/** Scoring weights, chosen with `npm run eval` (see scripts/tune-search.ts); exposed for tuning only. */
export interface ScoringWeights {
  /** Weight of an owner's question (knowledge/owner-questions.yaml) beside a written variant (1). */
  exampleWeight: number;
  /** Share of the fuse.js whole-question score in the confidence. */
  fuzzyShare: number;
  /** Share of topic-vocabulary coverage of the query (vs the best single variant's F-measure). */
  topicShare: number;
  /** Weight of a query word missing from the vocabulary, relative to the rarest known word. */
  unknownWeight: number;
  /** Weight of words that occur only in an answer text, in topic coverage. */
  answerWordWeight: number;
  /** In a message of several sentences, extra weight of the words of the sentence that asks. */
  questionEmphasis: number;
  /**
   * In a message of several sentences, the emphasis of the asking sentence's
   * words for ranking only: the topics are ordered by this reading, while the
   * confidence (score, margin over another family, coverage) is measured on the
   * `questionEmphasis` reading of that order. A strong emphasis finds the topic
   * of a story's question more often but scores a wrong topic as confidently as
   * a right one; so it picks, and the plain reading judges (a top topic that
   * does not lead there has no margin). Absent or equal to `questionEmphasis`:
   * one reading. 4 chosen by scripts/tune-ranking.ts --axes rankEmphasis
   * (5-fold cross-validation, nested): long messages answered right 78.3 →
   * 79.4 %, wrong 1.5 → 1.8 % (short messages 2.0 %), best topic right
   * 89.7 → 91.5 %; short messages and out-of-scope answers unchanged.
   */
  rankEmphasis?: number;
  /** Weight of a two-syllable term (Vietnamese words are mostly two syllables) relative to its IDF. */
  bigramWeight: number;
  /** Weight of a function word ("thì", "rồi", "nhé"), relative to its IDF. */
  stopwordWeight: number;
  /** Share of the character-trigram similarity to the closest variant in the confidence. */
  trigramShare: number;
}

/** Owners' examples longer than this are stories: only their question is indexed. */
const LONG_EXAMPLE_CHARS = 100;

export const DEFAULT_WEIGHTS: ScoringWeights = { exampleWeight: 0.85, fuzzyShare: 0, topicShare: 0.45, unknownWeight: 0.6, answerWordWeight: 0.6, questionEmphasis: 1.5, bigramWeight: 0.3, stopwordWeight: 0.3, trigramShare: 0.3, rankEmphasis: 4 };

const TYPO_WEIGHT = 0.8;
const FUZZY_MAX_CHARS = 32;

export class KnowledgeSearch {
  private readonly topics: Topic[];
  private readonly expander: GlossaryExpander;
  private readonly variants: Variant[] = [];
  /** Term → the variants holding it: a query only visits the variants it shares a term with. */
  private readonly postings: PostingLists;
  /** Per topic: each word it knows, weighted 1 (titles, variants, keywords) or less (answer text only). */
  private readonly topicWords: Map<string, number>[];
  /** Term → the topics whose vocabulary holds it, with its weight there: coverage visits only those. */
  private readonly topicPostings: PostingLists;
  /** Per variant, its topic and weight, flat for the per-query loops. */
  private readonly variantTopic: Int32Array;
  private readonly variantWeight: Float64Array;
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly typos: TypoCorrector;
  /** Built only when `fuzzyShare` > 0 (tuning): Bitap over titles cost up to 10 ms a query. */
  private readonly fuzzy?: Fuse<FuseRecord>;
  private readonly typoCache = new Map<string, string | null>();
  private readonly trigrams: TrigramIndex;
  /**
   * Per-variant sums of the search in progress, zeroed again as they are read:
   * two arrays per query had been a steady stream of off-heap garbage that
   * the garbage collector frees late.
   */
  private readonly matchedQuery: Float64Array;
  private readonly matchedVariant: Float64Array;
  /** Per-topic arrays of the search in progress, overwritten by each search. */
  private readonly lexical: Float64Array;
  private readonly coverage: Float64Array;
  private readonly trigram: Float64Array;
  private readonly combined: Float64Array;
  private readonly touched: Int32Array;

  constructor(
    kb: Pick<KnowledgeBase, "topics" | "glossary">,
    private readonly thresholds: SearchThresholds,
    private readonly weights: ScoringWeights = DEFAULT_WEIGHTS,
  ) {
    this.topics = kb.topics;
    this.expander = new GlossaryExpander(kb.glossary);
    const records: FuseRecord[] = [];
    // Each variant's text and terms are needed only to build the indexes below.
    const variantTexts: string[] = [];
    const variantTerms: Set<string>[] = [];
    // Each text is normalised once: answers are long, and both the written vocabulary and the index read them.
    const normalizedText = new Map<string, string>();
    const norm = (text: string) => {
      let n = normalizedText.get(text);
      if (n === undefined) normalizedText.set(text, (n = this.normalize(text)));
      return n;
    };
    const written = this.writtenVocabulary(norm);
    this.topicWords = this.topics.map((topic, topicIndex) => {
      const words = new Map<string, number>();
      const add = (text: string, weight: number, fix?: (token: string) => string) => {
        const normalized = fix ? tokens(norm(text)).map(fix).join(" ") : norm(text);
        const set = new Set(withBigrams(this.contentTokens(normalized)));
        if (set.size === 0) return;
        set.forEach((t) => words.set(t, 1));
        this.variants.push({ topicIndex, weight, mass: 0 });
        variantTexts.push(normalized);
        variantTerms.push(set);
      };
      add(topic.title, 1);
      topic.questions.forEach((q) => add(q, 1));
      // A long example is indexed by its asking sentence: its story's words would match other owners' stories.
      // Owners type Telex leftovers ("hoox trowj"): read back against the written vocabulary, or they would become words of their own.
      const readBack = (t: string) => (written.has(t) ? t : written.has(undoTelex(t)) ? undoTelex(t) : t);
      topic.examples.forEach((q) => add(q.length > LONG_EXAMPLE_CHARS ? questionSentence(q) : q, this.weights.exampleWeight, readBack));
      if (topic.keywords.length > 0) add(topic.keywords.join(" "), 0.9);
      topic.keywords.forEach((k) => add(k, 0.85));
      for (const t of this.contentTokens(norm(topic.answer))) if (!words.has(t)) words.set(t, this.weights.answerWordWeight);
      records.push({
        topicIndex,
        title: norm(topic.title),
        keywords: this.normalize(topic.keywords.join(" ")),
      });
      return words;
    });
    this.trigrams = new TrigramIndex(variantTexts);
    this.matchedQuery = new Float64Array(this.variants.length);
    this.matchedVariant = new Float64Array(this.variants.length);
    this.touched = new Int32Array(this.variants.length);
    this.lexical = new Float64Array(this.topics.length);
    this.coverage = new Float64Array(this.topics.length);
    this.trigram = new Float64Array(this.topics.length);
    this.combined = new Float64Array(this.topics.length);
    const df = new Map<string, number>();
    const topicTerms: string[] = [];
    const topicIndexes: number[] = [];
    const topicWeights: number[] = [];
    this.topicWords.forEach((words, topic) => {
      for (const [t, weight] of words) {
        df.set(t, (df.get(t) ?? 0) + 1);
        topicTerms.push(t);
        topicIndexes.push(topic);
        topicWeights.push(weight);
      }
    });
    this.topicPostings = new PostingLists(topicTerms, topicIndexes, topicWeights);
    this.variantTopic = Int32Array.from(this.variants, (v) => v.topicIndex);
    this.variantWeight = Float64Array.from(this.variants, (v) => v.weight);
    const n = this.topics.length;
    for (const [t, count] of df) this.idf.set(t, Math.log(1 + n / count));
    this.maxIdf = Math.log(1 + n);
    const terms: string[] = [];
    const termVariants: number[] = [];
    const termIdfs: number[] = [];
    this.variants.forEach((variant, v) => {
      for (const t of variantTerms[v] as Set<string>) {
        const idf = this.termIdf(t);
        variant.mass += idf;
        terms.push(t);
        termVariants.push(v);
        termIdfs.push(idf);
      }
    });
    this.postings = new PostingLists(terms, termVariants, termIdfs);
    // Prefer the more common word when two are equally close: a typo is likelier to be of a frequent word.
    // Single words only: word pairs were most of the vocabulary a typo was compared with, and correcting to one never
    // changed a ranking of the tuning set.
    this.typos = new TypoCorrector([...df.keys()].filter((w) => !w.includes(BIGRAM_JOIN)), (w) => df.get(w) ?? 0);
    if (this.weights.fuzzyShare > 0) this.fuzzy = new Fuse(records, {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.45,
      keys: [
        { name: "title", weight: 2 },
        { name: "keywords", weight: 1 },
      ],
    });
  }

  /** Every word of the topics' written text (titles, variants, keywords, answers): what owners' examples are read against. */
  private writtenVocabulary(norm: (text: string) => string): Set<string> {
    const words = new Set<string>();
    for (const topic of this.topics) {
      for (const text of [topic.title, ...topic.questions, ...topic.keywords, topic.answer]) for (const t of tokens(norm(text))) words.add(t);
    }
    return words;
  }

  /** Folds diacritics, case and punctuation, then expands abbreviations and synonyms. */
  normalize(text: string): string {
    return this.expander.expand(foldVietnamese(text));
  }

  /** Searches; `limit` bounds the ranked list (alternatives shown to users). */
  search(query: string, limit = 3): SearchResult {
    const normalized = this.normalize(query.slice(0, 600));
    const questionPart = this.normalize(questionSentence(query.slice(0, 600)));
    const queryTokens = this.queryTokens(normalized, questionPart, this.weights.questionEmphasis);
    if (queryTokens.length === 0) return { zone: "none", ranked: [], normalized, features: NO_FEATURES };

    const trigram = this.trigramScores(normalized);
    const fuzzy = this.weights.fuzzyShare > 0 ? this.fuzzyScores(normalized) : undefined;
    // Ranked by the emphasised reading when it differs (see `rankEmphasis`), judged on the plain one.
    const { rankEmphasis = this.weights.questionEmphasis } = this.weights;
    const decoupled = questionPart !== normalized && rankEmphasis !== this.weights.questionEmphasis;
    const order = decoupled ? this.topOf(this.combine(this.queryTokens(normalized, questionPart, rankEmphasis), trigram, fuzzy), limit) : undefined;
    const combined = this.combine(queryTokens, trigram, fuzzy);
    const coverage = this.coverage;
    const ranked = order ? order.map((r) => ({ topic: r.topic, score: combined[this.topics.indexOf(r.topic)] as number })) : this.topOf(combined, limit);
    const best = ranked[0];
    const bestIndex = best ? this.topics.indexOf(best.topic) : -1;
    let rival = 0;
    for (let i = 0; i < combined.length; i++) {
      if (i !== bestIndex && (combined[i] as number) > rival && this.topics[i]?.family !== best?.topic.family) rival = combined[i] as number;
    }
    const queryMass = queryTokens.reduce((sum, q) => sum + q.mass, 0);
    const unknownMass = queryTokens.reduce((sum, q) => sum + (q.known ? 0 : q.mass), 0);
    const features: AnswerFeatures = {
      score: best?.score ?? 0,
      margin: best ? best.score - rival : 0,
      coverage: bestIndex >= 0 ? (coverage[bestIndex] ?? 0) : 0,
      unknown: queryMass > 0 ? unknownMass / queryMass : 1,
    };
    return { zone: decideZone(features, this.thresholds), ranked, normalized, features };
  }

  /** The zone of a ranking the caller has narrowed (best first): answered only when confident and ahead of every other family. */
  confidentZone(ranked: ScoredTopic[]): Zone {
    return zoneOf(ranked, this.thresholds, 0);
  }

  /** Per topic, the confidence of a reading of the query (this.combined; coverage in this.coverage). */
  private combine(queryTokens: QueryToken[], trigram: Float64Array, fuzzy: number[] | undefined): Float64Array {
    const lexical = this.lexicalScores(queryTokens, this.coverage.fill(0));
    const fuzzyShare = fuzzy ? this.weights.fuzzyShare : 0;
    const { trigramShare } = this.weights;
    const combined = this.combined;
    for (let i = 0; i < combined.length; i++) {
      combined[i] = (1 - fuzzyShare - trigramShare) * (lexical[i] ?? 0) + trigramShare * (trigram[i] ?? 0) + fuzzyShare * (fuzzy?.[i] ?? 0);
    }
    return combined;
  }

  /** The `limit` best topics with a score above 0, best first (ties in topic order, as a stable sort gives). */
  private topOf(scores: Float64Array, limit: number): ScoredTopic[] {
    const picked: number[] = [];
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i] as number;
      if (score <= 0) continue;
      if (picked.length === limit && score <= (scores[picked[picked.length - 1] as number] as number)) continue;
      let at = picked.length;
      while (at > 0 && score > (scores[picked[at - 1] as number] as number)) at--;
      picked.splice(at, 0, i);
      if (picked.length > limit) picked.pop();
    }
    return picked.map((i) => ({ topic: this.topics[i] as Topic, score: scores[i] as number }));
  }

  /** Content tokens of normalised text: single letters carry no meaning here. */
  private contentTokens(normalized: string): string[] {
    return tokens(normalized).filter((t) => t.length > 1 || /\d/.test(t));
  }

  /** Query terms mapped onto the vocabulary, typos corrected, each with its weight (the asking sentence's scaled by `questionEmphasis`): words, then known two-word terms. */
  private queryTokens(normalized: string, questionPart: string, questionEmphasis: number): QueryToken[] {
    const emphasisedWords = questionPart === normalized ? [] : this.contentTokens(questionPart).map((t) => this.correct(t) ?? t);
    const emphasised = new Set(withBigrams(emphasisedWords));
    const emphasis = (t: string) => (emphasised.has(t) ? questionEmphasis : 1);
    const words = this.contentTokens(normalized).map((raw) => ({ raw, corrected: this.correct(raw) }));
    const out = new Map<string, QueryToken>();
    for (const { raw, corrected } of words) {
      const token = corrected ?? raw;
      if (out.has(token)) continue;
      const known = corrected !== null;
      out.set(token, {
        token,
        known,
        weight: corrected === raw || !known ? 1 : TYPO_WEIGHT,
        mass: (known ? this.termIdf(token) : this.weights.unknownWeight * this.maxIdf) * emphasis(token),
      });
    }
    // A pair of words only counts when the knowledge base uses it: unknown pairs are mostly word boundaries.
    for (let i = 0; i + 1 < words.length; i++) {
      const a = words[i] as (typeof words)[number];
      const b = words[i + 1] as (typeof words)[number];
      const pair = bigram(a.corrected ?? a.raw, b.corrected ?? b.raw);
      if (out.has(pair) || !this.idf.has(pair)) continue;
      const weight = Math.min(out.get(a.corrected ?? a.raw)?.weight ?? 1, out.get(b.corrected ?? b.raw)?.weight ?? 1);
      out.set(pair, { token: pair, known: true, weight, mass: this.termIdf(pair) * emphasis(pair) });
    }
    return [...out.values()];
  }

  /** IDF of a known term, scaled down for function words and scaled for word pairs. */
  private termIdf(term: string): number {
    const idf = this.idf.get(term) ?? 0;
    if (term.includes(BIGRAM_JOIN)) return idf * this.weights.bigramWeight;
    return STOPWORDS.has(term) ? idf * this.weights.stopwordWeight : idf;
  }

  private correct(token: string): string | null {
    if (this.idf.has(token)) return token;
    const cached = this.typoCache.get(token);
    if (cached !== undefined) return cached;
    const plain = undoTelex(token);
    const result = this.idf.has(plain) ? plain : (this.typos.correct(token) ?? null);
    if (this.typoCache.size > 50_000) this.typoCache.clear();
    this.typoCache.set(token, result);
    return result;
  }

  /**
   * Per topic, a mix of (a) the best variant's F-measure between query
   * coverage (how much of what the user said the variant explains) and variant
   * coverage (how much of the variant the user said), and (b) how much of the
   * query the topic's whole vocabulary explains; all IDF-weighted.
   */
  private lexicalScores(query: QueryToken[], coverage: Float64Array): Float64Array {
    const scores = this.lexical.fill(0);
    const queryMass = query.reduce((s, q) => s + q.mass, 0);
    if (queryMass === 0) return scores;
    const { matchedQuery, matchedVariant, touched } = this;
    let touchedCount = 0;
    const { indexes: variants, values: idfs } = this.postings;
    for (const q of query) {
      const [start, end] = this.postings.range(q.token);
      const mass = q.mass * q.weight;
      for (let k = start; k < end; k++) {
        const v = variants[k] as number;
        if (matchedQuery[v] === 0 && matchedVariant[v] === 0) touched[touchedCount++] = v;
        matchedVariant[v] = (matchedVariant[v] ?? 0) + (idfs[k] as number);
        matchedQuery[v] = (matchedQuery[v] ?? 0) + mass;
      }
    }
    for (let t = 0; t < touchedCount; t++) {
      const v = touched[t] as number;
      const variant = this.variants[v] as Variant;
      const mq = matchedQuery[v] ?? 0;
      const mv = matchedVariant[v] ?? 0;
      matchedQuery[v] = 0;
      matchedVariant[v] = 0;
      if (mq === 0 || variant.mass === 0) continue;
      const qc = mq / queryMass;
      const vc = mv / variant.mass;
      const f = ((1 + 0.5) * qc * vc) / (0.5 * vc + qc);
      const score = f * variant.weight;
      if (score > (scores[variant.topicIndex] ?? 0)) scores[variant.topicIndex] = score;
    }
    const { topicShare } = this.weights;
    const { indexes: topics, values: weights } = this.topicPostings;
    for (const q of query) {
      const [start, end] = this.topicPostings.range(q.token);
      for (let k = start; k < end; k++) {
        const topic = topics[k] as number;
        coverage[topic] = (coverage[topic] ?? 0) + q.mass * q.weight * (weights[k] as number);
      }
    }
    for (let i = 0; i < scores.length; i++) {
      coverage[i] = (coverage[i] ?? 0) / queryMass;
      scores[i] = (1 - topicShare) * (scores[i] ?? 0) + topicShare * (coverage[i] ?? 0);
    }
    return scores;
  }

  /** Per topic, the trigram similarity of the query to its closest variant, scaled by the variant's weight. */
  private trigramScores(normalized: string): Float64Array {
    const scores = this.trigram.fill(0);
    const similarities = this.trigrams.similarities(normalized);
    const { variantTopic, variantWeight } = this;
    for (let v = 0; v < variantTopic.length; v++) {
      const similarity = similarities[v] ?? 0;
      if (similarity === 0) continue;
      const topic = variantTopic[v] as number;
      const score = similarity * (variantWeight[v] as number);
      if (score > (scores[topic] ?? 0)) scores[topic] = score;
    }
    return scores;
  }

  /**
   * fuse.js score of the whole query against each topic's fields. Only for
   * short queries (one 32-character Bitap window): that is where whole-phrase
   * fuzziness helps, and a long query costs tens of milliseconds for nothing
   * the word-level score does not already see.
   */
  private fuzzyScores(normalized: string): number[] | undefined {
    if (!this.fuzzy || normalized.length > FUZZY_MAX_CHARS) return undefined;
    const scores = new Array<number>(this.topics.length).fill(0);
    for (const hit of this.fuzzy.search(normalized)) {
      scores[hit.item.topicIndex] = 1 - (hit.score ?? 1);
    }
    return scores;
  }
}

const NO_FEATURES: AnswerFeatures = { score: 0, margin: 0, coverage: 0, unknown: 1 };

/**
 * The lead of the best topic (ranking best first) over the best topic of
 * another family: entries that answer the same thing (a support and its "how
 * much?" entry, two near-duplicates) are one family, and their closeness is no
 * reason to ask the user to choose.
 */
export function marginOf(sorted: ScoredTopic[]): number {
  const best = sorted[0];
  if (!best) return 0;
  const rival = sorted.find((r, i) => i > 0 && r.topic.family !== best.topic.family);
  return best.score - (rival?.score ?? 0);
}

/**
 * Answer, clarify or not found, from the measured features (thresholds chosen
 * on the tuning set with scripts/tune-search.ts). Answer when the best topic is
 * confident and ahead of every other family, or merely plausible but clearly
 * ahead and explaining most of the question (long stories score lower while
 * their topic is plain); offer the closest topics otherwise when plausible.
 */
export function decideZone(f: AnswerFeatures, t: SearchThresholds): Zone {
  if (f.score >= t.answerScore && f.margin >= t.minMargin) return "answer";
  if (f.score >= t.leadScore && f.margin >= t.leadMargin && f.coverage >= t.minCoverage) return "answer";
  if (f.score >= t.clarifyScore) return "clarify";
  return "none";
}

/**
 * The zone of a ranking (best first), for callers that rank without measuring
 * coverage: taken as full by default (tuning scripts, tests); 0 leaves only
 * the confident path (score and margin alone).
 */
export function zoneOf(sorted: ScoredTopic[], thresholds: SearchThresholds, coverage = 1): Zone {
  const best = sorted[0];
  if (!best) return "none";
  return decideZone({ score: best.score, margin: marginOf(sorted), coverage, unknown: 0 }, thresholds);
}

const BIGRAM_JOIN = "_";

function bigram(a: string, b: string): string {
  return `${a}${BIGRAM_JOIN}${b}`;
}

/** Words plus each pair of adjacent words: "nghệ nhân" means more than "nghệ" and "nhân" apart. */
export function withBigrams(words: string[]): string[] {
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(bigram(words[i] as string, words[i + 1] as string));
  return out;
}

interface QueryToken {
  token: string;
  /** Whether the knowledge base uses the word (as typed or once corrected). */
  known: boolean;
  /** 1, or less for a typo-corrected word. */
  weight: number;
  /** IDF of the word; a word unknown to the knowledge base counts as a rare one. */
  mass: number;
}

/**
 * The sentence that asks, in a message of several: the last one with a
 * question mark, else the last one. Owners often tell their story first and
 * ask at the end; the story's words should not outweigh the question's.
 */
export function questionSentence(text: string): string {
  const sentences = text.split(/(?<=[.?!])\s+|\n+/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (sentences.length < 2) return text;
  return [...sentences].reverse().find((s) => s.includes("?")) ?? (sentences.at(-1) as string);
}
