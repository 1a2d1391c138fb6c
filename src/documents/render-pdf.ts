import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { create as parseFont } from "fontkit";
import PDFDocument from "pdfkit";
import { runText, type Align, type Block, type DocumentModel, type Paragraph, type Run, type Signature, type Table } from "./model.ts";

/**
 * PDF with an embedded DejaVu Serif Condensed (npm `dejavu-fonts-ttf`: full
 * Vietnamese coverage, free licence — see README), so the letter prints the
 * same everywhere. A4, margins 20 mm top/bottom, 30 mm left, 20 mm right,
 * 13 pt body (documents.md).
 */

const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 20 * MM };
const BODY_SIZE = 13;
const LINE_GAP = 2;
const INDENT = 10 * MM;

type FontKey = "regular" | "bold" | "italic" | "boldItalic";
const FONT_FILES: Record<FontKey, string> = {
  regular: "DejaVuSerifCondensed.ttf",
  bold: "DejaVuSerifCondensed-Bold.ttf",
  italic: "DejaVuSerifCondensed-Italic.ttf",
  boldItalic: "DejaVuSerifCondensed-BoldItalic.ttf",
};

/** A parsed fontkit font; `_glyphs` is its glyph cache. */
type ParsedFont = object & { _glyphs?: Record<number, unknown> };
let fonts: Record<FontKey, ParsedFont> | undefined;

/**
 * The fonts, read and parsed once per process (pdfkit accepts a parsed
 * fontkit font): parsing the four files again for every document was most of
 * a letter's time (their tables: cmap, metrics, kerning).
 */
function loadFonts(): Record<FontKey, ParsedFont> {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
    fonts = Object.fromEntries(Object.entries(FONT_FILES).map(([key, file]) => [key, parseFont(readFileSync(join(dir, file)))])) as Record<FontKey, ParsedFont>;
  }
  // fontkit caches glyphs with the characters they were first met for. Embedding a subset
  // meets "A" as a component of "Ấ" with no character, and a later document would then
  // map "A" to no text (pdftotext read "Mộc An" as "Mộc n"): every document starts with a
  // fresh glyph cache, keeping the parsed tables. The test "signature follows the kind of
  // entity" guards this. Documents are laid out synchronously, so none shares a cache in flight.
  for (const font of Object.values(fonts)) font._glyphs = {};
  return fonts;
}

const fontOf = (run: Pick<Run, "bold" | "italic" | "ownerWrites">): FontKey => {
  const italic = run.italic || run.ownerWrites;
  return run.bold ? (italic ? "boldItalic" : "bold") : italic ? "italic" : "regular";
};

/** Renders a document model to a PDF buffer. */
export function renderPdf(model: DocumentModel): Promise<Buffer> {
  const files = loadFonts();
  // The default font (Helvetica, read from pdfkit's AFM files) is never used: start with ours.
  const doc = new PDFDocument({ size: "A4", margins: MARGINS, font: files.regular as unknown as string, info: { Title: model.title, Creator: "Trợ lý Khuyến công" } });
  for (const key of Object.keys(files) as FontKey[]) doc.registerFont(key, files[key] as unknown as Buffer);
  doc.font("regular").fontSize(BODY_SIZE);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const blocks = model.blocks;
  blocks.forEach((block, i) => drawBlock(doc, block, width, blocks[i + 1]));
  doc.end();
  return done;
}

type Doc = InstanceType<typeof PDFDocument>;

