import { foldVietnamese } from "../kb/normalize.ts";
import { MAX_ATTACHMENT_MB } from "../domain/limits.ts";
import type { KnowledgeBase } from "../kb/types.ts";
import type { FieldValue } from "../engine/session.ts";
import { formatVnd, groupThousands } from "../text/money-format.ts";
import { parseChoice, type ChoiceOption } from "./parsers/choice.ts";
import { parseMoney } from "./parsers/money.ts";
import { fail, type ParseResult, type Refusal } from "./parsers/result.ts";
import {
  parseCount,
  parseEmail,
  parseFacilityName,
  parseMonthYear,
  parsePersonName,
  parsePhone,
  parseTaxCode,
  personalIdRefused,
  parseText,
  parseYesNo,
} from "./parsers/simple.ts";

/** What a field's parser and prompt may look at. */
export interface FormContext {
  kb: KnowledgeBase;
  now: Date;
  answers: Record<string, FieldValue>;
}

/**
 * One field of the application form, declared as data: the driver in
 * src/engine/flows/form.ts walks this list and knows nothing about any field.
 */
export interface FieldDef {
  id: string;
  /** Short name for the summary and for "sửa <tên>". */
  label: string;
  /** Other names the user may type after "sửa". */
  names: string[];
  prompt: string;
  example: string;
  why: string;
  required: boolean;
  parse(text: string, ctx: FormContext): ParseResult<FieldValue> & { suggestion?: ChoiceOption };
  /** Choice fields: the options, shown as buttons. */
  choices?(ctx: FormContext): ChoiceOption[];
  /** Any sentence fits this field (names, descriptions): never guessed from text typed outside the form. */
  freeText?: boolean;
  /** Whether a photo or document answers this field. */
  acceptsAttachment?: boolean;
  /** Ask only when this holds. */
  when?(ctx: FormContext): boolean;
  format?(value: FieldValue, ctx: FormContext): string;
  /**
   * A rule against other answers (requested ≤ total, end ≥ start): the reason
   * when the value breaks it. Run when the field is answered and again after
   * any other answer changes, so an edit can never leave a contradiction.
   */
  check?(value: FieldValue, ctx: FormContext): Refusal | undefined;
}

const ENTITY_QUESTION = "entity-type";
/** Entity types that may apply; the labels come from knowledge/eligibility.yaml. */
const APPLYING_ENTITIES = new Set(["dnnvv", "htx", "tht", "hkd"]);

export function entityOptions(kb: KnowledgeBase): ChoiceOption[] {
  const question = kb.eligibility.questions.find((q) => q.id === ENTITY_QUESTION);
  if (!question || question.options === "supports") return [];
  return question.options.filter((o) => APPLYING_ENTITIES.has(o.value));
}

export function supportOptions(kb: KnowledgeBase): ChoiceOption[] {
  return kb.supports.filter((s) => s.applicable).map((s) => ({ value: s.id, label: s.shortTitle, aliases: [s.title, ...s.keywords] }));
}

export function provinceOptions(kb: KnowledgeBase): ChoiceOption[] {
  return kb.provinces.map((p) => ({ value: p.id, label: p.name, aliases: [...p.aliases, ...p.formerUnits] }));
}

const labelOf = (options: ChoiceOption[], value: FieldValue) => options.find((o) => o.value === value)?.label ?? String(value);
const monthYear = (v: FieldValue) => (typeof v === "object" && v !== null && "month" in v ? `${String(v.month).padStart(2, "0")}/${v.year}` : String(v));
const yesNo = (v: FieldValue) => (v === true ? "Có" : "Không");
/** "1,2 tỷ đồng (1.200.000.000 đồng)": the amount in words and in figures, so a misread shows at once. */
const money = (v: FieldValue) => {
  if (typeof v !== "number") return String(v);
  const words = formatVnd(v);
  return /tỷ|triệu/.test(words) ? `${words} (${groupThousands(v)} đồng)` : words;
};
/** A project costs at least this much: a smaller figure is a missing unit ("500k" for 500 triệu). */
const MIN_PROJECT_VND = 1_000_000;
const parseProjectMoney = (t: string): ParseResult<number> => {
  const r = parseMoney(t);
  if (r.ok && r.value < MIN_PROJECT_VND) return fail("projectTooSmall", { amount: r.value });
  return r;
};
/** Parses, then applies the field's cross-field rule. */
const checked = <T extends FieldValue>(result: ParseResult<T>, check: (value: T) => Refusal | undefined): ParseResult<T> => {
  if (!result.ok) return result;
  return check(result.value) ?? result;
};
const asMonthIndex = (v: FieldValue | undefined) => (typeof v === "object" && v !== null && "month" in v ? v.year * 12 + v.month : undefined);

