import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../src/kb/load.ts";
import type { KnowledgeBase } from "../../src/kb/types.ts";
import { amountInWords } from "../../src/documents/amount-words.ts";
import { generateBoth, generateLetter, type DocumentContext } from "../../src/documents/service.ts";
import { loadLetterTemplate } from "../../src/documents/template.ts";
import type { Application } from "../../src/domain/records.ts";
import { docxText, pdfText, pdfWordBoxes, renderPages, saveOutput } from "./extract.ts";
import { longApplication, sampleApplication } from "./fixtures.ts";

const DATE = new Date("2026-12-02T03:00:00Z");
let kb: KnowledgeBase;
let ctx: DocumentContext;
beforeAll(() => {
  kb = loadKnowledgeBase("knowledge");
  ctx = { kb, template: loadLetterTemplate("knowledge", kb), config: { CENTRE_NAME: "Trung tâm Khuyến công tỉnh" } };
});

/** What both formats must print for the sample application, diacritics intact. */
function expectedTexts(app: Application): string[] {
  const a = app.answers;
  return [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Điện Biên, ngày 02 tháng 12 năm 2026",
    "ĐƠN ĐỀ NGHỊ HỖ TRỢ KINH PHÍ KHUYẾN CÔNG",
    "Kính gửi: Trung tâm Khuyến công tỉnh Điện Biên",
    String(a.facilityName),
    "Doanh nghiệp nhỏ, vừa, siêu nhỏ",
    String(a.representative),
    "chức vụ: Giám đốc",
    String(a.taxCode),
    `${String(a.address)}, ${String(a.commune)}, Điện Biên`,
    String(a.phone),
    String(a.email),
    String(a.sector),
    "24 người",
    "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ vào sản xuất",
    String(a.description),
    "1.250.000.000 đồng (Bằng chữ: Một tỷ hai trăm năm mươi triệu đồng)",
    "150.000.000 đồng (Bằng chữ: Một trăm năm mươi triệu đồng)",
    "1.100.000.000 đồng (Bằng chữ: Một tỷ một trăm triệu đồng)",
    "từ tháng 03/2027 đến tháng 10/2027",
    "Danh mục máy móc thiết bị định mua, báo giá và tổng chi phí",
    "cam kết:",
    "GIÁM ĐỐC",
    "(Ký, ghi rõ họ tên, đóng dấu)",
    "ĐỀ CƯƠNG ĐỀ ÁN KHUYẾN CÔNG",
    "[Cơ sở viết: hiện trạng sản xuất, khó khăn đang gặp, vì sao cần đề án này.]",
    "Tổng cộng",
    "KC-2026-000123",
  ];
}