function bottom(doc: Doc): number {
  return doc.page.height - MARGINS.bottom;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function drawBlock(doc: Doc, block: Block, width: number, next: Block | undefined): void {
  switch (block.kind) {
    case "paragraph": {
      // A heading stays with the start of what follows: the next paragraph, or a table's first rows.
      const following = next?.kind === "paragraph" ? paragraphHeight(doc, next, width) : next?.kind === "table" ? 90 : 0;
      const needed = paragraphHeight(doc, block, width) + (block.keepWithNext ? following : 0);
      if (block.keepWithNext) ensureSpace(doc, needed);
      drawParagraph(doc, block, MARGINS.left, width);
      return;
    }
    case "rule": {
      const w = block.widthMm * MM;
      const x = MARGINS.left + (width - w) / 2;
      const y = doc.y + 1;
      doc.moveTo(x, y).lineTo(x + w, y).lineWidth(0.6).stroke();
      doc.y = y + 3;
      return;
    }
    case "table":
      drawTable(doc, block, width);
      return;
    case "signature":
      drawSignature(doc, block, width);
      return;
    case "pageBreak":
      doc.addPage();
      return;
  }
}

function textOptions(align: Align | undefined, width: number) {
  return { width, align: align ?? "justify", lineGap: LINE_GAP };
}

function paragraphHeight(doc: Doc, block: Paragraph, width: number): number {
  doc.fontSize(block.size ?? BODY_SIZE);
  const text = block.runs.map(runText).join("");
  doc.font(fontOf(block.runs[0] ?? {}));
  const h = doc.heightOfString(text, { ...textOptions(block.align, width), indent: block.indent ? INDENT : 0 });
  doc.fontSize(BODY_SIZE);
  return h + (block.before ?? 0);
}

/**
 * A paragraph. One run: pdfkit wraps and justifies it. Several runs (label and
 * value, figures and words): pdfkit's `continued` text, left-aligned, since
 * its justification of continued runs spreads words unevenly; a centred or
 * right-aligned line of several runs that fits on one line is placed by hand.
 */
function drawParagraph(doc: Doc, block: Paragraph, x: number, width: number): void {
  doc.y += block.before ?? 0;
  if (doc.y > bottom(doc) - BODY_SIZE) doc.addPage();
  doc.fontSize(block.size ?? BODY_SIZE);
  const runs = block.runs.filter((r) => r.text !== "");
  if (runs.length === 0) {
    doc.moveDown(0.5);
    return;
  }
  const setRun = (run: Run) => doc.font(fontOf(run)).fillColor(run.ownerWrites ? "#444444" : "black");
  const align = block.align ?? "justify";
  if (runs.length > 1 && (align === "center" || align === "right")) {
    const widths = runs.map((run) => setRun(run).widthOfString(runText(run)));
    const total = widths.reduce((a, b) => a + b, 0);
    if (total <= width) {
      let cursor = align === "center" ? x + (width - total) / 2 : x + width - total;
      const y = doc.y;
      runs.forEach((run, i) => {
        setRun(run).text(runText(run), cursor, y, { lineBreak: false });
        cursor += widths[i] ?? 0;
      });
      doc.y = y + doc.currentLineHeight(true) + LINE_GAP;
      doc.fillColor("black").font("regular").fontSize(BODY_SIZE);
      doc.x = x;
      return;
    }
    // Too long for one line: one run in the first run's style, which pdfkit wraps and centres.
    runs.splice(0, runs.length, { ...runs[0], text: runs.map((r) => r.text).join("") });
  }
  const effective = runs.length > 1 ? (align === "justify" ? "left" : align) : align;
  runs.forEach((run, i) => {
    setRun(run);
    const options = { ...textOptions(effective, width), continued: i < runs.length - 1, ...(i === 0 && block.indent ? { indent: INDENT } : {}) };
    if (i === 0) doc.text(runText(run), x, doc.y, options);
    else doc.text(runText(run), options);
  });
  doc.fillColor("black").font("regular").fontSize(BODY_SIZE);
  doc.x = x;
}

function drawSignature(doc: Doc, block: Signature, width: number): void {
  const half = width / 2;
  const x = MARGINS.left + half;
  const lineHeight = doc.currentLineHeight(true) + LINE_GAP;
  let height = block.gapLines * lineHeight + 10;
  for (const run of block.lines) {
    doc.font(fontOf(run));
    height += doc.heightOfString(run.text, { width: half, align: "center", lineGap: LINE_GAP });
  }
  doc.y += 10;
  ensureSpace(doc, height);
  block.lines.forEach((run, i) => {
    if (i === block.gapAfter) doc.y += block.gapLines * lineHeight;
    doc.font(fontOf(run)).text(run.text, x, doc.y, { width: half, align: "center", lineGap: LINE_GAP });
  });
  doc.font("regular");
  doc.x = MARGINS.left;
}

function drawTable(doc: Doc, table: Table, width: number): void {
  const size = BODY_SIZE - 2;
  const pad = 3;
  const widths = table.widths.map((w) => w * width);
  const cellText = (runs: Run[]) => runs.map(runText).join("");
  const rowHeight = (cells: { runs: Run[] }[], bold: boolean) => {
    let h = 0;
    cells.forEach((cell, i) => {
      const run = cell.runs[0];
      doc.font(fontOf({ ...run, bold: bold || run?.bold })).fontSize(size);
      h = Math.max(h, doc.heightOfString(cellText(cell.runs) || " ", { width: (widths[i] ?? 0) - 2 * pad, lineGap: 1 }));
    });
    return h + 2 * pad;
  };
  const drawRow = (cells: { runs: Run[]; align?: Align }[], bold: boolean) => {
    const h = rowHeight(cells, bold);
    if (doc.y + h > bottom(doc)) doc.addPage();
    const top = doc.y;
    let x = MARGINS.left;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 0;
      doc.rect(x, top, w, h).lineWidth(0.5).stroke();
      const run = cell.runs[0];
      doc.font(fontOf({ ...run, bold: bold || run?.bold })).fontSize(size).fillColor(run?.ownerWrites ? "#444444" : "black");
      doc.text(cellText(cell.runs), x + pad, top + pad, { width: w - 2 * pad, align: cell.align ?? "left", lineGap: 1 });
      x += w;
    });
    doc.fillColor("black");
    doc.y = top + h;
  };
  doc.y += 4;
  drawRow(table.header, true);
  table.rows.forEach((row, i) => drawRow(row, table.boldRows?.includes(i) ?? false));
  doc.font("regular").fontSize(BODY_SIZE);
  doc.x = MARGINS.left;
  doc.y += 4;
}
