import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseYaml } from "../kb/yaml.ts";
import type { KbProblem, KnowledgeBase } from "../kb/types.ts";

/** Where the template lives inside the knowledge folder. */
export const TEMPLATE_FILE = "documents/request-letter.yaml";

const text = z.string().trim().min(2);
const signatureSchema = z.strictObject({ title: text, note: text });

/** Parts of the outline the bot fills from the application; everything else the owner writes. */
export const OUTLINE_FILLS = ["project", "applicant", "content", "timing", "cost"] as const;

const sectionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, "chữ thường, số và dấu gạch ngang"),
    heading: text,
    fill: z.enum(OUTLINE_FILLS).optional(),
    ownerWrites: text.optional(),
  })
  .refine((s) => s.fill !== undefined || s.ownerWrites !== undefined, "mục cần `fill` hoặc `ownerWrites`");

export const letterTemplateSchema = z.strictObject({
  lastChecked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.strictObject({ document: text, note: z.string().optional() }),
  letter: z.strictObject({
    nationalHeading: text,
    motto: text,
    title: text,
    addressee: text,
    legalBasis: z.array(text),
    intro: text,
    commitments: z.array(text).min(1),
    closing: text,
    signature: z.record(z.string(), signatureSchema),
    attachments: z.strictObject({
      common: z.array(text),
      bySupport: z.record(z.string(), z.array(text)),
    }),
  }),
  outline: z.strictObject({
    title: text,
    subtitle: text,
    sections: z.array(sectionSchema).min(1),
  }),
});
export type LetterTemplate = z.infer<typeof letterTemplateSchema>;
export type OutlineSection = LetterTemplate["outline"]["sections"][number];

const PLACEHOLDERS = new Set(["noiNhan", "tinh", "coSo"]);

/**
 * Reads and validates the template; problems are located by file and entry id
 * (a section id, a support id, a placeholder) like the rest of `kb:check`.
 * With `kb`, cross-references are checked too: every support id and entity type
 * named exists, and every entity type that may apply has a signature.
 */
export function checkLetterTemplate(knowledgeDir: string, kb?: KnowledgeBase): { template?: LetterTemplate; problems: KbProblem[] } {
  const file = TEMPLATE_FILE;
  const path = join(knowledgeDir, file);
  if (!existsSync(path)) return { problems: [{ file, message: "thiếu tệp" }] };
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    return { problems: [{ file, message: `YAML không đọc được: ${(error as Error).message.split("\n")[0]}` }] };
  }
  const parsed = letterTemplateSchema.safeParse(data);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({ file, entryId: entryAt(data, issue.path), message: `${issue.path.join(".")}: ${issue.message}` })),
    };
  }
  const template = parsed.data;
  const problems: KbProblem[] = [];
  const ids = new Set<string>();
  for (const section of template.outline.sections) {
    if (ids.has(section.id)) problems.push({ file, entryId: section.id, message: "id mục đề cương bị trùng" });
    ids.add(section.id);
  }
  for (const [where, value] of allTexts(template)) {
    for (const match of value.matchAll(/\{([^}]*)\}/g)) {
      if (!PLACEHOLDERS.has(match[1] ?? "")) problems.push({ file, entryId: where, message: `chỗ điền {${match[1]}} không có; dùng {noiNhan}, {tinh} hoặc {coSo}` });
    }
  }
  if (kb) {
    for (const supportId of Object.keys(template.letter.attachments.bySupport)) {
      if (!kb.supportById.has(supportId)) problems.push({ file, entryId: supportId, message: "attachments.bySupport: không có nội dung hỗ trợ này trong supports/" });
    }
    const entity = kb.eligibility.questions.find((q) => q.id === "entity-type");
    const entityIds = entity && entity.options !== "supports" ? entity.options.map((o) => o.value) : [];
    for (const id of Object.keys(template.letter.signature)) {
      if (!entityIds.includes(id)) problems.push({ file, entryId: id, message: "signature: không có loại hình này trong eligibility.yaml" });
    }
    for (const id of ["dnnvv", "htx", "tht", "hkd"].filter((e) => entityIds.includes(e))) {
      if (!template.letter.signature[id]) problems.push({ file, entryId: id, message: "signature: thiếu chức danh người ký cho loại hình này" });
    }
  }
  return problems.length > 0 ? { problems } : { template, problems };
}

/** Loads the template or throws with every problem listed. */
export function loadLetterTemplate(knowledgeDir: string, kb?: KnowledgeBase): LetterTemplate {
  const { template, problems } = checkLetterTemplate(knowledgeDir, kb);
  if (!template) throw new Error(`Mẫu đơn ${TEMPLATE_FILE} có lỗi:\n${problems.map((p) => `- ${p.entryId ? `[${p.entryId}] ` : ""}${p.message}`).join("\n")}`);
  return template;
}

/** Every text of the template with where it is, for the placeholder check. */
function allTexts(template: LetterTemplate): [string, string][] {
  const { letter, outline } = template;
  return [
    ["letter.addressee", letter.addressee],
    ["letter.intro", letter.intro],
    ["letter.closing", letter.closing],
    ...letter.legalBasis.map((t, i): [string, string] => [`letter.legalBasis.${i + 1}`, t]),
    ...letter.commitments.map((t, i): [string, string] => [`letter.commitments.${i + 1}`, t]),
    ["outline.subtitle", outline.subtitle],
    ...outline.sections.flatMap((s): [string, string][] => [[s.id, s.heading], ...(s.ownerWrites ? [[s.id, s.ownerWrites] as [string, string]] : [])]),
  ];
}

/** The id of the entry a schema issue points into: a section id, a support id, an entity type, or the key path. */
function entryAt(data: unknown, path: PropertyKey[]): string | undefined {
  let node: unknown = data;
  let last: string | undefined;
  for (const key of path) {
    if (node === null || typeof node !== "object") break;
    node = (node as Record<PropertyKey, unknown>)[key];
    const id = (node as { id?: unknown } | null)?.id;
    if (typeof id === "string") last = id;
    else if (typeof key === "string" && ["bySupport", "signature"].includes(String(path[path.indexOf(key) - 1]))) last = key;
  }
  return last ?? (path.length > 0 ? path.map(String).join(".") : undefined);
}

/** Fills {noiNhan}, {tinh}, {coSo}. */
export function fillPlaceholders(value: string, values: Record<"noiNhan" | "tinh" | "coSo", string>): string {
  return value.replace(/\{(noiNhan|tinh|coSo)\}/g, (_, key: "noiNhan" | "tinh" | "coSo") => values[key]);
}
