import { join } from "node:path";
import { z } from "zod";
import { sessionSchema } from "../../engine/session.ts";
import { applicationSchema, contactSchema, outboxItemSchema, questionLogEntrySchema, questionTallySchema } from "../../domain/records.ts";
import { parseCode } from "../../domain/storage.ts";

/**
 * Where the lowdb adapter keeps what, under DATA_DIR:
 *
 *   format.json                  {"format":"lowdb-2"}: this layout (a folder without it is migrated, see legacy.ts)
 *   sessions/000.json … 255.json sessions by a hash of their key, each loaded when first needed
 *   applications/2026-000.json   applications by code, 50 a file (KC-2026-000000 … 000049)
 *   applications/index.json      the last code given per year, and how many applications each file holds
 *   outbox.json                  notifications not delivered yet
 *   contacts.json                messages to officers ("Gặp cán bộ")
 *   question-log.json            questions the bot could not answer
 *   question-tallies.json        how many questions per day, topic and outcome (counts only)
 *
 * Each file is a lowdb file of its own, small enough (tens of KB at a
 * province's scale: 20,000 sessions, 5,000 applications) that rewriting it
 * whole costs well under a millisecond of CPU beside its fsync.
 */
export const FORMAT = "lowdb-2";
export const SESSION_SHARDS = 256;
export const APPLICATIONS_PER_FILE = 50;

export const formatFileSchema = z.object({ format: z.literal(FORMAT) });
export const sessionShardSchema = z.object({ sessions: z.record(z.string(), sessionSchema) });
export const applicationFileSchema = z.object({ applications: z.array(applicationSchema) });
export const applicationIndexSchema = z.object({
  lastCodes: z.record(z.string(), z.number().int().min(0)),
  files: z.record(z.string(), z.number().int().min(0)),
});
export const outboxFileSchema = z.object({ items: z.array(outboxItemSchema) });
export const contactFileSchema = z.object({ contacts: z.array(contactSchema) });
export const questionFileSchema = z.object({ questions: z.array(questionLogEntrySchema) });
export const tallyFileSchema = z.object({ tallies: z.array(questionTallySchema) });

export function sessionShardOf(key: string): number {
  // FNV-1a: stable across runs and platforms.
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % SESSION_SHARDS;
}

export function applicationFileOf(code: string): string {
  const { year, seq } = parseCode(code);
  return `${year}-${String(Math.floor(seq / APPLICATIONS_PER_FILE)).padStart(3, "0")}.json`;
}

export function paths(root: string) {
  return {
    format: join(root, "format.json"),
    sessionsDir: join(root, "sessions"),
    sessionShard: (n: number) => join(root, "sessions", `${String(n).padStart(3, "0")}.json`),
    applicationsDir: join(root, "applications"),
    applicationFile: (name: string) => join(root, "applications", name),
    applicationIndex: join(root, "applications", "index.json"),
    outbox: join(root, "outbox.json"),
    contacts: join(root, "contacts.json"),
    questions: join(root, "question-log.json"),
    tallies: join(root, "question-tallies.json"),
  };
}
