/**
 * A scripted stand-in for the engine: just enough conversation to drive the
 * adapter's paths (menu, answer, stale button, officer action, submission)
 * without the knowledge base. It records every Inbound it receives.
 */
import type { Engine } from "../../../src/engine/contract.ts";
import type { TestOutbox as Outbox } from "../../support/test-outbox.ts";
import type { Inbound, Reply } from "../../../src/engine/types.ts";

export const MENU: Reply = {
  text: "Chào bạn! Tôi là Trợ lý Khuyến công. Bạn cần gì?",
  buttons: [
    [{ label: "Hỏi đáp chính sách", data: "m:qa", kind: "choice" }],
    [{ label: "Kiểm tra điều kiện", data: "m:elig", kind: "choice" }],
  ],
};

export const LONG_ANSWER = Array.from({ length: 15 }, (_, i) => `Mục ${i + 1}. ${"Nội dung hỗ trợ khuyến công rất dài. ".repeat(9)}`).join("\n\n");

export function fakeEngine(options: { outbox: Outbox; officerIds: string[]; officerChatId: string }) {
  const seen: Inbound[] = [];
  let throwNext = false;
  const applicants = new Map<string, string>(); // code → applicant chat

  const engine: Engine & { seen: Inbound[]; throwOnce(): void } = {
    seen,
    throwOnce: () => void (throwNext = true),
    async handle(inbound) {
      seen.push(inbound);
      if (throwNext) {
        throwNext = false;
        throw new Error("engine exploded");
      }
      switch (inbound.kind) {
        case "command":
          if (inbound.command === "start" || inbound.command === "menu") return [MENU];
          return [{ text: "Tôi chưa hiểu lệnh này. Gõ /menu để xem các chức năng." }];
        case "button":
          return pressed(inbound);
        case "text":
          if (inbound.text === "dài") return [{ text: LONG_ANSWER, buttons: [[{ label: "Về menu", data: "menu", kind: "action" }]] }];
          if (inbound.text === "nộp hồ sơ") return submit(inbound);
          return [{ text: `Trả lời cho: ${inbound.text}\nNguồn: Nghị định 235/2025/NĐ-CP, Điều 4.` }];
        case "attachment":
          return [{ text: `Đã nhận tệp ${inbound.attachment.type}.` }];
        default:
          return [{ text: "Xin lỗi, tôi chỉ hiểu tin nhắn chữ và các nút bấm." }];
      }
    },
  };

  async function submit(inbound: Inbound): Promise<Reply[]> {
    const code = "KC-2026-000001";
    applicants.set(code, inbound.chatId);
    await options.outbox.enqueue("telegram", options.officerChatId, [
      {
        text: `Hồ sơ mới ${code}\nCơ sở: Xưởng mây tre Lan\nHỗ trợ: máy móc thiết bị`,
        buttons: [[{ label: "Tiếp nhận", data: `of:recv:${code}` }, { label: "Yêu cầu bổ sung", data: `of:need:${code}` }]],
      },
    ]);
    return [{ text: `Đã nộp hồ sơ ${code}. Cán bộ sẽ liên hệ trong 2 ngày làm việc.` }];
  }

  async function pressed(inbound: Inbound & { kind: "button" }): Promise<Reply[]> {
    if (inbound.data === "m:qa") return [{ text: "Bạn muốn hỏi gì về chính sách khuyến công?" }];
    if (inbound.data === "menu") return [MENU];
    const officer = inbound.data.match(/^of:(recv|need):(.+)$/);
    if (officer) {
      if (!options.officerIds.includes(inbound.userId)) return [{ text: "Bạn không có quyền thực hiện thao tác này." }];
      const code = officer[2]!;
      const applicant = applicants.get(code);
      if (applicant) await options.outbox.enqueue("telegram", applicant, [{ text: `Hồ sơ ${code} đã được tiếp nhận.` }]);
      return [{ text: `${inbound.displayName ?? "Cán bộ"} đã tiếp nhận hồ sơ ${code}.` }];
    }
    return [{ text: "Menu này đã cũ, mời bạn chọn lại:" }, MENU];
  }

  return engine;
}
