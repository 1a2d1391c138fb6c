import type { Config } from "../config.ts";
import type { Application } from "../domain/records.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import { provinceWording } from "./addressee.ts";
import { letterFacts } from "./facts.ts";
import { buildLetter, buildOutline } from "./letter.ts";
import type { DocumentModel } from "./model.ts";
import { renderDocument } from "./render-pool.ts";
import type { LetterTemplate } from "./template.ts";

export type DocumentFormat = "pdf" | "docx";

/** One generated file, ready to send or write. */
export interface GeneratedFile {
  fileName: string;
  mimeType: string;
  data: Buffer;
}

const MIME: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

export interface DocumentContext {
  kb: KnowledgeBase;
  template: LetterTemplate;
  config: Pick<Config, "CENTRE_NAME">;
}

/** The letter and the outline of one application, as layout models. */
export function buildModels(app: Application, ctx: DocumentContext, date: Date): { letter: DocumentModel; outline: DocumentModel } {
  const facts = letterFacts(app, ctx.kb);
  const input = { facts, template: ctx.template, wording: provinceWording(facts.province, ctx.template, ctx.config), date };
  const outline = buildOutline(input);
  return { letter: buildLetter(input), outline };
}

/**
 * The papers of one application in one format: a single file holding the
 * request letter and, on a new page, the project outline. Made from the
 * stored application every time (never stored), so a supplement or an
 * officer's correction shows in the next download.
 */
export async function generateLetter(app: Application, format: DocumentFormat, ctx: DocumentContext, date: Date): Promise<GeneratedFile> {
  const { letter, outline } = buildModels(app, ctx, date);
  const combined: DocumentModel = { title: letter.title, blocks: [...letter.blocks, { kind: "pageBreak" }, ...outline.blocks] };
  // On the renderer's thread; pdfkit and docx load when the first letter is made, not at every start.
  const data = await renderDocument(combined, format);
  return { fileName: `don-de-nghi-${app.code}.${format}`, mimeType: MIME[format], data };
}

/** Both formats, the PDF first (to print) then the DOCX (to edit). */
export async function generateBoth(app: Application, ctx: DocumentContext, date: Date): Promise<GeneratedFile[]> {
  return Promise.all([generateLetter(app, "pdf", ctx, date), generateLetter(app, "docx", ctx, date)]);
}
