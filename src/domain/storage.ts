import type { Session } from "../engine/session.ts";
import type { Channel, Reply } from "../engine/types.ts";
import { maskText } from "../logger.ts";
import type { Application, ApplicationStatus, Contact, OutboxRecord, QuestionLogEntry, QuestionTally } from "./records.ts";
import type { ApplicationPage, ApplicationQuery, ApplicationStatistics, StatusCounts } from "./application-query.ts";
import type { WebStore } from "./web-records.ts";

/**
 * The storage port: what the engine, flows, officer service, CLIs and channels
 * may ask of storage. Adapters (src/store/memory, lowdb, postgres) implement it;
 * nothing above them imports an adapter.
 *
 * Every method is async, and every write made through a `Repositories` handed
 * to `transaction` commits together, or not at all, before `transaction`
 * resolves: a submission, its officer notifications and the applicant's
 * session change land as one.
 */
export interface Storage extends Repositories {
  /**
   * Runs `work` in one transaction. With `lockKey` (a session key), calls with
   * the same key run one after another across every process sharing the data
   * (one user's messages stay in order behind a load balancer); other keys run
   * in parallel. A throw rolls every write of `work` back. Inside `work`, use
   * `tx` only: calling this Storage with the same `lockKey` from inside would
   * wait for itself.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>, options?: { lockKey?: string }): Promise<T>;
  /** Delivery side of the notification queue (enqueueing goes through `Repositories.outbox`). */
  delivery: OutboxDelivery;
  /** The officers' web page: used sign-in links, sessions, its record of actions, questions marked handled. */
  web: WebStore;
  /** Every record, for `store:copy` and checks. */
  dump(): Promise<StorageDump>;
  /** Writes a dump into empty storage (`store:copy`); refuses storage that holds applications. */
  restore(dump: StorageDump): Promise<void>;
  /** Removes one person from every place: applications, session, contacts, questions, pending notifications, backups. */
  deleteUser(channel: Channel, userId: string): Promise<DeletedCounts>;
  /** Drops question-log entries older than `before` (retention). */
  trimQuestions(before: Date): Promise<number>;
  /** Writes what is pending and releases the data (lock, connections). */
  close(): Promise<void>;
  /** "lowdb /path" or "postgresql host/db", for logs: never a password. */
  readonly description: string;
}

export interface Repositories {
  sessions: SessionRepository;
  applications: ApplicationRepository;
  questions: QuestionLogRepository;
  contacts: ContactRepository;
  outbox: OutboxQueue;
  updates: ProcessedUpdates;
}

export interface SessionRepository {
  get(key: string): Promise<Session | undefined>;
  /**
   * `durable` (an answer the reply acknowledges) is on disk before the
   * transaction resolves; otherwise an adapter may coalesce the write with
   * later ones (a crash may lose the last seconds of menu navigation).
   */
  save(session: Session, options?: { durable?: boolean }): Promise<void>;
  delete(key: string): Promise<void>;
  count(): Promise<number>;
}

export interface ApplicationFilter {
  status?: ApplicationStatus;
  province?: string;
  supportId?: string;
}

export interface ApplicationRepository {
  /** The next code of `year` (KC-2026-000123), unique for ever: a code is never given twice, even after a deletion. */
  nextCode(year: number): Promise<string>;
  /** Adds or replaces an application (by code). A new application's code must come from `nextCode`: the counter moves only there. */
  save(app: Application): Promise<void>;
  get(code: string): Promise<Application | undefined>;
  /** An applicant's applications, oldest first. */
  ofUser(channel: Channel, userId: string): Promise<Application[]>;
  /** Applications matching `filter`, by code. */
  list(filter?: ApplicationFilter): Promise<Application[]>;
  count(filter?: ApplicationFilter): Promise<number>;
  /** One page of the officers' list: filtered, sorted (newest first unless `descending` is false), with the total. */
  page(query: ApplicationQuery): Promise<ApplicationPage>;
  /** How many match the query's other filters, per status (the query's own status is left out). */
  statusCounts(query: ApplicationQuery): Promise<StatusCounts>;
  /** The overview's counts (by status, kind of support, month) of what matches the query, without reading the records. */
  statistics(query: ApplicationQuery): Promise<ApplicationStatistics>;
}

export interface QuestionLogRepository {
  /**
   * Records a question the bot could not answer; false (nothing written) when
   * the user already has `perUserPerDay` entries since `dayStart`.
   */
  add(entry: Omit<QuestionLogEntry, "id">, limit: { perUserPerDay: number; dayStart: Date }): Promise<boolean>;
  /** The newest `limit` entries, oldest first. */
  recent(limit: number): Promise<QuestionLogEntry[]>;
  count(): Promise<number>;
  /** How many entries one person has (what the bot tells them it keeps). */
  countOfUser(channel: Channel, userId: string): Promise<number>;
  /** Counts one question (any outcome) under its day and topic; no text or person is kept. */
  tally(entry: Omit<QuestionTally, "count">): Promise<void>;
  /** The counts of `sinceDay` (YYYY-MM-DD, inclusive) and later, one row per day, topic and outcome. */
  tallies(sinceDay?: string): Promise<QuestionTally[]>;
}

