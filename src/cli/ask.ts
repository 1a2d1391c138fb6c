import { createInterface } from "node:readline";
import { loadConfig } from "../config.ts";
import { answerCard } from "../kb/answer-card.ts";
import { openKnowledge, type Knowledge } from "../kb/index.ts";
import { formatSource } from "../kb/render-support.ts";
import { runCli } from "./run-cli.ts";
import { MSG } from "../engine/messages.ts";

/**
 * `npm run ask -- [--json] "câu hỏi"`: answers one question as a user would see it,
 * or with no question, every line of stdin in turn (one JSON object per line with --json).
 */
runCli(async () => {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const question = args.filter((a) => a !== "--json").join(" ").trim();
  const knowledge = openKnowledge(loadConfig());
  const answer = (q: string) => console.log(json ? JSON.stringify(toJson(knowledge, q)) : toText(knowledge, q));
  if (question) {
    answer(question);
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) answer(line.trim());
});

function toJson(knowledge: Knowledge, question: string) {
  const decision = knowledge.policy.decide(question, 4);
  if (decision.kind === "small-talk") return { question, zone: "small-talk", id: decision.talk.id, answer: decision.talk.reply };
  const { result } = decision;
  const top = decision.kind === "answer" ? result.ranked[0] : undefined;
  return {
    question,
    zone: result.zone,
    features: { score: round(result.features.score), margin: round(result.features.margin), coverage: round(result.features.coverage) },
    id: top?.topic.id ?? null,
    title: top?.topic.title ?? null,
    answer: top ? answerCard(knowledge.kb, top.topic, decision.kind === "answer" && decision.amountVnd !== undefined ? { amountVnd: decision.amountVnd } : {}).first : null,
    source: top ? top.topic.sources.map(formatSource).join("; ") : null,
    score: round(result.ranked[0]?.score ?? 0),
    alternatives: (top ? result.ranked.slice(1) : result.ranked).slice(0, 3).map((r) => ({ id: r.topic.id, title: r.topic.title, score: round(r.score) })),
  };
}

function toText(knowledge: Knowledge, question: string): string {
  const decision = knowledge.policy.decide(question, 3);
  if (decision.kind === "small-talk") return `${decision.talk.reply}\n`;
  if (decision.kind === "answer") {
    const card = answerCard(knowledge.kb, decision.topic, decision.amountVnd !== undefined ? { amountVnd: decision.amountVnd } : {});
    return `${card.first}\n\n[${MSG.moreDetails}]\n${card.details}\n`;
  }
  if (decision.kind === "clarify") {
    return `${MSG.clarify}\n${decision.result.ranked.map((r, i) => `  ${i + 1}. ${r.topic.title}`).join("\n")}\n`;
  }
  return `${MSG.noAnswerUnlogged}\n`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
