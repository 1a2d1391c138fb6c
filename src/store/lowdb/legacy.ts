import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { sessionSchema, type Session } from "../../engine/session.ts";
import { applicationSchema, contactSchema, outboxItemSchema, questionLogEntrySchema, type Application, type QuestionLogEntry } from "../../domain/records.ts";
import { parseCode, StorageError } from "../../domain/storage.ts";
import { describeIssue } from "../../domain/safe-detail.ts";
import { DurableJsonFile, parseDataFile } from "./durable-file.ts";
import { applicationFileOf, applicationFileSchema, applicationIndexSchema, contactFileSchema, outboxFileSchema, paths, questionFileSchema } from "./layout.ts";
import { writeSessionShards } from "./reshard.ts";

/** Where the files of the first layout are moved, kept until an operator deletes them. */
export const LEGACY_DIR = "legacy-v1";

const LEGACY_FILE = /^(sessions-\d{2}\.json|applications-\d{4}-\d{3}\.json|application-counter\.json|question-log\.json|contacts\.json|outbox\.json|journal(\.old)?\.jsonl)(\.bak)?$/;
const STARTS_LEGACY = /^(sessions-\d{2}\.json|applications-\d{4}-\d{3}\.json|application-counter\.json|journal(\.old)?\.jsonl)$/;

const tables = {
  sessions: { schema: sessionSchema, keyOf: (s: Session) => s.key },
  applications: { schema: applicationSchema, keyOf: (a: Application) => a.code },
  questions: { schema: questionLogEntrySchema, keyOf: (q: QuestionLogEntry) => q.id ?? `${q.at}|${q.channel}:${q.userId}|${q.text}` },
  contacts: { schema: contactSchema, keyOf: (c: { id: string }) => c.id },
  outbox: { schema: outboxItemSchema, keyOf: (i: { id: string }) => i.id },
} as const;
type TableName = keyof typeof tables;

/**
 * Migrates a data folder of the first layout (a shared journal over sharded
 * snapshots, written by versions before December 2026) on first start: its
 * files are moved into `legacy-v1/`, read (snapshots, then each journal's
 * changes in order), and written in the current layout. Nothing is deleted;
 * a crash midway is finished at the next start (format.json is written last
 * by the caller). Returns how many records were migrated, or undefined.
 */
export async function migrateLegacyLayout(root: string): Promise<number | undefined> {
  const p = paths(root);
  const legacy = join(root, LEGACY_DIR);
  if (existsSync(p.format)) return undefined;
  const names = readdirSync(root);
  const startsNow = names.some((n) => STARTS_LEGACY.test(n));
  if (!startsNow && !existsSync(legacy)) return undefined;
  await mkdir(legacy, { recursive: true, mode: 0o700 });
  // Only when the folder holds the first layout do its contacts/outbox/question-log belong to it too.
  if (startsNow) for (const name of names.filter((n) => LEGACY_FILE.test(n))) await rename(join(root, name), join(legacy, name));
  const records = await readLegacy(legacy);
  await writeCurrentLayout(root, records);
  return Object.values(records.tables).reduce((n, t) => n + t.size, 0);
}

interface LegacyRecords {
  tables: Record<TableName, Map<string, unknown>>;
  lastSeq: Record<string, number>;
}

