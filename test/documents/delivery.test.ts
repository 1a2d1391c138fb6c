import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runTerminalChat } from "../../src/channels/terminal.ts";
import type { Engine } from "../../src/engine/contract.ts";
import type { Inbound, Reply } from "../../src/engine/types.ts";
import { silentLogger } from "../../src/logger.ts";
import { useTempDirs, useTestApps, userChat } from "../support/app.ts";
import { SAMPLE_ANSWERS } from "../support/sample-answers.ts";
import { TestOutbox } from "../support/test-outbox.ts";

const apps = useTestApps();
const dir = useTempDirs("kc-letter-delivery-");
const FIELDS = ["representative", "position", "facilityName", "entityType", "taxCode", "province", "commune", "address", "phone", "email", "sector", "workers", "supportId", "description", "licence", "totalCost", "requested", "startMonth", "endMonth", "previousSupport", "consent"];

describe("the engine asks channels to deliver the request letter", () => {
  it("with the submission confirmation, and from 'Hồ sơ của tôi' → 'Tải đơn' for the owner only", async () => {
    const app = await apps.open();
    const chat = userChat(app, "u1");
    await chat.text("dangky");
    for (const field of FIELDS) await chat.text(SAMPLE_ANSWERS[field] as string);
    const base = { channel: "terminal" as const, chatId: "u1", userId: "u1" };
    const submitted = await app.engine.handle({ ...base, kind: "text", text: "nộp" });
    const code = /KC-\d{4}-\d{6}/.exec(submitted[0]?.text ?? "")?.[0] ?? "";
    expect(submitted[0]?.documents).toEqual([{ kind: "request-letter", code }]);
    expect(submitted.slice(1).every((r) => r.documents === undefined)).toBe(true);

    const press = (data: string, who = base): Promise<Reply[]> => app.engine.handle({ ...who, kind: "button", data } as Inbound);
    await press("m:mine");
    const detail = await press(`h:${code}`);
    expect(detail.flatMap((r) => r.buttons?.flat() ?? []).find((b) => b.data === `l:${code}`)?.label).toBe("📄 Tải đơn");
    const download = await press(`l:${code}`);
    expect(download[0]?.text).toContain(code);
    expect(download[0]?.documents).toEqual([{ kind: "request-letter", code }]);
    // The same choice typed, as on Zalo and the terminal.
    await press("m:mine");
    await press(`h:${code}`);
    expect((await app.engine.handle({ ...base, kind: "text", text: "Tải đơn" }))[0]?.documents).toEqual([{ kind: "request-letter", code }]);

    // Another user pressing the same data gets nothing of it.
    const other = { channel: "terminal" as const, chatId: "u2", userId: "u2" };
    const refused = await press(`l:${code}`, other);
    expect(refused.some((r) => r.documents)).toBe(false);

    // The files are made from what is stored now.
    const files = await app.documents.make({ kind: "request-letter", code });
    expect(files?.map((f) => f.fileName)).toEqual([`don-de-nghi-${code}.pdf`, `don-de-nghi-${code}.docx`]);
    expect(await app.documents.make({ kind: "request-letter", code: "KC-2026-999999" })).toBeUndefined();
  }, 60_000);
});

describe("the terminal chat", () => {
  it("writes the files into its folder and prints their paths", async () => {
    const folder = join(dir(), "don-de-nghi");
    const engine: Engine = { handle: async () => [{ text: "Đã nộp.", documents: [{ kind: "request-letter", code: "KC-2026-000001" }] }] };
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (d: Buffer) => (printed += d.toString()));
    const files = {
      make: async () => [
        { fileName: "don-de-nghi-KC-2026-000001.pdf", mimeType: "application/pdf", data: Buffer.from("%PDF-1.3 test") },
        { fileName: "don-de-nghi-KC-2026-000001.docx", mimeType: "application/zip", data: Buffer.from("PK test") },
      ],
      makeOne: async () => undefined,
    };
    const done = runTerminalChat({ engine, outbox: new TestOutbox(), logger: silentLogger, input, output, interactive: false, documents: files, documentsDir: folder });
    input.end("nộp\n");
    await done;
    const pdf = join(folder, "don-de-nghi-KC-2026-000001.pdf");
    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf, "utf8")).toBe("%PDF-1.3 test");
    expect(printed).toContain(`Đã ghi đơn đề nghị và đề cương đề án vào:\n  ${pdf}\n  ${join(folder, "don-de-nghi-KC-2026-000001.docx")}`);
  });
});
