/**
 * The real app (engine + lowdb store + knowledge base, src/app.ts) behind the
 * Telegram adapter, in a temporary data directory, with the recording API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bot } from "grammy";
import { createApp } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { silentLogger } from "../../../src/logger.ts";
import { exportApplications } from "../../../src/officer/export.ts";
import { callbackUpdate, makeChannel, messageUpdate, OFFICER_GROUP, OFFICER_ID, sent, textUpdate, TOKEN, type ApiCall } from "./harness.ts";

export async function realBot(options: { documents?: boolean; env?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kc-telegram-"));
  const config = loadConfig({
    DATA_DIR: dir,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_OFFICER_IDS: String(OFFICER_ID),
    TELEGRAM_OFFICER_CHAT_ID: String(OFFICER_GROUP),
    // Scripts send many messages quickly; the flood guard is not under test here.
    FLOOD_MAX_MESSAGES: "10000",
    ...options.env,
  });
  const app = await createApp(config, { logger: silentLogger });
  const kit = makeChannel({
    engine: app.engine,
    outbox: app.store.delivery,
    flood: app.flood,
    config,
    exportApplications: (format) => exportApplications(app, format),
    ...(options.documents ? { documents: app.documents } : {}),
  });
  await kit.channel.start(); // outbox delivery to the officer group and applicants
  kit.calls.length = 0; // forget the start-up calls (setMyCommands, deleteWebhook)
  return {
    ...kit,
    app,
    close: async () => {
      await kit.channel.stop();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How the applicant answers each form step, found by words of its prompt. */
const ANSWERS: [RegExp, { text: string } | { button: string } | "licence"][] = [
  // First: the review repeats every field's label.
  [/kiểm tra lại đơn/, { button: "f:submit" }],
  [/Họ và tên người đại diện/, { text: "Nguyễn Thị Lan" }],
  [/Chức vụ/, { button: "f:skip" }],
  [/Tên cơ sở sản xuất/, { text: "Hộ kinh doanh Mây tre Lan" }],
  [/loại hình/, { button: "f:v:hkd" }],
  [/Mã số thuế/, { text: "0101234565" }],
  [/tỉnh\/thành phố nào/, { text: "Điện Biên" }],
  [/xã, phường/, { text: "Xã Mường Chà" }],
  [/Số nhà, đường/, { text: "Thôn Na Sang 1" }],
  [/Số điện thoại/, { text: "0912 345 678" }],
  [/Email/, { button: "f:skip" }],
  [/Ngành nghề/, { text: "Đan lát mây tre xuất khẩu" }],
  [/bao nhiêu lao động/, { text: "12" }],
  [/hỗ trợ nội dung nào/, { text: "Máy móc thiết bị" }],
  [/Mô tả ngắn/, { text: "Mua 01 máy chẻ nan tự động" }],
  [/giấy đăng ký kinh doanh/, "licence"],
  [/Tổng kinh phí thực hiện/, { text: "600 triệu" }],
  [/đề nghị khuyến công hỗ trợ/, { text: "300 triệu" }],
  [/bắt đầu tháng/, { text: "tháng 3 năm sau" }],
  [/hoàn thành tháng/, { text: "tháng 10 năm sau" }],
  [/đã từng nhận hỗ trợ/, { button: "f:v:no" }],
  [/Đồng ý xử lý dữ liệu/, { button: "f:v:yes" }],
];

/**
 * Fills in and submits the whole application the way a user would on
 * Telegram: typing answers, pressing the offered buttons, sending the business
 * licence as a PDF document. Returns the submission code.
 */
export async function submitApplication(bot: Bot, calls: ApiCall[], chatId: number): Promise<string> {
  const from = sent(calls, chatId).length;
  for (let step = 0; step < 40; step++) {
    const replies = sent(calls, chatId).slice(from);
    const code = replies.map((m) => m.text.match(/KC-\d{4}-\d{6}/)?.[0]).find(Boolean);
    if (code) return code;
    const last = replies.at(-1)?.text ?? sent(calls, chatId).at(-1)?.text ?? "";
    const answer = ANSWERS.find(([prompt]) => prompt.test(last))?.[1];
    if (!answer) throw new Error(`no scripted answer for: ${last}`);
    if (answer === "licence") {
      await bot.handleUpdate(
        messageUpdate(chatId, {
          document: { file_id: "BQACAgIAAxkBAAIBZ2licence", file_unique_id: "lic1", file_name: "giay-dkkd.pdf", mime_type: "application/pdf", file_size: 180_000 },
        }),
      );
    } else if ("button" in answer) {
      await bot.handleUpdate(callbackUpdate(chatId, answer.button));
    } else {
      await bot.handleUpdate(textUpdate(chatId, answer.text));
    }
  }
  throw new Error(`the application did not reach submission: ${sent(calls, chatId).slice(-3).map((m) => m.text).join(" | ")}`);
}
