import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { z } from "zod";
import { contactSchema, outboxItemSchema, questionLogEntrySchema, type Contact, type QuestionLogEntry } from "./records.ts";
import { JsonFile } from "./json-file.ts";
import type { Outbox, OutboxItem } from "../engine/contract.ts";
import type { Channel, Reply } from "../engine/types.ts";

const questionFileSchema = z.object({ questions: z.array(questionLogEntrySchema) });
const contactFileSchema = z.object({ contacts: z.array(contactSchema) });
const outboxFileSchema = z.object({ items: z.array(outboxItemSchema) });

/** Questions the bot could not answer confidently, for officers to read and improve the knowledge base. */
export class QuestionLog {
  private constructor(private readonly file: JsonFile<z.infer<typeof questionFileSchema>>, private readonly flushMs: number) {}

  static async open(dir: string, flushMs: number): Promise<QuestionLog> {
    return new QuestionLog(await JsonFile.open(join(dir, "question-log.json"), questionFileSchema, { questions: [] }), flushMs);
  }

  add(entry: QuestionLogEntry): void {
    this.file.data.questions.push(entry);
    this.file.scheduleWrite(this.flushMs);
  }

  all(): QuestionLogEntry[] {
    return this.file.data.questions;
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  get path(): string {
    return this.file.path;
  }
}

/** Messages left for officers through "Gặp cán bộ", and the officers' answers. */
export class ContactStore {
  private constructor(private readonly file: JsonFile<z.infer<typeof contactFileSchema>>) {}

  static async open(dir: string): Promise<ContactStore> {
    return new ContactStore(await JsonFile.open(join(dir, "contacts.json"), contactFileSchema, { contacts: [] }));
  }

  async add(contact: Omit<Contact, "id">): Promise<Contact> {
    const saved = { ...contact, id: `LH${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}` };
    this.file.data.contacts.push(saved);
    await this.file.write();
    return saved;
  }

  get(id: string): Contact | undefined {
    return this.file.data.contacts.find((c) => c.id.toUpperCase() === id.toUpperCase());
  }

  async answer(id: string, answer: string, at: string): Promise<Contact | undefined> {
    const contact = this.get(id);
    if (!contact) return undefined;
    contact.answer = answer;
    contact.answeredAt = at;
    await this.file.write();
    return contact;
  }

  open(): Contact[] {
    return this.file.data.contacts.filter((c) => !c.answeredAt);
  }

  all(): Contact[] {
    return this.file.data.contacts;
  }

  async deleteOfUser(channel: string, userId: string): Promise<number> {
    const before = this.file.data.contacts.length;
    this.file.data.contacts = this.file.data.contacts.filter((c) => !(c.channel === channel && c.userId === userId));
    await this.file.write();
    return before - this.file.data.contacts.length;
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  get path(): string {
    return this.file.path;
  }
}

/** The persistent outbox (see Outbox in src/engine/contract.ts): only notifications not yet delivered. */
export class OutboxStore implements Outbox {
  private readonly listeners = new Set<(item: OutboxItem) => void>();
  private constructor(private readonly file: JsonFile<z.infer<typeof outboxFileSchema>>) {}

  static async open(dir: string): Promise<OutboxStore> {
    return new OutboxStore(await JsonFile.open(join(dir, "outbox.json"), outboxFileSchema, { items: [] }));
  }

  async enqueue(channel: Channel, chatId: string, replies: Reply[]): Promise<OutboxItem> {
    const item = { id: randomUUID(), channel, chatId, replies, createdAt: new Date().toISOString(), attempts: 0 };
    this.file.data.items.push(item);
    await this.file.write();
    for (const listener of this.listeners) listener(item);
    return item;
  }

  pending(channel: Channel): OutboxItem[] {
    return this.file.data.items.filter((i) => i.channel === channel && !i.deliveredAt);
  }

  /** A delivered notification is dropped: the outbox holds only what is still to send, so it stays small. */
  async markDelivered(id: string): Promise<void> {
    const before = this.file.data.items.length;
    this.file.data.items = this.file.data.items.filter((i) => i.id !== id);
    if (this.file.data.items.length !== before) this.file.scheduleWrite(100);
  }

  async markFailed(id: string, error: string): Promise<void> {
    const item = this.file.data.items.find((i) => i.id === id);
    if (!item) return;
    item.attempts += 1;
    item.lastError = error.slice(0, 300);
    this.file.scheduleWrite(100);
  }

  onEnqueue(listener: (item: OutboxItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): OutboxItem[] {
    return this.file.data.items;
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  get path(): string {
    return this.file.path;
  }
}
