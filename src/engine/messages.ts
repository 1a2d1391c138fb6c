import { MAX_ATTACHMENT_MB } from "../domain/limits.ts";

/**
 * Every user-facing text of the conversation engine, in plain Vietnamese.
 * Handlers pick messages from here; none writes its own wording.
 */
export const MSG = {
  webSignInLink: (url: string, minutes: number) => `🔐 Liên kết đăng nhập trang web cán bộ (dùng một lần, trong ${minutes} phút; không chuyển cho người khác):\n${url}`,
  webSignInGroup: "Vì an toàn, liên kết đăng nhập chỉ được gửi trong trò chuyện riêng với bot. Anh/chị nhắn /web cho bot ở trò chuyện riêng.",
  webSignInRateLimited: "Anh/chị đã xin nhiều liên kết đăng nhập trong ít phút. Vui lòng dùng liên kết vừa nhận, hoặc thử lại sau 10 phút.",
  webSignInOff: "Trang web cán bộ chưa được bật trên máy chủ này (cần đặt WEB_SECRET và WEB_PUBLIC_URL).",
  greeting: (name?: string) =>
    `Xin chào ${name ?? "anh/chị"}! Tôi là Trợ lý Khuyến công 🤝\nTôi giúp cơ sở công nghiệp nông thôn tìm hiểu chính sách khuyến công, kiểm tra điều kiện được hỗ trợ và đăng ký đề án.\nAnh/chị chọn một việc bên dưới, hoặc gõ câu hỏi bất kỳ.`,
  menu: "Anh/chị muốn làm gì? Chọn một mục, hoặc gõ câu hỏi.",
  draftWaiting: '\n(Anh/chị có một đơn đăng ký đang điền dở: chọn "Đăng ký đề án" để tiếp tục.)',
  about:
    'Xin chào! Tôi là Trợ lý Khuyến công, một trợ lý tự động (không phải người). Tôi trả lời câu hỏi về chính sách khuyến công, kiểm tra điều kiện được hỗ trợ và giúp đăng ký đề án. Cần nói chuyện với cán bộ, anh/chị gõ "gặp cán bộ".',
  help: (limit: number) =>
    [
      "Cách dùng Trợ lý Khuyến công:",
      "• Gõ câu hỏi như khi nói chuyện, có dấu hay không dấu đều được (ví dụ: \"hộ kinh doanh có được hỗ trợ máy móc không\").",
      "• Bấm nút, hoặc gõ số thứ tự của lựa chọn (1, 2, 3…).",
      "• Gõ \"menu\" để về màn hình chính, \"huỷ\" để dừng việc đang làm, \"gặp cán bộ\" để nhắn cho cán bộ.",
      "• Khi điền đơn: \"quay lại\", \"bỏ qua\" (mục không bắt buộc), \"sửa 3\" hoặc \"sửa số điện thoại\", \"tạm dừng\".",
      "• \"Dữ liệu của tôi\" để xem thông tin Trợ lý đang lưu về anh/chị; \"xoá dữ liệu\" để đề nghị xoá.",
      `• Mỗi tin nhắn tối đa ${limit} ký tự.`,
    ].join("\n"),
  qaIntro: "Anh/chị cứ gõ câu hỏi về chính sách khuyến công. Hoặc chọn một chủ đề thường gặp:",
  clarify: "Có phải anh/chị muốn hỏi:",
  notThese: "Không phải",
  noAnswer:
    "Xin lỗi, tôi chưa tìm thấy câu trả lời chắc chắn cho câu hỏi này. Câu hỏi đã được ghi lại để cán bộ bổ sung.\nAnh/chị có thể xem danh sách chủ đề, hoặc nhắn cho cán bộ Trung tâm Khuyến công.",
  /** `npm run ask` (nothing is logged there). */
  noAnswerUnlogged: "Xin lỗi, tôi chưa tìm thấy câu trả lời cho câu hỏi này. Anh/chị có thể gửi câu hỏi cho cán bộ Trung tâm Khuyến công.",
  notTheseAnswer: "Cảm ơn anh/chị. Câu hỏi đã được ghi lại. Anh/chị muốn nhắn trực tiếp cho cán bộ không?",
  relatedTopics: "Chủ đề liên quan:",
  moreDetails: "ℹ️ Xem chi tiết",
  /** Asked once, under the first support level shown without a known province (issue 17). */
  askProvince: "📍 Anh/chị ở tỉnh, thành phố nào? Gõ tên tỉnh (ví dụ \"Lai Châu\") để xem mức ngân sách tỉnh và nơi liên hệ.",
  pickOneOf: (n: number) => (n === 1 ? "Anh/chị gõ 1, hoặc bấm lựa chọn bên dưới:" : `Anh/chị chọn một số từ 1 đến ${n}, hoặc bấm lựa chọn bên dưới:`),
  noOptionsOnScreen: "Hiện không có lựa chọn đánh số nào. Anh/chị chọn một việc bên dưới, hoặc gõ câu hỏi:",
  topicList: "Các hình thức hỗ trợ khuyến công. Chọn một mục để xem chi tiết:",
  applyThis: "📝 Đăng ký hỗ trợ này",
  contactAsk: (centre: string) =>
    `Anh/chị hãy gõ nội dung cần hỏi ${centre} trong một tin nhắn (kèm số điện thoại nếu muốn được gọi lại). Gõ "huỷ" để thôi.`,
  contactSaved: (id: string, days: number, centre: string, contact?: string) =>
    `Đã gửi tin nhắn cho cán bộ (mã ${id}). ${centre} sẽ trả lời ngay trong cuộc trò chuyện này, thường trong ${days} ngày làm việc.${contact ? `\nCần gấp, anh/chị gọi: ${contact}.` : ""}`,
  contactEmpty: "Tin nhắn trống. Anh/chị hãy gõ nội dung cần hỏi cán bộ.",
  cancelled: "Đã dừng.",
  nothingToCancel: "Không có việc gì đang làm dở. Đây là menu chính:",
  staleButton: "Menu này đã cũ, tôi gửi lại lựa chọn hiện tại:",
  unsupported: (what: string) =>
    `Tôi chưa xem được ${what}. Tôi hiểu tin nhắn chữ và các lựa chọn (bấm nút hoặc gõ số thứ tự); anh/chị gõ câu hỏi hoặc chọn mục trong menu nhé.`,
  unsupportedWhat: (kind: string): string => UNSUPPORTED_WHAT[kind] ?? "loại tin nhắn này",

  tooLong: (limit: number) =>
    `Tin nhắn dài quá (tối đa ${limit} ký tự). Anh/chị gửi ngắn gọn hơn, hoặc chia thành vài tin nhé.`,
  emptyText: "Tôi chưa nhận được nội dung. Anh/chị gõ câu hỏi hoặc chọn mục trong menu nhé.",
  apology: "Xin lỗi, hệ thống vừa gặp trục trặc khi xử lý tin nhắn này. Dữ liệu của anh/chị vẫn được giữ nguyên; anh/chị thử lại sau ít phút nhé.",
  storageUnavailable: "Xin lỗi, hệ thống lưu trữ đang tạm gián đoạn nên tin nhắn này chưa được ghi nhận. Những gì anh/chị đã khai trước đó vẫn được giữ; anh/chị gửi lại tin nhắn sau ít phút nhé.",
  slowDown: "Anh/chị gửi nhanh quá, vui lòng chậm lại một chút rồi gửi tiếp nhé.",
  why: (reason: string) => `Vì sao hỏi: ${reason}`,
  unknownCommand: "Tôi không hiểu lệnh này. Gõ \"menu\" để xem các việc tôi làm được.",
} as const;

