import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../../../src/app.ts";
import { createZaloChannel, type ZaloChannel } from "../../../src/channels/zalo/channel.ts";
import { createZaloClient } from "../../../src/channels/zalo/client.ts";
import { renderReplyAsText } from "../../../src/channels/render-text.ts";
import { loadConfig } from "../../../src/config.ts";
import type { Engine } from "../../../src/engine/contract.ts";
import { silentLogger } from "../../../src/logger.ts";
import { splitMessage } from "../../../src/text/split.ts";
import { ZaloStandIn, zaloUpdate } from "../../support/zalo-stand-in.ts";

/**
 * The Zalo channel with the real engine, store and knowledge base, polling the
 * stand-in: what a facility owner and an officer see on Zalo.
 */

const TOKEN = "123456789:abc-e2e";
const APPLICANT = "a11ca0770000000000aa";
const OFFICER = "0ff1ce900000000000bb";

describe("Zalo channel end to end with the real engine", () => {
  let zalo: ZaloStandIn;
  let app: App;
  let channel: ZaloChannel;
  let dataDir: string;
  /** How many messages the engine's last answer to each chat becomes once rendered and split. */
  const lastChunks = new Map<string, number>();
  let handled = 0;

  beforeEach(async () => {
    zalo = await new ZaloStandIn({ token: TOKEN, maxPollWaitMs: 100 }).start();
    dataDir = mkdtempSync(join(tmpdir(), "zalo-e2e-"));
    const config = loadConfig({
      DATA_DIR: dataDir,
      KNOWLEDGE_DIR: resolve("knowledge"),
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_API_ROOT: zalo.apiRoot,
      ZALO_OFFICER_IDS: OFFICER,
      // A scripted conversation types faster than any person: keep the flood guard out of the way.
      FLOOD_MAX_MESSAGES: "1000",
    });
    app = await createApp(config, { logger: silentLogger });
    lastChunks.clear();
    handled = 0;
    // Counts the messages each reply will become, so the test knows when a turn is fully answered.
    const counting: Engine = {
      handle: async (inbound) => {
        const replies = await app.engine.handle(inbound);
        const chunks = replies.flatMap((r) => splitMessage(renderReplyAsText(r), 2000)).filter((c) => c.trim() !== "");
        // A request letter the reply names arrives as one more message (the links, or where to get the form).
        lastChunks.set(inbound.chatId, chunks.length + replies.reduce((n, r) => n + (r.documents?.length ?? 0), 0));
        handled++;
        return replies;
      },
    };
    channel = createZaloChannel({
      engine: counting,
      outbox: app.store.delivery,
      flood: app.flood,
      config,
      logger: silentLogger,
      client: createZaloClient({ token: TOKEN, apiRoot: zalo.apiRoot, sleep: async () => {} }),
      tuning: { pollTimeoutSeconds: 1, typing: false },
    });
    await channel.start();
  });

  afterEach(async () => {
    await channel.stop();
    await app.close();
    await zalo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends one message as `userId` and returns the bot's answer to it (all messages, joined). */
  async function send(userId: string, message: string | { photo: string }): Promise<string> {
    const before = zalo.sentTexts(userId).length;
    const turn = handled + 1;
    zalo.pushUpdate(typeof message === "string" ? zaloUpdate("text", { userId, text: message, name: "Lan" }) : zaloUpdate("image", { userId, photo: message.photo }));
    const answered = () => handled >= turn && zalo.sentTexts(userId).length >= before + (lastChunks.get(userId) ?? 0);
    await zalo.waitFor(answered, 10_000, `answer to ${JSON.stringify(message)}`);
    return zalo.sentTexts(userId).slice(before).join("\n");
  }

  const monthsAhead = (n: number) => {
    const d = new Date();
    d.setMonth(d.getMonth() + n);
    return `${String(d.getMonth() + 1).padStart(2, "0")}/${d.getFullYear()}`;
  };

  /** Form answers keyed by a piece of each prompt, so the test follows the form rather than a fixed count of steps. */
  const ANSWERS: Array<[RegExp, string | { photo: string }]> = [
    [/Họ và tên người đại diện/, "Nguyễn Văn An"],
    [/Chức vụ/, "bỏ qua"],
    [/Tên cơ sở sản xuất/, "Hộ kinh doanh Mộc Hoàng Anh"],
    [/loại hình nào/, "1"],
    [/Mã số thuế/, "0101234565"],
    [/tỉnh\/thành phố nào/, "Điện Biên"],
    [/xã, phường hay đặc khu/, "Xã Mường Chà"],
    [/Số nhà, đường/, "Thôn Na Sang 1"],
    [/Số điện thoại liên hệ/, "0912 345 678"],
    [/Email/, "bỏ qua"],
    [/Ngành nghề và sản phẩm/, "Mộc dân dụng (bàn ghế, tủ)"],
    [/bao nhiêu lao động/, "12"],
    [/đề nghị hỗ trợ nội dung nào/, "Máy móc thiết bị tiên tiến"],
    [/Mô tả ngắn/, "Mua 01 máy bào gỗ công nghiệp để thay bào tay"],
    [/giấy đăng ký kinh doanh/, { photo: "https://zalo.example/photos/giay-dkkd.jpg" }],
    [/Tổng kinh phí/, "450 triệu"],
    [/Số tiền cơ sở đề nghị/, "200 triệu"],
    [/bắt đầu tháng nào/, monthsAhead(3)],
    [/hoàn thành tháng nào/, monthsAhead(9)],
    [/từng nhận hỗ trợ/, "chưa"],
    [/Đồng ý xử lý dữ liệu/, "có"],
    [/Nộp đơn/, "1"],
  ];

  /** Walks the form from the menu to a submitted application; returns its code. */
  async function submitApplication(): Promise<string> {
    let answer = await send(APPLICANT, "3");
    for (let step = 0; step < 40; step++) {
      const code = /KC-\d{4}-\d{6}/.exec(answer)?.[0];
      if (code && /đã (được )?(nộp|gửi)|Cán bộ/.test(answer)) return code;
      const last = answer.split("\n").reverse().join("\n");
      const match = ANSWERS.map(([re, value]) => ({ at: last.search(re), value })).filter((m) => m.at >= 0).sort((a, b) => a.at - b.at)[0];
      if (!match) throw new Error(`no scripted answer for:\n${answer}`);
      answer = await send(APPLICANT, match.value);
    }
    throw new Error("form did not finish in 40 steps");
  }

  it("greets with a numbered menu, then answers a question", async () => {
    const greeting = await send(APPLICANT, "/start");
    expect(greeting).toContain("Xin chào Lan");
    expect(greeting).toMatch(/1\. .*Hỏi đáp chính sách/);
    expect(greeting).toContain("(Gõ 1, 2, 3, 4 hoặc 5)");
    const qa = await send(APPLICANT, "1");
    expect(qa).toContain("gõ câu hỏi");
    const answer = await send(APPLICANT, "hộ kinh doanh có được hỗ trợ máy móc không");
    expect(answer.length).toBeGreaterThan(50);
    expect(zalo.sent.every((m) => m.text.length <= 2000)).toBe(true);
  });

  it("walks the form to a submitted application, with the licence sent as a Zalo image", async () => {
    await send(APPLICANT, "/start");
    const code = await submitApplication();
    const application = (await app.store.applications.get(code));
    expect(application).toBeDefined();
    expect(JSON.stringify(application)).toContain("https://zalo.example/photos/giay-dkkd.jpg");
    expect(application).toMatchObject({ channel: "zalo" });
  });

  it("sends the new submission to the Zalo officer, who changes its status; the applicant hears of it on Zalo", async () => {
    await send(APPLICANT, "/start");
    const code = await submitApplication();
    await zalo.waitFor(() => zalo.sentTexts(OFFICER).some((t) => t.includes(code)), 5_000, "officer notification");
    expect(zalo.sentTexts(OFFICER).join("\n")).toContain("Hồ sơ mới");

    const before = zalo.sentTexts(APPLICANT).length;
    const ack = await send(OFFICER, `tiepnhan ${code}`);
    expect(ack).toContain(code);
    expect(ack).toContain("Đã tiếp nhận");
    await zalo.waitFor(() => zalo.sentTexts(APPLICANT).length > before, 5_000, "applicant notification");
    expect(zalo.sentTexts(APPLICANT).slice(before).join("\n")).toMatch(new RegExp(`${code}.*Đã tiếp nhận`));
    expect((await app.store.applications.get(code))?.status).toBe("received");
  });

  it("answers a sticker with the unsupported-input reply", async () => {
    await send(APPLICANT, "/start");
    const before = zalo.sentTexts(APPLICANT).length;
    const turn = handled + 1;
    zalo.pushUpdate(zaloUpdate("sticker", { userId: APPLICANT }));
    await zalo.waitFor(() => handled >= turn && zalo.sentTexts(APPLICANT).length >= before + (lastChunks.get(APPLICANT) ?? 0));
    expect(zalo.sentTexts(APPLICANT).slice(before).join("\n")).toContain("nhãn dán (sticker)");
  });
});

