import { createInterface } from "node:readline";
import { loadConfig } from "../config.ts";
import { formatAnswer } from "../kb/format-answer.ts";
import { openKnowledge, type Knowledge } from "../kb/index.ts";
import { formatSource } from "../kb/render-support.ts";
import { runCli } from "./run-cli.ts";

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
  const result = knowledge.search.search(question, 4);
  const top = result.zone === "answer" ? result.ranked[0] : undefined;
  return {
    question,
    zone: result.zone,
    id: top?.topic.id ?? null,
    title: top?.topic.title ?? null,
    answer: top?.topic.answer ?? null,
    source: top ? top.topic.sources.map(formatSource).join("; ") : null,
    score: round(result.ranked[0]?.score ?? 0),
    alternatives: (top ? result.ranked.slice(1) : result.ranked).slice(0, 3).map((r) => ({ id: r.topic.id, title: r.topic.title, score: round(r.score) })),
  };
}

function toText(knowledge: Knowledge, question: string): string {
  const result = knowledge.search.search(question, 3);
  const top = result.ranked[0];
  if (result.zone === "answer" && top) return `${formatAnswer(top.topic)}\n`;
  if (result.zone === "clarify") {
    return `Có phải bạn muốn hỏi:\n${result.ranked.map((r, i) => `  ${i + 1}. ${r.topic.title}`).join("\n")}\n`;
  }
  return "Xin lỗi, tôi chưa tìm thấy câu trả lời cho câu hỏi này. Bạn có thể gửi câu hỏi cho cán bộ Trung tâm Khuyến công.\n";
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
