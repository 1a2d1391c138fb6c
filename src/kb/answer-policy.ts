import { amountIn } from "./amount.ts";
import { questionSentence, type KnowledgeSearch, type SearchResult } from "./search.ts";
import { SmallTalkMatcher } from "./small-talk.ts";
import type { SmallTalk } from "./schema.ts";
import type { KnowledgeBase, Topic } from "./types.ts";
import { routeProvince } from "./province-route.ts";

/** Up to this many words, off-topic or abusive words decide even over a confident search. */
const SHORT_WORDS = 14;

/** Messages longer than this may be a story then a question (see confirmByQuestion). */
const LONG_STORY_CHARS = 100;

/**
 * The part of a message that asks, when the message has more: the asking
 * sentence of a long story, or the last clause after a comma ("em mới nghe
 * nói về khuyến công, giờ đăng ký thế nào ạ?") when it has a few words.
 */
function askingPart(text: string): string | undefined {
  if (text.length > LONG_STORY_CHARS) {
    const question = questionSentence(text);
    if (question !== text) return question;
  }
  const clause = text.split(/,\s*/).at(-1)?.trim() ?? "";
  return clause !== text.trim() && clause.split(/\s+/).length >= 3 ? clause : undefined;
}

/**
 * A long story and its asking sentence that point to the same family are two
 * readings that agree: answered on weaker evidence than either alone needs.
 * Thresholds swept on the tuning set's long messages (scripts/tune-search.ts).
 */
export const STORY_AGREEMENT = { questionScore: 0.4, margin: 0.08, wholeScore: 0.35 };

/**
 * A long message's words are mostly its story: its score and margin run lower
 * than a short question's for the same plain topic, so it is answered from
 * lower thresholds of its own. Swept on the long messages of tuning set 4
 * while it was fresh (147 in scope, 28 out of scope): answered right 59.9 →
 * 76.2 %, no more wrong answers, no more out-of-scope ones.
 */
export const LONG_MESSAGE = { score: 0.4, margin: 0.06, coverage: 0.45 };

function longMessageAnswered(text: string, whole: SearchResult): boolean {
  const { score, margin, coverage } = whole.features;
  return text.length > LONG_STORY_CHARS && score >= LONG_MESSAGE.score && margin >= LONG_MESSAGE.margin && coverage >= LONG_MESSAGE.coverage;
}

function storyAgrees(text: string, whole: SearchResult, question: SearchResult): boolean {
  const t = STORY_AGREEMENT;
  return (
    text.length > LONG_STORY_CHARS &&
    question.features.score >= t.questionScore &&
    Math.max(question.features.margin, whole.features.margin) >= t.margin &&
    whole.features.score >= t.wholeScore
  );
}

/** What the bot does with a free-text message. */
export type Decision =
  | { kind: "small-talk"; talk: SmallTalk }
  /**
   * `amountVnd`: the cost the question named, for the computed estimate;
   * `province`: the province it named (answers lead with its level);
   * `provinceOnly`: the message named only a province.
   */
  | { kind: "answer"; topic: Topic; amountVnd?: number; result: SearchResult; province?: string; provinceOnly?: boolean }
  | { kind: "clarify" | "none"; result: SearchResult };

/**
 * The answer policy: small talk first (whole message), then the search's
 * zone from its measured features (score, margin over another family,
 * coverage); a message the search cannot place that carries off-topic or
 * abusive words is small talk too. Shared by the chat and `npm run eval`, so
 * the figures measure what users get.
 */
export class AnswerPolicy {
  private readonly talk: SmallTalkMatcher;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly search: KnowledgeSearch,
  ) {
    this.talk = new SmallTalkMatcher(kb.smallTalk);
  }

  /** The decision for a message, with the province it names (see routeProvince). */
  decide(text: string, limit = 3): Decision {
    return routeProvince(this.kb, text, this.decideText(text, limit), (rest) => this.decideText(rest, limit));
  }

  private decideText(text: string, limit: number): Decision {
    const whole = this.talk.whole(text);
    if (whole) return { kind: "small-talk", talk: whole };
    const result = this.confirmByQuestion(text, this.search.search(text, limit), limit);
    const top = result.ranked[0];
    // A short message about something far off ("kết quả bóng đá tối qua") is not a question about
    // "kết quả chương trình" however well its other words match; in a long story the same words are background.
    const marked = this.talk.within(text);
    if (marked && (result.zone !== "answer" || text.trim().split(/\s+/).length <= SHORT_WORDS)) return { kind: "small-talk", talk: marked };
    if (result.zone === "answer" && top) {
      const amountVnd = amountIn(text);
      return amountVnd !== undefined ? { kind: "answer", topic: top.topic, amountVnd, result } : { kind: "answer", topic: top.topic, result };
    }
    return { kind: result.zone === "clarify" ? "clarify" : "none", result };
  }

  /**
   * A story, then the question: the story's words lower the whole message's
   * score although the topic is plain. When the asking sentence alone is
   * answered confidently with the same family as the whole message's best
   * topic, the whole message is answered too.
   */
  private confirmByQuestion(text: string, result: SearchResult, limit: number): SearchResult {
    if (result.zone === "answer") return result;
    if (result.ranked.length > 0 && longMessageAnswered(text, result)) return { ...result, zone: "answer" };
    const question = askingPart(text);
    if (question === undefined) return result;
    const alone = this.search.search(question, limit);
    const best = result.ranked[0]?.topic;
    if (!best || alone.ranked[0]?.topic.family !== best.family) return result;
    if (alone.zone === "answer" || storyAgrees(text, result, alone)) return { ...result, zone: "answer" };
    return result;
  }
}