export interface ContactRepository {
  add(contact: Omit<Contact, "id">): Promise<Contact>;
  /** By id, case-insensitive. */
  get(id: string): Promise<Contact | undefined>;
  answer(id: string, answer: string, at: string): Promise<Contact | undefined>;
  /** Messages not answered yet, oldest first. */
  open(): Promise<Contact[]>;
  /** How many messages one person left. */
  countOfUser(channel: Channel, userId: string): Promise<number>;
}

/** The transactional side of the notification queue: a message for an officer chat or an applicant. */
export interface OutboxQueue {
  enqueue(channel: Channel, chatId: string, replies: Reply[]): Promise<OutboxRecord>;
}

/**
 * Delivery of queued notifications. With several processes, each item is
 * claimed by one of them at a time; one not delivered is retried later and
 * kept until delivered.
 */
export interface OutboxDelivery {
  /**
   * Claims up to `limit` items of `channel` that are due, oldest first, and
   * hands each to `deliver`: removed once it resolves, retried later (with a
   * growing delay, at most `maxAttempts` times) when it throws. Returns how
   * many were handed over.
   */
  deliverDue(channel: Channel, deliver: (item: OutboxRecord) => Promise<void>, options?: { limit?: number; maxAttempts?: number }): Promise<number>;
  /** Calls `listener` when an item may have become due (an enqueue here, or in another process where the adapter can tell). */
  onEnqueue(listener: (channel: Channel) => void): () => void;
  /** Items not delivered yet (all channels). */
  pending(): Promise<OutboxRecord[]>;
}

/** Platform update ids already handled, so that a webhook retried (to this or another instance) is answered once. */
export interface ProcessedUpdates {
  /** True the first time `channel`+`id` is seen (and records it in the transaction); false for a repeat. */
  firstTime(channel: Channel, id: string): Promise<boolean>;
}

export interface StorageDump {
  sessions: Session[];
  applications: Application[];
  questions: QuestionLogEntry[];
  contacts: Contact[];
  outbox: OutboxRecord[];
  /** The highest code number given per year, so that codes are never reused after a copy. */
  lastCodes: Record<string, number>;
  /** Question counts (absent in dumps made before they were kept). */
  questionTallies?: QuestionTally[];
}

export interface DeletedCounts {
  applications: string[];
  sessions: number;
  contacts: number;
  questions: number;
  notifications: number;
}

/** A data file or database that cannot be read as it is: start-up stops naming it, and nothing is overwritten. */
export class StorageError extends Error {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    // The detail is masked once more here: whoever builds it, no phone number or tax code reaches the console.
    super(`Dữ liệu hỏng hoặc không đọc được: ${where}\n${maskText(detail)}\nTệp được giữ nguyên, bot không ghi đè lên nó. Cách khôi phục: README, mục "Khôi phục khi tệp dữ liệu hỏng".`);
    this.name = "StorageError";
  }
}

/**
 * A write that failed past its point of no return (its commit marker is on
 * disk): the next start completes it, so the change counts as made and the
 * user is told so. The storage takes no more writes until that restart.
 */
export class CommitDecidedError extends StorageError {
  constructor(where: string, detail: string) {
    super(where, detail);
    this.name = "CommitDecidedError";
  }
}

/** Storage could not be reached (the database went away): the message is not lost, the user is asked to retry. */
export class StorageUnavailableError extends Error {
  constructor(detail: string) {
    super(`Không kết nối được cơ sở dữ liệu: ${detail}`);
    this.name = "StorageUnavailableError";
  }
}

/** The next code of a year after `last` (KC-2026-000123). */
export function formatCode(year: number, seq: number): string {
  return `KC-${year}-${String(seq).padStart(6, "0")}`;
}

/** Year and number of a code, for counters. */
export function parseCode(code: string): { year: number; seq: number } {
  const [, year = "0", seq = "0"] = code.split("-");
  return { year: Number(year), seq: Number(seq) };
}

/** Whether an application passes a filter; the adapters that filter in memory share it. */
export function matchesFilter(app: Application, filter: ApplicationFilter = {}): boolean {
  return (!filter.status || app.status === filter.status) && (!filter.province || app.answers.province === filter.province) && (!filter.supportId || app.supportId === filter.supportId);
}

/** Retry delay after a failed delivery: 5 s, 20 s, 80 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3600_000, 5000 * 4 ** Math.max(0, attempts - 1));
}
