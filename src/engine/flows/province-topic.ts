import type { AnswerCard } from "../../kb/answer-card.ts";
import { centreCard, provinceLevelLine, provinceSummaryCard } from "../../kb/province-answer.ts";
import type { Topic } from "../../kb/types.ts";
import { MSG } from "../messages.ts";
import type { Turn } from "../turn.ts";

/** What a question said about the province: the one it named, and whether it named nothing else. */
export interface ProvinceNamed {
  province?: string;
  provinceOnly?: boolean;
}

/**
 * The owner's province for this answer: the one the question named (then
 * remembered), else the one remembered from the form or an earlier question.
 */
export function provinceFor(turn: Turn, named: ProvinceNamed): string | undefined {
  if (named.province) turn.session.province = named.province;
  return turn.session.province;
}

/**
 * The topic to show when the message only named a province right after a
 * support's answer ("Phú Thọ" after "mua máy được bao nhiêu"): that support
 * again, now with the province's level; otherwise the topic itself.
 */
export function topicAfterProvince(turn: Turn, topic: Topic, named: ProvinceNamed): Topic {
  const { kb } = turn.deps.knowledge;
  if (!named.provinceOnly || !turn.session.lastSupportId) return topic;
  return kb.topicById.get(turn.session.lastSupportId) ?? topic;
}

/** The province's centre or levels in place of the general topic about them (knowledge/provinces.yaml `topics`). */
export function provinceCard(turn: Turn, topic: Topic, province: string | undefined): AnswerCard | undefined {
  const { kb } = turn.deps.knowledge;
  if (!province) return undefined;
  if (topic.id === kb.provinceTopics.centre || kb.provinceTopics.centreRelated.includes(topic.id)) return centreCard(kb, province);
  if (topic.id === kb.provinceTopics.levels) return provinceSummaryCard(kb, province);
  return undefined;
}

/**
 * Asked once, beside the first level the owner reads without a known
 * province: which province, so later answers lead with its own level.
 */
export function askProvinceOnce(turn: Turn, topic: Topic, province: string | undefined): string | undefined {
  if (province || topic.kind !== "support" || turn.session.provinceAsked) return undefined;
  turn.session.provinceAsked = true;
  return MSG.askProvince;
}

/**
 * Under an eligibility result (issue 17): the province's own level for each
 * support found open to the owner when the province is known (or, when it has
 * none, that it is not known and whom to ask, said once); otherwise the
 * province is asked, once.
 */
export function provinceLinesFor(turn: Turn, supportIds: string[]): string[] {
  const province = turn.session.province;
  if (!province) {
    if (turn.session.provinceAsked || supportIds.length === 0) return [];
    turn.session.provinceAsked = true;
    return [MSG.askProvince];
  }
  const { kb } = turn.deps.knowledge;
  const own = supportIds.filter((id) => kb.provinceInfo.get(province)?.levels.some((l) => l.supportId === id));
  const lines = own.map((id) => provinceLevelLine(kb, province, id)).filter((l): l is string => l !== undefined);
  if (lines.length > 0) return lines;
  const none = supportIds[0] ? provinceLevelLine(kb, province, supportIds[0]) : undefined;
  return none ? [none.replace("cho nội dung này", "cho các nội dung trên")] : [];
}