/** The eligibility questionnaire's own texts (questions, rules and notes live in knowledge/eligibility.yaml). */
export const ELIGIBILITY_MSG = {
  typeCount: (unit: string) => `(Anh/chị gõ con số, ví dụ 12 ${unit}.)`,
  needCount: "Anh/chị gõ con số, ví dụ 12.",
  countEcho: (count: number, unit: string) => `✔️ ${count} ${unit}.`,
  notUnderstood: "Tôi chưa hiểu lựa chọn này. Anh/chị bấm một nút, gõ số thứ tự hoặc tên lựa chọn nhé.",
  didYouMean: (label: string) => `Có phải anh/chị chọn "${label}" không?`,
  backToQuestion: "↩️ Quay lại câu hỏi kiểm tra điều kiện:",
  sideQuestionUnknown: 'Tôi chưa có câu trả lời chắc chắn cho câu hỏi này; anh/chị hỏi lại sau khi kiểm tra xong, hoặc gõ "gặp cán bộ".',
  questionNumber: (n: number, of: number, prompt: string) => `Câu ${n}/${of}: ${prompt}`,
  withSource: (text: string, source: string) => `${text} (Căn cứ: ${source})`,
  resultTitle: "🔎 Kết quả kiểm tra sơ bộ:",
  resultEligible: "✅ Cơ sở có thể được xem xét hỗ trợ:",
  resultUncertain: "❔ Cần cán bộ xác nhận thêm:",
  resultBlocked: "❌ Chưa thuộc diện hỗ trợ:",
  blockedEarly: (blocked: string[], reasons: string[], remaining: string[]) =>
    [
      `❌ Với câu trả lời này, cơ sở không thuộc diện: ${blocked.join(", ")}.`,
      ...reasons.map((r) => `Lý do: ${r}`),
      `Tôi hỏi tiếp vài câu về những hỗ trợ còn có thể xét: ${remaining.join(", ")}.`,
    ].join("\n"),
} as const;

