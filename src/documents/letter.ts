import { amountInFigures, amountInWords } from "./amount-words.ts";
import type { ProvinceWording } from "./addressee.ts";
import type { LetterFacts } from "./facts.ts";
import { BLANK, labelled, p, type Block, type DocumentModel, type Run, type Signature, type Table } from "./model.ts";
import { fillPlaceholders, type LetterTemplate, type OutlineSection } from "./template.ts";

export interface LetterInput {
  facts: LetterFacts;
  template: LetterTemplate;
  wording: ProvinceWording;
  /** The day the papers are made (Vietnam time). */
  date: Date;
}

/** "Điện Biên, ngày 02 tháng 12 năm 2026": day and month under 10 with a leading zero, in Vietnam time. */
export function placeAndDate(place: string, date: Date): string {
  const local = new Date(date.getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${place}, ngày ${two(local.getUTCDate())} tháng ${two(local.getUTCMonth() + 1)} năm ${local.getUTCFullYear()}`;
}

const monthYear = (m: { month: number; year: number } | undefined) => (m ? `${String(m.month).padStart(2, "0")}/${m.year}` : BLANK);
const orBlank = (value: string | undefined) => (value && value.trim() !== "" ? value : BLANK);

/** "1.200.000.000 đồng (Bằng chữ: Một tỷ hai trăm triệu đồng)", or dots to fill by hand. */
export function amountRuns(vnd: number | undefined): Run[] {
  if (vnd === undefined) return [{ text: `${BLANK} đồng (Bằng chữ: ${BLANK})` }];
  return [{ text: amountInFigures(vnd), bold: true }, { text: " (Bằng chữ: " }, { text: amountInWords(vnd), italic: true }, { text: ")" }];
}

function nationalHeading(template: LetterTemplate, wording: ProvinceWording, date: Date): Block[] {
  return [
    p([{ text: template.letter.nationalHeading, bold: true }], { align: "center" }),
    p([{ text: template.letter.motto, bold: true }], { align: "center" }),
    { kind: "rule", widthMm: 60 },
    p([{ text: placeAndDate(wording.place, date), italic: true }], { align: "right", before: 8 }),
  ];
}

function signature(facts: LetterFacts, template: LetterTemplate, lead?: string): Signature {
  const sign = template.letter.signature[facts.entityType];
  const title = (facts.position ?? sign?.title ?? "NGƯỜI ĐẠI DIỆN").toLocaleUpperCase("vi");
  return {
    kind: "signature",
    lines: [
      ...(lead ? [{ text: lead, bold: true }] : []),
      { text: title, bold: true },
      { text: sign?.note ?? "(Ký, ghi rõ họ tên, đóng dấu nếu có)", italic: true },
      { text: orBlank(facts.representative), bold: true },
    ],
    gapAfter: lead ? 3 : 2,
    gapLines: 4,
  };
}

/**
 * The applicant's facts, in the one order the letter's section I and the
 * outline's applicant section share: the letter numbers them, shows the name
 * in bold and names the tax code in full; the outline lists them with dashes.
 */
function applicantLines(facts: LetterFacts, style: "letter" | "outline"): Block[] {
  const letter = style === "letter";
  const rows: [string, Run[] | string][] = [
    ["Tên cơ sở", letter ? [{ text: orBlank(facts.facilityName), bold: true }] : orBlank(facts.facilityName)],
    ["Loại hình", orBlank(facts.entityLabel)],
    ["Người đại diện", `${orBlank(facts.representative)}; chức vụ: ${orBlank(facts.position)}`],
    [letter ? "Mã số thuế (mã số đăng ký kinh doanh)" : "Mã số thuế", orBlank(facts.taxCode)],
    ["Địa chỉ", orBlank(facts.address)],
    ["Điện thoại", `${orBlank(facts.phone)}; email: ${orBlank(facts.email)}`],
    ["Ngành nghề, sản phẩm chính", orBlank(facts.sector)],
    ["Số lao động thường xuyên", facts.workers !== undefined ? `${facts.workers} người` : BLANK],
  ];
  return rows.map(([label, value], i) => labelled(letter ? `${i + 1}. ${label}` : `- ${label}`, value));
}

/** The request letter (đơn đề nghị hỗ trợ kinh phí khuyến công), laid out as documents.md describes. */
export function buildLetter({ facts, template, wording, date }: LetterInput): DocumentModel {
  const t = template.letter;
  const fill = (s: string) => fillPlaceholders(s, { noiNhan: wording.addressee, tinh: wording.unit, coSo: orBlank(facts.facilityName) });
  const attachments = [...t.attachments.common, ...(t.attachments.bySupport[facts.supportId] ?? [])];
  const section = (text: string) => p([{ text, bold: true }], { before: 6, keepWithNext: true });
  const blocks: Block[] = [
    ...nationalHeading(template, wording, date),
    p([{ text: t.title, bold: true }], { align: "center", before: 14, size: 14 }),
    p([{ text: "Kính gửi: ", bold: true }, { text: wording.addressee }], { align: "center", before: 6 }),
    ...t.legalBasis.map((line, i) => p([{ text: fill(line), italic: true }], { indent: true, before: i === 0 ? 10 : 0 })),
    section("I. THÔNG TIN CƠ SỞ ĐỀ NGHỊ HỖ TRỢ"),
    ...applicantLines(facts, "letter"),
    section("II. NỘI DUNG ĐỀ NGHỊ HỖ TRỢ"),
    p(fill(t.intro), { indent: true }),
    labelled("1. Nội dung hỗ trợ", facts.supportTitle),
    labelled("2. Nội dung đề án", orBlank(facts.description)),
    labelled("3. Tổng kinh phí thực hiện", amountRuns(facts.totalCost)),
    labelled("4. Kinh phí đề nghị khuyến công hỗ trợ", amountRuns(facts.requested)),
    labelled("5. Kinh phí đối ứng của cơ sở", amountRuns(facts.ownShare)),
    labelled("6. Thời gian thực hiện", `từ tháng ${monthYear(facts.start)} đến tháng ${monthYear(facts.end)}`),
    labelled("7. Đã nhận hỗ trợ khuyến công cho cùng nội dung", facts.previousSupport === undefined ? BLANK : facts.previousSupport ? "Có" : "Chưa"),
    section("III. HỒ SƠ GỬI KÈM"),
    ...attachments.map((a) => p(`- ${a}`, { indent: true })),
    section("IV. CAM KẾT"),
    p(`${orBlank(facts.facilityName)} cam kết:`, { indent: true }),
    ...t.commitments.map((c) => p(`- ${c}`, { indent: true })),
    p(fill(t.closing), { indent: true, before: 4 }),
    signature(facts, template),
    p([{ text: `Mã hồ sơ trên Trợ lý Khuyến công: ${facts.code}`, italic: true }], { size: 10, before: 10 }),
  ];
  return { title: `${t.title} — ${facts.code}`, blocks };
}

function costTable(facts: LetterFacts): Table {
  const money = (v: number | undefined) => [{ text: v === undefined ? "" : amountInFigures(v).replace(" đồng", "") }];
  const right = "right" as const;
  return {
    kind: "table",
    widths: [0.07, 0.33, 0.2, 0.2, 0.2],
    header: ["STT", "Hạng mục, nội dung chi", "Tổng kinh phí (đồng)", "Khuyến công hỗ trợ (đồng)", "Cơ sở đối ứng (đồng)"].map((text) => ({
      runs: [{ text, bold: true }],
      align: "center" as const,
    })),
    rows: [
      [
        { runs: [{ text: "1" }], align: "center" },
        { runs: [{ text: `Chi phí thực hiện đề án (${facts.supportShortTitle.toLocaleLowerCase("vi")})` }] },
        { runs: money(facts.totalCost), align: right },
        { runs: money(facts.requested), align: right },
        { runs: money(facts.ownShare), align: right },
      ],
      [{ runs: [{ text: "2" }], align: "center" }, { runs: [{ text: "Hạng mục chi tiết theo báo giá", ownerWrites: true }] }, { runs: [] }, { runs: [] }, { runs: [] }],
      [{ runs: [{ text: "…" }], align: "center" }, { runs: [{ text: "…" }] }, { runs: [] }, { runs: [] }, { runs: [] }],
      [
        { runs: [] },
        { runs: [{ text: "Tổng cộng", bold: true }] },
        { runs: money(facts.totalCost), align: right },
        { runs: money(facts.requested), align: right },
        { runs: money(facts.ownShare), align: right },
      ],
    ],
    boldRows: [3],
  };
}

function sectionBody(section: OutlineSection, facts: LetterFacts, wording: ProvinceWording): Block[] {
  const owner = section.ownerWrites ? [p([{ text: section.ownerWrites, ownerWrites: true }], { indent: true })] : [];
  switch (section.fill) {
    case undefined:
      return owner;
    case "project":
      return [p([{ text: `${facts.supportTitle} tại ${orBlank(facts.facilityName)}`, bold: true }], { indent: true }), ...owner];
    case "applicant":
      return [...applicantLines(facts, "outline"), ...owner];
    case "content":
      return [p(orBlank(facts.description), { indent: true }), ...owner];
    case "timing":
      return [
        labelled("- Thời gian", `từ tháng ${monthYear(facts.start)} đến tháng ${monthYear(facts.end)}`),
        labelled("- Địa điểm", orBlank(facts.address || wording.unit)),
        ...owner,
      ];
    case "cost": {
      const estimate =
        facts.estimateMaxVnd !== null
          ? [p([{ text: `Mức hỗ trợ tối đa ước tính theo ngân sách trung ương khi nộp hồ sơ: ${amountInFigures(facts.estimateMaxVnd)}. Đây là ước tính, chưa phải mức được duyệt; mức hỗ trợ do cơ quan có thẩm quyền quyết định.`, italic: true }], { indent: true })]
          : [];
      return [
        costTable(facts),
        labelled("Tổng kinh phí", amountRuns(facts.totalCost)),
        labelled("Khuyến công hỗ trợ", amountRuns(facts.requested)),
        labelled("Cơ sở đối ứng", amountRuns(facts.ownShare)),
        ...estimate,
        ...owner,
      ];
    }
  }
}

/** The project outline (đề cương đề án) skeleton: filled where the form knows, marked where only the owner can write. */
export function buildOutline({ facts, template, wording, date }: LetterInput): DocumentModel {
  const o = template.outline;
  const fill = (s: string) => fillPlaceholders(s, { noiNhan: wording.addressee, tinh: wording.unit, coSo: orBlank(facts.facilityName) });
  const blocks: Block[] = [
    ...nationalHeading(template, wording, date),
    p([{ text: o.title, bold: true }], { align: "center", before: 14, size: 14 }),
    p([{ text: fill(o.subtitle), italic: true }], { align: "center" }),
    ...o.sections.flatMap((section, i) => [p([{ text: `${i + 1}. ${section.heading}`, bold: true }], { before: 8, keepWithNext: true }), ...sectionBody(section, facts, wording)]),
    signature(facts, template, "ĐẠI DIỆN CƠ SỞ"),
    p([{ text: `Mã hồ sơ trên Trợ lý Khuyến công: ${facts.code}`, italic: true }], { size: 10, before: 10 }),
  ];
  return { title: `${o.title} — ${facts.code}`, blocks };
}
