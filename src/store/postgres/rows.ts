import type { z } from "zod";
import { applicationSchema, contactSchema, outboxItemSchema, questionLogEntrySchema, type Application, type Contact, type OutboxRecord, type QuestionLogEntry } from "../../domain/records.ts";
import { parseCode, StorageError } from "../../domain/storage.ts";
import { searchTextOf } from "../../domain/application-query.ts";
import { describeIssue, maskSessionKey } from "../../domain/safe-detail.ts";
import { sessionSchema, type Session } from "../../engine/session.ts";

/**
 * Rows to records and back. Every record read is validated with zod here, at
 * the adapter's edge: a row that does not fit stops the call with a
 * StorageError naming the table and key, rather than reaching the engine.
 */
function valid<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StorageError(`postgresql ${where}`, describeIssue(parsed.error));
  return parsed.data;
}

export function sessionOf(row: { key: string; data: unknown }): Session {
  return valid(sessionSchema, row.data, `sessions ${maskSessionKey(row.key)}`);
}

export function applicationOf(row: { code: string; data: unknown }): Application {
  return valid(applicationSchema, row.data, `applications ${row.code}`);
}

export function questionOf(row: { id: string; data: unknown }): QuestionLogEntry {
  return valid(questionLogEntrySchema, row.data, `question_log ${row.id}`);
}

export function contactOf(row: { id: string; data: unknown }): Contact {
  return valid(contactSchema, row.data, `contacts ${row.id}`);
}

export interface OutboxRow {
  id: string;
  channel: string;
  chat_id: string;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  replies: unknown;
}

export const OUTBOX_COLUMNS = "id, channel, chat_id, created_at, attempts, next_attempt_at, last_error, replies";

export function outboxOf(row: OutboxRow): OutboxRecord {
  return valid(
    outboxItemSchema,
    {
      id: row.id,
      channel: row.channel,
      chatId: row.chat_id,
      replies: row.replies,
      createdAt: row.created_at.toISOString(),
      attempts: row.attempts,
      ...(row.next_attempt_at ? { nextAttemptAt: row.next_attempt_at.toISOString() } : {}),
      ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    },
    `outbox ${row.id}`,
  );
}

/**
 * JSON text for a jsonb parameter. jsonb cannot hold U+0000 (the engine strips
 * it from messages, but a display name or file name could still carry one, and
 * the user's every later write would fail): it is stored as U+FFFD.
 */
export function jsonb(value: unknown): string {
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd");
}

/** A timestamp column's value: the ISO text when it parses, else null (the record keeps the original text). */
export function timestampOrNull(text: string | undefined): string | null {
  return text !== undefined && !Number.isNaN(Date.parse(text)) ? text : null;
}

/** The columns of an application row (upserted through jsonb_to_recordset, one or many at a time). */
export function applicationRow(app: Application) {
  const { year, seq } = parseCode(app.code);
  const province = app.answers.province;
  return {
    code: app.code,
    year,
    seq,
    channel: app.channel,
    user_id: app.userId,
    chat_id: app.chatId,
    status: app.status,
    support_id: app.supportId,
    province: typeof province === "string" ? province : null,
    submitted_at: timestampOrNull(app.submittedAt),
    search_text: searchTextOf(app),
    data: app,
  };
}

export const UPSERT_APPLICATIONS = `
  INSERT INTO applications (code, year, seq, channel, user_id, chat_id, status, support_id, province, submitted_at, search_text, data)
  SELECT code, year, seq, channel, user_id, chat_id, status, support_id, province, submitted_at, search_text, data
  FROM jsonb_to_recordset($1::jsonb) AS r(code text, year integer, seq integer, channel text, user_id text, chat_id text, status text, support_id text, province text, submitted_at timestamptz, search_text text, data jsonb)
  ON CONFLICT (code) DO UPDATE SET year = EXCLUDED.year, seq = EXCLUDED.seq, channel = EXCLUDED.channel, user_id = EXCLUDED.user_id,
    chat_id = EXCLUDED.chat_id, status = EXCLUDED.status, support_id = EXCLUDED.support_id, province = EXCLUDED.province,
    submitted_at = EXCLUDED.submitted_at, search_text = EXCLUDED.search_text, data = EXCLUDED.data`;

export function contactRow(contact: Contact) {
  return { id: contact.id, at: contact.at, channel: contact.channel, user_id: contact.userId, answered_at: contact.answeredAt ?? null, data: contact };
}

export const INSERT_CONTACTS = `
  INSERT INTO contacts (id, at, channel, user_id, answered_at, data)
  SELECT id, at, channel, user_id, answered_at, data
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, at timestamptz, channel text, user_id text, answered_at timestamptz, data jsonb)`;

export const UPSERT_CONTACTS = `${INSERT_CONTACTS}
  ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at, channel = EXCLUDED.channel, user_id = EXCLUDED.user_id, answered_at = EXCLUDED.answered_at, data = EXCLUDED.data`;

export function outboxRow(item: OutboxRecord) {
  return {
    id: item.id,
    channel: item.channel,
    chat_id: item.chatId,
    created_at: item.createdAt,
    attempts: item.attempts,
    next_attempt_at: item.nextAttemptAt ?? null,
    last_error: item.lastError ?? null,
    replies: item.replies,
  };
}

export const INSERT_OUTBOX = `
  INSERT INTO outbox (id, channel, chat_id, created_at, attempts, next_attempt_at, last_error, replies)
  SELECT id, channel, chat_id, created_at, attempts, next_attempt_at, last_error, replies
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, channel text, chat_id text, created_at timestamptz, attempts integer, next_attempt_at timestamptz, last_error text, replies jsonb)`;

/** Question-log rows; an entry without an id (written before ids existed) gets one for its row only. */
export function questionRow(entry: QuestionLogEntry, fallbackId: string) {
  return { id: entry.id ?? fallbackId, at: entry.at, channel: entry.channel, user_id: entry.userId, data: entry };
}

export const INSERT_QUESTIONS = `
  INSERT INTO question_log (id, at, channel, user_id, data)
  SELECT id, at, channel, user_id, data
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, at timestamptz, channel text, user_id text, data jsonb)`;

/** Adds question counts ({day, topicId, outcome, count}[]) to the counters. */
export const UPSERT_TALLIES = `
  INSERT INTO question_tallies (day, topic_id, outcome, count)
  SELECT day, "topicId", outcome, count
  FROM jsonb_to_recordset($1::jsonb) AS r(day date, "topicId" text, outcome text, count integer)
  ON CONFLICT (day, topic_id, outcome) DO UPDATE SET count = question_tallies.count + EXCLUDED.count`;

/** Question counts from `sinceDay` ($1, YYYY-MM-DD; null for all), as QuestionTally rows in key order. */
export const SELECT_TALLIES = `
  SELECT to_char(day, 'YYYY-MM-DD') AS day, topic_id AS "topicId", outcome, count FROM question_tallies
  WHERE $1::date IS NULL OR day >= $1::date ORDER BY day, topic_id, outcome`;