async function readLegacy(dir: string): Promise<LegacyRecords> {
  const t: LegacyRecords["tables"] = { sessions: new Map(), applications: new Map(), questions: new Map(), contacts: new Map(), outbox: new Map() };
  const names = readdirSync(dir).sort();
  const json = async (name: string) => parseDataFile(join(dir, name), await readFile(join(dir, name), "utf8"), z.unknown());
  const put = (table: TableName, raw: unknown, where: string) => {
    const parsed = tables[table].schema.safeParse(raw);
    if (!parsed.success) throw new StorageError(where, `bản ghi ${table}: ${describeIssue(parsed.error)}`);
    t[table].set((tables[table].keyOf as (r: unknown) => string)(parsed.data), parsed.data);
  };
  for (const name of names.filter((n) => /^sessions-\d{2}\.json$/.test(n))) {
    const file = z.object({ sessions: z.record(z.string(), z.unknown()) }).parse(await json(name));
    for (const raw of Object.values(file.sessions)) put("sessions", raw, join(dir, name));
  }
  for (const name of names.filter((n) => /^applications-\d{4}-\d{3}\.json$/.test(n))) {
    for (const raw of z.object({ applications: z.array(z.unknown()) }).parse(await json(name)).applications) put("applications", raw, join(dir, name));
  }
  const lists: [string, TableName, string][] = [
    ["question-log.json", "questions", "questions"],
    ["contacts.json", "contacts", "contacts"],
    ["outbox.json", "outbox", "items"],
  ];
  for (const [name, table, field] of lists) {
    if (!names.includes(name)) continue;
    const file = z.record(z.string(), z.array(z.unknown())).parse(await json(name));
    for (const raw of file[field] ?? []) put(table, raw, join(dir, name));
  }
  const counter = names.includes("application-counter.json") ? z.object({ lastSeq: z.record(z.string(), z.number()) }).parse(await json("application-counter.json")).lastSeq : {};
  for (const name of ["journal.old.jsonl", "journal.jsonl"].filter((n) => names.includes(n))) {
    const path = join(dir, name);
    const text = await readFile(path, "utf8");
    const lines = text.split("\n");
    for (const [i, line] of lines.entries()) {
      if (line.trim() === "") continue;
      let entry: { t: TableName; put?: unknown; del?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        // A last line without its newline was being written when the process died: never acknowledged.
        if (i === lines.length - 1) continue;
        throw new StorageError(path, `dòng ${i + 1} không đọc được`);
      }
      if (!(entry.t in tables)) throw new StorageError(path, `dòng ${i + 1}: không có bảng "${String(entry.t)}"`);
      if (entry.del !== undefined) t[entry.t].delete(entry.del);
      else put(entry.t, entry.put, `${path} dòng ${i + 1}`);
    }
  }
  return { tables: t, lastSeq: counter };
}

async function writeCurrentLayout(root: string, records: LegacyRecords): Promise<void> {
  const p = paths(root);
  await writeSessionShards(root, records.tables.sessions.values() as Iterable<Session>);
  const files = new Map<string, Application[]>();
  const lastCodes: Record<string, number> = { ...records.lastSeq };
  for (const app of records.tables.applications.values() as Iterable<Application>) {
    const name = applicationFileOf(app.code);
    files.set(name, [...(files.get(name) ?? []), app]);
    const { year, seq } = parseCode(app.code);
    lastCodes[String(year)] = Math.max(lastCodes[String(year)] ?? 0, seq);
  }
  for (const [name, applications] of files) await new DurableJsonFile(p.applicationFile(name), applicationFileSchema).write({ applications: applications.sort((a, b) => a.code.localeCompare(b.code)) });
  await new DurableJsonFile(p.applicationIndex, applicationIndexSchema).write({ lastCodes, files: Object.fromEntries([...files].map(([n, a]) => [n, a.length])) });
  const questions = [...(records.tables.questions.values() as Iterable<QuestionLogEntry>)].map((q) => ({ ...q, id: q.id ?? randomUUID() })).sort((a, b) => a.at.localeCompare(b.at));
  await new DurableJsonFile(p.questions, questionFileSchema).write({ questions });
  await new DurableJsonFile(p.contacts, contactFileSchema).write({ contacts: [...records.tables.contacts.values()] as z.infer<typeof contactFileSchema>["contacts"] });
  await new DurableJsonFile(p.outbox, outboxFileSchema).write({ items: [...records.tables.outbox.values()] as z.infer<typeof outboxFileSchema>["items"] });
}
