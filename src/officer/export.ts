import ExcelJS from "exceljs";
import { FIELDS, formatValue, type FormContext } from "../form/fields.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import type { Application } from "../domain/records.ts";
import type { Repositories } from "../domain/storage.ts";
import { vnIsoDate } from "../text/vn-time.ts";
import { STATUS_LABEL } from "./status.ts";
import type { OfficerScope } from "../engine/officers.ts";
import { visibleApplications } from "./scope.ts";

export type ExportFormat = "csv" | "xlsx";

/** A cell: text, or an amount / count kept as a number so officers can sum it. */
export type Cell = string | number;

/** Fields exported as numbers (amounts in đồng, head counts). */
const NUMBER_FIELDS = new Set(["totalCost", "requested", "workers"]);
/** Fields that look like numbers but are identifiers: Excel must keep them as text (leading 0). */
const TEXT_FIELDS = new Set(["phone", "taxCode"]);
const ESTIMATE_HEADER = "Ước tính tối đa (đồng)";

/** Column headers in Vietnamese, then one row per application: what officers open in Excel. */
export function exportRows(apps: Application[], kb: KnowledgeBase, now: Date): { header: string[]; rows: Cell[][]; textColumns: Set<number>; moneyColumns: Set<number> } {
  const fields = FIELDS.filter((f) => f.id !== "consent" && f.id !== "licence");
  const header = ["Mã hồ sơ", "Trạng thái", "Ngày nộp", "Kênh", ...fields.map((f) => f.label), ESTIMATE_HEADER, "Ghi chú gần nhất"];
  const offset = 4;
  const textColumns = new Set(fields.flatMap((f, i) => (TEXT_FIELDS.has(f.id) ? [offset + i] : [])));
  const moneyColumns = new Set([...fields.flatMap((f, i) => (NUMBER_FIELDS.has(f.id) && f.id !== "workers" ? [offset + i] : [])), header.indexOf(ESTIMATE_HEADER)]);
  const rows = apps.map((app): Cell[] => {
    const ctx: FormContext = { kb, now, answers: app.answers };
    const last = app.history.at(-1);
    return [
      app.code,
      STATUS_LABEL[app.status],
      vnIsoDate(new Date(app.submittedAt)),
      app.channel,
      ...fields.map((f): Cell => {
        const value = app.answers[f.id];
        if (value === undefined) return "";
        if (typeof value === "number" && NUMBER_FIELDS.has(f.id)) return value;
        if (TEXT_FIELDS.has(f.id)) return String(value);
        return formatValue(f, value, ctx);
      }),
      app.estimate.maxVnd === null ? "" : app.estimate.maxVnd,
      last?.note ?? "",
    ];
  });
  return { header, rows, textColumns, moneyColumns };
}

/** Identifiers the form validated: digits and a dash only, so a ="…" text formula around them cannot carry anything else. */
const IDENTIFIER = /^\d[\d-]*$/;

/**
 * CSV in UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly; RFC 4180 quoting.
 * Phone and tax code go out as ="0212…" so Excel keeps the leading 0; any other cell that
 * Excel would run as a formula (= + - @, tab, CR) gets a leading apostrophe, since quotes alone do not stop it.
 */
export function toCsv({ header, rows, textColumns }: { header: string[]; rows: Cell[][]; textColumns: Set<number> }): Buffer {
  const quote = (cell: string) => (/[",\r\n;]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const render = (cell: Cell, column: number): string => {
    if (typeof cell === "number") return String(cell);
    if (textColumns.has(column) && IDENTIFIER.test(cell)) return `="${cell}"`;
    return quote(/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
  };
  const text = [header.map((h) => quote(h)).join(","), ...rows.map((row) => row.map(render).join(","))].join("\r\n");
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, "utf8")]);
}

/** XLSX: amounts as numbers with a thousands format (officers can sum them), identifiers as text cells. */
export async function toXlsx({ header, rows, textColumns, moneyColumns }: { header: string[]; rows: Cell[][]; textColumns: Set<number>; moneyColumns: Set<number> }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Hồ sơ khuyến công");
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column, i) => {
    column.width = 22;
    if (moneyColumns.has(i)) column.numFmt = '#,##0 "đ"';
    if (textColumns.has(i)) column.numFmt = "@";
  });
  sheet.getRow(1).eachCell((cell) => (cell.numFmt = "General"));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The whole applications store as a file for officers. */
export async function exportApplications(
  app: { store: Pick<Repositories, "applications">; knowledge: { kb: KnowledgeBase } },
  format: ExportFormat,
  now = new Date(),
  /** Only the applications of this officer's provinces (the CLI's --as); all when absent. */
  scope?: OfficerScope,
): Promise<{ fileName: string; data: Buffer }> {
  const all = await app.store.applications.list();
  return exportFile(scope ? visibleApplications(scope, all) : all, app.knowledge.kb, format, now);
}

/** Some applications (the web page's current filter, or all) as a CSV or XLSX file. */
export async function exportFile(apps: Application[], kb: KnowledgeBase, format: ExportFormat, now: Date): Promise<{ fileName: string; data: Buffer }> {
  const table = exportRows(apps, kb, now);
  const stamp = vnIsoDate(now);
  return format === "csv"
    ? { fileName: `ho-so-khuyen-cong-${stamp}.csv`, data: toCsv(table) }
    : { fileName: `ho-so-khuyen-cong-${stamp}.xlsx`, data: await toXlsx(table) };
}
