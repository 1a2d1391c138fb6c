/**
 * A small layout model that both renderers (DOCX and PDF) draw, so that the
 * letter's and the outline's content is written once. Sizes are in points.
 */

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** A part only the owner can write: shown in brackets, italic (and highlighted in Word). */
  ownerWrites?: boolean;
}

export type Align = "left" | "center" | "right" | "justify";

export interface Paragraph {
  kind: "paragraph";
  runs: Run[];
  align?: Align;
  /** First-line indent (body paragraphs). */
  indent?: boolean;
  /** Space before, in points. */
  before?: number;
  size?: number;
  /** Keep on the page of the next block (headings). */
  keepWithNext?: boolean;
}

/** A short centred line under the motto. */
export interface Rule {
  kind: "rule";
  widthMm: number;
}

export interface TableCell {
  runs: Run[];
  align?: Align;
}

export interface Table {
  kind: "table";
  /** Column widths as fractions of the text width (they add up to 1). */
  widths: number[];
  header: TableCell[];
  rows: TableCell[][];
  /** Index of rows printed in bold (totals). */
  boldRows?: number[];
}

/** The signature block: centred in the right half, never split across pages. */
export interface Signature {
  kind: "signature";
  lines: Run[];
  /** Blank lines left for the signature after this many lines. */
  gapAfter: number;
  gapLines: number;
}

export interface PageBreak {
  kind: "pageBreak";
}

export type Block = Paragraph | Rule | Table | Signature | PageBreak;

/** One document: a title for the file's properties and its blocks. */
export interface DocumentModel {
  title: string;
  blocks: Block[];
}

export const p = (runs: Run[] | string, options: Omit<Paragraph, "kind" | "runs"> = {}): Paragraph => ({
  kind: "paragraph",
  runs: typeof runs === "string" ? [{ text: runs }] : runs,
  ...options,
});

/** "Label: value" with the label plain and the value as given. */
export const labelled = (label: string, value: Run[] | string): Paragraph =>
  p([{ text: `${label}: ` }, ...(typeof value === "string" ? [{ text: value }] : value)], { indent: true });

/** Text of a run as printed: owner parts in square brackets. */
export function runText(run: Run): string {
  return run.ownerWrites ? `[${run.text}]` : run.text;
}

/** Dots left for writing by hand where an optional answer is missing. */
export const BLANK = "……………………………";