/** The owner's own data: what is stored, and deleting it (NĐ 13/2023/NĐ-CP gives them that right). */
export const MY_DATA_MSG = {
  title: "🔐 Dữ liệu của anh/chị mà Trợ lý đang lưu:",
  // The full user id is shown to its owner only, never logged: an officer reads theirs here for ZALO_OFFICER_IDS / TELEGRAM_OFFICER_IDS.
  account: (channel: string, userId: string, name?: string) => `• Kênh: ${channel}; mã người dùng: ${userId}${name ? `; tên hiển thị: ${name}` : ""} (để trả lời anh/chị đúng cuộc trò chuyện).`,
  draft: "Đơn đang điền dở:",
  eligibility: (count: number) => `Câu trả lời kiểm tra điều kiện: ${count} câu.`,
  applications: "Hồ sơ đã nộp (cán bộ Trung tâm Khuyến công đang giữ):",
  contacts: (count: number) => `Tin nhắn gửi cán bộ: ${count}.`,
  questions: (count: number) => `Câu hỏi Trợ lý chưa trả lời được (lưu để cán bộ bổ sung kiến thức): ${count}.`,
  howToDelete: 'Muốn xoá, anh/chị gõ "xoá dữ liệu". Đơn đang điền dở được xoá ngay; hồ sơ đã nộp và tin nhắn do cán bộ xoá theo đề nghị của anh/chị.',
  confirm:
    "Anh/chị chắc chắn muốn xoá dữ liệu? Đơn đang điền dở và câu trả lời kiểm tra điều kiện sẽ bị xoá ngay; hồ sơ đã nộp, tin nhắn gửi cán bộ sẽ được chuyển đề nghị xoá cho cán bộ.",
  draftDeleted: "🗑 Đã xoá đơn đang điền dở và câu trả lời kiểm tra điều kiện.",
  sessionCleared: "🗑 Đã xoá câu trả lời kiểm tra điều kiện và các lựa chọn đang lưu.",
  forwarded: (codes: string[], days: number) =>
    `Đề nghị xoá ${codes.length > 0 ? `hồ sơ ${codes.join(", ")} và ` : ""}các tin nhắn đã gửi tới cán bộ; cán bộ sẽ xoá và báo anh/chị trong khoảng ${days} ngày làm việc.`,
  toOfficers: (channel: string, userId: string, name: string | undefined, codes: string[], contacts: number, questions: number) =>
    [
      `🗑 Người dùng đề nghị xoá dữ liệu cá nhân (NĐ 13/2023/NĐ-CP)${name ? `: ${name}` : ""}.`,
      `Hồ sơ: ${codes.join(", ") || "không có"}; tin nhắn gửi cán bộ: ${contacts}; câu hỏi đã lưu: ${questions}.`,
      `Đơn đang điền dở đã được xoá. Để xoá phần còn lại: npm run officer -- delete-user ${channel} ${userId}`,
    ].join("\n"),
  kept: "Đã giữ nguyên dữ liệu.",
} as const;

