import type { Decision } from "./answer-policy.ts";
import { findProvince, withoutProvince } from "./province-find.ts";
import type { KnowledgeBase } from "./types.ts";

// Folded words that ask for the centre (where, phone, contact) or for levels (how much, percent, cap).
const CENTRE = /(^| )(trung tam|ttkc|dia chi|o dau|cho nao|so dien thoai|sdt|dien thoai|lien he|email|website|trang web)( |$)/;
const LEVEL = /(^| )(muc|bao nhieu|bn|phan tram|%|toi da|tran|may tien)( |$)/;
/** Past this many words the message is a story that mentions a province, not a question about it: only the province is remembered. */
const SHORT_QUESTION_WORDS = 10;
// What is left of "tôi ở Phú Thọ", "tỉnh Lai Châu ạ": the message only names the province.
const FILLER = /^(?:(?:toi|em|minh|nha em|co so|xuong|cs|anh|chi|o|tai|tinh|thanh pho|tp|a|ah|nhe|thi sao|the nao|con|ben|cu)\s*)*$/;

/**
 * A question naming a province (issue 17): an answered decision keeps its
 * topic and carries the province, so the answer leads with that province's
 * level or centre. A short question about amounts or the centre that the
 * whole message does not answer is tried without the province's name
 * ("mức hỗ trợ máy móc ở Phú Thọ"), else answered with the general topic on
 * the centre or on levels (knowledge/provinces.yaml `topics`), shown from
 * that province's data. Part of the answer policy, so `npm run eval`
 * measures it. The name is never stripped from other questions: in "phường
 * bên Hà Nội" the city is what the question is about.
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
    if (kb.provinceTopics.levelsRelated.includes(decision.topic.id)) return general("levels");
    return { ...decision, province };
  }
  if (!(asksLevel || asksCentre) || rest.split(" ").length > SHORT_QUESTION_WORDS) return decision;
  const again = decideAgain(rest);
  if (again.kind === "answer") return { ...again, province };
  return general(asksCentre ? "centre" : "levels");
}
