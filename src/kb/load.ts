import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { parseYaml } from "./yaml.js";
import type { z } from "zod";
import {
  eligibilitySchema,
  faqFileSchema,
  glossarySchema,
  ownerQuestionsSchema,
  procedureSchema,
  provincesFileSchema,
  renamedSchema,
  smallTalkFileSchema,
  supportSchema,
  type Condition,
  type Eligibility,
  type Faq,
  type OwnerQuestions,
  type Support,
} from "./schema.ts";
import type { KbProblem, KnowledgeBase, Topic } from "./types.ts";
import { formatSource, renderSupportAnswer } from "./render-support.ts";
import { fundsSchema, provinceInfoSchema, type ProvinceInfo } from "./province-schema.ts";
import { checkProvinceInfo } from "./province-check.ts";
import { checkFreshness } from "./freshness-check.ts";

/** Thrown when the knowledge base does not validate; carries every problem found. */
export class KnowledgeBaseError extends Error {
  constructor(readonly problems: KbProblem[]) {
    super(`Cơ sở tri thức có ${problems.length} lỗi:\n${problems.map(formatProblem).join("\n")}`);
    this.name = "KnowledgeBaseError";
  }
}

export function formatProblem(problem: KbProblem): string {
  const where = problem.entryId ? `${problem.file} [${problem.entryId}]` : problem.file;
  return `- ${where}: ${problem.message}`;
}

/** Loads and validates knowledge/; throws KnowledgeBaseError listing every problem. */
export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const result = checkKnowledgeBase(dir);
  if (!result.kb) throw new KnowledgeBaseError(result.problems);
  return result.kb;
}

/** Validates knowledge/ and returns the problems; `kb` is set only when there are none. */
export function checkKnowledgeBase(dir: string, options: { today?: Date } = {}): { kb?: KnowledgeBase; problems: KbProblem[] } {
  const reader = new FileReader(dir);
  const supports = reader.many("supports", (file, data) => {
    const one = reader.validate(file, supportSchema, data);
    return one ? [one] : [];
  });
  const faqs = reader.many("faq", (file, data) => reader.validateList(file, faqFileSchema, data));
  const eligibility = reader.single("eligibility.yaml", eligibilitySchema);
  const procedure = reader.single("procedure.yaml", procedureSchema);
  const provinces = reader.single("provinces.yaml", provincesFileSchema);
  const glossary = reader.single("glossary.yaml", glossarySchema);
  const renamed = reader.single("renamed.yaml", renamedSchema);
  const smallTalk = reader.single("smalltalk.yaml", smallTalkFileSchema);
  const funds = reader.single("funds.yaml", fundsSchema);
  const provinceInfo = reader.many("provinces", (file, data) => {
    const one = reader.validate(file, provinceInfoSchema, data);
    return one ? [one] : [];
  });
  const ownerQuestions = reader.single("owner-questions.yaml", ownerQuestionsSchema);

  const topics = [
    ...supports.map(({ file, value }) => supportTopic(value, file)),
    ...faqs.map(({ file, value }) => faqTopic(value, file)),
  ];
  const problems = reader.problems;
  checkCrossReferences(topics, supports.map((s) => s.value), eligibility, problems);
  if (renamed) checkRenamed(renamed, topics, problems);
  if (ownerQuestions) attachOwnerQuestions(ownerQuestions, topics, problems);
  if (provinces) checkUniqueIds(provinces.provinces.map((p) => ({ id: p.id, file: "provinces.yaml" })), problems);
  if (provinces) {
    const ids = new Set(topics.map((t) => t.id));
    const { centre, levels, centreRelated, levelsRelated } = provinces.topics;
    for (const topicId of [centre, levels, ...centreRelated, ...levelsRelated]) if (!ids.has(topicId)) problems.push({ file: "provinces.yaml", entryId: "topics", message: `không có chủ đề "${topicId}"` });
  }
  if (provinces) checkProvinceInfo(provinceInfo, provinces.provinces, new Set(supports.map((s) => s.value.id)), problems);
  checkFreshness({ supports, faqs, eligibility, procedure, provinces, provinceInfo }, options.today ?? new Date(), problems);

  if (problems.length > 0 || !eligibility || !procedure || !provinces || !glossary || !renamed || !smallTalk || !funds || !ownerQuestions) return { problems };
  return {
    problems,
    kb: {
      supports: supports.map((s) => s.value),
      faqs: faqs.map((f) => f.value),
      eligibility,
      procedure,
      provinces: provinces.provinces,
      provinceTopics: provinces.topics,
      glossary,
      topics,
      topicById: new Map(topics.map((t) => [t.id, t])),
      renamed: new Map(Object.entries(renamed)),
      smallTalk,
      supportById: new Map(supports.map((s) => [s.value.id, s.value])),
      funds,
      provinceInfo: new Map<string, ProvinceInfo>(provinceInfo.map((p) => [p.value.id, p.value])),
    },
  };
}

