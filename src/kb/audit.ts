import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { foldVietnamese } from "./normalize.ts";
import type { Source } from "./schema.ts";
import type { KbProblem, KnowledgeBase } from "./types.ts";
import { parseYaml } from "./yaml.ts";

/**
 * The knowledge base audit `npm run kb:check` runs after validation: it counts
 * (1) statements with a figure whose entry cites no document with an article
 * or a named page, and (2) sentences naming a fact listed as UNCONFIRMED in
 * knowledge/unconfirmed.yaml without saying, in the same sentence, that it is
 * not certain. Both must be 0; the lists say where to look.
 */

export const unconfirmedFileSchema = z.strictObject({
  hedges: z.array(z.string().min(2)).min(1),
  facts: z
    .array(
      z.strictObject({
        id: z.string().min(2),
        fact: z.string().min(10),
        /** Folded-text regular expressions; a sentence matching all of them names the fact. */
        all: z.array(z.string().min(2)).min(1),
      }),
    )
    .min(1),
});
export type UnconfirmedFile = z.infer<typeof unconfirmedFileSchema>;

/** One statement shown to users, with the sources its entry gives. */
interface Unit {
  file: string;
  entryId: string;
  field: string;
  text: string;
  /** Structured sources, or free-text ones (support examples name their page as a string). */
  sources: (Source | string)[];
}

export interface AuditFinding {
  file: string;
  entryId: string;
  field: string;
  text: string;
  /** For unconfirmed facts: which one. */
  factId?: string;
}

export interface AuditResult {
  figuresWithoutSource: AuditFinding[];
  unconfirmedAsCertain: AuditFinding[];
  /** Provincial levels whose resolution article was not read: sourced, but not to the article (reported, not an error). */
  provinceLevelsWithoutArticle: AuditFinding[];
  units: number;
  figureUnits: number;
}

// Document numbers, article references and bare years are citations, not figures a reader acts on.
const CITATION = /(?<![\p{L}\d])(?:NĐ|TT|QĐ|NQ|TTLT|CT|CV|KH|Chỉ thị|Điều|khoản|điểm|Phụ lục|bài|ItemID=?)\s*(?:số\s*)?\d[\p{L}\d/.–-]*/giu;
const DOC_NUMBER = /\d+\/\d{4}\/[\p{L}-]+|\d+\/[\p{Lu}-]+/gu;
const YEARS = /\b(?:19|20)\d{2}(?:\s*[–-]\s*(?:19|20)\d{2})?\b/g;
const WEB_PAGE = /\.(vn|com|org|net|gov)\b/i;

/** Whether a statement carries a figure (amount, percent, date, count) once citations are set aside. */
export function hasFigure(text: string): boolean {
  return /\d/.test(text.replace(CITATION, " ").replace(DOC_NUMBER, " ").replace(YEARS, " "));
}

/** A source that says where in it the figure is: an article of a legal text, or a named public page. */
function pinpoints(source: Source | string): boolean {
  if (typeof source === "string") return source.trim().length >= 3;
  return source.article !== undefined || WEB_PAGE.test(source.document);
}

function units(kb: KnowledgeBase): Unit[] {
  const out: Unit[] = [];
  const add = (file: string, entryId: string, field: string, text: string | undefined, sources: (Source | string)[]) => {
    if (text && text.trim()) out.push({ file, entryId, field, text, sources });
  };
  for (const t of kb.topics.filter((t) => t.kind === "faq")) {
    add(t.file, t.id, "answer", t.answer, t.sources);
    add(t.file, t.id, "caveat", t.caveat, t.sources);
  }
  for (const s of kb.supports) {
    const file = `supports/${s.id}.yaml`;
    const all = [...s.legalBasis, ...s.levels.map((l) => l.source)];
    add(file, s.id, "summary", s.summary, all);
    add(file, s.id, "whoMayReceive", s.whoMayReceive, s.legalBasis);
    add(file, s.id, "coFunding", s.coFunding, all);
    add(file, s.id, "caveat", s.caveat, all);
    s.levels.forEach((l, i) => add(file, s.id, `levels[${i}]`, l.text, [l.source]));
    s.examples.forEach((e, i) => add(file, s.id, `examples[${i}]`, e.text, [e.source]));
  }
  const e = kb.eligibility;
  add("eligibility.yaml", "intro", "intro", e.intro, []);
  add("eligibility.yaml", "disclaimer", "disclaimer", e.disclaimer, []);
  for (const q of e.questions) {
    const sources = q.source ? [q.source] : [];
    add("eligibility.yaml", q.id, "prompt", q.prompt, sources);
    add("eligibility.yaml", q.id, "why", q.why, sources);
    if (q.options !== "supports") for (const o of q.options) add("eligibility.yaml", q.id, `option ${o.value}`, `${o.label}. ${o.hint ?? ""}`, sources);
  }
  for (const r of e.rules) add("eligibility.yaml", r.id, "reason", r.reason, [r.source]);
  for (const n of e.notes) add("eligibility.yaml", n.id, "text", n.text, [n.source]);
  const p = kb.procedure;
  add("procedure.yaml", "whereToSubmit", "whereToSubmit", p.whereToSubmit, []);
  for (const s of p.steps) add("procedure.yaml", s.id, "text", s.text, [s.source]);
  for (const c of p.calendar) add("procedure.yaml", c.when, "calendar", `${c.when}: ${c.what}`, [c.source]);
  for (const d of p.documents) add("procedure.yaml", d.name, "documents", d.note, []);
  add("procedure.yaml", "caveat", "caveat", p.caveat, p.caveatSources);
  for (const info of kb.provinceInfo.values()) {
    const file = `provinces/${info.id}.yaml`;
    add(file, info.id, "centre", info.centre.note, info.centre.source ? [info.centre.source] : []);
    info.levels.forEach((l) => add(file, info.id, `levels ${l.supportId}`, l.text, [l.source]));
    info.facts.forEach((f, i) => add(file, info.id, `facts[${i}]`, f.text, [f.source]));
    info.deadlines.forEach((d) => add(file, info.id, `deadlines ${d.when}`, `${d.when}: ${d.what}`, [d.source]));
  }
  return out;
}

