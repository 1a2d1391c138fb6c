import type { Decision } from "./answer-policy.ts";
import { findProvince, withoutProvince } from "./province-find.ts";
import type { KnowledgeBase } from "./types.ts";

// Folded words that ask for the centre (where, phone, contact) or for levels (how much, percent, cap).
const CENTRE = /(^| )(trung tam|ttkc|dia chi|o dau|cho nao|so dien thoai|sdt|dien thoai|lien he|email|website|trang web)( |$)/;
const LEVEL = /(^| )(muc|bao nhieu|bn|phan tram|%|toi da|tran|bao nhieu tien|may tien|duoc ho tro|ho tro)( |$)/;
// What is left of "tôi ở Phú Thọ", "tỉnh Lai Châu ạ": the message only names the province.
const FILLER = /^(?:(?:toi|em|minh|nha em|co so|xuong|cs|anh|chi|o|tai|tinh|thanh pho|tp|a|ah|nhe|thi sao|the nao|con|ben|cu)\s*)*$/;

/**
 * A question naming a province (issue 17): the decision keeps its topic and
 * carries the province, so the answer leads with that province's level; when
 * the whole message is not answered, the message without the province's name
 * is tried; a question about the centre or about levels in general is
 * answered with that province's centre or levels (the topics named in
 * knowledge/provinces.yaml). Part of the answer policy, so `npm run eval`
 * measures it.
 */
export function routeProvince(kb: KnowledgeBase, text: string, decision: Decision, decideAgain: (text: string) => Decision): Decision {
  if (decision.kind === "small-talk") return decision;
  const mention = findProvince(kb.provinces, text);
  if (!mention) return decision;
  const province = mention.province.id;
  const rest = withoutProvince(text, mention);
  const asksLevel = LEVEL.test(rest);
  const asksCentre = CENTRE.test(rest) && !asksLevel;
  const general = (role: "centre" | "levels"): Decision => {
    const topic = kb.topicById.get(kb.provinceTopics[role]);
    if (!topic) return decision;
    return { kind: "answer", topic, province, result: decision.result, ...(FILLER.test(rest) ? { provinceOnly: true } : {}) };
  };
  if (FILLER.test(rest)) return general("levels");
  if (decision.kind === "answer") {
    if (asksCentre && decision.topic.kind === "faq" && !decision.topic.supportId) return general("centre");
    return { ...decision, province };
  }
  if (asksCentre) return general("centre");
  const again = decideAgain(rest);
  if (again.kind === "answer") return { ...again, province };
  if (asksLevel) return general("levels");
  return decision;
}
