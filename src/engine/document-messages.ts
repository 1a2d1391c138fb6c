import type { DocumentLink } from "../documents/links.ts";
import type { GeneratedFile } from "../documents/service.ts";

/** What the engine says about the request letter. */
export const DOCUMENT_MSG = {
  letterFor: (code: string) =>
    `📄 Đơn đề nghị hỗ trợ kinh phí khuyến công và đề cương đề án của hồ sơ ${code}, điền sẵn theo hồ sơ hiện tại.`,
};

const HOW_TO_USE =
  "Anh/chị kiểm tra lại, viết thêm các phần trong ngoặc vuông ở đề cương, ký tên (đóng dấu nếu có) rồi nộp cho Trung tâm Khuyến công cùng các giấy tờ gửi kèm.";

/** What the channels say around the request letter they deliver (src/channels/document-delivery.ts makes the files). */
export const DOCUMENT_DELIVERY_MSG = {
  caption: (file: GeneratedFile, last: boolean) => `${file.fileName.endsWith(".pdf") ? "Bản PDF để in" : "Bản Word (DOCX) để sửa"}${last ? `\n${HOW_TO_USE}` : ""}`,
  failed:
    'Chưa tạo được tệp đơn lúc này. Anh/chị thử lại sau ở "📂 Hồ sơ của tôi" → chọn hồ sơ → "📄 Tải đơn"; Trung tâm Khuyến công cũng sẽ cung cấp mẫu đơn khi anh/chị nộp hồ sơ.',
  zaloLinks: (links: DocumentLink[], minutes: number) =>
    [
      `Tải đơn đề nghị và đề cương đề án (liên kết dùng được trong ${minutes} phút):`,
      ...links.map((l) => `${l.format === "pdf" ? "• Bản PDF để in" : "• Bản Word (DOCX) để sửa"}: ${l.url}`),
      HOW_TO_USE,
    ].join("\n"),
  zaloNoLinks:
    "Zalo chưa gửi được tệp đơn qua trò chuyện. Trung tâm Khuyến công sẽ cung cấp mẫu đơn đề nghị hỗ trợ kinh phí khuyến công khi anh/chị đến nộp hồ sơ; những gì anh/chị đã khai được giữ trong hồ sơ nên cán bộ điền giúp được.",
  terminalFiles: (paths: string[]) => ["Đã ghi đơn đề nghị và đề cương đề án vào:", ...paths.map((p) => `  ${p}`), HOW_TO_USE].join("\n"),
};