describe("the request letter and project outline", () => {
  it("PDF: pdftotext finds every field with its diacritics, the amounts in figures and words", async () => {
    const app = sampleApplication();
    const file = await generateLetter(app, "pdf", ctx, DATE);
    expect(file.fileName).toBe("don-de-nghi-KC-2026-000123.pdf");
    expect(file.data.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(saveOutput("sample.pdf", file.data));
    for (const expected of expectedTexts(app)) expect(text).toContain(expected);
    expect(text).not.toMatch(/undefined|NaN|null|\[object/);
    // The font is embedded: the PDF names it, and no standard (non-Vietnamese) font is used.
    expect(file.data.toString("latin1")).toMatch(/FontFile2/);
    expect(file.data.toString("latin1")).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it("DOCX: word/document.xml holds the same fields and amounts", async () => {
    const app = sampleApplication();
    const file = await generateLetter(app, "docx", ctx, DATE);
    expect(file.fileName).toBe("don-de-nghi-KC-2026-000123.docx");
    const text = docxText(saveOutput("sample.docx", file.data));
    for (const expected of expectedTexts(app)) expect(text).toContain(expected);
    expect(text).not.toMatch(/undefined|NaN|null|\[object/);
  });

  it("the signature follows the kind of entity: a household business signs without a seal", async () => {
    const app = sampleApplication({ entityType: "hkd", facilityName: "Hộ kinh doanh Mộc An" });
    delete app.answers.position;
    const text = pdfText(saveOutput("hkd.pdf", (await generateLetter(app, "pdf", ctx, DATE)).data));
    expect(text).toContain("CHỦ HỘ KINH DOANH (Ký, ghi rõ họ tên)");
    expect(text).toContain("Hộ kinh doanh Mộc An cam kết:");
  });

  it("a province's own centre from CENTRE_NAME, a city as 'thành phố', and the place without 'tỉnh'", async () => {
    const configured = { ...ctx, config: { CENTRE_NAME: "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Điện Biên" } };
    expect(pdfText(saveOutput("centre.pdf", (await generateLetter(sampleApplication(), "pdf", configured, DATE)).data))).toContain(
      "Kính gửi: Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Điện Biên",
    );
    const hanoi = docxText(saveOutput("hanoi.docx", (await generateLetter(sampleApplication({ province: "ha-noi" }), "docx", configured, DATE)).data));
    expect(hanoi).toContain("Kính gửi: Trung tâm Khuyến công thành phố Hà Nội");
    expect(hanoi).toContain("Hà Nội, ngày 02 tháng 12 năm 2026");
  });

  it("very long names, a 500-character description and missing optional fields stay inside the margins", async () => {
    const app = longApplication();
    expect(String(app.answers.description)).toHaveLength(500);
    const [pdf, docx] = await generateBoth(app, ctx, DATE);
    const path = saveOutput("long.pdf", (pdf as { data: Buffer }).data);
    const text = pdfText(path);
    expect(text).toContain(String(app.answers.facilityName));
    expect(text).toContain(String(app.answers.description));
    expect(text).toContain(String(app.answers.representative));
    expect(text).toContain(`2.987.654.321 đồng (Bằng chữ: ${amountInWords(2_987_654_321)})`);
    expect(text).toContain("1.000.000.005 đồng (Bằng chữ: Một tỷ không trăm linh năm đồng)");
    // Missing position and email: dots to fill by hand, and the entity's default title to sign.
    expect(text).toContain("chức vụ: ……………………………");
    expect(text).toContain("email: ……………………………");
    expect(text).toContain("CHỦ NHIỆM HỢP TÁC XÃ");
    const { pages, words } = pdfWordBoxes(path);
    expect(pages.length).toBeLessThanOrEqual(6);
    const mm = 72 / 25.4;
    for (const w of words) {
      const page = pages[w.page - 1] as { width: number; height: number };
      expect.soft(w.xMin, `"${w.word}" p.${w.page}`).toBeGreaterThanOrEqual(30 * mm - 1);
      expect.soft(w.xMax, `"${w.word}" p.${w.page}`).toBeLessThanOrEqual(page.width - 20 * mm + 1);
      expect.soft(w.yMax, `"${w.word}" p.${w.page}`).toBeLessThanOrEqual(page.height - 20 * mm + 2);
    }
    // Pages to look at (test-output/documents/long-N.png).
    for (const png of renderPages(path, "long")) expect(existsSync(png)).toBe(true);
    expect(docxText(saveOutput("long.docx", (docx as { data: Buffer }).data))).toContain(String(app.answers.description));
  });

  it("is made from the application as stored now: a correction shows in the next file", async () => {
    const app = sampleApplication();
    app.answers.requested = 120_000_000;
    const text = docxText(saveOutput("corrected.docx", (await generateLetter(app, "docx", ctx, DATE)).data));
    expect(text).toContain("120.000.000 đồng (Bằng chữ: Một trăm hai mươi triệu đồng)");
    expect(text).toContain("1.130.000.000 đồng (Bằng chữ: Một tỷ một trăm ba mươi triệu đồng)");
  });

  it("makes one letter in both formats within 300 ms of CPU (warm)", async () => {
    const app = sampleApplication();
    await generateBoth(app, ctx, DATE);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = process.cpuUsage();
      await generateBoth(app, ctx, DATE);
      const used = process.cpuUsage(started);
      times.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    // CPU time, not wall time: this machine's two cores are shared, so wall time measures the neighbours.
    // `npm run bench:letter` prints wall-time figures.
    expect(times[2]).toBeLessThan(300);
  });
});

describe("making letters beside other users", () => {
  it("keeps the main thread free: a 1 ms timer stays on time (p99 ≤ 20 ms) while letters are made", async () => {
    const kb = loadKnowledgeBase("knowledge");
    const context: DocumentContext = { kb, template: loadLetterTemplate("knowledge", kb), config: { CENTRE_NAME: "Trung tâm Khuyến công tỉnh" } };
    await generateBoth(sampleApplication(), context, DATE); // starts the renderer's thread
    const late: number[] = [];
    let done = false;
    const making = (async () => {
      for (let i = 0; i < 5; i++) await generateBoth(sampleApplication(), context, DATE);
      done = true;
    })();
    while (!done) {
      const started = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 1));
      late.push(performance.now() - started - 1);
    }
    await making;
    late.sort((a, b) => a - b);
    // Rendered on the main thread, one PDF held the loop for 100–400 ms on this machine.
    expect(late[Math.floor(late.length * 0.99)]).toBeLessThanOrEqual(20);
  }, 60_000);
});