/** Splits a statement into sentences (a full stop, question or exclamation mark, or semicolon followed by a space). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;])\s+/).filter((s) => s.trim().length > 0);
}

/** Runs the audit over a validated knowledge base and its list of unconfirmed facts. */
export function auditKnowledge(kb: KnowledgeBase, unconfirmed: UnconfirmedFile): AuditResult {
  const all = units(kb);
  const figureUnits = all.filter((u) => hasFigure(u.text));
  const figuresWithoutSource = figureUnits
    .filter((u) => !u.sources.some(pinpoints))
    .map(({ file, entryId, field, text }) => ({ file, entryId, field, text }));
  const hedges = unconfirmed.hedges.map((h) => foldVietnamese(h));
  const facts = unconfirmed.facts.map((f) => ({ id: f.id, all: f.all.map((p) => new RegExp(p)) }));
  const unconfirmedAsCertain: AuditFinding[] = [];
  for (const u of all) {
    for (const sentence of sentences(u.text)) {
      const folded = foldVietnamese(sentence);
      const fact = facts.find((f) => f.all.every((re) => re.test(folded)));
      if (fact && !hedges.some((h) => folded.includes(h))) unconfirmedAsCertain.push({ file: u.file, entryId: u.entryId, field: u.field, text: sentence, factId: fact.id });
    }
  }
  const provinceLevelsWithoutArticle = [...kb.provinceInfo.values()].flatMap((info) =>
    info.levels.filter((l) => !l.article).map((l) => ({ file: `provinces/${info.id}.yaml`, entryId: info.id, field: `levels ${l.supportId}`, text: l.text })),
  );
  return { figuresWithoutSource, unconfirmedAsCertain, provinceLevelsWithoutArticle, units: all.length, figureUnits: figureUnits.length };
}

/** Reads knowledge/unconfirmed.yaml; a missing or invalid file is a problem, as any other knowledge file. */
export function readUnconfirmed(dir: string): { value?: UnconfirmedFile; problems: KbProblem[] } {
  const file = "unconfirmed.yaml";
  try {
    const parsed = unconfirmedFileSchema.safeParse(parseYaml(readFileSync(join(dir, file), "utf8")));
    if (parsed.success) return { value: parsed.data, problems: [] };
    return { problems: parsed.error.issues.map((i) => ({ file, message: `${i.path.join(".")}: ${i.message}` })) };
  } catch (error) {
    return { problems: [{ file, message: `không đọc được: ${(error as Error).message.split("\n")[0]}` }] };
  }
}

/** Problems for kb:check: each finding of the audit, located by file and id. */
export function auditProblems(result: AuditResult): KbProblem[] {
  return [
    ...result.figuresWithoutSource.map((f) => ({ file: f.file, entryId: f.entryId, message: `${f.field}: có con số nhưng không nêu văn bản và điều khoản (hoặc trang nguồn): "${clipText(f.text)}"` })),
    ...result.unconfirmedAsCertain.map((f) => ({ file: f.file, entryId: f.entryId, message: `${f.field}: nói như chắc chắn một điều CHƯA XÁC NHẬN (${f.factId}): "${clipText(f.text)}"` })),
  ];
}

function clipText(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length <= 120 ? one : `${one.slice(0, 119)}…`;
}
