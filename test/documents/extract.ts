import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where tests leave PDFs, DOCX and PNG pages to look at (git-ignored). */
export const OUTPUT_DIR = resolve(import.meta.dirname, "../../test-output/documents");

export function saveOutput(name: string, data: Buffer): string {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, name);
  writeFileSync(path, data);
  return path;
}

/** The PDF's text as poppler's pdftotext reads it, whitespace collapsed (wrapped lines join with a space). */
export function pdfText(path: string): string {
  return execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

export interface WordBox {
  page: number;
  word: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Every word with its box in points (pdftotext -bbox), to check that nothing runs outside the margins. */
export function pdfWordBoxes(path: string): { pages: { width: number; height: number }[]; words: WordBox[] } {
  const html = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", path, "-"], { encoding: "utf8" });
  const pages: { width: number; height: number }[] = [];
  const words: WordBox[] = [];
  for (const part of html.split(/<page /).slice(1)) {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(part);
    pages.push({ width: Number(size?.[1]), height: Number(size?.[2]) });
    for (const m of part.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ page: pages.length, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), word: m[5] ?? "" });
    }
  }
  return { pages, words };
}

/** PNG pages of a PDF (pdftoppm), for a person to look at; returns their paths. */
export function renderPages(path: string, prefix: string): string[] {
  execFileSync("pdftoppm", ["-r", "70", "-png", path, join(OUTPUT_DIR, prefix)]);
  const count = pdfWordBoxes(path).pages.length;
  return Array.from({ length: count }, (_, i) => join(OUTPUT_DIR, `${prefix}-${i + 1}.png`));
}

/** The paragraphs of a DOCX's word/document.xml as text (unzip -p), XML entities decoded. */
export function docxText(path: string): string {
  const xml = execFileSync("unzip", ["-p", path, "word/document.xml"], { encoding: "utf8", maxBuffer: 20 * 1024 * 1024 });
  const paragraphs = xml.split(/<\/w:p>/).map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));
  return paragraphs
    .join("\n")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
