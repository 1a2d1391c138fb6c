/**
 * Every user-facing text of the conversation engine, in plain Vietnamese.
 * Handlers pick messages from here; none writes its own wording.
 */
export const MSG = {
  greeting: (name?: string) =>
    `Xin chào ${name ?? "anh/chị"}! Tôi là Trợ lý Khuyến công 🤝\nTôi giúp cơ sở công nghiệp nông thôn tìm hiểu chính sách khuyến công, kiểm tra điều kiện được hỗ trợ và đăng ký đề án.\nAnh/chị chọn một việc bên dưới, hoặc gõ câu hỏi bất kỳ.`,
  menu: "Anh/chị muốn làm gì? Chọn một mục, hoặc gõ câu hỏi.",
  about:
    'Xin chào! Tôi là Trợ lý Khuyến công, một trợ lý tự động (không phải người). Tôi trả lời câu hỏi về chính sách khuyến công, kiểm tra điều kiện được hỗ trợ và giúp đăng ký đề án. Cần nói chuyện với cán bộ, anh/chị gõ "gặp cán bộ".',
  help: (limit: number) =>
    [
      "Cách dùng Trợ lý Khuyến công:",
      "• Gõ câu hỏi như khi nói chuyện, có dấu hay không dấu đều được (ví dụ: \"hộ kinh doanh có được hỗ trợ máy móc không\").",
      "• Bấm nút, hoặc gõ số thứ tự của lựa chọn (1, 2, 3…).",
      "• Gõ \"menu\" để về màn hình chính, \"huỷ\" để dừng việc đang làm, \"gặp cán bộ\" để nhắn cho cán bộ.",
      "• Khi điền đơn: \"quay lại\", \"bỏ qua\" (mục không bắt buộc), \"sửa 3\" hoặc \"sửa số điện thoại\", \"tạm dừng\".",
      `• Mỗi tin nhắn tối đa ${limit} ký tự.`,
    ].join("\n"),
  qaIntro: "Anh/chị cứ gõ câu hỏi về chính sách khuyến công. Hoặc chọn một chủ đề thường gặp:",
  clarify: "Có phải anh/chị muốn hỏi:",
  notThese: "Không phải",
  noAnswer:
    "Xin lỗi, tôi chưa tìm thấy câu trả lời chắc chắn cho câu hỏi này. Câu hỏi đã được ghi lại để cán bộ bổ sung.\nAnh/chị có thể xem danh sách chủ đề, hoặc nhắn cho cán bộ Trung tâm Khuyến công.",
  notTheseAnswer: "Cảm ơn anh/chị. Câu hỏi đã được ghi lại. Anh/chị muốn nhắn trực tiếp cho cán bộ không?",
  relatedTopics: "Chủ đề liên quan:",
  moreDetails: "ℹ️ Xem chi tiết",
  pickOneOf: (n: number) => (n === 1 ? "Anh/chị gõ 1, hoặc bấm lựa chọn bên dưới:" : `Anh/chị chọn một số từ 1 đến ${n}, hoặc bấm lựa chọn bên dưới:`),
  noOptionsOnScreen: "Hiện không có lựa chọn đánh số nào. Anh/chị chọn một việc bên dưới, hoặc gõ câu hỏi:",
  topicList: "Các hình thức hỗ trợ khuyến công. Chọn một mục để xem chi tiết:",
  applyThis: "📝 Đăng ký hỗ trợ này",
  contactAsk: (centre: string) =>
    `Anh/chị hãy gõ nội dung cần hỏi ${centre} trong một tin nhắn (kèm số điện thoại nếu muốn được gọi lại). Gõ "huỷ" để thôi.`,
  contactSaved: (id: string, days: number, centre: string, contact?: string) =>
    `Đã gửi tin nhắn cho cán bộ (mã ${id}). ${centre} sẽ trả lời ngay trong cuộc trò chuyện này, thường trong ${days} ngày làm việc.${contact ? `\nCần gấp, anh/chị gọi: ${contact}.` : ""}`,
  contactEmpty: "Tin nhắn trống. Anh/chị hãy gõ nội dung cần hỏi cán bộ.",
  cancelled: "Đã dừng. Anh/chị muốn làm gì tiếp?",
  nothingToCancel: "Không có việc gì đang làm dở. Đây là menu chính:",
  staleButton: "Menu này đã cũ, tôi gửi lại lựa chọn hiện tại:",
  unsupported: (what: string) =>
    `Tôi chưa xem được ${what}. Tôi hiểu tin nhắn chữ và các lựa chọn (bấm nút hoặc gõ số thứ tự); anh/chị gõ câu hỏi hoặc chọn mục trong menu nhé.`,
  unsupportedWhat: (kind: string): string => UNSUPPORTED_WHAT[kind] ?? "loại tin nhắn này",

  tooLong: (limit: number) =>
    `Tin nhắn dài quá (tối đa ${limit} ký tự). Anh/chị gửi ngắn gọn hơn, hoặc chia thành vài tin nhé.`,
  emptyText: "Tôi chưa nhận được nội dung. Anh/chị gõ câu hỏi hoặc chọn mục trong menu nhé.",
  apology: "Xin lỗi, hệ thống vừa gặp trục trặc khi xử lý tin nhắn này. Dữ liệu của anh/chị vẫn được giữ nguyên; anh/chị thử lại sau ít phút nhé.",
  slowDown: "Anh/chị gửi nhanh quá, vui lòng chậm lại một chút rồi gửi tiếp nhé.",
  unknownCommand: "Tôi không hiểu lệnh này. Gõ \"menu\" để xem các việc tôi làm được.",
} as const;

/** Main menu labels; the data values route the choice. */
export const MENU_BUTTONS = [
  { label: "❓ Hỏi đáp chính sách", data: "m:qa" },
  { label: "✅ Kiểm tra điều kiện", data: "m:elig" },
  { label: "📝 Đăng ký đề án", data: "m:form" },
  { label: "📂 Hồ sơ của tôi", data: "m:mine" },
  { label: "👤 Gặp cán bộ", data: "m:officer" },
] as const;

const UNSUPPORTED_WHAT: Record<string, string> = {
  sticker: "nhãn dán (sticker)",
  voice: "tin nhắn thoại",
  video: "video",
  location: "vị trí",
  contact: "danh thiếp",
  other: "loại tin nhắn này",
  photo: "ảnh ở bước này",
  document: "tệp ở bước này",
};
