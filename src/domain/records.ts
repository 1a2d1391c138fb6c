import { z } from "zod";
import { buttonSchema, channelSchema, fieldValueSchema } from "../engine/session.ts";

/** Application statuses; the allowed moves between them live in src/officer/status.ts. */
export const statusSchema = z.enum(["submitted", "received", "needs-info", "proposed", "rejected", "withdrawn"]);
export type ApplicationStatus = z.infer<typeof statusSchema>;

/** A photo or file an applicant sent (the platform's handle, as in a form answer). */
export const attachmentRefSchema = z.object({
  type: z.enum(["photo", "document"]),
  ref: z.string(),
  sizeBytes: z.number().optional(),
  mimeType: z.string().optional(),
  fileName: z.string().optional(),
});

export const historyEntrySchema = z.object({
  at: z.string(),
  by: z.string(),
  from: statusSchema.nullable(),
  to: statusSchema,
  note: z.string().optional(),
  /**
   * Absent for a status change; "supplement" for the applicant's additional information (status unchanged, from = to);
   * "note" (an officer's internal note), "correction" (a field corrected: `field`, the note says why) and
   * "assignment" (the officer now in charge) are for officers only and never shown to the applicant.
   */
  kind: z.enum(["supplement", "note", "correction", "assignment"]).optional(),
  /** The field a correction changed. */
  field: z.string().optional(),
  /** A photo or file sent with a supplement. */
  attachment: attachmentRefSchema.optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const applicationSchema = z.object({
  code: z.string().regex(/^KC-\d{4}-\d{6}$/),
  channel: channelSchema,
  userId: z.string(),
  chatId: z.string(),
  displayName: z.string().optional(),
  submittedAt: z.string(),
  answers: z.record(z.string(), fieldValueSchema),
  supportId: z.string(),
  /** The support estimate shown to the applicant at submission, in VND. */
  estimate: z.object({ maxVnd: z.number().nullable(), requestedVnd: z.number().nullable(), note: z.string() }),
  status: statusSchema,
  history: z.array(historyEntrySchema).min(1),
  /** The officer in charge ("telegram:123456"), set from the web page. */
  assignedTo: z.string().optional(),
});
export type Application = z.infer<typeof applicationSchema>;

export const questionLogEntrySchema = z.object({
  /** Absent in entries written before the journal; their key is made from the other fields. */
  id: z.string().optional(),
  at: z.string(),
  channel: channelSchema,
  userId: z.string(),
  text: z.string(),
  zone: z.enum(["clarify", "none", "rejected"]),
  topIds: z.array(z.string()),
  /** The asker's province when known (officers see their province's questions). */
  province: z.string().optional(),
});
export type QuestionLogEntry = z.infer<typeof questionLogEntrySchema>;

/** How a question was met: answered, a did-you-mean, nothing found, refused as off-topic, or small talk. */
export const answerOutcomeSchema = z.enum(["answered", "clarify", "none", "rejected", "small-talk"]);
export type AnswerOutcome = z.infer<typeof answerOutcomeSchema>;

/**
 * How many questions of one Vietnam day went to one topic with one outcome:
 * counts only (no text, no person), kept for ever, for the most asked topics
 * and the officers' charts.
 */
export const questionTallySchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The topic answered or offered first; "" when there was none. */
  topicId: z.string(),
  outcome: answerOutcomeSchema,
  count: z.number().int().min(0),
});
export type QuestionTally = z.infer<typeof questionTallySchema>;

export const contactSchema = z.object({
  id: z.string(),
  at: z.string(),
  channel: channelSchema,
  userId: z.string(),
  chatId: z.string(),
  displayName: z.string().optional(),
  text: z.string(),
  /** The sender's province when known: the message goes to that province's officers. */
  province: z.string().optional(),
  answeredAt: z.string().optional(),
  answer: z.string().optional(),
});
export type Contact = z.infer<typeof contactSchema>;

export const outboxItemSchema = z.object({
  id: z.string(),
  channel: channelSchema,
  chatId: z.string(),
  replies: z.array(z.object({ text: z.string(), buttons: z.array(z.array(buttonSchema)).optional() })),
  createdAt: z.string(),
  attempts: z.number().int().min(0),
  deliveredAt: z.string().optional(),
  /** Not handed to a channel before this time (a retry after a failed delivery). */
  nextAttemptAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type OutboxRecord = z.infer<typeof outboxItemSchema>;
