/**
 * The request letter on Telegram: sent as two documents (PDF to print, DOCX to
 * edit) after submission and from "📂 Hồ sơ của tôi" → "📄 Tải đơn", checked
 * through grammY's API transformer (the local emulator has no sendDocument).
 */
import { InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { callbackUpdate, sent, type ApiCall } from "./harness.ts";
import { realBot, submitApplication } from "./real-engine.ts";
import { makeChannel } from "./harness.ts";
import type { Engine } from "../../../src/engine/contract.ts";

const APPLICANT = 7101;
const OTHER = 7102;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The documents sent to a chat: file name, caption and the bytes grammY would upload. */
function documentsSent(calls: ApiCall[], chatId: number) {
  return calls
    .filter((c) => c.method === "sendDocument" && String(c.payload.chat_id) === String(chatId))
    .map((c) => {
      const file = c.payload.document as InputFile;
      return { fileName: file.filename, caption: c.payload.caption as string, data: (file as unknown as { fileData: Buffer }).fileData };
    });
}

describe("the request letter on Telegram", () => {
  it("is sent as a PDF and a DOCX right after submission, then again from 'Tải đơn'", async () => {
    const kit = await realBot({ documents: true });
    cleanups.push(kit.close);
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:form"));
    const code = await submitApplication(kit.bot, kit.calls, APPLICANT);
    const docs = documentsSent(kit.calls, APPLICANT);
    expect(docs.map((d) => d.fileName)).toEqual([`don-de-nghi-${code}.pdf`, `don-de-nghi-${code}.docx`]);
    expect(docs[0]?.data.subarray(0, 5).toString()).toBe("%PDF-");
    expect(docs[1]?.data.subarray(0, 2).toString()).toBe("PK");
    expect(docs[0]?.caption).toContain("Bản PDF để in");
    expect(docs[1]?.caption).toContain("ký tên");
    // The documents follow the confirmation with the code, and the menu comes after them.
    const order = kit.calls.filter((c) => String(c.payload?.chat_id) === String(APPLICANT)).map((c) => (c.method === "sendDocument" ? "doc" : String(c.payload.text).slice(0, 12)));
    const confirm = order.findIndex((o) => o.startsWith("✅ Đã nộp"));
    expect(order.slice(confirm + 1, confirm + 3)).toEqual(["doc", "doc"]);

    kit.calls.length = 0;
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:mine"));
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, `h:${code}`));
    const detail = sent(kit.calls, APPLICANT).at(-1);
    expect(detail?.buttons.flat().map((b) => b.callback_data)).toContain(`l:${code}`);
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, `l:${code}`));
    expect(sent(kit.calls, APPLICANT).at(-1)?.text).toContain(`📄 Đơn đề nghị hỗ trợ kinh phí khuyến công và đề cương đề án của hồ sơ ${code}`);
    expect(documentsSent(kit.calls, APPLICANT).map((d) => d.fileName)).toEqual([`don-de-nghi-${code}.pdf`, `don-de-nghi-${code}.docx`]);

    // Someone else cannot download it: the button is not theirs, nothing is sent.
    await kit.bot.handleUpdate(callbackUpdate(OTHER, `l:${code}`));
    expect(documentsSent(kit.calls, OTHER)).toEqual([]);
  }, 60_000);

  it("a letter that cannot be made is reported plainly, and the rest of the answer still arrives", async () => {
    const engine: Engine = { handle: async () => [{ text: "Hồ sơ đã nộp.", documents: [{ kind: "request-letter", code: "KC-2026-000001" }] }, { text: "Menu" }] };
    const kit = makeChannel({
      engine,
      documents: {
        make: async () => {
          throw new Error("disk full");
        },
        makeOne: async () => undefined,
      },
    });
    await kit.bot.handleUpdate(callbackUpdate(APPLICANT, "m:menu"));
    expect(sent(kit.calls, APPLICANT).map((m) => m.text)).toEqual(["Hồ sơ đã nộp.", expect.stringContaining("Chưa tạo được tệp đơn"), "Menu"]);
    expect(kit.logger.lines.join("\n")).toContain("letter not made");
  });
});
