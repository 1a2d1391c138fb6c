import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Config } from "../config.ts";
import type { Storage } from "../domain/storage.ts";
import { generateLetter, type DocumentFormat } from "../documents/service.ts";
import { loadLetterTemplate } from "../documents/template.ts";
import type { KnowledgeBase } from "../kb/types.ts";

/**
 * `npm run officer -- letter KC-… --format pdf|docx --out FILE`: the request
 * letter and project outline of one application, made from what is stored now
 * (so an officer's correction shows). Reads only: runs beside a running bot.
 */
export async function writeLetter(
  store: Storage,
  knowledge: { kb: KnowledgeBase },
  config: Config,
  code: string | undefined,
  values: { format?: string; out?: string },
  now: Date,
): Promise<void> {
  if (!code) throw new Error("Thiếu mã hồ sơ: npm run officer -- letter KC-2026-000001 --format pdf --out don.pdf");
  const format = values.format ?? "pdf";
  if (format !== "pdf" && format !== "docx") throw new Error('--format phải là "pdf" hoặc "docx".');
  const app = await store.applications.get(code.toUpperCase());
  if (!app) throw new Error(`Không có hồ sơ ${code}.`);
  const template = loadLetterTemplate(resolve(config.KNOWLEDGE_DIR), knowledge.kb);
  const file = await generateLetter(app, format as DocumentFormat, { kb: knowledge.kb, template, config }, now);
  const out = values.out ?? file.fileName;
  await writeFile(out, file.data);
  console.log(`Đã tạo đơn đề nghị và đề cương đề án của hồ sơ ${app.code}: ${out}`);
}
