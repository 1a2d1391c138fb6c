import { randomUUID } from "node:crypto";
import { z } from "zod";
import { contactSchema, outboxItemSchema, questionLogEntrySchema, type Contact, type OutboxRecord, type QuestionLogEntry } from "../domain/records.ts";
import { listFile, Table, type TableLayout } from "./table.ts";
import type { WriteAheadLog } from "./wal.ts";
import type { Outbox, OutboxItem } from "../engine/contract.ts";
import type { Channel, Reply } from "../engine/types.ts";

/** A table kept in one snapshot file holding `{ [field]: [...] }`. */
function singleFileLayout<T, K extends string>(name: string, fileName: string, field: K, record: z.ZodType<T>, keyOf: (r: T) => string): TableLayout<T, Record<K, T[]>> {
  const file = z.object({ [field]: z.array(record) } as Record<K, z.ZodArray<z.ZodType<T>>>) as unknown as z.ZodType<Record<K, T[]>>;
  return {
    name,
    record,
    file,
    keyOf,
    fileOf: () => fileName,
    isFile: (n) => n === fileName,
    empty: () => ({ [field]: [] }) as unknown as Record<K, T[]>,
    container: z.object({ [field]: z.array(z.unknown()) }),
    entriesIn: (data) => (data as Record<K, unknown[]>)[field].map((raw, i) => [[field, i], raw]),
    toBytes: (records) => listFile(field, records),
  };
}

const questionLayout = singleFileLayout("questions", "question-log.json", "questions", questionLogEntrySchema, (q) => q.id ?? `${q.at}|${q.channel}:${q.userId}|${q.text}`);
const contactLayout = singleFileLayout("contacts", "contacts.json", "contacts", contactSchema, (c) => c.id);
const outboxLayout = singleFileLayout("outbox", "outbox.json", "items", outboxItemSchema, (i) => i.id);

/** Questions the bot could not answer confidently, for officers to read and improve the knowledge base. */
export class QuestionLog {
  private constructor(readonly table: Table<QuestionLogEntry, { questions: QuestionLogEntry[] }>) {}

  static async open(dir: string, wal: WriteAheadLog): Promise<QuestionLog> {
    return new QuestionLog(await Table.open(dir, questionLayout, wal));
  }

  add(entry: QuestionLogEntry): void {
    this.table.put({ id: randomUUID(), ...entry });
  }

  all(): QuestionLogEntry[] {
    return [...this.table.values()];
  }

  get path(): string {
    return this.table.paths()[0] as string;
  }
}

/** Messages left for officers through "Gặp cán bộ", and the officers' answers. */
export class ContactStore {
  private constructor(readonly table: Table<Contact, { contacts: Contact[] }>) {}

  static async open(dir: string, wal: WriteAheadLog): Promise<ContactStore> {
    return new ContactStore(await Table.open(dir, contactLayout, wal));
  }

  async add(contact: Omit<Contact, "id">): Promise<Contact> {
    const saved = { ...contact, id: `LH${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}` };
    await this.table.putNow(saved);
    return saved;
  }

  get(id: string): Contact | undefined {
    return this.table.get(id) ?? this.all().find((c) => c.id.toUpperCase() === id.toUpperCase());
  }

  async answer(id: string, answer: string, at: string): Promise<Contact | undefined> {
    const contact = this.get(id);
    if (!contact) return undefined;
    const answered = { ...contact, answer, answeredAt: at };
    await this.table.putNow(answered);
    return answered;
  }

  open(): Contact[] {
    return this.all().filter((c) => !c.answeredAt);
  }

  all(): Contact[] {
    return [...this.table.values()];
  }

  async deleteOfUser(channel: string, userId: string): Promise<number> {
    const ids = this.all()
      .filter((c) => c.channel === channel && c.userId === userId)
      .map((c) => c.id);
    for (const id of ids) await this.table.removeNow(id);
    return ids.length;
  }

  get path(): string {
    return this.table.paths()[0] as string;
  }
}

/** The persistent outbox (see Outbox in src/engine/contract.ts): only notifications not yet delivered. */
export class OutboxStore implements Outbox {
  private readonly listeners = new Set<(item: OutboxItem) => void>();
  private constructor(readonly table: Table<OutboxRecord, { items: OutboxRecord[] }>) {}

  static async open(dir: string, wal: WriteAheadLog): Promise<OutboxStore> {
    return new OutboxStore(await Table.open(dir, outboxLayout, wal));
  }

  async enqueue(channel: Channel, chatId: string, replies: Reply[]): Promise<OutboxItem> {
    const item = { id: randomUUID(), channel, chatId, replies, createdAt: new Date().toISOString(), attempts: 0 };
    await this.table.putNow(item);
    for (const listener of this.listeners) listener(item);
    return item;
  }

  pending(channel: Channel): OutboxRecord[] {
    return this.all().filter((i) => i.channel === channel && !i.deliveredAt);
  }

  /** A delivered notification is dropped: the outbox holds only what is still to send, so it stays small. */
  async markDelivered(id: string): Promise<void> {
    this.table.remove(id);
  }

  async markFailed(id: string, error: string): Promise<void> {
    const item = this.table.get(id);
    if (!item) return;
    this.table.put({ ...item, attempts: item.attempts + 1, lastError: error.slice(0, 300) });
  }

  onEnqueue(listener: (item: OutboxItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): OutboxRecord[] {
    return [...this.table.values()];
  }

  get path(): string {
    return this.table.paths()[0] as string;
  }
}
