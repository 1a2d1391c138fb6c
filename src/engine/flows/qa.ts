import { answerCard } from "../../kb/answer-card.ts";
import type { Decision } from "../../kb/answer-policy.ts";
import { commonTopics } from "../../kb/popular.ts";
import type { Topic } from "../../kb/types.ts";
import { vnIsoDate, vnStartOfDay } from "../../text/vn-time.ts";
import type { AnswerOutcome } from "../../domain/records.ts";
import { LABEL, MSG } from "../messages.ts";
import { BUTTON } from "../button-data.ts";
import { mainMenuButtons, MENU_BUTTON, OFFICER_BUTTON, TOPIC_LIST_BUTTON } from "../buttons.ts";
import type { Flow, Turn } from "../turn.ts";
import type { Button } from "../types.ts";
import { askProvinceOnce, provinceCard, provinceFor, topicAfterProvince, type ProvinceNamed } from "./province-topic.ts";

const topicButton = (topic: Topic): Button => ({ label: topic.shortTitle, data: BUTTON.topic.data({ show: "topic", id: topic.id }), kind: "choice" });
/** Zalo and the terminal list choices on lines of their own: room for whole titles there; Telegram buttons get the short one. */
const labelFor = (turn: Turn, topic: Topic): string => (turn.inbound.channel === "telegram" ? topic.shortTitle : topic.title);
/** How many common topics the Q&A prompt offers. */
const COMMON_TOPICS = 4;

/**
 * Answers free text: small talk briefly (never logged); a confident answer,
 * phone-sized, with the rest one tap away; a "did you mean" list in the
 * middle zone; an honest "not found" otherwise. Every question that did not
 * get an answer is logged for officers.
 */
export async function answerQuestion(turn: Turn, text: string): Promise<void> {
  if (/^\d{1,3}\.?$/.test(text.trim())) return reshowOptions(turn);
  const decision: Decision = turn.deps.knowledge.policy.decide(text, 3);
  if (decision.kind === "small-talk") {
    await countQuestion(turn, "", "small-talk");
    turn.setState({ name: "menu" });
    turn.say(decision.talk.reply, [[MENU_BUTTON]]);
    return;
  }
  if (decision.kind === "answer") {
    await countQuestion(turn, decision.topic.id, "answered");
    return showTopic(turn, decision.topic, decision.amountVnd, decision);
  }
  const { result } = decision;
  await countQuestion(turn, result.ranked[0]?.topic.id ?? "", decision.kind);
  await logQuestion(turn, text, decision.kind, result.ranked.map((r) => r.topic.id));
  if (decision.kind === "clarify") {
    turn.setState({ name: "clarify", query: text.slice(0, 500) });
    turn.say(MSG.clarify, [
      ...result.ranked.map((r) => [{ label: labelFor(turn, r.topic), data: BUTTON.topic.data({ show: "topic", id: r.topic.id }), kind: "choice" as const }]),
      [{ label: MSG.notThese, data: BUTTON.notThese.data("none"), kind: "choice" }],
    ]);
    return;
  }
  turn.setState({ name: "menu" });
  turn.say(MSG.noAnswer, [[TOPIC_LIST_BUTTON], [OFFICER_BUTTON], [MENU_BUTTON]]);
}

/**
 * Shows one topic's answer sized for a phone (figure, for whom, fund, one line
 * of source; the estimate when the question named a cost), with the details
 * one tap away; remembers its support for the form.
 */
export function showTopic(turn: Turn, asked: Topic, amountVnd?: number, named: ProvinceNamed = {}): void {
  const province = provinceFor(turn, named);
  const topic = topicAfterProvince(turn, asked, named);
  const support = registrableSupport(turn, topic);
  if (support) turn.session.lastSupportId = support.id;
  turn.setState({ name: "menu" });
  const card = provinceCard(turn, topic, province) ?? answerCard(turn.deps.knowledge.kb, topic, { ...(amountVnd !== undefined ? { amountVnd } : {}), ...(province ? { province } : {}) });
  const ask = askProvinceOnce(turn, topic, province);
  const buttons: Button[][] = [[{ label: MSG.moreDetails, data: BUTTON.topic.data({ show: "details", id: topic.id }), kind: "choice" }]];
  buttons.push(...relatedOf(turn, topic).slice(0, 2).map((t) => [topicButton(t)]));
  if (support) buttons.push([{ label: MSG.applyThis, data: BUTTON.apply.data(support.id), kind: "choice" }]);
  buttons.push([MENU_BUTTON]);
  turn.say(ask ? `${card.first}\n\n${ask}` : card.first, buttons);
}

