import { randomUUID } from "node:crypto";
import type { Session } from "../../engine/session.ts";
import type { Channel, Reply } from "../../engine/types.ts";
import { KeyedQueue } from "../../engine/keyed-queue.ts";
import type { Application, Contact, OutboxRecord, QuestionLogEntry, QuestionTally } from "../../domain/records.ts";
import { MemoryWebStore } from "./web-store.ts";
import type { WebStore } from "../../domain/web-records.ts";
import { pageOf, statisticsOf, statusCountsOf } from "../../domain/application-query.ts";
import {
  formatCode,
  CommitDecidedError,
  matchesFilter,
  parseCode,
  retryDelayMs,
  type ApplicationFilter,
  type DeletedCounts,
  type OutboxDelivery,
  type Repositories,
  type Storage,
  type StorageDump,
} from "../../domain/storage.ts";

/** Everything the store holds, in memory. The lowdb adapter keeps the same and writes it to files. */
export interface MemoryData {
  sessions: Map<string, Session>;
  applications: Map<string, Application>;
  /** In the order added. */
  questions: QuestionLogEntry[];
  contacts: Map<string, Contact>;
  outbox: Map<string, OutboxRecord>;
  /** Highest code number given per year. */
  lastCodes: Map<number, number>;
  /** Processed update ids ("telegram:123") and when they were seen. */
  updates: Map<string, number>;
  /** Question counts by `tallyKey`. */
  tallies: Map<string, number>;
}

/** "2026-12-02|topic-id|answered": one counter per day, topic and outcome. */
export function tallyKey(t: Omit<QuestionTally, "count">): string {
  return `${t.day}|${t.topicId}|${t.outcome}`;
}

export function tallyOfKey(key: string, count: number): QuestionTally {
  const [day = "", topicId = "", outcome = "none"] = key.split("|");
  return { day, topicId, outcome: outcome as QuestionTally["outcome"], count };
}

export function emptyData(): MemoryData {
  return { sessions: new Map(), applications: new Map(), questions: [], contacts: new Map(), outbox: new Map(), lastCodes: new Map(), updates: new Map(), tallies: new Map() };
}

/** What one transaction changes; `null` removes the record. Applied to memory only once persisted. */
export interface ChangeSet {
  sessions: Map<string, Session | null>;
  applications: Map<string, Application | null>;
  questionsAdded: QuestionLogEntry[];
  /** Replaces the whole question log (retention, deletion). */
  questionsReplaced?: QuestionLogEntry[];
  /** Removes these entries (the undo of `questionsAdded`). */
  questionsTakenBack?: QuestionLogEntry[];
  contacts: Map<string, Contact | null>;
  outbox: Map<string, OutboxRecord | null>;
  /** Years whose last code changed (the counter is written with the application). */
  codes: Map<number, number>;
  /** Question counts to add, by `tallyKey` (negative in an undo). */
  tallies: Map<string, number>;
  /** Something the reply acknowledges: on disk before the transaction resolves. */
  durable: boolean;
  /** A deletion on request: no previous copy of the files written may keep the data. */
  purge: boolean;
}

function emptyChanges(): ChangeSet {
  return { sessions: new Map(), applications: new Map(), questionsAdded: [], contacts: new Map(), outbox: new Map(), codes: new Map(), tallies: new Map(), durable: false, purge: false };
}

/** One change set standing for several applied in order (which records, which files): the later wins. */
function mergeChanges(sets: ChangeSet[]): ChangeSet {
  const merged = emptyChanges();
  for (const c of sets) {
    for (const [k, v] of c.sessions) merged.sessions.set(k, v);
    for (const [k, v] of c.applications) merged.applications.set(k, v);
    merged.questionsAdded.push(...c.questionsAdded);
    if (c.questionsReplaced) merged.questionsReplaced = c.questionsReplaced;
    for (const [k, v] of c.contacts) merged.contacts.set(k, v);
    for (const [k, v] of c.outbox) merged.outbox.set(k, v);
    for (const [k, v] of c.codes) merged.codes.set(k, Math.max(merged.codes.get(k) ?? 0, v));
    for (const [k, v] of c.tallies) merged.tallies.set(k, (merged.tallies.get(k) ?? 0) + v);
    merged.durable ||= c.durable;
    merged.purge ||= c.purge;
  }
  return merged;
}

