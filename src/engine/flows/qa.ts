import { formatAnswer } from "../../kb/format-answer.ts";
import type { Topic } from "../../kb/types.ts";
import { vnStartOfDay } from "../../text/vn-time.ts";
import { MSG } from "../messages.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Button } from "../types.ts";

const topicButton = (topic: Topic): Button => ({ label: topic.shortTitle, data: `t:${topic.id}`, kind: "choice" });
const MENU_BUTTON: Button = { label: "🏠 Menu", data: "m:menu", kind: "action" };
const OFFICER_BUTTON: Button = { label: "👤 Gặp cán bộ", data: "m:officer", kind: "choice" };

/**
 * Answers free text as a question: a confident answer with its source and
 * related topics; a "did you mean" list in the middle zone; an honest "not
 * found" otherwise. Every non-confident question is logged for officers.
 */
export async function answerQuestion(turn: Turn, text: string): Promise<void> {
  const result = turn.deps.knowledge.search.search(text, 3);
  const top = result.ranked[0];
  if (result.zone === "answer" && top) return showTopic(turn, top.topic);
  await logQuestion(turn, text, result.zone === "clarify" ? "clarify" : "none", result.ranked.map((r) => r.topic.id));
  if (result.zone === "clarify") {
    turn.setState({ name: "clarify", query: text.slice(0, 500) });
    turn.say(MSG.clarify, [
      ...result.ranked.map((r) => [topicButton(r.topic)]),
      [{ label: MSG.notThese, data: "x:none", kind: "choice" }],
    ]);
    return;
  }
  turn.setState({ name: "menu" });
  turn.say(MSG.noAnswer, [[{ label: "📚 Danh sách chủ đề", data: "t:list", kind: "choice" }], [OFFICER_BUTTON], [MENU_BUTTON]]);
}

/** Shows one topic's answer, its source and related topics; remembers its support for the form. */
export function showTopic(turn: Turn, topic: Topic): void {
  const { kb } = turn.deps.knowledge;
  // Only a support owners register through the form (`applicable` in knowledge/supports) gets the button and pre-fills it.
  const support = topic.supportId ? kb.supportById.get(topic.supportId) : undefined;
  const registrable = support?.applicable === true;
  if (registrable) turn.session.lastSupportId = support.id;
  turn.setState({ name: "menu" });
  const related = topic.related.map((id) => kb.topicById.get(id)).filter((t): t is Topic => t !== undefined).slice(0, 3);
  const buttons: Button[][] = related.map((t) => [topicButton(t)]);
  if (registrable) buttons.push([{ label: MSG.applyThis, data: `a:${support.id}`, kind: "choice" }]);
  buttons.push([MENU_BUTTON]);
  turn.say(formatAnswer(topic) + (related.length > 0 ? `\n\n${MSG.relatedTopics}` : ""), buttons);
}

function showTopicList(turn: Turn): void {
  const { kb } = turn.deps.knowledge;
  turn.setState({ name: "menu" });
  turn.say(MSG.topicList, [...kb.supports.map((s) => [{ label: s.shortTitle, data: `t:${s.id}`, kind: "choice" as const }]), [MENU_BUTTON]]);
}

async function logQuestion(turn: Turn, text: string, zone: "clarify" | "none" | "rejected", topIds: string[]): Promise<void> {
  const { config } = turn.deps;
  await turn.deps.store.questions.add(
    {
    at: turn.now.toISOString(),
    channel: turn.inbound.channel,
    userId: turn.inbound.userId,
    text: text.slice(0, 1000),
    zone,
    topIds,
    },
    { perUserPerDay: config.QUESTION_LOG_PER_USER_PER_DAY, dayStart: vnStartOfDay(turn.now) },
  );
}

export const qaFlow: Flow = {
  states: ["clarify"],
  prefixes: ["t:", "x:"],
  prompt: (turn) => {
    turn.setState({ name: "menu" });
    const supports = turn.deps.knowledge.kb.supports.filter((s) => s.applicable).slice(0, 4);
    turn.say(MSG.qaIntro, [
      ...supports.map((s) => [{ label: s.shortTitle, data: `t:${s.id}`, kind: "choice" as const }]),
      [{ label: "📚 Tất cả chủ đề", data: "t:list", kind: "choice" }],
      [MENU_BUTTON],
    ]);
  },
  onButton: async (turn, data) => {
    if (data === "x:none") {
      const state = turn.session.state;
      if (state.name === "clarify") await logQuestion(turn, state.query, "rejected", []);
      turn.setState({ name: "menu" });
      turn.say(MSG.notTheseAnswer, [[OFFICER_BUTTON], [{ label: "📚 Danh sách chủ đề", data: "t:list", kind: "choice" }], [MENU_BUTTON]]);
      return;
    }
    if (data === "t:list") return showTopicList(turn);
    const topic = turn.deps.knowledge.kb.topicById.get(data.slice(2));
    if (topic) return showTopic(turn, topic);
    turn.say(MSG.staleButton);
    return showTopicList(turn);
  },
  onText: () => false,
};
