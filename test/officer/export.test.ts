import ExcelJS from "exceljs";
import { MemoryStorage } from "../../src/store/memory/memory-storage.ts";
import { describe, expect, it } from "vitest";
import { exportApplications, exportRows, toCsv } from "../../src/officer/export.ts";
import { loadKnowledgeBase } from "../../src/kb/load.ts";
import type { Application } from "../../src/domain/records.ts";

const kb = loadKnowledgeBase("knowledge");

function application(overrides: Partial<Application> = {}, answers: Application["answers"] = {}): Application {
  return {
    code: "KC-2027-000001",
    channel: "zalo",
    userId: "u1",
    chatId: "u1",
    // 1 January 2027 at 01:30 in Vietnam, still 31 December in UTC.
    submittedAt: "2026-12-31T18:30:00.000Z",
    answers: { representative: "Nguyễn Văn An", phone: "02123852123", taxCode: "0100233488-001", totalCost: 1_200_000_000, requested: 300_000_000, workers: 12, facilityName: "=HYPERLINK(\"http://x\")", ...answers },
    supportId: "may-moc-thiet-bi",
    estimate: { maxVnd: 300_000_000, requestedVnd: 300_000_000, note: "" },
    status: "submitted",
    history: [{ at: "2026-12-31T18:30:00.000Z", by: "applicant", from: null, to: "submitted" }],
    ...overrides,
  };
}

const csvCells = (data: Buffer) => data.subarray(3).toString("utf8").trim().split("\r\n");

describe("exports (issue 16, W7)", () => {
  it("CSV keeps phone and tax code as text for Excel (leading 0 kept)", () => {
    const table = exportRows([application()], kb, new Date());
    const [head, row] = csvCells(toCsv(table));
    const cells = row!.split(",");
    const at = (label: string) => cells[head!.split(",").indexOf(label)];
    expect(at("Số điện thoại")).toBe('="02123852123"');
    expect(at("Mã số thuế")).toBe('="0100233488-001"');
  });

  it("CSV still neutralises formulas typed by applicants", () => {
    const text = toCsv(exportRows([application()], kb, new Date())).toString("utf8");
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toMatch(/'=HYPERLINK/);
  });

  it("dates are Vietnam's (a submission at 01:30 on 1 January is dated 2027-01-01)", () => {
    const { header, rows } = exportRows([application()], kb, new Date());
    expect(rows[0]?.[header.indexOf("Ngày nộp")]).toBe("2027-01-01");
  });

  it("XLSX has money as numbers with a number format, phone and tax code as text", async () => {
    const store = new MemoryStorage();
    await store.applications.save(application());
    const file = await exportApplications({ store, knowledge: { kb } }, "xlsx", new Date("2026-12-02T02:00:00Z"));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.data as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (label: string) => sheet.getRow(2).getCell(header.indexOf(label) + 1);
    expect(cell("Tổng kinh phí").value).toBe(1_200_000_000);
    expect(cell("Tổng kinh phí").numFmt).toMatch(/#,##0/);
    expect(cell("Kinh phí đề nghị hỗ trợ").value).toBe(300_000_000);
    expect(cell("Ước tính tối đa (đồng)").value).toBe(300_000_000);
    expect(cell("Số điện thoại").value).toBe("02123852123");
    expect(cell("Mã số thuế").value).toBe("0100233488-001");
  });
});
