import { formatVnd } from "../../text/money-format.ts";

const pad = (n: number) => String(n).padStart(2, "0");
const MONEY_EXAMPLE = "1,2 tỷ hoặc 450 triệu";

/**
 * Why an answer was not taken, by key, worded for the owner ("anh/chị").
 * Parsers and the form's checks return a key with its parameters; this is the
 * only place the sentences live, so wording is changed here and nowhere else.
 */
export const PARSE_REASONS = {
  // choices
  pickNumber: (p: { count: number }) => `Anh/chị chọn số từ 1 đến ${p.count}.`,
  pickFromList: () => "Anh/chị chọn một lựa chọn trong danh sách.",
  retypeOrPick: () => "Anh/chị gõ lại tên, hoặc chọn trong danh sách giúp tôi.",
  choiceNotFound: () => "Tôi chưa tìm thấy lựa chọn này trong danh sách.",
  choiceUnsure: () => "Tôi chưa chắc anh/chị chọn mục nào.",
  // money
  moneyEmpty: () => "Anh/chị chưa nhập số tiền.",
  moneyNotPositive: () => "Số tiền phải lớn hơn 0.",
  moneyTooLong: () => `Tôi chưa đọc được số tiền; anh/chị ghi ngắn gọn, ví dụ ${MONEY_EXAMPLE}.`,
  moneyUnknownWord: (p: { text: string }) => `Tôi chưa hiểu "${p.text}" trong số tiền; anh/chị ghi như ${MONEY_EXAMPLE}.`,
  moneyUnknownToken: (p: { text: string }) => `Tôi chưa hiểu "${p.text}" trong số tiền.`,
  moneyTwoNumbers: () => `Tôi chưa đọc được số tiền: hai con số liền nhau. Anh/chị ghi như ${MONEY_EXAMPLE}.`,
  moneyNumberUnread: (p: { text: string }) => `Tôi chưa đọc được con số "${p.text}".`,
  moneyUnitOrder: () => "Tôi chưa đọc được số tiền: đơn vị lớn phải đứng trước (ví dụ 1 tỷ 200 triệu).",
  moneyNumberFirst: () => "Anh/chị ghi con số trước đơn vị, ví dụ 450 triệu.",
  moneyHalfAfterUnit: () => 'Tôi chưa đọc được số tiền: "rưỡi" đứng sau đơn vị, ví dụ 2 tỷ rưỡi.',
  moneyAfterUnit: () => "Tôi chưa rõ con số sau đơn vị; anh/chị ghi đầy đủ, ví dụ 1 tỷ 200 triệu.",
  moneyTooSmall: () => "Số tiền nhỏ quá — anh/chị có quên ghi đơn vị (triệu, tỷ) không?",
  moneyTooLarge: () => "Số tiền lớn quá, anh/chị kiểm tra lại giúp.",
  projectTooSmall: (p: { amount: number }) => `${formatVnd(p.amount)} là quá nhỏ cho một đề án — anh/chị có quên ghi "triệu" hay "tỷ" không?`,
  requestedOverTotal: (p: { requested: number; total: number }) => `Số tiền đề nghị (${formatVnd(p.requested)}) không thể lớn hơn tổng kinh phí (${formatVnd(p.total)}).`,
  // months
  monthMissing: (p: { nextYear: number }) => `Anh/chị ghi tháng và năm, ví dụ 03/${p.nextYear}.`,
  monthUnread: (p: { nextYear: number }) => `Anh/chị ghi tháng và năm, ví dụ 03/${p.nextYear}, hoặc "tháng 3 năm sau".`,
  monthRange: () => "Tháng phải từ 1 đến 12.",
  quarterRange: () => "Một năm có 4 quý: quý 1 đến quý 4.",
  monthPast: (p: { month: number; year: number; nowMonth: number; nowYear: number }) =>
    `Tháng ${pad(p.month)}/${p.year} đã qua (bây giờ là tháng ${pad(p.nowMonth)}/${p.nowYear}). Anh/chị ghi tháng dự kiến, ví dụ 03/${p.nowYear + 1}.`,
  monthTooFar: (p: { month: number; year: number; lastMonth: number; lastYear: number }) =>
    `Tháng ${pad(p.month)}/${p.year} xa quá: đề án khuyến công lập theo kế hoạch từng năm, anh/chị ghi một tháng đến ${pad(p.lastMonth)}/${p.lastYear}.`,
  endBeforeStart: (p: { end: string; start: string }) => `Tháng hoàn thành (${p.end}) phải sau tháng bắt đầu (${p.start}).`,
  // phone
  phoneDigits: () => "Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84).",
  phoneForeign: () => "Anh/chị ghi số điện thoại Việt Nam (bắt đầu bằng 0 hoặc +84).",
  phoneStart: () => "Số điện thoại phải bắt đầu bằng 0 hoặc +84.",
  phoneLength: (p: { count: number }) => `Số di động có 10 chữ số, số máy bàn 11 chữ số (anh/chị nhập ${p.count} số).`,
  phonePlan: () => "Số này không có trong kế hoạch số của Việt Nam (di động bắt đầu bằng 03, 05, 07, 08, 09; máy bàn bằng 02). Anh/chị kiểm tra lại giúp.",
  // tax code
  taxCheckDigit: (p: { head: string }) => `Mã số thuế ${p.head} không hợp lệ: chữ số cuối (chữ số kiểm tra) không khớp. Anh/chị xem lại trên giấy đăng ký kinh doanh giúp.`,
  taxBranch: () => "Mã chi nhánh (3 số sau dấu gạch) không hợp lệ: phải từ 001 đến 999.",
  taxPersonalIdForCompany: () => "Doanh nghiệp và hợp tác xã có mã số thuế 10 chữ số (chi nhánh 13 số). Số định danh cá nhân 12 số dùng cho hộ kinh doanh.",
  personalIdProvince: () => "Số định danh cá nhân này không hợp lệ (3 số đầu là mã tỉnh nơi đăng ký khai sinh, từ 001 đến 096).",
  taxLength: (p: { count: number }) => `Mã số thuế gồm 10 chữ số (chi nhánh: 0123456789-001); hộ kinh doanh dùng số định danh cá nhân 12 chữ số. Anh/chị nhập ${p.count} chữ số.`,
  // others
  yesNo: () => 'Anh/chị trả lời "có" hoặc "không" giúp tôi.',
  email: () => "Email có dạng ten@vidu.com.",
  nameLetters: () => "Họ tên chỉ gồm chữ cái.",
  nameTwoWords: () => "Anh/chị ghi đủ họ và tên (ít nhất 2 chữ).",
  nameTooLong: () => "Họ tên dài quá 80 ký tự.",
  countNegative: (p: { min: number }) => `Số lượng không thể là số âm; anh/chị ghi con số từ ${p.min}, ví dụ 12.`,
  countVague: () => "Anh/chị ghi con số cụ thể (ước chừng cũng được), ví dụ 12.",
  countMissing: () => "Anh/chị ghi một con số, ví dụ 12.",
  countOne: () => "Anh/chị ghi một con số thôi (ước chừng cũng được), ví dụ 12.",
  countWhole: () => "Số người là số nguyên, ví dụ 12.",
  countRange: (p: { min: number; max: number }) => `Con số phải từ ${p.min} đến ${p.max}.`,
  facilityGeneric: () => 'Anh/chị ghi cả tên riêng của cơ sở, như trên giấy đăng ký (ví dụ "HTX Chè Tân Cương").',
  textLetters: () => "Anh/chị ghi bằng chữ giúp tôi.",
  textShort: (p: { min: number }) => `Ghi rõ hơn một chút (ít nhất ${p.min} ký tự).`,
  textLong: (p: { max: number }) => `Dài quá, tối đa ${p.max} ký tự.`,
  communeKind: () => 'Anh/chị ghi rõ "xã …", "phường …" hoặc "đặc khu …".',
  attachmentExpected: () => 'Ở bước này anh/chị gửi ảnh hoặc tệp, hoặc gõ "bỏ qua".',
} as const;

export type ReasonKey = keyof typeof PARSE_REASONS;
export type ReasonParams<K extends ReasonKey> = Parameters<(typeof PARSE_REASONS)[K]>;
