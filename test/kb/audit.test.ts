import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditKnowledge, hasFigure, readUnconfirmed } from "../../src/kb/audit.ts";
import { checkKnowledgeBase, loadKnowledgeBase } from "../../src/kb/load.ts";
import { tempDir } from "../support/app.ts";

function copyWith(edit: (dir: string) => void): string {
  const dir = tempDir("kc-audit-");
  cpSync("knowledge", dir, { recursive: true });
  edit(dir);
  return dir;
}

function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`nothing replaced in ${file}`);
  writeFileSync(file, next);
}

const messages = (problems: { file: string; entryId?: string; message: string }[]) => problems.map((p) => `${p.file} [${p.entryId ?? ""}] ${p.message}`).join("\n");

describe("knowledge audit", () => {
  it("finds no figure without a source and no unconfirmed fact stated as certain in knowledge/", () => {
    const kb = loadKnowledgeBase("knowledge");
    const unconfirmed = readUnconfirmed("knowledge");
    const audit = auditKnowledge(kb, unconfirmed.value!);
    expect(audit.figuresWithoutSource).toEqual([]);
    expect(audit.unconfirmedAsCertain).toEqual([]);
    expect(audit.figureUnits).toBeGreaterThan(100);
  });

  it("tells figures from citations", () => {
    expect(hasFigure("Theo TT 28/2018/TT-BTC Điều 8 khoản 4")).toBe(false);
    expect(hasFigure("Chương trình 2021–2025 (QĐ 1881/QĐ-TTg)")).toBe(false);
    expect(hasFigure("tối đa 300 triệu đồng")).toBe(true);
    expect(hasFigure("trước 20/6 hằng năm")).toBe(true);
    expect(hasFigure("Phường của một trong 28 tỉnh")).toBe(true);
  });

  it("flags the 20/6 deadline stated flatly, and a figure whose entry cites no article", () => {
    const dir = copyWith((d) => {
      replaceIn(join(d, "faq", "thoi-han.yaml"), /\(mốc này chưa được xác nhận lại sau năm 2025\)/, "");
      replaceIn(join(d, "faq", "van-ban.yaml"), '- {document: "asemconnectvietnam.gov.vn", article: "tin về Chỉ thị 20/CT-BCT ngày 04/12/2025"}', '- {document: "Chỉ thị 20/CT-BCT"}');
    });
    try {
      const audit = auditKnowledge(loadKnowledgeBase(dir), readUnconfirmed(dir).value!);
      expect(audit.unconfirmedAsCertain.map((f) => `${f.entryId}:${f.factId}`)).toContain("han-dang-ky-khuyen-cong-quoc-gia:han-20-6");
      expect(audit.figuresWithoutSource.map((f) => f.entryId)).toContain("chi-thi-20-ct-bct");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a confirmed level without its resolution or article, a missing province file and a check date in the future", () => {
    const dir = copyWith((d) => {
      replaceIn(join(d, "provinces", "gia-lai.yaml"), "confirmed: false", "confirmed: true");
      replaceIn(join(d, "supports", "may-moc-thiet-bi.yaml"), 'source: {document: "TT 28/2018/TT-BTC", article: "Điều 8 khoản 4"', 'source: {document: "TT 28/2018/TT-BTC"');
      rmSync(join(d, "provinces", "dong-thap.yaml"));
      replaceIn(join(d, "provinces", "phu-tho.yaml"), /^lastChecked: .*$/m, "lastChecked: 2027-01-01");
    });
    try {
      const { kb, problems } = checkKnowledgeBase(dir, { today: new Date("2026-12-02T03:00:00Z") });
      expect(kb).toBeUndefined();
      const text = messages(problems);
      expect(text).toMatch(/provinces\/gia-lai\.yaml \[gia-lai\] levels \(may-moc-thiet-bi\): .*nêu số nghị quyết/);
      expect(text).toMatch(/supports\/may-moc-thiet-bi\.yaml \[may-moc-thiet-bi\] levels\[0\]: .*điều, khoản/);
      expect(text).toMatch(/provinces\/dong-thap\.yaml \[dong-thap\] thiếu tệp/);
      expect(text).toMatch(/provinces\/phu-tho\.yaml \[phu-tho\] lastChecked 2027-01-01 ở tương lai/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("holds every province, with a sourced centre note or name, and the known provincial levels", () => {
    const kb = loadKnowledgeBase("knowledge");
    expect(kb.provinceInfo.size).toBe(34);
    const laiChau = kb.provinceInfo.get("lai-chau");
    expect(laiChau?.levels.find((l) => l.supportId === "may-moc-thiet-bi")).toMatchObject({ percent: 50, capVnd: 300_000_000, confirmed: true, resolution: "18/2025/NQ-HĐND" });
    expect(kb.provinceInfo.get("phu-tho")?.resolutions[0]).toMatchObject({ number: "23/2025/NQ-HĐND", effective: "2026-01-01", levelsRead: false });
    const withData = [...kb.provinceInfo.values()].filter((p) => p.levels.length + p.resolutions.length + p.facts.length > 0 || p.centre.name || p.centre.source);
    expect(withData.length).toBeGreaterThanOrEqual(8);
  });
});