function hasChanges(c: ChangeSet): boolean {
  return c.sessions.size + c.applications.size + c.questionsAdded.length + c.contacts.size + c.outbox.size + c.codes.size + c.tallies.size > 0 || c.questionsReplaced !== undefined;
}

/** Keeps processed update ids for a day, at most this many. */
const UPDATE_IDS_KEPT = 20_000;
const UPDATE_ID_TTL_MS = 24 * 3600_000;

/**
 * Storage held in memory: the adapter for fast engine tests, and the core the
 * lowdb adapter extends with files (`persist`, `loadSessionsOf`).
 *
 * A transaction stages its writes and reads through them; on success the
 * change set is applied to memory and persisted (nothing, here), and a failed
 * write puts memory back as the disk is. Commits are grouped and run one
 * group at a time here (see maxConcurrentGroups).
 */
export class MemoryStorage implements Storage {
  readonly description: string = "memory";
  protected readonly data: MemoryData;
  private readonly userLocks = new KeyedQueue();
  /** Group commits writing now (see maxConcurrentGroups). */
  private readonly runningGroups = new Set<Promise<void>>();
  /** Change sets waiting for the next group commit, and whether one is queued. */
  private readonly waiting: { changes: ChangeSet; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private groupScheduled = false;
  private readonly listeners = new Set<(channel: Channel) => void>();
  private readonly claimed = new Set<string>();
  /** Codes by applicant ("zalo:123"), kept beside the applications. */
  private readonly codesByUser = new Map<string, Set<string>>();
  protected readonly clock: () => Date;

  constructor(options: { clock?: () => Date; data?: MemoryData } = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.data = options.data ?? emptyData();
    for (const app of this.data.applications.values()) this.indexApplication(app);
  }

  /**
   * Writes a change set where the adapter keeps its data (memory already has
   * it). `parts`: the transactions a group commit merged into it, each of
   * which must reach disk whole; different parts need not change together.
   */
  protected async persist(_changes: ChangeSet, _parts: ChangeSet[]): Promise<void> {}

  /** Makes sure the sessions of `key` are in memory (the lowdb adapter loads shards on demand). */
  protected async loadSessionsOf(_key: string): Promise<void> {}

  /** Makes sure every record is in memory (counts, dumps, deletions). */
  protected async loadEverything(): Promise<void> {}

  // ---- transactions

  transaction<T>(work: (tx: Repositories) => Promise<T>, options: { lockKey?: string } = {}): Promise<T> {
    const run = async () => {
      const tx = new MemoryTransaction(this);
      const result = await work(tx.repositories);
      await this.commit(tx.changes);
      return result;
    };
    return options.lockKey ? this.userLocks.run(options.lockKey, run) : run();
  }

  /** Persists and applies a change set (group commits, see maxConcurrentGroups), then tells listeners of new notifications. */
  protected commit(changes: ChangeSet): Promise<void> {
    if (!hasChanges(changes)) return Promise.resolve();
    const committed = !changes.durable && this.coalesces(changes) ? this.commitCoalesced(changes) : this.enqueueGroup(changes);
    return committed.then(() => {
      const channels = new Set([...changes.outbox.values()].filter((i): i is OutboxRecord => i !== null).map((i) => i.channel));
      for (const channel of channels) for (const listener of this.listeners) listener(channel);
    });
  }

  /**
   * Whether a change no reply acknowledges (a menu step, a question, a delivery
   * mark) may go into memory at once and reach disk with the adapter's next
   * write of its files, instead of waiting behind other users' fsyncs. Must
   * answer from memory alone: the change is applied in the same tick.
   */
  protected coalesces(_changes: ChangeSet): boolean {
    return false;
  }

  /** Marks the files a coalesced change set touches, to be written later (see `coalesces`). */
  protected markCoalesced(_changes: ChangeSet): void {}

  private async commitCoalesced(changes: ChangeSet): Promise<void> {
    // Apply and mark in one tick: a close or flush that runs next finds the change marked.
    this.apply(changes);
    this.markCoalesced(changes);
  }

  private enqueueGroup(changes: ChangeSet): Promise<void> {
    const committed = new Promise<void>((resolve, reject) => this.waiting.push({ changes, resolve, reject }));
    this.startGroup();
    return committed;
  }

  /**
   * How many group commits may be writing at once. One here: each writes on
   * top of the last. The lowdb adapter lets groups of different files write
   * side by side (it orders writes of one file itself).
   */
  protected maxConcurrentGroups(): number {
    return 1;
  }

  /** Starts a group of the change sets waiting, in the next microtask (so that those of this tick join it), if a slot is free. */
  private startGroup(): void {
    if (this.groupScheduled || this.waiting.length === 0 || this.runningGroups.size >= this.maxConcurrentGroups()) return;
    this.groupScheduled = true;
    queueMicrotask(() => {
      this.groupScheduled = false;
      const group = this.waiting.splice(0);
      if (group.length === 0) return;
      const running: Promise<void> = this.commitGroup(group)
        .catch((error: unknown) => {
          for (const g of group) g.reject(error);
        })
        .finally(() => {
          this.runningGroups.delete(running);
          this.startGroup();
        });
      this.runningGroups.add(running);
    });
  }

  /** Resolves once every commit queued so far (and any queued meanwhile) is done. */
  private async commitsSettled(): Promise<void> {
    while (this.runningGroups.size > 0 || this.waiting.length > 0 || this.groupScheduled) {
      await (this.runningGroups.size > 0 ? Promise.allSettled([...this.runningGroups]) : new Promise<void>((resolve) => queueMicrotask(resolve)));
    }
  }

  /**
   * Group commit: every change set that arrived while the previous write was
   * on disk is applied and written in one go (one write per file, one fsync),
   * so eight users answering at once cost about one write, not eight in a row.
   * Memory first, so the adapter writes files from it; put back as it was if
   * the write fails, and every change set of the group fails with it.
   */
  private async commitGroup(group: { changes: ChangeSet; resolve: () => void; reject: (error: unknown) => void }[]): Promise<void> {
    const undos = group.map((g) => this.apply(g.changes));
    try {
      const parts = group.map((g) => g.changes);
      await this.persist(parts.length === 1 ? (parts[0] as ChangeSet) : mergeChanges(parts), parts);
    } catch (error) {
      // Past the point of no return the whole group is made (at the next start at the latest): its users are told so.
      if (error instanceof CommitDecidedError) {
        for (const g of group) g.resolve();
        return;
      }
      for (const undo of undos.reverse()) this.apply(undo);
      for (const g of group) g.reject(error);
      return;
    }
    for (const g of group) g.resolve();
  }

  /** Applies a change set to memory and returns the change set that undoes it. */
  private apply(c: ChangeSet): ChangeSet {
    const undo = emptyChanges();
    const d = this.data;
    for (const [key, s] of c.sessions) {
      undo.sessions.set(key, d.sessions.get(key) ?? null);
      if (s) d.sessions.set(key, s);
      else d.sessions.delete(key);
    }
    for (const [code, a] of c.applications) {
      const old = d.applications.get(code);
      undo.applications.set(code, old ?? null);
      if (old) this.codesByUser.get(`${old.channel}:${old.userId}`)?.delete(code);
      if (a) {
        d.applications.set(code, a);
        this.indexApplication(a);
      } else d.applications.delete(code);
    }
    if (c.questionsReplaced) {
      undo.questionsReplaced = d.questions;
      d.questions = [...c.questionsReplaced];
    }
    for (const q of c.questionsAdded) d.questions.push(q);
    if (c.questionsTakenBack) {
      // Exactly these entries: others may have been added (coalesced) since.
      const gone = new Set(c.questionsTakenBack);
      d.questions = d.questions.filter((q) => !gone.has(q));
    }
    if (!c.questionsReplaced && c.questionsAdded.length > 0) undo.questionsTakenBack = c.questionsAdded;
    for (const [id, x] of c.contacts) {
      undo.contacts.set(id, d.contacts.get(id) ?? null);
      if (x) d.contacts.set(id, x);
      else d.contacts.delete(id);
    }
    for (const [id, x] of c.outbox) {
      undo.outbox.set(id, d.outbox.get(id) ?? null);
      if (x) d.outbox.set(id, x);
      else d.outbox.delete(id);
    }
    // Codes are not taken back: a code once reserved is never given again.
    for (const [year, seq] of c.codes) d.lastCodes.set(year, Math.max(d.lastCodes.get(year) ?? 0, seq));
    for (const [key, n] of c.tallies) {
      undo.tallies.set(key, -n);
      const total = (d.tallies.get(key) ?? 0) + n;
      if (total > 0) d.tallies.set(key, total);
      else d.tallies.delete(key);
    }
    return undo;
  }

  private indexApplication(app: Application): void {
    const key = `${app.channel}:${app.userId}`;
    const set = this.codesByUser.get(key) ?? new Set<string>();
    set.add(app.code);
    this.codesByUser.set(key, set);
  }

  // ---- reads of committed data, for MemoryTransaction

  /** @internal */
  async baseSession(key: string): Promise<Session | undefined> {
    await this.loadSessionsOf(key);
    return this.data.sessions.get(key);
  }

  /** @internal */
  baseApplications(): MemoryData["applications"] {
    return this.data.applications;
  }

  /** @internal */
  baseCodesOf(channel: string, userId: string): string[] {
    return [...(this.codesByUser.get(`${channel}:${userId}`) ?? [])];
  }

  /** @internal */
  baseData(): MemoryData {
    return this.data;
  }

  /**
   * Reserves the next code of a year at once (two transactions never get the
   * same one); the counter reaches disk with the transaction that uses it. A
   * code reserved by a transaction that fails is skipped, never given again in
   * this run. @internal
   */
  reserveCode(year: number): number {
    const seq = (this.data.lastCodes.get(year) ?? 0) + 1;
    this.data.lastCodes.set(year, seq);
    return seq;
  }

  /** @internal */
  now(): Date {
    return this.clock();
  }

  /** @internal */
  async sessionCount(): Promise<number> {
    await this.loadEverything();
    return this.data.sessions.size;
  }

  // ---- outside a transaction: each call is a transaction of its own

  private autoCommit<K extends keyof Repositories>(name: K): Repositories[K] {
    return new Proxy({} as Repositories[K], {
      get:
        (_target, method: string) =>
        (...args: unknown[]) =>
          this.transaction((tx) => (tx[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args)),
    });
  }

  readonly sessions = this.autoCommit("sessions");
  readonly applications = this.autoCommit("applications");
  readonly questions = this.autoCommit("questions");
  readonly contacts = this.autoCommit("contacts");
  readonly outbox = this.autoCommit("outbox");
  readonly updates = this.autoCommit("updates");
  /** The web page's sessions and records: in memory here; the lowdb adapter gives it a file. */
  web: WebStore = new MemoryWebStore();

  // ---- delivery

  readonly delivery: OutboxDelivery = {
    deliverDue: async (channel, deliver, options = {}) => {
      const limit = options.limit ?? 20;
      const maxAttempts = options.maxAttempts ?? 10;
      const now = this.clock().getTime();
      const due = [...this.data.outbox.values()]
        .filter((i) => i.channel === channel && !this.claimed.has(i.id) && i.attempts < maxAttempts && (!i.nextAttemptAt || Date.parse(i.nextAttemptAt) <= now))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .slice(0, limit);
      for (const item of due) this.claimed.add(item.id);
      try {
        for (const item of due) {
          let outcome: OutboxRecord | null;
          try {
            await deliver(item);
            outcome = null;
          } catch (error) {
            const attempts = item.attempts + 1;
            outcome = { ...item, attempts, lastError: String(error).slice(0, 300), nextAttemptAt: new Date(this.clock().getTime() + retryDelayMs(attempts)).toISOString() };
          }
          // Still there? A deletion on request may have removed it meanwhile.
          if (this.data.outbox.has(item.id)) {
            const changes = emptyChanges();
            changes.outbox.set(item.id, outcome);
            await this.commit(changes);
          }
          this.claimed.delete(item.id);
        }
      } finally {
        for (const item of due) this.claimed.delete(item.id);
      }
      return due.length;
    },
    onEnqueue: (listener) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
    pending: async () => [...this.data.outbox.values()],
  };

  // ---- maintenance

  async dump(): Promise<StorageDump> {
    await this.loadEverything();
    await this.commitsSettled();
    const d = this.data;
    return {
      sessions: [...d.sessions.values()],
      applications: [...d.applications.values()].sort((a, b) => a.code.localeCompare(b.code)),
      questions: [...d.questions],
      contacts: [...d.contacts.values()],
      outbox: [...d.outbox.values()],
      lastCodes: Object.fromEntries([...d.lastCodes].map(([y, n]) => [String(y), n])),
      questionTallies: [...d.tallies].map(([key, n]) => tallyOfKey(key, n)),
    };
  }

  async restore(dump: StorageDump): Promise<void> {
    await this.loadEverything();
    if (this.data.applications.size > 0) throw new Error("Kho đích đã có hồ sơ: chỉ sao chép vào kho trống.");
    const changes = emptyChanges();
    changes.durable = true;
    for (const s of dump.sessions) changes.sessions.set(s.key, s);
    for (const a of dump.applications) changes.applications.set(a.code, a);
    changes.questionsReplaced = [...dump.questions];
    for (const c of dump.contacts) changes.contacts.set(c.id, c);
    for (const o of dump.outbox) changes.outbox.set(o.id, o);
    for (const [year, seq] of Object.entries(dump.lastCodes)) changes.codes.set(Number(year), seq);
    for (const t of dump.questionTallies ?? []) changes.tallies.set(tallyKey(t), (changes.tallies.get(tallyKey(t)) ?? 0) + t.count);
    for (const a of dump.applications) {
      const { year, seq } = parseCode(a.code);
      changes.codes.set(year, Math.max(changes.codes.get(year) ?? 0, seq));
    }
    await this.commit(changes);
  }

  async deleteUser(channel: Channel, userId: string): Promise<DeletedCounts> {
    await this.loadEverything();
    return this.transaction(
      async () => {
        const changes = emptyChanges();
        changes.durable = true;
        changes.purge = true;
        const codes = this.baseCodesOf(channel, userId).filter((c) => this.data.applications.has(c)).sort();
        for (const code of codes) changes.applications.set(code, null);
        const chats = new Set<string>([userId, ...codes.map((c) => this.data.applications.get(c)?.chatId ?? userId)]);
        const key = `${channel}:${userId}`;
        const session = this.data.sessions.get(key);
        if (session) {
          chats.add(session.chatId);
          changes.sessions.set(key, null);
        }
        const contacts = [...this.data.contacts.values()].filter((c) => c.channel === channel && c.userId === userId);
        for (const c of contacts) changes.contacts.set(c.id, null);
        const kept = this.data.questions.filter((q) => !(q.channel === channel && q.userId === userId));
        const questions = this.data.questions.length - kept.length;
        changes.questionsReplaced = kept;
        const notices = [...this.data.outbox.values()].filter((i) => i.channel === channel && chats.has(i.chatId));
        for (const n of notices) changes.outbox.set(n.id, null);
        await this.commit(changes);
        return { applications: codes, sessions: session ? 1 : 0, contacts: contacts.length, questions, notifications: notices.length };
      },
      { lockKey: `${channel}:${userId}` },
    );
  }

  async trimQuestions(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    const kept = this.data.questions.filter((q) => q.at >= cutoff);
    const removed = this.data.questions.length - kept.length;
    if (removed === 0) return 0;
    const changes = emptyChanges();
    changes.questionsReplaced = kept;
    await this.commit(changes);
    return removed;
  }

  async close(): Promise<void> {
    await this.commitsSettled();
  }

  /** @internal Forgets update ids older than a day, keeping at most UPDATE_IDS_KEPT. */
  rememberUpdate(key: string): boolean {
    const now = this.clock().getTime();
    const seen = this.data.updates.get(key);
    if (seen !== undefined && now - seen < UPDATE_ID_TTL_MS) return false;
    this.data.updates.delete(key);
    this.data.updates.set(key, now);
    for (const [oldest, at] of this.data.updates) {
      if (this.data.updates.size <= UPDATE_IDS_KEPT && now - at < UPDATE_ID_TTL_MS) break;
      this.data.updates.delete(oldest);
    }
    return true;
  }
}

/** The repositories of one transaction: reads see its own staged writes. */
class MemoryTransaction {
  readonly changes = emptyChanges();
  readonly repositories: Repositories;

  constructor(private readonly store: MemoryStorage) {
    const c = this.changes;
    const apps = () => {
      const merged = new Map(store.baseApplications());
      for (const [code, a] of c.applications) if (a) merged.set(code, a);
      else merged.delete(code);
      return merged;
    };
    const contacts = () => {
      const merged = new Map(store.baseData().contacts);
      for (const [id, x] of c.contacts) if (x) merged.set(id, x);
      else merged.delete(id);
      return merged;
    };
    const getApp = (code: string): Application | undefined => {
      const upper = code.toUpperCase();
      const staged = c.applications.get(upper);
      return staged === null ? undefined : (staged ?? store.baseApplications().get(upper));
    };
    const getContact = (id: string): Contact | undefined => {
      const staged = c.contacts.get(id);
      if (staged !== undefined) return staged ?? undefined;
      const base = store.baseData().contacts;
      return base.get(id) ?? [...contacts().values()].find((x) => x.id.toUpperCase() === id.toUpperCase());
    };
    const byCode = (a: Application, b: Application) => a.code.localeCompare(b.code);
    this.repositories = {
      sessions: {
        get: async (key) => {
          const staged = c.sessions.get(key);
          if (staged !== undefined) return staged ?? undefined;
          // A copy: the engine changes the session it is given, and until commit nobody else may see that.
          const base = await store.baseSession(key);
          return base && structuredClone(base);
        },
        save: async (session, options) => {
          c.sessions.set(session.key, session);
          if (options?.durable) c.durable = true;
        },
        delete: async (key) => {
          c.sessions.set(key, null);
          c.durable = true;
        },
        count: () => store.sessionCount(),
      },
      applications: {
        nextCode: async (year) => {
          const seq = store.reserveCode(year);
          c.codes.set(year, seq);
          return formatCode(year, seq);
        },
        save: async (app) => {
          c.applications.set(app.code, app);
          c.durable = true;
        },
        get: async (code) => getApp(code),
        ofUser: async (channel, userId) => {
          const codes = new Set(store.baseCodesOf(channel, userId));
          for (const [code, a] of c.applications) if (a && a.channel === channel && a.userId === userId) codes.add(code);
          return [...codes]
            .map(getApp)
            .filter((a): a is Application => a !== undefined && a.channel === channel && a.userId === userId)
            .sort(byCode);
        },
        list: async (filter?: ApplicationFilter) => [...apps().values()].filter((a) => matchesFilter(a, filter)).sort(byCode),
        // Straight from the base map when this transaction changed no application (every page view): no copy of thousands.
        page: async (query) => pageOf(c.applications.size === 0 ? store.baseApplications().values() : apps().values(), query),
        statusCounts: async (query) => statusCountsOf(c.applications.size === 0 ? store.baseApplications().values() : apps().values(), query),
        statistics: async (query) => statisticsOf(c.applications.size === 0 ? store.baseApplications().values() : apps().values(), query),
        count: async (filter?: ApplicationFilter) => {
          if (!filter && c.applications.size === 0) return store.baseApplications().size;
          let n = 0;
          for (const a of apps().values()) if (matchesFilter(a, filter)) n++;
          return n;
        },
      },
      questions: {
        add: async (entry, limit) => {
          const since = limit.dayStart.toISOString();
          const mine = (q: QuestionLogEntry) => q.channel === entry.channel && q.userId === entry.userId && q.at >= since;
          let today = c.questionsAdded.filter(mine).length;
          const all = store.baseData().questions;
          // Newest last: walk back only through today's entries.
          for (let i = all.length - 1; i >= 0 && (all[i] as QuestionLogEntry).at >= since; i--) if (mine(all[i] as QuestionLogEntry)) today++;
          if (today >= limit.perUserPerDay) return false;
          c.questionsAdded.push({ id: randomUUID(), ...entry });
          return true;
        },
        recent: async (limit) => [...store.baseData().questions, ...c.questionsAdded].slice(-limit),
        count: async () => store.baseData().questions.length + c.questionsAdded.length,
        countOfUser: async (channel, userId) => [...store.baseData().questions, ...c.questionsAdded].filter((q) => q.channel === channel && q.userId === userId).length,
        // Counts only: coalesced with the session write like menu steps (a crash may lose the last seconds of counts).
        tally: async (entry) => void c.tallies.set(tallyKey(entry), (c.tallies.get(tallyKey(entry)) ?? 0) + 1),
        tallies: async (sinceDay = "") => {
          const merged = new Map(store.baseData().tallies);
          for (const [key, n] of c.tallies) merged.set(key, (merged.get(key) ?? 0) + n);
          return [...merged]
            .filter(([key, n]) => n > 0 && key >= sinceDay)
            .map(([key, n]) => tallyOfKey(key, n))
            .sort((a, b) => tallyKey(a).localeCompare(tallyKey(b)));
        },
      },
      contacts: {
        add: async (contact) => {
          const saved = { ...contact, id: `LH${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}` };
          c.contacts.set(saved.id, saved);
          c.durable = true;
          return saved;
        },
        get: async (id) => getContact(id),
        answer: async (id, answer, at) => {
          const contact = getContact(id);
          if (!contact) return undefined;
          const answered = { ...contact, answer, answeredAt: at };
          c.contacts.set(contact.id, answered);
          c.durable = true;
          return answered;
        },
        open: async () => [...contacts().values()].filter((x) => !x.answeredAt).sort((a, b) => a.at.localeCompare(b.at)),
        countOfUser: async (channel, userId) => [...contacts().values()].filter((x) => x.channel === channel && x.userId === userId).length,
      },
      outbox: {
        enqueue: async (channel: Channel, chatId: string, replies: Reply[]) => {
          const item: OutboxRecord = { id: randomUUID(), channel, chatId, replies, createdAt: store.now().toISOString(), attempts: 0 };
          c.outbox.set(item.id, item);
          c.durable = true;
          return item;
        },
      },
      updates: {
        firstTime: async (channel, id) => store.rememberUpdate(`${channel}:${id}`),
      },
    };
  }
}
