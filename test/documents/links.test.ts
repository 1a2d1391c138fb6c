import { generousFloodGate } from "../support/flood.ts";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createZaloChannel, type ZaloChannel } from "../../src/channels/zalo/channel.ts";
import { createZaloClient } from "../../src/channels/zalo/client.ts";
import { createDocumentLinks, createDownloadRoute, DOWNLOAD_PATH } from "../../src/documents/links.ts";
import { generateLetter, type DocumentContext } from "../../src/documents/service.ts";
import { loadLetterTemplate } from "../../src/documents/template.ts";
import type { Engine } from "../../src/engine/contract.ts";
import { createHttpServer, type HttpServer } from "../../src/http/server.ts";
import { loadKnowledgeBase } from "../../src/kb/load.ts";
import { silentLogger } from "../../src/logger.ts";
import { ZaloStandIn, zaloUpdate } from "../support/zalo-stand-in.ts";
import { memoryOutbox } from "../channels/zalo/fakes.ts";
import { sampleApplication } from "./fixtures.ts";

let ctx: DocumentContext;
beforeAll(() => {
  const kb = loadKnowledgeBase("knowledge");
  ctx = { kb, template: loadLetterTemplate("knowledge", kb), config: { CENTRE_NAME: "Trung tâm Khuyến công tỉnh" } };
});

const SECRET = "s".repeat(40);

describe("signed download links", () => {
  it("name the code and format, expire, and cannot be forged", () => {
    let now = new Date("2026-12-02T03:00:00Z");
    const links = createDocumentLinks({ publicUrl: "https://bot.example.vn/", secret: SECRET, ttlMinutes: 60, clock: () => now });
    const [pdf, docx] = links.linksFor("KC-2026-000123");
    expect(pdf?.url).toMatch(/^https:\/\/bot\.example\.vn\/tai-don\/KC-2026-000123\.pdf\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(docx?.format).toBe("docx");
    const token = (pdf?.url ?? "").split(DOWNLOAD_PATH)[1] ?? "";
    expect(links.verify(token)).toEqual({ code: "KC-2026-000123", format: "pdf" });
    // Another application, another format or a later expiry under the same signature: refused.
    expect(links.verify(token.replace("000123", "000124"))).toBeUndefined();
    expect(links.verify(token.replace(".pdf.", ".docx."))).toBeUndefined();
    expect(links.verify(token.replace(/\.(\d+)\./, (_, e: string) => `.${Number(e) + 3600}.`))).toBeUndefined();
    expect(createDocumentLinks({ publicUrl: "https://x.vn", secret: "t".repeat(40), ttlMinutes: 60, clock: () => now }).verify(token)).toBeUndefined();
    expect(links.verify("../../etc/passwd")).toBeUndefined();
    now = new Date(now.getTime() + 61 * 60_000);
    expect(links.verify(token)).toBe("expired");
  });

  describe("served by the bot's HTTP server", () => {
    let http: HttpServer | undefined;
    afterEach(async () => {
      await http?.close();
      http = undefined;
    });

    it("GET gives the file made now; an expired link 410 in Vietnamese; a forged one 404", async () => {
      let now = new Date("2026-12-02T03:00:00Z");
      const app = sampleApplication();
      const links = createDocumentLinks({ publicUrl: "http://127.0.0.1", secret: SECRET, ttlMinutes: 30, clock: () => now });
      http = createHttpServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 1024, logger: silentLogger });
      http.get(DOWNLOAD_PATH, createDownloadRoute({ links, files: { make: async () => undefined, makeOne: async (code, format) => (code === app.code ? generateLetter(app, format, ctx, now) : undefined) }, logger: silentLogger }));
      const { port } = await http.listen();
      const url = (link: string) => link.replace("http://127.0.0.1", `http://127.0.0.1:${port}`);
      const [pdf, docx] = links.linksFor(app.code).map((l) => url(l.url));
      const got = await fetch(pdf ?? "");
      expect(got.status).toBe(200);
      expect(got.headers.get("content-type")).toBe("application/pdf");
      expect(got.headers.get("content-disposition")).toBe(`attachment; filename="don-de-nghi-${app.code}.pdf"`);
      expect(got.headers.get("cache-control")).toBe("no-store");
      expect(Buffer.from(await got.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
      const word = await fetch(docx ?? "");
      expect(word.headers.get("content-type")).toContain("wordprocessingml");
      expect(Buffer.from(await word.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
      expect((await fetch(`http://127.0.0.1:${port}${DOWNLOAD_PATH}KC-2026-000123.pdf.99999999999.${"a".repeat(43)}`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      now = new Date(now.getTime() + 31 * 60_000);
      const expired = await fetch(pdf ?? "");
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain("Liên kết tải đơn đã hết hạn");
    }, 30_000);
  });
});

describe("the request letter on Zalo", () => {
  const TOKEN = "123456789:abc-docs";
  const USER = "d0c5d0c5d0c5d0c5d0c5";
  let zalo: ZaloStandIn;
  let channel: ZaloChannel | undefined;
  afterEach(async () => {
    await channel?.stop();
    await zalo?.stop();
  });

  async function replyWithLetter(documentLinks?: ReturnType<typeof createDocumentLinks>): Promise<string[]> {
    zalo = await new ZaloStandIn({ token: TOKEN, maxPollWaitMs: 100 }).start();
    const engine: Engine = { handle: async () => [{ text: "✅ Đã nộp đơn. Mã hồ sơ của anh/chị: KC-2026-000123", documents: [{ kind: "request-letter", code: "KC-2026-000123" }] }, { text: "Menu" }] };
    channel = createZaloChannel({
      engine,
      outbox: memoryOutbox(),
      flood: generousFloodGate(),
      config: { ZALO_BOT_TOKEN: TOKEN, ZALO_API_ROOT: zalo.apiRoot, ZALO_WEBHOOK_URL: undefined, ZALO_WEBHOOK_SECRET: undefined },
      logger: silentLogger,
      client: createZaloClient({ token: TOKEN, apiRoot: zalo.apiRoot, sleep: async () => {} }),
      tuning: { pollTimeoutSeconds: 1, typing: false },
      documentLinks,
    });
    await channel.start();
    zalo.pushUpdate(zaloUpdate("text", { userId: USER, text: "nộp" }));
    return zalo.waitForTexts(3, USER);
  }

  it("gets signed links (Zalo's Bot API sends no files) between the confirmation and the menu", async () => {
    const links = createDocumentLinks({ publicUrl: "https://bot.example.vn", secret: SECRET, ttlMinutes: 60, clock: () => new Date() });
    const texts = await replyWithLetter(links);
    expect(texts[0]).toContain("KC-2026-000123");
    expect(texts[1]).toContain("liên kết dùng được trong 60 phút");
    expect(texts[1]).toMatch(/Bản PDF để in: https:\/\/bot\.example\.vn\/tai-don\/KC-2026-000123\.pdf\./);
    expect(texts[1]).toMatch(/Bản Word \(DOCX\) để sửa: https:\/\/bot\.example\.vn\/tai-don\/KC-2026-000123\.docx\./);
    expect(texts[2]).toBe("Menu");
  });

  it("without a public URL, says plainly that the centre will provide the form", async () => {
    const texts = await replyWithLetter(undefined);
    expect(texts[1]).toContain("Trung tâm Khuyến công sẽ cung cấp mẫu đơn");
    expect(texts[1]).not.toContain("http");
  });
});