function supportTopic(support: Support, file: string): Topic {
  return {
    id: support.id,
    kind: "support",
    family: support.id,
    title: support.title,
    shortTitle: support.shortTitle,
    questions: support.questions,
    examples: [],
    keywords: support.keywords,
    answer: renderSupportAnswer(support),
    sources: support.legalBasis,
    caveat: support.caveat,
    supportId: support.applicable ? support.id : undefined,
    related: support.related,
    popularity: support.popularity,
    lastChecked: support.lastChecked,
    file,
  };
}

function faqTopic(faq: Faq, file: string): Topic {
  return {
    id: faq.id,
    kind: "faq",
    family: faq.family ?? faq.supportId ?? faq.id,
    ...(faq.explainsEstimate ? { explainsEstimate: true } : {}),
    title: faq.title,
    shortTitle: shorten(faq.title, 40),
    questions: faq.questions,
    examples: [],
    keywords: faq.keywords,
    answer: faq.answer,
    sources: faq.sources,
    caveat: faq.caveat,
    supportId: faq.supportId,
    related: faq.related,
    popularity: faq.popularity,
    lastChecked: faq.lastChecked,
    file,
  };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Reads YAML files and collects located schema problems instead of stopping at the first. */
class FileReader {
  readonly problems: KbProblem[] = [];
  constructor(private readonly dir: string) {}

  single<S extends z.ZodType>(name: string, schema: S): z.infer<S> | undefined {
    const data = this.read(name);
    return data === undefined ? undefined : this.validate(name, schema, data);
  }

  many<T>(subdir: string, each: (file: string, data: unknown) => T[]): { file: string; value: T }[] {
    const folder = join(this.dir, subdir);
    if (!existsSync(folder)) {
      this.problems.push({ file: subdir, message: "thiếu thư mục" });
      return [];
    }
    const out: { file: string; value: T }[] = [];
    for (const name of readdirSync(folder).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      const file = `${subdir}/${name}`;
      const data = this.read(file);
      if (data === undefined) continue;
      for (const value of each(file, data)) out.push({ file, value });
    }
    return out;
  }

  validate<S extends z.ZodType>(file: string, schema: S, data: unknown): z.infer<S> | undefined {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      this.problems.push({ file, entryId: entryIdAt(data, issue.path), message: describeIssue(issue) });
    }
    return undefined;
  }

  /** Validates a list entry by entry so that one bad entry does not hide the others. */
  validateList<S extends z.ZodType>(file: string, schema: S, data: unknown): z.infer<S> {
    if (!Array.isArray(data)) {
      this.problems.push({ file, message: "tệp phải là một danh sách các mục" });
      return [] as z.infer<S>;
    }
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      this.problems.push({ file, entryId: entryIdAt(data, issue.path), message: describeIssue(issue) });
    }
    return [] as z.infer<S>;
  }

  private read(file: string): unknown {
    const path = join(this.dir, file);
    if (!existsSync(path)) {
      this.problems.push({ file, message: "thiếu tệp" });
      return undefined;
    }
    try {
      return parseYaml(readFileSync(path, "utf8"));
    } catch (error) {
      this.problems.push({ file: relative(this.dir, path), message: `YAML không đọc được: ${(error as Error).message.split("\n")[0]}` });
      return undefined;
    }
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue.message}`;
}

/** The id of the entry an issue path points into, for lists of entries and single entries. */
function entryIdAt(data: unknown, path: PropertyKey[]): string | undefined {
  if (Array.isArray(data) && typeof path[0] === "number") {
    const entry = data[path[0]] as { id?: unknown } | undefined;
    return typeof entry?.id === "string" ? entry.id : `mục thứ ${path[0] + 1}`;
  }
  const id = (data as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : undefined;
}

function checkUniqueIds(items: { id: string; file: string }[], problems: KbProblem[]): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const first = seen.get(item.id);
    if (first) problems.push({ file: item.file, entryId: item.id, message: `id trùng với một mục trong ${first}` });
    else seen.set(item.id, item.file);
  }
}

function checkCrossReferences(
  topics: Topic[],
  supports: Support[],
  eligibility: Eligibility | undefined,
  problems: KbProblem[],
): void {
  checkUniqueIds(topics, problems);
  const ids = new Set(topics.map((t) => t.id));
  const supportIds = new Set(supports.map((s) => s.id));
  for (const topic of topics) {
    for (const rel of topic.related) {
      if (!ids.has(rel)) problems.push({ file: topic.file, entryId: topic.id, message: `related: không có mục "${rel}"` });
      if (rel === topic.id) problems.push({ file: topic.file, entryId: topic.id, message: "related: trỏ về chính nó" });
    }
    if (!ids.has(topic.family)) problems.push({ file: topic.file, entryId: topic.id, message: `family: không có mục "${topic.family}"` });
    if (topic.supportId && !supportIds.has(topic.supportId)) {
      problems.push({ file: topic.file, entryId: topic.id, message: `supportId: không có hình thức hỗ trợ "${topic.supportId}"` });
    }
    checkSourcesNamed(topic, problems);
  }
  if (eligibility) checkEligibilityReferences(eligibility, supportIds, problems);
  for (const support of supports) checkSupportLevels(support, problems);
}

/**
 * A level shown as confirmed names its document and article; a province's own
 * figure lives in knowledge/provinces/, so a support's local level is never a
 * confirmed figure (it says that each province sets it, and where to ask).
 */
function checkSupportLevels(support: Support, problems: KbProblem[]): void {
  const file = `supports/${support.id}.yaml`;
  support.levels.forEach((level, i) => {
    if (level.confirmed && !level.source.article) problems.push({ file, entryId: support.id, message: `levels[${i}]: mức ghi confirmed: true phải nêu điều, khoản (source.article)` });
    if (level.confirmed && level.fund === "local") problems.push({ file, entryId: support.id, message: `levels[${i}]: mức ngân sách tỉnh đặt trong provinces/<tỉnh>.yaml, ở đây confirmed phải là false` });
  });
}

/** Every old id is gone and every new one exists: a merge must not leave a button or an eval question pointing nowhere. */
/** Gives each topic its owners' phrasings; an unknown topic id is reported by its id. */
function attachOwnerQuestions(ownerQuestions: OwnerQuestions, topics: Topic[], problems: KbProblem[]): void {
  const byId = new Map(topics.map((t) => [t.id, t]));
  for (const [id, questions] of Object.entries(ownerQuestions)) {
    const topic = byId.get(id);
    if (topic) topic.examples.push(...questions);
    else problems.push({ file: "owner-questions.yaml", entryId: id, message: `không có chủ đề "${id}"` });
  }
}

function checkRenamed(renamed: Record<string, string>, topics: Topic[], problems: KbProblem[]): void {
  const ids = new Set(topics.map((t) => t.id));
  for (const [old, now] of Object.entries(renamed)) {
    if (ids.has(old)) problems.push({ file: "renamed.yaml", entryId: old, message: "id cũ vẫn còn là một chủ đề" });
    if (!ids.has(now)) problems.push({ file: "renamed.yaml", entryId: old, message: `không có chủ đề "${now}"` });
  }
}

function checkSourcesNamed(topic: Topic, problems: KbProblem[]): void {
  for (const source of topic.sources) {
    if (formatSource(source).trim().length < 3) problems.push({ file: topic.file, entryId: topic.id, message: "nguồn trống" });
  }
}

function checkEligibilityReferences(eligibility: Eligibility, supportIds: Set<string>, problems: KbProblem[]): void {
  const file = "eligibility.yaml";
  const values = new Map<string, Set<string>>();
  for (const q of eligibility.questions) {
    if (values.has(q.id)) problems.push({ file, entryId: q.id, message: "id câu hỏi trùng" });
    values.set(q.id, new Set(q.options === "supports" ? [...supportIds, "all"] : q.options.map((o) => o.value)));
  }
  const checkCondition = (entryId: string, condition: Condition): void => {
    if ("question" in condition) {
      const known = values.get(condition.question);
      if (!known) problems.push({ file, entryId, message: `điều kiện nhắc câu hỏi không có: "${condition.question}"` });
      else for (const v of condition.in) if (!known.has(v)) problems.push({ file, entryId, message: `câu hỏi "${condition.question}" không có lựa chọn "${v}"` });
    } else if ("all" in condition) condition.all.forEach((c) => checkCondition(entryId, c));
    else if ("any" in condition) condition.any.forEach((c) => checkCondition(entryId, c));
    else checkCondition(entryId, condition.not);
  };
  for (const q of eligibility.questions) if (q.askWhen) checkCondition(q.id, q.askWhen);
  for (const q of eligibility.questions) {
    for (const band of q.count?.bands ?? []) {
      if (!values.get(q.id)?.has(band.value)) problems.push({ file, entryId: q.id, message: `khoảng số "${band.value}" không phải lựa chọn của câu hỏi` });
    }
  }
  for (const rule of eligibility.rules) {
    checkCondition(rule.id, rule.require);
    if (rule.appliesWhen) checkCondition(rule.id, rule.appliesWhen);
    for (const s of rule.supports ?? []) if (!supportIds.has(s)) problems.push({ file, entryId: rule.id, message: `supports: không có "${s}"` });
  }
  for (const note of eligibility.notes) checkCondition(note.id, note.when);
}
