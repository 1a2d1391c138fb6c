import { z } from "zod";

/**
 * Zod schemas for every file under `knowledge/`.
 *
 * The knowledge base is edited by officers, not programmers, so the schema is
 * the only guard between a typo in a YAML file and a wrong answer to a facility
 * owner. Messages stay short and name the field; the loader adds file and id.
 */

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "ngày phải có dạng YYYY-MM-DD");

export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "id chỉ gồm chữ thường không dấu, số và dấu gạch ngang");

/** A legal or documentary source: which document, which article. */
export const sourceSchema = z.strictObject({
  document: z.string().min(3),
  article: z.string().min(1).optional(),
  note: z.string().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** Which budget pays: national (TT 28/2018 levels) or local (each province's HĐND sets them). */
export const fundSchema = z.enum(["national", "local"]);
export type Fund = z.infer<typeof fundSchema>;

/** One support level of one kind of support, for one fund. */
export const supportLevelSchema = z.strictObject({
  fund: fundSchema,
  /** Share of the cost supported, in percent; absent when the level is a fixed cap only. */
  percent: z.number().positive().max(100).optional(),
  /** Cap in VND per unit; absent when unconfirmed or set by each province. */
  capVnd: z.number().int().positive().optional(),
  /** Higher cap for especially difficult areas, only where a source says so. */
  difficultAreaCapVnd: z.number().int().positive().optional(),
  difficultAreaPercent: z.number().positive().max(100).optional(),
  /** What the cap is counted per: "cơ sở", "mô hình", "đợt"… */
  per: z.string().min(1),
  /** Plain-Vietnamese statement of the level, shown to users as is. */
  text: z.string().min(10),
  source: sourceSchema,
  /** False when the figure is not confirmed: the bot then says so plainly. */
  confirmed: z.boolean(),
});
export type SupportLevel = z.infer<typeof supportLevelSchema>;

const exampleSchema = z.strictObject({
  text: z.string().min(10),
  source: z.string().min(3),
});

/** One kind of support (nội dung hoạt động khuyến công), one file in knowledge/supports/. */
export const supportSchema = z.strictObject({
  id,
  title: z.string().min(5),
  /** One-line label for buttons and lists (≤ 40 characters keeps Telegram keyboards readable). */
  shortTitle: z.string().min(3).max(40),
  /** Ways people ask about this support; searched like FAQ variants. */
  questions: z.array(z.string().min(3)).min(3),
  keywords: z.array(z.string().min(2)).default([]),
  summary: z.string().min(20),
  whoMayReceive: z.string().min(10),
  levels: z.array(supportLevelSchema).min(1),
  applicantProvides: z.array(z.string().min(3)).min(1),
  coFunding: z.string().min(10),
  legalBasis: z.array(sourceSchema).min(1),
  examples: z.array(exampleSchema).default([]),
  /** Shown to users when part of the entry is not confirmed by an official text. */
  caveat: z.string().optional(),
  /** Rank among the questions owners ask most (1 = most asked), from the seed articles and question sets: orders the common-topics menu. */
  popularity: z.number().int().min(1).optional(),
  /** Whether owners can register this support through the chat form. */
  applicable: z.boolean().default(true),
  related: z.array(id).default([]),
  lastChecked: isoDate,
});
export type Support = z.infer<typeof supportSchema>;

/** One question-and-answer entry; knowledge/faq/*.yaml hold lists of these. */
export const faqSchema = z.strictObject({
  id,
  title: z.string().min(5),
  questions: z.array(z.string().min(3)).min(3),
  keywords: z.array(z.string().min(2)).default([]),
  answer: z.string().min(20),
  sources: z.array(sourceSchema).min(1),
  /** Plain note shown with the answer when part of it is not confirmed. */
  caveat: z.string().optional(),
  /** The support this answer leads to, so the form can be pre-filled from it. */
  supportId: id.optional(),
  /**
   * The topic this entry answers the same thing as (defaults to its support):
   * the two never compete for the search margin, since either answers.
   */
  family: id.optional(),
  /**
   * This entry explains how an estimate is computed (percent of the cost, up
   * to a cap): a question naming a cost and a support is better answered by
   * that support with the estimate for that cost (see AnswerPolicy).
   */
  explainsEstimate: z.boolean().optional(),
  /** Rank among the questions owners ask most (1 = most asked), from the seed articles and question sets: orders the common-topics menu. */
  popularity: z.number().int().min(1).optional(),
  related: z.array(id).default([]),
  lastChecked: isoDate,
});
export type Faq = z.infer<typeof faqSchema>;
export const faqFileSchema = z.array(faqSchema).min(1);

/** A condition over questionnaire answers: `{ question, in: [...] }`, or all/any/not of conditions. */
export type Condition =
  | { question: string; in: string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ question: z.string(), in: z.array(z.string()).min(1) }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

const optionSchema = z.strictObject({
  value: id,
  label: z.string().min(2).max(60),
  /** Extra words the user may type for this option ("hkd", "ho ca the"). */
  aliases: z.array(z.string()).default([]),
  hint: z.string().optional(),
});

/** One question of the eligibility questionnaire. */
export const eligibilityQuestionSchema = z.strictObject({
  id,
  prompt: z.string().min(5),
  why: z.string().min(5),
  /** Options; the special value list "supports" is filled from knowledge/supports at load time. */
  options: z.union([z.array(optionSchema).min(2), z.literal("supports")]),
  /** Ask only when this condition holds on the answers so far. */
  askWhen: conditionSchema.optional(),
  /** Where the figures in the prompt, why or options come from (kb:check requires it when they carry one). */
  source: sourceSchema.optional(),
  /**
   * A question answered with a number (a head count): the owner types it and the
   * answer is the option of the highest band reached (`atLeast`). Typed digits
   * are then never taken for an option's number.
   */
  count: z
    .strictObject({
      unit: z.string().min(2),
      bands: z.array(z.strictObject({ value: id, atLeast: z.number().int().min(0) })).min(2),
    })
    .optional(),
});

/** A rule: when `appliesWhen` holds (or always), `require` must hold, else the support is refused or uncertain. */
export const eligibilityRuleSchema = z.strictObject({
  id,
  title: z.string().min(5),
  /** Support ids this rule applies to; omit for every support. */
  supports: z.array(id).optional(),
  appliesWhen: conditionSchema.optional(),
  require: conditionSchema,
  /** block: the support is not available; uncertain: the bot says an officer must confirm. */
  outcome: z.enum(["block", "uncertain"]),
  reason: z.string().min(10),
  source: sourceSchema,
});

/** A note added to the result when its condition holds (priorities, difficult areas…). */
export const eligibilityNoteSchema = z.strictObject({
  id,
  when: conditionSchema,
  text: z.string().min(10),
  source: sourceSchema,
});

export const eligibilitySchema = z.strictObject({
  intro: z.string().min(10),
  questions: z.array(eligibilityQuestionSchema).min(2),
  rules: z.array(eligibilityRuleSchema).min(1),
  notes: z.array(eligibilityNoteSchema).default([]),
  /** Shown under every result: who decides, and that the result is indicative. */
  disclaimer: z.string().min(10),
  lastChecked: isoDate,
});
export type Eligibility = z.infer<typeof eligibilitySchema>;
export type EligibilityQuestion = z.infer<typeof eligibilityQuestionSchema>;
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;

export const procedureSchema = z.strictObject({
  title: z.string().min(5),
  whereToSubmit: z.string().min(10),
  steps: z
    .array(z.strictObject({ id, title: z.string().min(3), text: z.string().min(10), source: sourceSchema }))
    .min(3),
  calendar: z.array(z.strictObject({ when: z.string().min(3), what: z.string().min(5), source: sourceSchema })).min(1),
  documents: z.array(z.strictObject({ name: z.string().min(3), note: z.string().optional() })).min(2),
  caveat: z.string().optional(),
  /** Sources of the figures in the caveat. */
  caveatSources: z.array(sourceSchema).default([]),
  lastChecked: isoDate,
});
export type Procedure = z.infer<typeof procedureSchema>;

export const provinceSchema = z.strictObject({
  id,
  name: z.string().min(2),
  kind: z.enum(["city", "province"]),
  formerUnits: z.array(z.string()).default([]),
  aliases: z.array(z.string()).default([]),
});
export const provincesFileSchema = z.strictObject({
  source: sourceSchema,
  lastChecked: isoDate,
  /**
   * The topics a question naming a province is answered with when it asks for
   * the centre or for levels in general: the bot then shows that province's
   * centre or levels (knowledge/provinces/) in their place.
   */
  topics: z.strictObject({
    centre: id,
    levels: id,
    /** Topics about the centre (its name, where to submit): with a known province, that province's centre is shown. */
    centreRelated: z.array(id).default([]),
    /** General topics about levels: a question naming a province that lands on one gets that province's levels. */
    levelsRelated: z.array(id).default([]),
  }),
  provinces: z.array(provinceSchema).length(34),
});
export type Province = z.infer<typeof provinceSchema>;

/** Glossary: each entry maps typed forms (abbreviations, synonyms) to one canonical phrase. */
export const glossarySchema = z.array(
  z.strictObject({
    canonical: z.string().min(2),
    variants: z.array(z.string().min(1)).min(1),
    note: z.string().optional(),
  }),
);
export type Glossary = z.infer<typeof glossarySchema>;

/** Merged topics: old id → the id of the topic that now answers it (old buttons, evaluation sets). */
export const renamedSchema = z.record(id, id);
export type Renamed = z.infer<typeof renamedSchema>;

/** Owners' own phrasings by topic id (knowledge/owner-questions.yaml): searched like question variants. */
export const ownerQuestionsSchema = z.record(id, z.array(z.string().trim().min(2).max(1000)).min(1));
export type OwnerQuestions = z.infer<typeof ownerQuestionsSchema>;

/** One kind of small talk or stray message (knowledge/smalltalk.yaml): how it is recognised and the brief reply. */
export const smallTalkSchema = z.strictObject({
  id,
  reply: z.string().min(5),
  /** Whole messages, folded (no diacritics, lower case). */
  phrases: z.array(z.string().min(1)).default([]),
  /** Words or word sequences that mark a message wherever they occur. */
  contains: z.array(z.string().min(2)).default([]),
  /** Matches a message of emoji and punctuation only. */
  emojiOnly: z.boolean().default(false),
});
export const smallTalkFileSchema = z.array(smallTalkSchema).min(1);
export type SmallTalk = z.infer<typeof smallTalkSchema>;
