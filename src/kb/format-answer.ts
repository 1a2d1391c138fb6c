import { formatSource } from "./render-support.ts";
import type { Topic } from "./types.ts";

/** "2026-11-25" → "25/11/2026". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/** The answer as a user reads it: text, caveat, legal basis and the date it was checked. */
export function formatAnswer(topic: Topic): string {
  const parts = [`📌 ${topic.title}`, "", topic.answer.trim()];
  if (topic.caveat) parts.push("", `⚠️ Lưu ý: ${topic.caveat.trim()}`);
  parts.push("", `Căn cứ: ${topic.sources.map(formatSource).join("; ")}.`, `Thông tin kiểm tra ngày ${formatDate(topic.lastChecked)}.`);
  return parts.join("\n");
}