/** The applicant's own actions on a submitted application: worded as theirs, never as an officer's. */
export const APPLICANT_MSG = {
  supplementAsk: (code: string) =>
    `Anh/chị gửi nội dung bổ sung cho hồ sơ ${code}: gõ trong một tin nhắn, hoặc gửi ảnh, tệp PDF (mỗi lần một tin; gõ "huỷ" để thôi).`,
  supplementSent: (code: string) =>
    `📎 Đã gửi bổ sung cho hồ sơ ${code}. Cán bộ sẽ xem và báo anh/chị khi hồ sơ đổi trạng thái. Cần gửi thêm ảnh hay tệp, anh/chị bấm "Gửi thêm".`,
  supplementToOfficers: (code: string, text?: string, attachment?: { type: string; fileName?: string; ref: string }) =>
    [
      `📎 Hồ sơ ${code}: người nộp gửi bổ sung${text ? `:\n${text}` : "."}`,
      ...(attachment ? [`Kèm ${attachment.type === "photo" ? "ảnh" : `tệp ${attachment.fileName ?? ""}`.trim()} (mã tệp ${attachment.ref}).`] : []),
      `Trạng thái vẫn giữ nguyên; xem: "xem ${code}".`,
    ].join("\n"),
  none: "Anh/chị chưa nộp hồ sơ nào.",
  listTitle: "📂 Hồ sơ của anh/chị:",
  pickOne: "Chọn một hồ sơ để xem chi tiết.",
  notYours: (code: string) => `Không tìm thấy hồ sơ ${code} trong các hồ sơ của anh/chị.`,
  history: "Lịch sử:",
  confirmWithdraw: (code: string) => `Anh/chị chắc chắn rút hồ sơ ${code}? Sau khi rút, hồ sơ không được xét nữa.`,
  withdrawn: (code: string) => `Đã rút hồ sơ ${code}. Hồ sơ sẽ không được xét nữa; anh/chị có thể nộp đơn mới bất cứ lúc nào.`,
  withdrawnToOfficers: (code: string) => `↩️ Hồ sơ ${code}: người nộp rút hồ sơ.`,
  attachmentTooBig: `Tệp lớn quá (tối đa ${MAX_ATTACHMENT_MB} MB). Anh/chị gửi ảnh nhỏ hơn, hoặc gõ nội dung bổ sung.`,
} as const;

/** What officers read (new applications, messages for them) and what the applicant is told of their moves. */
export const OFFICER_MSG = {
  newApplication: (summary: string, commandHint: string) => `🆕 Hồ sơ mới\n${summary}\n\n${commandHint}`,
  newContact: (contact: { id: string; displayName?: string; channel: string; text: string }) =>
    `📩 Tin nhắn mới cho cán bộ (mã ${contact.id})\nTừ: ${contact.displayName ?? "(không tên)"} — kênh ${contact.channel}\n\n${contact.text}\n\nĐể trả lời: gõ "traloi ${contact.id} <nội dung>".`,
  statusNotice: (code: string, statusLabel: string, note: string | undefined, askForSupplement: boolean) =>
    [
      `🔔 Hồ sơ ${code} của anh/chị đã chuyển sang trạng thái: ${statusLabel}.`,
      ...(note ? [`Ghi chú của cán bộ: ${note}`] : []),
      ...(askForSupplement ? ['Để gửi bổ sung, anh/chị chọn "Hồ sơ của tôi" rồi chọn hồ sơ này.'] : []),
    ].join("\n"),
  noSuchApplication: (code: string) => `Không có hồ sơ ${code}.`,
  cannotMove: (code: string, from: string, to: string) => `Không thể chuyển hồ sơ ${code} từ "${from}" sang "${to}".`,
  noteRequired: (status: string) => `Trạng thái "${status}" cần ghi chú cho người nộp.`,
  closedToSupplements: (code: string, status: string) => `Hồ sơ ${code} đã "${status}", không nhận bổ sung nữa.`,
  statusChanged: (officer: string, code: string, status: string, note?: string) =>
    `✅ ${officer} đã chuyển hồ sơ ${code} sang "${status}"${note ? ` — ghi chú: ${note}` : ""}. Người nộp đã được báo.`,
  officerName: (name: string | undefined, userId: string) => name ?? `cán bộ ${userId}`,
  noApplications: "Không có hồ sơ nào.",
  listTitle: (count: number, status: string | undefined, newest: number | undefined) =>
    `Có ${count} hồ sơ${status ? ` "${status}"` : ""}${newest !== undefined ? ` (${newest} hồ sơ mới nhất)` : ""}:`,
  history: "Lịch sử:",
  noSuchContact: (id: string) => `Không có tin nhắn mã ${id}.`,
  replyUsage: (id: string) => `Gõ: traloi ${id} <nội dung trả lời>`,
  replyToApplicant: (centre: string, id: string, text: string) => `💬 Cán bộ ${centre} trả lời tin nhắn ${id} của anh/chị:\n${text}`,
  replySent: (id: string) => `Đã gửi câu trả lời cho tin nhắn ${id}.`,
  /** An application or message of a province the officer does not cover (officers per province). */
  outOfScope: (what: string) => `⛔ ${what} không thuộc tỉnh anh/chị phụ trách.`,
  noUnansweredQuestions: "Chưa có câu hỏi nào chưa trả lời được.",
  unansweredQuestions: (count: number) => `${count} câu hỏi gần nhất bot chưa trả lời chắc chắn:`,
  askNote: (code: string, status: string) => `Nhập ghi chú gửi người nộp cho hồ sơ ${code} (trạng thái "${status}"), hoặc "huỷ".`,
  exportUnavailable: "Chức năng xuất danh sách hồ sơ chưa được bật trên máy chủ này.",
  exportUsage: "Cách dùng: /xuat (tệp CSV) hoặc /xuat xlsx (tệp Excel).",
  exportFailed: "Không xuất được danh sách hồ sơ. Anh/chị thử lại sau hoặc dùng công cụ dòng lệnh của cán bộ.",
  exportCaption: (format: string) => `Danh sách hồ sơ đăng ký khuyến công (${format.toUpperCase()}).`,
} as const;

