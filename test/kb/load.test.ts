import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { checkKnowledgeBase, loadKnowledgeBase } from "../../src/kb/load.ts";
import { tempDir } from "../support/app.ts";

function brokenCopy(edit: (dir: string) => void): string {
  const dir = tempDir("kc-kb-");
  cpSync("knowledge", dir, { recursive: true });
  edit(dir);
  return dir;
}

describe("knowledge base", () => {
  const kb = loadKnowledgeBase("knowledge");

  it("validates and holds what the product needs", () => {
    expect(kb.faqs.length).toBeGreaterThanOrEqual(60);
    expect(kb.faqs.every((f) => f.questions.length >= 3)).toBe(true);
    expect(kb.provinces).toHaveLength(34);
    expect(kb.supports.length).toBeGreaterThanOrEqual(10);
    for (const topic of kb.topics) expect(topic.sources.length, topic.id).toBeGreaterThan(0);
  });

  it("gives the national machinery level from TT 28/2018 as data", () => {
    const machinery = kb.supportById.get("may-moc-thiet-bi");
    const national = machinery?.levels.find((l) => l.fund === "national");
    expect(national).toMatchObject({ percent: 50, capVnd: 300_000_000, confirmed: true });
    expect(national?.source.document).toMatch(/28\/2018/);
  });

  it("reports a duplicate id, a missing related id and an empty variant list by file and id", () => {
    const dir = brokenCopy((d) => {
      const file = join(d, "faq", "chung.yaml");
      const text = readFileSync(file, "utf8");
      const firstId = /id: ([a-z0-9-]+)/.exec(text)?.[1] as string;
      // duplicate: a support file reusing the first FAQ id
      const support = join(d, "supports", "chuyen-doi-so.yaml");
      writeFileSync(support, readFileSync(support, "utf8").replace(/^id: .*$/m, `id: ${firstId}`));
      // missing related id and empty variants in the machinery support
      const machinery = join(d, "supports", "may-moc-thiet-bi.yaml");
      writeFileSync(machinery, readFileSync(machinery, "utf8").replace(/^related:.*$/m, "related: [khong-ton-tai]").replace(/^questions:[\s\S]*?(?=^\w)/m, "questions: []\n"));
    });
    const { kb: broken, problems } = checkKnowledgeBase(dir);
    expect(broken).toBeUndefined();
    const text = problems.map((p) => `${p.file} [${p.entryId}] ${p.message}`).join("\n");
    expect(text).toMatch(/supports\/may-moc-thiet-bi\.yaml \[may-moc-thiet-bi\] questions/);
    expect(text).toMatch(/id trùng/);
  });

  it("gives topics the owners' phrasings of owner-questions.yaml, and names an unknown topic id there", () => {
    expect(kb.topicById.get("may-moc-thiet-bi")?.examples.length).toBeGreaterThan(5);
    const dir = brokenCopy((d) => {
      const file = join(d, "owner-questions.yaml");
      writeFileSync(file, `${readFileSync(file, "utf8")}\nmay-moc-khong-co:\n  - "máy ép gạch được hỗ trợ bn"\n`);
    });
    const { kb: broken, problems } = checkKnowledgeBase(dir);
    expect(broken).toBeUndefined();
    expect(problems).toContainEqual(expect.objectContaining({ file: "owner-questions.yaml", entryId: "may-moc-khong-co" }));
  });

  it("npm run kb:check exits 1 and names the file on a broken base, 0 on the real one", () => {
    const dir = brokenCopy((d) => writeFileSync(join(d, "procedure.yaml"), "title: [unclosed"));
    let failed: { status: number; stderr: string } | undefined;
    try {
      execFileSync("npx", ["tsx", "src/cli/kb-check.ts", dir], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failed = error as { status: number; stderr: string };
    }
    expect(failed?.status).toBe(1);
    expect(failed?.stderr).toMatch(/procedure\.yaml/);
    const ok = execFileSync("npx", ["tsx", "src/cli/kb-check.ts"], { encoding: "utf8" });
    expect(ok).toMatch(/hợp lệ/);
  });
});
