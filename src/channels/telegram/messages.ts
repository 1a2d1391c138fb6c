/**
 * Every Vietnamese text the Telegram adapter itself shows. Conversation texts
 * come from the engine; these are only what the channel says on its own
 * (faults, the officers' export, the command menu Telegram displays).
 */
export const telegramMessages = {
  /** Telegram refuses empty texts; used when a reply carries only buttons. */
  emptyReplyWithButtons: "Mời anh/chị chọn:",
  missingToken: "TELEGRAM_BOT_TOKEN chưa được đặt: không thể chạy kênh Telegram",
  webhookNeeds: "Chế độ webhook của Telegram cần máy chủ HTTP dùng chung và TELEGRAM_WEBHOOK_SECRET",
  exportUnavailable: "Chức năng xuất danh sách hồ sơ chưa được bật trên máy chủ này.",
  exportUsage: "Cách dùng: /xuat (tệp CSV) hoặc /xuat xlsx (tệp Excel).",
  exportFailed: "Không xuất được danh sách hồ sơ. Anh/chị thử lại sau hoặc dùng công cụ dòng lệnh của cán bộ.",
  exportCaption: (format: string) => `Danh sách hồ sơ đăng ký khuyến công (${format.toUpperCase()}).`,
} as const;

/**
 * The command menu registered with setMyCommands. Names are the ones the
 * engine understands (`{ kind: "command", command }` without the slash);
 * Telegram allows only a–z, 0–9 and _ in names, hence the unaccented words.
 */
export const publicCommands: ReadonlyArray<{ command: string; description: string }> = [
  { command: "start", description: "Bắt đầu trò chuyện với trợ lý" },
  { command: "menu", description: "Mở menu chính" },
  { command: "hoidap", description: "Hỏi đáp chính sách khuyến công" },
  { command: "dieukien", description: "Kiểm tra điều kiện được hỗ trợ" },
  { command: "dangky", description: "Đăng ký đề án khuyến công" },
  { command: "hoso", description: "Xem hồ sơ của tôi" },
  { command: "canbo", description: "Gặp cán bộ khuyến công" },
  { command: "huy", description: "Huỷ thao tác đang làm" },
  { command: "help", description: "Hướng dẫn sử dụng" },
];

/** Shown only in the officer group and officers' private chats. */
export const officerCommands: ReadonlyArray<{ command: string; description: string }> = [
  ...publicCommands,
  { command: "xuat", description: "Xuất danh sách hồ sơ (CSV; /xuat xlsx cho Excel)" },
  { command: "web", description: "Liên kết đăng nhập trang web cán bộ (trò chuyện riêng)" },
];