/** The rest of a topic's answer: who, documents, co-funding, examples, caveats, full citations. */
function showDetails(turn: Turn, topic: Topic): void {
  turn.setState({ name: "menu" });
  const related = relatedOf(turn, topic).slice(0, 3);
  const buttons: Button[][] = related.map((t) => [topicButton(t)]);
  const support = registrableSupport(turn, topic);
  if (support) buttons.push([{ label: MSG.applyThis, data: BUTTON.apply.data(support.id), kind: "choice" }]);
  buttons.push([MENU_BUTTON]);
  const province = turn.session.province;
  const { details } = provinceCard(turn, topic, province) ?? answerCard(turn.deps.knowledge.kb, topic, province ? { province } : {});
  turn.say(details + (related.length > 0 ? `\n\n${MSG.relatedTopics}` : ""), buttons);
}

/** The topic's support if owners register for it through the form (`applicable` in knowledge/supports): only then the button and the pre-fill. */
function registrableSupport(turn: Turn, topic: Topic) {
  const support = topic.supportId ? turn.deps.knowledge.kb.supportById.get(topic.supportId) : undefined;
  return support?.applicable === true ? support : undefined;
}

function relatedOf(turn: Turn, topic: Topic): Topic[] {
  const { kb } = turn.deps.knowledge;
  return topic.related.map((id) => kb.topicById.get(id)).filter((t): t is Topic => t !== undefined);
}

/** A bare number that matches no option on screen: say so and show the options again, rather than searching "12". */
function reshowOptions(turn: Turn): void {
  const choices = turn.session.offered.filter((b) => b.kind !== "action");
  if (choices.length === 0) {
    turn.setState({ name: "menu" });
    turn.say(MSG.noOptionsOnScreen, mainMenuButtons());
    return;
  }
  turn.say(MSG.pickOneOf(choices.length), turn.session.offered.map((b) => [b]));
}

function showTopicList(turn: Turn): void {
  const { kb } = turn.deps.knowledge;
  turn.setState({ name: "menu" });
  turn.say(MSG.topicList, [...kb.supports.map((s) => [{ label: s.shortTitle, data: BUTTON.topic.data({ show: "topic", id: s.id }), kind: "choice" as const }]), [MENU_BUTTON]]);
}

/** Counts every typed question by day, topic and outcome (no text, no person): the common topics and the officers' charts. */
function countQuestion(turn: Turn, topicId: string, outcome: AnswerOutcome): Promise<void> {
  return turn.deps.store.questions.tally({ day: vnIsoDate(turn.now), topicId, outcome });
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
    ...(turn.session.province ? { province: turn.session.province } : {}),
    },
    { perUserPerDay: config.QUESTION_LOG_PER_USER_PER_DAY, dayStart: vnStartOfDay(turn.now) },
  );
}

/** A topic id from button data, following merged topics (old buttons stay valid). */
function topicOf(turn: Turn, id: string): Topic | undefined {
  const { kb } = turn.deps.knowledge;
  return kb.topicById.get(kb.renamed.get(id) ?? id);
}

export const qaFlow: Flow = {
  states: ["clarify"],
  buttons: [BUTTON.topic, BUTTON.notThese],
  prompt: async (turn) => {
    turn.setState({ name: "menu" });
    const common = commonTopics(turn.deps.knowledge.kb.topics, COMMON_TOPICS, await turn.deps.askedTopics());
    turn.say(MSG.qaIntro, [
      ...common.map((t) => [{ label: labelFor(turn, t), data: BUTTON.topic.data({ show: "topic", id: t.id }), kind: "choice" as const }]),
      [{ label: LABEL.allTopics, data: BUTTON.topic.data({ show: "list" }), kind: "choice" }],
      [MENU_BUTTON],
    ]);
  },
  onButton: async (turn, data) => {
    if (BUTTON.notThese.read(data)) {
      const state = turn.session.state;
      if (state.name === "clarify") await logQuestion(turn, state.query, "rejected", []);
      turn.setState({ name: "menu" });
      turn.say(MSG.notTheseAnswer, [[OFFICER_BUTTON], [TOPIC_LIST_BUTTON], [MENU_BUTTON]]);
      return;
    }
    const press = BUTTON.topic.read(data);
    if (press?.show === "list") return showTopicList(turn);
    const topic = press && topicOf(turn, press.id);
    if (topic) return press.show === "details" ? showDetails(turn, topic) : showTopic(turn, topic);
    turn.say(MSG.staleButton);
    return showTopicList(turn);
  },
  onText: () => false,
};