/**
 * What the channels say on their own, around the engine's replies: the line
 * under options shown as numbered text (Zalo, terminal), Telegram's text for a
 * reply that is only buttons, the terminal's frame.
 */
export const CHANNEL_MSG = {
  chooseBelow: "Mời anh/chị chọn:",
  /** Under `count` numbered options: "(Gõ 1, 2 hoặc 3)". */
  typeNumber: (count: number) => (count === 1 ? "(Gõ 1)" : `(Gõ ${Array.from({ length: count - 1 }, (_, i) => i + 1).join(", ")} hoặc ${count})`),
  /** Under a reply whose actions are typed words: 'Gõ: "menu" · "huỷ"'. */
  typeWords: (words: string[]) => `Gõ: ${words.map((w) => `"${w}"`).join(" · ")}`,
  terminalWelcome: 'Trợ lý Khuyến công — trò chuyện trên màn hình. Gõ "/start" để bắt đầu, Ctrl+D để thoát.',
  terminalPrompt: "anh/chị> ",
  terminalNotice: "🔔 Thông báo:",
} as const;

/** What each command does, as chat apps list them in their command menu (Telegram's setMyCommands). */
export const COMMAND_MSG = {
  start: "Bắt đầu trò chuyện với trợ lý",
  menu: "Mở menu chính",
  hoidap: "Hỏi đáp chính sách khuyến công",
  dieukien: "Kiểm tra điều kiện được hỗ trợ",
  dangky: "Đăng ký đề án khuyến công",
  hoso: "Xem hồ sơ của tôi",
  canbo: "Gặp cán bộ khuyến công",
  huy: "Huỷ thao tác đang làm",
  help: "Hướng dẫn sử dụng",
  xuat: "Xuất danh sách hồ sơ (CSV; /xuat xlsx cho Excel)",
  web: "Liên kết đăng nhập trang web cán bộ (trò chuyện riêng)",
} as const;

/** Every button label the engine shows (the buttons several flows share are declared once in buttons.ts). */
export const LABEL = {
  menu: "🏠 Menu",
  qa: "❓ Hỏi đáp chính sách",
  eligibility: "✅ Kiểm tra điều kiện",
  apply: "📝 Đăng ký đề án",
  myApplications: "📂 Hồ sơ của tôi",
  officer: "👤 Gặp cán bộ",
  cancel: "Huỷ",
  topicList: "📚 Danh sách chủ đề",
  officerReceive: "Tiếp nhận",
  officerAskInfo: "Yêu cầu bổ sung",
  officerPropose: "Đề xuất hỗ trợ",
  officerReject: "Không đủ điều kiện",
  confirmCancelForm: "Có, huỷ đơn",
  keepFilling: "Không, điền tiếp",
  submit: "✅ Nộp đơn",
  pause: "Tạm dừng",
  review: "📋 Xem lại đơn",
  back: "Quay lại",
  skip: "Bỏ qua",
  why: "Vì sao hỏi?",
  cancelForm: "Huỷ đơn",
  resumeDraft: "▶️ Tiếp tục đơn đang điền",
  discardDraft: "🗑 Bỏ đơn cũ, làm đơn mới",
  checkAgain: "🔁 Kiểm tra lại",
  deleteMyData: "🗑 Xoá dữ liệu của tôi",
  confirmDelete: "Có, xoá dữ liệu",
  no: "Không",
  sendSupplement: "📎 Gửi bổ sung",
  letter: "📄 Tải đơn",
  withdraw: "Rút hồ sơ",
  sendMore: "📎 Gửi thêm",
  confirmWithdraw: "Có, rút hồ sơ",
  allTopics: "📚 Tất cả chủ đề",
  notSureAll: "Chưa rõ, xem tất cả",
  yesThat: (label: string) => `Đúng, ${label}`,
  applyFor: (support: string) => `📝 Đăng ký: ${support}`,
} as const;

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