function requestedWithinTotal(value: FieldValue, ctx: FormContext): Refusal | undefined {
  const total = ctx.answers.totalCost;
  if (typeof value === "number" && typeof total === "number" && value > total) return fail("requestedOverTotal", { requested: value, total });
  return undefined;
}

function endAfterStart(value: FieldValue, ctx: FormContext): Refusal | undefined {
  const start = asMonthIndex(ctx.answers.startMonth);
  const end = asMonthIndex(value);
  if (start !== undefined && end !== undefined && end < start) return fail("endBeforeStart", { end: monthYear(value), start: monthYear(ctx.answers.startMonth as FieldValue) });
  return undefined;
}

export const FIELDS: FieldDef[] = [
  {
    id: "representative",
    label: "Họ tên người đại diện",
    names: ["ho ten", "ten nguoi dai dien", "nguoi dai dien"],
    prompt: "Họ và tên người đại diện cơ sở?",
    example: "Nguyễn Văn An",
    why: "Để ghi đúng người đứng tên đề nghị hỗ trợ và cán bộ biết cần liên hệ ai.",
    required: true,
    parse: (t) => parsePersonName(t),
  },
  {
    id: "position",
    label: "Chức vụ",
    names: ["chuc vu"],
    prompt: "Chức vụ của người đại diện? (không bắt buộc — gõ \"bỏ qua\" nếu không có)",
    example: "Giám đốc, Chủ hộ kinh doanh, Chủ nhiệm HTX",
    why: "Đơn đề nghị ghi chức vụ của người ký.",
    required: false,
    freeText: true,
    parse: (t) => parseText(t, 2, 80),
  },
  {
    id: "facilityName",
    label: "Tên cơ sở",
    names: ["ten co so", "ten doanh nghiep", "ten htx"],
    prompt: "Tên cơ sở sản xuất (như trên giấy đăng ký kinh doanh)?",
    example: "Hộ kinh doanh Mộc Hoàng Anh; HTX Chè Tân Cương",
    why: "Để xác định đúng cơ sở được hỗ trợ.",
    required: true,
    freeText: true,
    parse: (t) => parseFacilityName(t),
  },
  {
    id: "entityType",
    label: "Loại hình",
    names: ["loai hinh"],
    prompt: "Cơ sở thuộc loại hình nào?",
    example: "Hộ kinh doanh",
    why: "Chính sách khuyến công áp dụng cho doanh nghiệp nhỏ và vừa, hợp tác xã, tổ hợp tác và hộ kinh doanh.",
    required: true,
    choices: (ctx) => entityOptions(ctx.kb),
    parse: (t, ctx) => parseChoice(t, entityOptions(ctx.kb)),
    format: (v, ctx) => labelOf(entityOptions(ctx.kb), v),
  },
  {
    id: "taxCode",
    label: "Mã số thuế",
    names: ["ma so thue", "mst", "so dang ky kinh doanh", "dang ky kinh doanh"],
    prompt: "Mã số thuế (hoặc mã số đăng ký kinh doanh) của cơ sở?",
    example: "0101234567 hoặc 0101234567-001",
    why: "Để cán bộ tra cứu đăng ký kinh doanh của cơ sở.",
    required: true,
    parse: (t, ctx) => parseTaxCode(t, ctx.answers),
    check: (v, ctx) => (personalIdRefused(String(v), ctx.answers.entityType) ? fail("taxPersonalIdForCompany") : undefined),
    format: (v) => (typeof v === "string" && /^\d{12}$/.test(v) ? `${v} (số định danh cá nhân)` : String(v)),
  },
  {
    id: "province",
    label: "Tỉnh/thành phố",
    names: ["tinh", "thanh pho", "tinh thanh"],
    prompt: "Cơ sở ở tỉnh/thành phố nào (34 tỉnh, thành mới từ 01/7/2025)?",
    example: "Điện Biên; Lâm Đồng; TP. Hồ Chí Minh",
    why: "Hồ sơ được chuyển đến Trung tâm Khuyến công của tỉnh nơi cơ sở hoạt động.",
    required: true,
    parse: (t, ctx) => parseChoice(t, provinceOptions(ctx.kb)),
    format: (v, ctx) => labelOf(provinceOptions(ctx.kb), v),
  },
  {
    id: "commune",
    label: "Xã/phường/đặc khu",
    names: ["xa", "phuong", "dac khu", "xa phuong"],
    prompt: "Cơ sở ở xã, phường hay đặc khu nào? (Ghi cả chữ \"xã\" hoặc \"phường\"; không cần ghi huyện vì đã bỏ cấp huyện.)",
    example: "Xã Mường Chà; Phường Tân Thành",
    why: "Địa bàn (xã, phường, làng nghề) quyết định cơ sở có thuộc diện công nghiệp nông thôn hay không.",
    required: true,
    parse: (t) => {
      const r = parseText(t, 3, 100);
      if (r.ok && !/^(xa|phuong|dac khu|thi tran)\b/.test(foldVietnamese(r.value))) return fail("communeKind");
      return r;
    },
  },
  {
    id: "address",
    label: "Địa chỉ",
    names: ["dia chi", "so nha", "thon"],
    prompt: "Số nhà, đường hoặc thôn/bản/tổ dân phố?",
    example: "Thôn Na Sang 1",
    why: "Để cán bộ đến khảo sát và nghiệm thu tại cơ sở.",
    required: true,
    freeText: true,
    parse: (t) => parseText(t, 3, 200),
  },
  {
    id: "phone",
    label: "Số điện thoại",
    names: ["dien thoai", "sdt", "so dt"],
    prompt: "Số điện thoại liên hệ?",
    example: "0912 345 678 hoặc +84 912 345 678",
    why: "Cán bộ gọi lại để hướng dẫn hoàn thiện hồ sơ.",
    required: true,
    parse: (t) => parsePhone(t),
  },
  {
    id: "email",
    label: "Email",
    names: ["email", "thu dien tu"],
    prompt: "Email (không bắt buộc — gõ \"bỏ qua\" nếu không có)?",
    example: "coso@gmail.com",
    why: "Để gửi văn bản cho cơ sở nếu có.",
    required: false,
    parse: (t) => parseEmail(t),
  },
  {
    id: "sector",
    label: "Ngành nghề, sản phẩm",
    names: ["nganh nghe", "san pham", "nganh"],
    prompt: "Ngành nghề và sản phẩm chính của cơ sở?",
    example: "Chế biến chè búp khô; Mộc dân dụng (bàn ghế, tủ)",
    why: "Khuyến công hỗ trợ sản xuất công nghiệp – tiểu thủ công nghiệp; ngành nghề cho biết cơ sở có thuộc diện không.",
    required: true,
    freeText: true,
    parse: (t) => parseText(t, 3, 300),
  },
  {
    id: "workers",
    label: "Số lao động",
    names: ["lao dong", "so lao dong", "cong nhan"],
    prompt: "Cơ sở có bao nhiêu lao động thường xuyên?",
    example: "12",
    why: "Quy mô lao động dùng để xác định doanh nghiệp nhỏ và vừa và các ưu tiên (từ 50 lao động).",
    required: true,
    parse: (t) => parseCount(t, 1, 100_000),
    format: (v) => `${String(v)} người`,
  },
  {
    id: "supportId",
    label: "Nội dung đề nghị hỗ trợ",
    names: ["noi dung ho tro", "ho tro", "loai ho tro"],
    prompt: "Cơ sở đề nghị hỗ trợ nội dung nào?",
    example: "Máy móc thiết bị",
    why: "Mỗi nội dung khuyến công có mức hỗ trợ và hồ sơ riêng.",
    required: true,
    choices: (ctx) => supportOptions(ctx.kb),
    parse: (t, ctx) => parseChoice(t, supportOptions(ctx.kb)),
    format: (v, ctx) => labelOf(supportOptions(ctx.kb), v),
  },
  {
    id: "description",
    label: "Mô tả đề án",
    names: ["mo ta", "de an", "noi dung de an"],
    prompt: "Mô tả ngắn việc cần hỗ trợ: mua máy gì, đào tạo nghề gì, cho bao nhiêu người…",
    example: "Mua 01 máy sấy chè công suất 500 kg/mẻ để thay lò thủ công",
    why: "Cán bộ dựa vào mô tả để xây dựng đề án khuyến công cho cơ sở.",
    required: true,
    freeText: true,
    parse: (t) => parseText(t, 15, 1500),
  },
  {
    id: "licence",
    label: "Ảnh giấy đăng ký kinh doanh",
    names: ["giay phep", "giay dang ky", "anh giay to"],
    prompt: "Gửi ảnh hoặc tệp PDF giấy đăng ký kinh doanh (không bắt buộc — gõ \"bỏ qua\" để gửi sau).",
    example: `một ảnh chụp rõ nét, dưới ${MAX_ATTACHMENT_MB} MB`,
    why: "Giúp cán bộ kiểm tra nhanh loại hình và địa chỉ cơ sở.",
    required: false,
    acceptsAttachment: true,
    parse: () => fail("attachmentExpected"),
    format: (v) => (typeof v === "object" && v !== null && "ref" in v ? `Đã gửi ${v.type === "photo" ? "ảnh" : "tệp"}` : String(v)),
  },
  {
    id: "totalCost",
    label: "Tổng kinh phí",
    names: ["tong kinh phi", "tong chi phi", "kinh phi"],
    prompt: "Tổng kinh phí thực hiện (gồm phần cơ sở tự bỏ ra)?",
    example: "1,2 tỷ; 450 triệu; 450.000.000",
    why: "Mức hỗ trợ tính theo phần trăm của tổng kinh phí, có mức trần.",
    required: true,
    parse: (t) => parseProjectMoney(t),
    format: money,
  },
  {
    id: "requested",
    label: "Kinh phí đề nghị hỗ trợ",
    names: ["de nghi ho tro", "so tien de nghi", "so tien xin"],
    prompt: "Số tiền cơ sở đề nghị khuyến công hỗ trợ?",
    example: "300 triệu",
    why: "Để so với mức tối đa của nội dung hỗ trợ đã chọn.",
    required: true,
    parse: (t, ctx) => checked(parseProjectMoney(t), (v) => requestedWithinTotal(v, ctx)),
    check: (v, ctx) => requestedWithinTotal(v, ctx),
    format: money,
  },
  {
    id: "startMonth",
    label: "Thời gian bắt đầu",
    names: ["bat dau", "thoi gian bat dau"],
    prompt: "Dự kiến bắt đầu tháng nào?",
    example: "03/2027",
    why: "Đề án khuyến công được xếp vào kế hoạch theo năm.",
    required: true,
    parse: (t, ctx) => parseMonthYear(t, ctx.now, "start"),
    format: monthYear,
  },
  {
    id: "endMonth",
    label: "Thời gian kết thúc",
    names: ["ket thuc", "thoi gian ket thuc", "hoan thanh"],
    prompt: "Dự kiến hoàn thành tháng nào?",
    example: "10/2027",
    why: "Để lập kế hoạch nghiệm thu.",
    required: true,
    parse: (t, ctx) => checked(parseMonthYear(t, ctx.now, "end"), (v) => endAfterStart(v, ctx)),
    check: (v, ctx) => endAfterStart(v, ctx),
    format: monthYear,
  },
  {
    id: "previousSupport",
    label: "Đã nhận hỗ trợ cùng nội dung",
    names: ["da nhan ho tro", "ho tro truoc"],
    prompt: "Cơ sở đã từng nhận hỗ trợ khuyến công cho cùng nội dung này chưa? (có / chưa)",
    example: "chưa",
    why: "Một nội dung thường không được hỗ trợ hai lần từ ngân sách nhà nước; cán bộ cần biết để tư vấn.",
    required: true,
    choices: () => [
      { value: "yes", label: "Có, đã nhận" },
      { value: "no", label: "Chưa" },
    ],
    parse: (t) => parseYesNo(t),
    format: yesNo,
  },
  {
    id: "consent",
    label: "Đồng ý xử lý dữ liệu cá nhân",
    names: ["dong y", "du lieu ca nhan"],
    prompt:
      "Đồng ý xử lý dữ liệu cá nhân: các thông tin trong đơn này (họ tên, số điện thoại, mã số thuế, địa chỉ…) được lưu trên máy chủ của Trung tâm Khuyến công, chỉ cán bộ Trung tâm và Sở Công Thương xem để xét hỗ trợ, không chuyển cho bên khác. Anh/chị xem được dữ liệu đang lưu bằng lệnh \"dữ liệu của tôi\" và đề nghị xoá bất cứ lúc nào bằng lệnh \"xoá dữ liệu\". Anh/chị đồng ý không?",
    example: "có",
    why: "Luật yêu cầu có sự đồng ý trước khi lưu và xử lý dữ liệu cá nhân.",
    required: true,
    choices: () => [
      { value: "yes", label: "Tôi đồng ý" },
      { value: "no", label: "Không đồng ý" },
    ],
    parse: (t) => parseYesNo(t),
    format: yesNo,
  },
];

/** The fields that apply to these answers, in order; numbering in the summary follows this list. */
export function applicableFields(ctx: FormContext): FieldDef[] {
  return FIELDS.filter((f) => !f.when || f.when(ctx));
}

export function fieldById(id: string): FieldDef | undefined {
  return FIELDS.find((f) => f.id === id);
}

/**
 * Answered fields whose cross-field rule no longer holds with the other
 * answers (after the total or the start month was edited), with the reason.
 */
export function crossFieldConflicts(ctx: FormContext): { field: FieldDef; reason: string }[] {
  const out: { field: FieldDef; reason: string }[] = [];
  for (const field of applicableFields(ctx)) {
    const value = ctx.answers[field.id];
    const refusal = value !== undefined ? field.check?.(value, ctx) : undefined;
    if (refusal) out.push({ field, reason: refusal.reason });
  }
  return out;
}

/** A stored answer as the user reads it. */
export function formatValue(field: FieldDef, value: FieldValue, ctx: FormContext): string {
  if (field.format) return field.format(value, ctx);
  return String(value);
}
