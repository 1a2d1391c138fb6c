import { MAX_ATTACHMENT_MB } from "../domain/limits.ts";

/** Texts of the application form driver (the fields' own prompts live in src/form/fields.ts). */
export const FORM_MSG = {
  intro: (count: number, prefilled: string[]) =>
    [
      `📝 Đơn đăng ký hỗ trợ khuyến công: ${count} mục, khoảng 5 phút.`,
      ...(prefilled.length > 0 ? [`Tôi đã điền sẵn ${prefilled.join(", ")} (sửa được ở bước cuối).`] : []),
      'Bất cứ lúc nào anh/chị có thể gõ "quay lại", "bỏ qua" (mục không bắt buộc), "sửa <tên mục>", "tạm dừng" hoặc "huỷ". Đơn được lưu nháp sau mỗi câu trả lời.',
    ].join("\n"),
  resumeOffer: (answered: number) =>
    `Anh/chị có một đơn đăng ký đang điền dở (${answered} mục đã trả lời). Tiếp tục đơn này hay làm đơn mới?`,
  currentValue: (shown: string) => `Hiện tại: ${shown}. Gõ giá trị mới, hoặc "giữ nguyên".`,
  firstFailure: (reason: string, example: string) => `❗ ${reason}\nVí dụ: ${example}`,
  secondFailure: (reason: string, example: string) => `Vẫn chưa đúng ạ. ${reason}\nAnh/chị thử ghi theo mẫu này: ${example}`,
  thirdFailure: (reason: string, example: string, required: boolean) =>
    `Mục này có vẻ khó nhập. ${reason} (mẫu: ${example})\nAnh/chị có thể ${required ? "" : "bỏ qua mục này, "}nhắn cán bộ giúp, hoặc huỷ đơn. Hoặc thử nhập lại.`,
  didYouMean: (label: string) => `Có phải anh/chị muốn chọn "${label}" không?`,
  backToField: "↩️ Quay lại đơn đăng ký:",
  backToNext: "↩️ Tiếp tục đơn từ mục còn trống:",
  resumed: "▶️ Tiếp tục đơn đang điền.",
  conflict: (reasons: string[]) => `⚠️ ${reasons.join(" ")} Anh/chị nhập lại mục này.`,
  editDone: 'Đơn đã đủ các mục. Gõ "nộp" để gửi, "sửa <số mục>" để sửa tiếp, hoặc "xem lại" để xem toàn bộ đơn.',
  editDoneBlocked: 'Gõ "xem lại" để xem toàn bộ đơn và những gì còn thiếu.',
  requiredField: "Mục này bắt buộc, không bỏ qua được.",
  atFirstField: "Đây là mục đầu tiên rồi.",
  nothingToKeep: "Mục này chưa có giá trị để giữ nguyên.",
  editUnknown: (count: number) => `Tôi chưa biết mục nào cần sửa. Gõ "sửa" kèm số mục (1–${count}) hoặc tên mục, ví dụ "sửa 9" hay "sửa số điện thoại".`,
  paused: (days: number) => `⏸ Đã lưu nháp. Khi nào tiện, anh/chị chọn "Đăng ký đề án" để điền tiếp. Nháp được giữ ${days} ngày.`,
  cancelConfirm: "Anh/chị chắc chắn muốn huỷ đơn đang điền? Các câu trả lời sẽ bị xoá.",
  cancelled: "Đã huỷ đơn đăng ký.",
  consentRefused: "Không có sự đồng ý thì đơn chưa thể gửi cho cán bộ. Đơn vẫn được lưu nháp; anh/chị có thể sửa mục này khi sẵn sàng.",
  attachmentTooBig: `Tệp lớn quá (tối đa ${MAX_ATTACHMENT_MB} MB). Anh/chị chụp lại ảnh nhỏ hơn nhé.`,
  attachmentType: "Chỉ nhận ảnh (JPG, PNG) hoặc tệp PDF.",
  example: (example: string) => `Ví dụ: ${example}`,
  prefilledSupport: (title: string) => `nội dung hỗ trợ "${title}"`,
  fixConflict: (reason: string, label: string) => `⚠️ ${reason} Gõ "sửa ${label.toLowerCase()}".`,
  reviewTitle: "📋 Anh/chị kiểm tra lại đơn:",
  reviewHelp: 'Đơn đã điền xong. Gõ "nộp" để gửi, "sửa <số mục>" để sửa, "tạm dừng" để lưu nháp.',
  reviewEdit: 'Gõ "sửa <số mục>" để sửa một mục (ví dụ "sửa 9").',
  missingRequired: (labels: string[]) => `Còn thiếu: ${labels.join(", ")}.`,
  needConsent: 'Đơn cần có sự đồng ý xử lý dữ liệu cá nhân trước khi nộp: gõ "sửa đồng ý".',
  submitted: (code: string, days: number) =>
    `✅ Đã nộp đơn. Mã hồ sơ của anh/chị: ${code}\nCán bộ Trung tâm Khuyến công sẽ xem và liên hệ trong khoảng ${days} ngày làm việc. Mỗi lần hồ sơ đổi trạng thái, tôi sẽ báo anh/chị tại đây. Xem lại trong "Hồ sơ của tôi".`,
} as const;
