import {
  AlignmentType,
  BorderStyle,
  Document,
  HighlightColor,
  Packer,
  PageBreak,
  Paragraph as DocxParagraph,
  Table as DocxTable,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from "docx";
import { runText, type Align, type Block, type DocumentModel, type Run } from "./model.ts";

/**
 * DOCX for Word (offices edit the letter before printing): Times New Roman
 * 13 pt, A4, margins 20/20 mm top/bottom, 30 mm left, 20 mm right
 * (documents.md). Owner-only parts are highlighted so they are easy to find.
 */

const FONT = "Times New Roman";
const BODY_HALF_POINTS = 26;
const TEXT_WIDTH_MM = 210 - 30 - 20;

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

function textRun(run: Run, size: number, bold = false): TextRun {
  return new TextRun({
    text: runText(run),
    bold: bold || run.bold,
    italics: run.italic || run.ownerWrites,
    font: FONT,
    size,
    ...(run.ownerWrites ? { highlight: HighlightColor.YELLOW } : {}),
  });
}

function toDocx(block: Block): (DocxParagraph | DocxTable)[] {
  switch (block.kind) {
    case "paragraph": {
      const size = (block.size ?? 13) * 2;
      return [
        new DocxParagraph({
          alignment: ALIGN[block.align ?? "justify"],
          spacing: { before: (block.before ?? 0) * 20, after: 60, line: 276 },
          indent: block.indent ? { firstLine: convertMillimetersToTwip(10) } : undefined,
          keepNext: block.keepWithNext,
          children: block.runs.map((r) => textRun(r, size)),
        }),
      ];
    }
    case "rule": {
      // A bottom border on an empty paragraph indented to the rule's width: a short line under the motto.
      const side = convertMillimetersToTwip((TEXT_WIDTH_MM - block.widthMm) / 2);
      return [new DocxParagraph({ indent: { left: side, right: side }, spacing: { after: 120, line: 120 }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } }, children: [] })];
    }
    case "table": {
      const total = convertMillimetersToTwip(TEXT_WIDTH_MM);
      const widths = block.widths.map((w) => Math.round(w * total));
      const row = (cells: { runs: Run[]; align?: Align }[], bold: boolean, header = false) =>
        new TableRow({
          tableHeader: header,
          cantSplit: true,
          children: cells.map(
            (cell, i) =>
              new TableCell({
                width: { size: widths[i] ?? 0, type: WidthType.DXA },
                margins: { top: 40, bottom: 40, left: 80, right: 80 },
                children: [new DocxParagraph({ alignment: ALIGN[cell.align ?? "left"], children: cell.runs.map((r) => textRun(r, 22, bold)) })],
              }),
          ),
        });
      return [
        new DocxTable({
          width: { size: total, type: WidthType.DXA },
          columnWidths: widths,
          rows: [row(block.header, true, true), ...block.rows.map((r, i) => row(r, block.boldRows?.includes(i) ?? false))],
        }),
      ];
    }
    case "pageBreak":
      return [new DocxParagraph({ children: [new PageBreak()] })];
    case "signature": {
      // Centred in the right half of the text width, kept on one page.
      const half = convertMillimetersToTwip(TEXT_WIDTH_MM / 2);
      return block.lines.map(
        (run, i) =>
          new DocxParagraph({
            alignment: AlignmentType.CENTER,
            indent: { left: half },
            keepNext: i < block.lines.length - 1,
            keepLines: true,
            spacing: { before: i === 0 ? 240 : i === block.gapAfter ? block.gapLines * 300 : 0 },
            children: [textRun(run, BODY_HALF_POINTS)],
          }),
      );
    }
  }
}

/** Renders a document model to a DOCX buffer. */
export function renderDocx(model: DocumentModel): Promise<Buffer> {
  const doc = new Document({
    title: model.title,
    creator: "Trợ lý Khuyến công",
    styles: { default: { document: { run: { font: FONT, size: BODY_HALF_POINTS } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(20) },
          },
        },
        children: model.blocks.flatMap(toDocx),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
