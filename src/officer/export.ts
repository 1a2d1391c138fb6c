import ExcelJS from "exceljs";
import { FIELDS, formatValue, type FormContext } from "../form/fields.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import type { Application } from "../domain/records.ts";
import type { Repositories } from "../domain/storage.ts";
import { STATUS_LABEL } from "./status.ts";

export type ExportFormat = "csv" | "xlsx";

/** Column headers in Vietnamese, then one row per application: what officers open in Excel. */
export function exportRows(apps: Application[], kb: KnowledgeBase, now: Date): { header: string[]; rows: string[][] } {
  const fields = FIELDS.filter((f) => f.id !== "consent" && f.id !== "licence");
  const header = ["Mã hồ sơ", "Trạng thái", "Ngày nộp", "Kênh", ...fields.map((f) => f.label), "Ước tính tối đa (đồng)", "Ghi chú gần nhất"];
  const rows = apps.map((app) => {
    const ctx: FormContext = { kb, now, answers: app.answers };
    const last = app.history.at(-1);
    return [
      app.code,
      STATUS_LABEL[app.status],
      app.submittedAt.slice(0, 10),
      app.channel,
      ...fields.map((f) => {
        const value = app.answers[f.id];
        if (value === undefined) return "";
        return typeof value === "number" ? String(value) : formatValue(f, value, ctx);
      }),
      app.estimate.maxVnd === null ? "" : String(app.estimate.maxVnd),
      last?.note ?? "",
    ];
  });
  return { header, rows };
}

/** CSV in UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly; RFC 4180 quoting. */
export function toCsv(header: string[], rows: string[][]): Buffer {
  const quote = (cell: string) => (/[",\r\n;]/.test(cell) || /^[=+\-@]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const text = [header, ...rows].map((row) => row.map(quote).join(",")).join("\r\n");
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, "utf8")]);
}

export async function toXlsx(header: string[], rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Hồ sơ khuyến công");
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column) => (column.width = 22));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The whole applications store as a file for officers. */
export async function exportApplications(
  app: { store: Pick<Repositories, "applications">; knowledge: { kb: KnowledgeBase } },
  format: ExportFormat,
  now = new Date(),
): Promise<{ fileName: string; data: Buffer }> {
  // At start-up the applications may still be loading in the background.
  const { header, rows } = exportRows(await app.store.applications.list(), app.knowledge.kb, now);
  const stamp = now.toISOString().slice(0, 10);
  return format === "csv"
    ? { fileName: `ho-so-khuyen-cong-${stamp}.csv`, data: toCsv(header, rows) }
    : { fileName: `ho-so-khuyen-cong-${stamp}.xlsx`, data: await toXlsx(header, rows) };
}
