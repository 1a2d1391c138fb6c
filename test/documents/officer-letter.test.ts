import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/logger.ts";
import { openStorage } from "../../src/store/open.ts";
import { useTempDirs } from "../support/app.ts";
import { docxText, pdfText } from "./extract.ts";
import { sampleApplication } from "./fixtures.ts";

const run = promisify(execFile);
const dir = useTempDirs("kc-officer-letter-");

describe("npm run officer -- letter", () => {
  it("writes the PDF and the DOCX of a stored application, with an officer's correction in it", async () => {
    const data = dir();
    const store = await openStorage(loadConfig({ DATA_DIR: data }), { logger: silentLogger });
    const app = sampleApplication();
    await store.applications.save(app);
    await store.applications.save({ ...app, answers: { ...app.answers, requested: 140_000_000 } });
    await store.close();
    const env = { ...process.env, DATA_DIR: data, KNOWLEDGE_DIR: "knowledge", DATABASE_URL: "" };
    const pdf = join(data, "don.pdf");
    const docx = join(data, "don.docx");
    const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", "src/cli/officer.ts", ...args], { env });
    const out = await cli(["letter", "kc-2026-000123", "--format", "pdf", "--out", pdf]);
    expect(out.stdout).toContain(pdf);
    await cli(["letter", "KC-2026-000123", "--format", "docx", "--out", docx]);
    expect(pdfText(pdf)).toContain("140.000.000 đồng (Bằng chữ: Một trăm bốn mươi triệu đồng)");
    expect(docxText(docx)).toContain("140.000.000 đồng (Bằng chữ: Một trăm bốn mươi triệu đồng)");
    await expect(cli(["letter", "KC-2026-000999", "--format", "pdf", "--out", pdf])).rejects.toMatchObject({ stderr: expect.stringContaining("Không có hồ sơ KC-2026-000999") });
  }, 60_000);
});
