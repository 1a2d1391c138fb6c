import { z } from "zod";

/**
 * Per-user conversation state, keyed `channel:userId`, serialisable and
 * validated by zod when loaded from disk.
 */

export const channelSchema = z.enum(["telegram", "zalo", "terminal"]);

export const buttonSchema = z.object({
  label: z.string(),
  data: z.string(),
  kind: z.enum(["choice", "action"]).optional(),
});

/** Where the user is. Each flow keeps only what it needs to continue after a restart. */
export const flowStateSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("menu") }),
  z.object({ name: z.literal("clarify"), query: z.string() }),
  z.object({ name: z.literal("eligibility"), questionId: z.string() }),
  z.object({ name: z.literal("eligibility-result") }),
  z.object({ name: z.literal("contact") }),
  z.object({ name: z.literal("form"), fieldId: z.string(), attempts: z.number().int().min(0), reviewAfter: z.boolean().default(false) }),
  z.object({ name: z.literal("form-review") }),
  z.object({ name: z.literal("form-cancel-confirm"), back: z.string() }),
  z.object({ name: z.literal("form-resume") }),
  z.object({ name: z.literal("my-applications") }),
  z.object({ name: z.literal("withdraw-confirm"), code: z.string() }),
  z.object({ name: z.literal("supplement"), code: z.string() }),
  z.object({ name: z.literal("officer-note"), code: z.string(), status: z.string() }),
  z.object({ name: z.literal("data-delete-confirm") }),
]);
export type FlowState = z.infer<typeof flowStateSchema>;

/** A form answer as stored: strings, numbers, booleans, month/year, or an attachment. */
export const fieldValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.object({ month: z.number().int().min(1).max(12), year: z.number().int() }),
  z.object({ type: z.enum(["photo", "document"]), ref: z.string(), sizeBytes: z.number().optional(), mimeType: z.string().optional(), fileName: z.string().optional() }),
]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

export const draftSchema = z.object({
  startedAt: z.number(),
  updatedAt: z.number(),
  answers: z.record(z.string(), fieldValueSchema),
  /** Fields the user chose to skip (optional ones), so the driver does not ask again. */
  skipped: z.array(z.string()).default([]),
});
export type Draft = z.infer<typeof draftSchema>;

export const sessionSchema = z.object({
  key: z.string(),
  channel: channelSchema,
  userId: z.string(),
  chatId: z.string(),
  displayName: z.string().optional(),
  state: flowStateSchema,
  /** The buttons last shown, so a typed number or label selects them on any channel. */
  offered: z.array(buttonSchema).default([]),
  /** Answers of the eligibility questionnaire in progress or last finished. */
  eligibility: z.record(z.string(), z.string()).default({}),
  /** The owner's province (id in knowledge/provinces.yaml): from the form, or named in a question; answers about levels lead with it. */
  province: z.string().optional(),
  /** Set once the bot has asked for the province beside a level, so it asks once only. */
  provinceAsked: z.boolean().optional(),
  /** The support the user last read about or was found eligible for; pre-fills the form. */
  lastSupportId: z.string().optional(),
  draft: draftSchema.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

export function sessionKey(channel: string, userId: string): string {
  return `${channel}:${userId}`;
}
