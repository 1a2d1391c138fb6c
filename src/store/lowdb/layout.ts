import { join } from "node:path";
import { z } from "zod";
import { sessionSchema } from "../../engine/session.ts";
import { applicationSchema, contactSchema, outboxItemSchema, questionLogEntrySchema, questionTallySchema } from "../../domain/records.ts";
import { parseCode } from "../../domain/storage.ts";
import { webAuditSchema, webSessionSchema } from "../../domain/web-records.ts";

/**
 * Where the lowdb adapter keeps what, under DATA_DIR:
 *
 *   format.json                  {"format":"lowdb-3"}: this layout (a folder without it is migrated, see legacy.ts;
 *                                one of "lowdb-2", with 256 session files, see reshard.ts)
 *   sessions/0000.json … 2047.json sessions by a hash of their key, each loaded when first needed
 *   applications/2026-000.json   applications by code, 50 a file (KC-2026-000000 … 000049)
 *   applications/index.json      the last code given per year, and how many applications each file holds
 *   outbox.json                  notifications not delivered yet
 *   contacts.json                messages to officers ("Gặp cán bộ")
 *   question-log.json            questions the bot could not answer
 *   web.json                     the officers' web page: sessions (hashed), used sign-in links, questions marked handled
 *   web-audit.jsonl              the web page's record of actions (who did what), appended, one line each
 *   question-tallies.json        how many questions per day, topic and outcome (counts only)
 *
 * Each file is a lowdb file of its own, small enough (tens of KB at a
 * province's scale: 20,000 sessions, 5,000 applications) that rewriting it
 * whole costs well under a millisecond of CPU beside its fsync.
 */
export const FORMAT = "lowdb-3";
/** The layout before December 2026's, read and migrated by reshard.ts. */
export const PREVIOUS_FORMAT = "lowdb-2";
/**
 * Session files: about ten sessions each at a province's 20,000. A form
 * answer rewrites its session's whole file before the reply, so the file's
 * size is CPU spent on every acknowledged answer: with 256 files (lowdb-2,
 * 70 KB each) serialising them took a third of the bot's CPU on the province
 * bench, and its replies' p99 was 19-23 ms against 14-16 ms with 2,048.
 */
export const SESSION_SHARDS = 2048;
export const APPLICATIONS_PER_FILE = 50;

export const formatFileSchema = z.object({ format: z.enum([FORMAT, PREVIOUS_FORMAT]) });
export const sessionShardSchema = z.object({ sessions: z.record(z.string(), sessionSchema) });
export const applicationFileSchema = z.object({ applications: z.array(applicationSchema) });
export const applicationIndexSchema = z.object({
  lastCodes: z.record(z.string(), z.number().int().min(0)),
  files: z.record(z.string(), z.number().int().min(0)),
});
export const outboxFileSchema = z.object({ items: z.array(outboxItemSchema) });
export const contactFileSchema = z.object({ contacts: z.array(contactSchema) });
export const questionFileSchema = z.object({ questions: z.array(questionLogEntrySchema) });
export const webFileSchema = z.object({
  usedLinks: z.record(z.string(), z.string()),
  sessions: z.record(z.string(), webSessionSchema),
  audit: z.array(webAuditSchema),
  handled: z.record(z.string(), z.string()),
});
export const tallyFileSchema = z.object({ tallies: z.array(questionTallySchema) });

/** Which session file holds a key: `shards` is the layout's count (SESSION_SHARDS, or 256 in lowdb-2). */
export function sessionShardOf(key: string, shards = SESSION_SHARDS): number {
  // FNV-1a: stable across runs and platforms.
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % shards;
}

/** How a layout spreads sessions over files: how many, and each one's path. */
export interface ShardLayout {
  shards: number;
  file(n: number): string;
}

export function currentShards(root: string): ShardLayout {
  return { shards: SESSION_SHARDS, file: (n) => join(root, "sessions", `${String(n).padStart(4, "0")}.json`) };
}

/** lowdb-2's session files, sessions/000.json … 255.json (names the current ones never take). */
export function previousShards(root: string): ShardLayout {
  return { shards: 256, file: (n) => join(root, "sessions", `${String(n).padStart(3, "0")}.json`) };
}

export function applicationFileOf(code: string): string {
  const { year, seq } = parseCode(code);
  return `${year}-${String(Math.floor(seq / APPLICATIONS_PER_FILE)).padStart(3, "0")}.json`;
}

export function paths(root: string) {
  return {
    format: join(root, "format.json"),
    sessionsDir: join(root, "sessions"),
    sessionShard: currentShards(root).file,
    applicationsDir: join(root, "applications"),
    applicationFile: (name: string) => join(root, "applications", name),
    applicationIndex: join(root, "applications", "index.json"),
    outbox: join(root, "outbox.json"),
    contacts: join(root, "contacts.json"),
    questions: join(root, "question-log.json"),
    web: join(root, "web.json"),
    webAudit: join(root, "web-audit.jsonl"),
    tallies: join(root, "question-tallies.json"),
  };
}
