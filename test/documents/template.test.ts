import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../src/kb/load.ts";
import { checkLetterTemplate, TEMPLATE_FILE } from "../../src/documents/template.ts";
import { useTempDirs } from "../support/app.ts";

const dir = useTempDirs("kc-template-");

/** A copy of knowledge/ with the template's text changed by `edit`. */
function brokenCopy(edit: (yaml: string) => string): string {
  const copy = dir();
  cpSync("knowledge", copy, { recursive: true });
  const file = join(copy, TEMPLATE_FILE);
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  return copy;
}

describe("the request-letter template (knowledge/documents/)", () => {
  it("is valid as shipped, against the supports and entity types", () => {
    const kb = loadKnowledgeBase("knowledge");
    expect(checkLetterTemplate("knowledge", kb).problems).toEqual([]);
  });

  it("reports a broken entry by file and id", () => {
    const copy = brokenCopy((yaml) =>
      yaml
        .replace("      may-moc-thiet-bi:\n", "      may-moc-khong-co:\n")
        .replace('    - id: hieu-qua\n      heading: "Hiệu quả dự kiến"\n      ownerWrites:', '    - id: hieu-qua\n      heading: "Hiệu quả dự kiến"\n      note:')
        .replace("{coSo} đề nghị {noiNhan}", "{coSo} đề nghị {trungTam}"),
    );
    const kb = loadKnowledgeBase(copy);
    const { template, problems } = checkLetterTemplate(copy, kb);
    expect(template).toBeUndefined();
    expect(problems.every((p) => p.file === TEMPLATE_FILE)).toBe(true);
    expect(problems.map((p) => p.entryId)).toEqual(expect.arrayContaining(["hieu-qua"]));
    // Once the schema passes, cross-references are checked: an unknown support and placeholder, by id.
    const schemaOk = brokenCopy((yaml) => yaml.replace("      may-moc-thiet-bi:\n", "      may-moc-khong-co:\n").replace("{coSo} đề nghị {noiNhan}", "{coSo} đề nghị {trungTam}"));
    const second = checkLetterTemplate(schemaOk, loadKnowledgeBase(schemaOk)).problems;
    expect(second).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entryId: "may-moc-khong-co", message: expect.stringContaining("supports/") }),
        expect.objectContaining({ entryId: "letter.intro", message: expect.stringContaining("{trungTam}") }),
      ]),
    );
  });

  it("`npm run kb:check` fails on it, naming the file and the entry", () => {
    const copy = brokenCopy((yaml) => yaml.replace("      may-moc-thiet-bi:\n", "      may-moc-khong-co:\n"));
    let output = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "src/cli/kb-check.ts", copy], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      output = String((error as { stderr?: string }).stderr);
    }
    expect(output).toContain(`${TEMPLATE_FILE} [may-moc-khong-co]`);
  });
});
