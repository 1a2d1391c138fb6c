import { z } from "zod";
import { id, isoDate, sourceSchema } from "./schema.ts";

/**
 * One province's own khuyến công data (knowledge/provinces/<id>.yaml): its
 * centre, the HĐND resolutions on local spending levels, the levels read from
 * them, and announced deadlines. Each part carries its source and the day it
 * was checked, because provinces change these more often than the national
 * texts and an officer must see how old each fact is.
 */

/** The provincial Trung tâm Khuyến công; every contact field is optional, since unknown is said, never guessed. */
export const centreSchema = z.strictObject({
  name: z.string().min(5).optional(),
  address: z.string().min(5).optional(),
  phone: z.string().min(6).optional(),
  email: z.string().email().optional(),
  website: z.string().min(4).optional(),
  /** Plain note shown to owners: what is not known and whom to ask. */
  note: z.string().min(10).optional(),
  source: sourceSchema.optional(),
  lastChecked: isoDate,
});
export type Centre = z.infer<typeof centreSchema>;

/** An HĐND resolution (or UBND decision) on local khuyến công levels or procedures. */
export const resolutionSchema = z.strictObject({
  /** "18/2025/NQ-HĐND": the key levels refer to. */
  number: z.string().regex(/\d+\/\d{4}\/(NQ-HĐND|QĐ-UBND)$/, 'số văn bản dạng "18/2025/NQ-HĐND" hoặc "36/2025/QĐ-UBND"'),
  /** Who issued it: the province, or a former province before the 1/7/2025 merger ("tỉnh Ninh Thuận (cũ)"). */
  issuer: z.string().min(3),
  title: z.string().min(10),
  signed: isoDate.optional(),
  effective: isoDate.optional(),
  /** Issued before the 1/7/2025 merger: whether it still applies, and where, is for the centre to say. */
  preMerger: z.boolean(),
  /** False while its levels have not been read from the text: the bot then names it without figures. */
  levelsRead: z.boolean(),
  source: sourceSchema,
  lastChecked: isoDate,
});
export type Resolution = z.infer<typeof resolutionSchema>;

/** One provincial level for one kind of support. */
export const provinceLevelSchema = z.strictObject({
  supportId: id,
  percent: z.number().positive().max(100).optional(),
  capVnd: z.number().int().positive().optional(),
  per: z.string().min(1),
  /** The former province (before 1/7/2025) whose rule this is, when it is not the whole new province's. */
  formerUnit: z.string().min(2).optional(),
  /** Plain-Vietnamese statement, shown after "Ở tỉnh X:". */
  text: z.string().min(10),
  /** The resolution's number, one of this file's resolutions; absent when only a news report gives the figure. */
  resolution: z.string().optional(),
  /** Article and clause of the resolution, when read. */
  article: z.string().min(3).optional(),
  source: sourceSchema,
  /** True only when the resolution is named (checked by kb:check); otherwise the bot says the figure is unconfirmed. */
  confirmed: z.boolean(),
  lastChecked: isoDate,
});
export type ProvinceLevel = z.infer<typeof provinceLevelSchema>;

export const deadlineSchema = z.strictObject({
  when: z.string().min(3),
  what: z.string().min(5),
  source: sourceSchema,
  lastChecked: isoDate,
});

/** A fact about the province's programme (money per year, projects funded), with its source. */
export const provinceFactSchema = z.strictObject({
  text: z.string().min(10),
  source: sourceSchema,
  lastChecked: isoDate,
});

export const provinceInfoSchema = z.strictObject({
  /** The province id of knowledge/provinces.yaml; the file is named after it. */
  id,
  centre: centreSchema,
  resolutions: z.array(resolutionSchema).default([]),
  levels: z.array(provinceLevelSchema).default([]),
  deadlines: z.array(deadlineSchema).default([]),
  facts: z.array(provinceFactSchema).default([]),
  lastChecked: isoDate,
});
export type ProvinceInfo = z.infer<typeof provinceInfoSchema>;

/** knowledge/funds.yaml: what a reader must know beside any level of each fund. */
export const fundsSchema = z.strictObject({
  national: z.strictObject({ note: z.string().min(20), sources: z.array(sourceSchema).min(1), amendment: z.string().min(20) }),
  local: z.strictObject({ note: z.string().min(10), sources: z.array(sourceSchema).min(1) }),
  lastChecked: isoDate,
});
export type Funds = z.infer<typeof fundsSchema>;
