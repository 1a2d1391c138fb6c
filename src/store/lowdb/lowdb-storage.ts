import { readdirSync, statSync } from "node:fs";
import { chmod, mkdir, open, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Low } from "lowdb";
import type { z } from "zod";
import type { Application } from "../../domain/records.ts";
import { CommitDecidedError, StorageError, StorageUnavailableError } from "../../domain/storage.ts";
import { MemoryStorage, emptyData, tallyKey, tallyOfKey, type ChangeSet, type MemoryData } from "../memory/memory-storage.ts";
import { diskThread } from "./disk-thread.ts";
import { DurableJsonFile, syncDirectory } from "./durable-file.ts";
import { emptyWebData, MemoryWebStore } from "../memory/web-store.ts";
import type { WebAuditEntry } from "../../domain/web-records.ts";
import { commitFiles, decidedCommits, finishInterruptedCommits, writeEach, type FileWrite } from "./file-commit.ts";
import {
  FORMAT,
  applicationFileOf,
  applicationFileSchema,
  applicationIndexSchema,
  contactFileSchema,
  formatFileSchema,
  outboxFileSchema,
  paths,
  questionFileSchema,
  tallyFileSchema,
  currentShards,
  sessionShardOf,
  type ShardLayout,
  sessionShardSchema,
  webFileSchema,
} from "./layout.ts";
import { migrateLegacyLayout } from "./legacy.ts";
import { reshardSessions, shardLayoutOf } from "./reshard.ts";
import { lockDataDir } from "./lock.ts";

export interface LowdbOptions {
  clock?: () => Date;
  /** Changes no reply acknowledges (menu steps, deliveries) are written within this delay, coalesced. */
  flushMs: number;
  /** Reads only: no lock, no migration, nothing written (the officer CLI while the bot runs). */
  readOnly?: boolean;
  /** A session file found damaged after start-up (they load when first needed): the bot stops as it would at start. */
  onDamaged?: (error: StorageError) => void;
}

/** Coalesced files written at once (in parallel, one folder sync each). */
const FLUSH_BATCH_FILES = 8;
/** Group commits writing at once (see maxConcurrentGroups). */
const CONCURRENT_GROUPS = 2;

/** A file to write: which lowdb file, and how its content is made from memory. */
type FileId = `session:${number}` | `applications:${string}` | "application-index" | "outbox" | "contacts" | "questions" | "tallies";

/**
 * The embedded default: plain lowdb JSON files in DATA_DIR (see layout.ts),
 * everything held in memory (a province's data is tens of MB at most).
 *
 * A change that a reply acknowledges is on disk before the transaction
 * resolves (temp file, fsync, rename; several files through one commit
 * marker); other changes are written within `flushMs`, coalesced. One writer
 * process per folder (an atomic lock); a damaged file stops start-up naming it.
 */
/**
 * The web page's data: sessions, used links and handled questions in
 * web.json, written whole (fsync'd) after each change (sign-ins are a few a
 * day per officer, and the file stays small); the record of actions appended
 * to web-audit.jsonl, one fsync'd line each, never rewritten.
 */
async function openWebStore(path: string, auditPath: string, readOnly: boolean): Promise<MemoryWebStore> {
  const file = new DurableJsonFile(path, webFileSchema);
  const data = (await file.read()) ?? emptyWebData();
  const appendAudit = async (entry: WebAuditEntry) => {
    const handle = await open(auditPath, "a", 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  // One write at a time, each of the data as it is then: a later snapshot never lands before an earlier one.
  let chain: Promise<void> = Promise.resolve();
  const persist = (changed: typeof data) => (chain = chain.catch(() => undefined).then(() => file.write(changed)));
  return new MemoryWebStore(data, readOnly ? async () => {} : persist, readOnly ? async () => {} : appendAudit);
}

export class LowdbStorage extends MemoryStorage {
  override readonly description: string;
  private readonly files = new Map<FileId, Low<unknown>>();
  private readonly shardLoads = new Map<number, Promise<void>>();
  private readonly shardKeys = new Map<number, Set<string>>();
  private readonly appFiles = new Map<string, Set<string>>();
  private readonly dirty = new Set<FileId>();
  /** The write under way of each file (see withFiles). */
  private readonly writing = new Map<FileId, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Set when a commit was decided but not finished on disk: nothing more is written until a restart completes it. */
  private halted: CommitDecidedError | undefined;

  private constructor(
    readonly root: string,
    data: MemoryData,
    private readonly options: LowdbOptions,
    private readonly release: () => void,
    /** The session files: the current layout's, or lowdb-2's for a reader of a folder no writer has migrated yet. */
    private readonly shards: ShardLayout,
  ) {
    super({ clock: options.clock, data });
    this.description = `lowdb ${root}`;
    for (const app of data.applications.values()) this.fileSet(applicationFileOf(app.code)).add(app.code);
  }

  static async open(dir: string, options: LowdbOptions): Promise<LowdbStorage> {
    const root = resolve(dir);
    const p = paths(root);
    if (!options.readOnly) {
      await mkdir(root, { recursive: true, mode: 0o700 });
      await chmod(root, 0o700).catch(() => undefined);
    }
    const lock = options.readOnly ? { release: () => {} } : lockDataDir(root);
    if (!options.readOnly) diskThread.start();
    try {
      if (!options.readOnly) {
        await mkdir(p.sessionsDir, { recursive: true, mode: 0o700 });
        await mkdir(p.applicationsDir, { recursive: true, mode: 0o700 });
        await finishInterruptedCommits(root, [p.sessionsDir, p.applicationsDir]);
        await migrateLegacyLayout(root);
        await reshardSessions(root);
        await new Low(new DurableJsonFile(p.format, formatFileSchema), { format: FORMAT }).write();
      }
      const shards = options.readOnly ? await shardLayoutOf(root) : currentShards(root);
      const data = options.readOnly ? await loadBesideWriter(root) : await loadData(root);
      const storage = new LowdbStorage(root, data, options, lock.release, shards);
      storage.web = await openWebStore(p.web, p.webAudit, options.readOnly ?? false);
      return storage;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  // ---- loading sessions on demand

  protected override loadSessionsOf(key: string): Promise<void> {
    return this.loadShard(this.shardOf(key));
  }

  protected override async loadEverything(): Promise<void> {
    await Promise.all(Array.from({ length: this.shards.shards }, (_, n) => this.loadShard(n)));
  }

  private shardOf(key: string): number {
    return sessionShardOf(key, this.shards.shards);
  }

  private loadShard(n: number): Promise<void> {
    let loading = this.shardLoads.get(n);
    if (!loading) {
      loading = this.readShard(n);
      this.shardLoads.set(n, loading);
      // A damaged shard stays failed (every later use reports it) and stops the bot.
      loading.catch((error: unknown) => {
        if (error instanceof StorageError) this.options.onDamaged?.(error);
      });
    }
    return loading;
  }

  private async readShard(n: number): Promise<void> {
    // The writer has its own commits in memory; a reader also sees a commit decided but not yet in place.
    const content = await readFile(this.shards.file(n), sessionShardSchema, this.options.readOnly ? decidedCommits(this.root) : undefined);
    const keys = this.shardSet(n);
    const sessions = this.data.sessions;
    for (const [key, session] of Object.entries(content?.sessions ?? {})) {
      // A session changed in memory before its shard loaded is newer than the file's.
      if (!sessions.has(key)) sessions.set(key, session);
      keys.add(key);
    }
  }

  // ---- writing

  /**
   * Acknowledged changes of different users write side by side: each waits
   * only for an earlier write of one of its own files (withFiles), not for
   * every other user's fsync.
   */
  protected override maxConcurrentGroups(): number {
    return CONCURRENT_GROUPS;
  }

  /** Only while serving, and when every session file it touches is loaded (it was, to read the session). */
  protected override coalesces(changes: ChangeSet): boolean {
    if (this.options.readOnly || this.closed || this.halted) return false;
    for (const key of changes.sessions.keys()) if (!this.shardKeys.has(this.shardOf(key))) return false;
    return true;
  }

  protected override markCoalesced(changes: ChangeSet): void {
    for (const id of this.filesOf(changes)) this.dirty.add(id);
    this.scheduleFlush();
  }

  /** The coalesced flush, within `flushMs` of the first change marked since the last one. */
  private scheduleFlush(): void {
    this.timer ??= setTimeout(() => void this.flushLater(), this.options.flushMs);
  }

  protected override async persist(changes: ChangeSet, parts: ChangeSet[] = [changes]): Promise<void> {
    if (this.options.readOnly) throw new Error("Kho dữ liệu đang mở ở chế độ chỉ đọc.");
    if (this.halted) throw haltedError();
    for (const key of changes.sessions.keys()) await this.loadShard(this.shardOf(key));
    if (!changes.durable && !this.closed) {
      this.markCoalesced(changes);
      return;
    }
    const ids = this.filesOf(changes);
    for (const id of ids) this.dirty.delete(id);
    try {
      await this.withFiles([...ids], async () => {
        // A commit decided before this one and not finished on disk: the next start completes its files.
        if (this.halted) throw haltedError();
        // Users answering at once each change one file (their session): no marker is needed to keep them together.
        if (!changes.purge && parts.every((part) => this.fileIdsOf(part).size === 1)) await writeEach([...ids].map((id) => this.fileWrite(id)));
        else await this.writeFiles([...ids], { keepPrevious: !changes.purge });
      });
    } catch (error) {
      // A commit decided but not finished on disk: serving on would write over files the next start must finish.
      if (error instanceof CommitDecidedError) this.halted = error;
      if (error instanceof StorageError) this.options.onDamaged?.(error);
      // Written again from memory (where the failed change is taken back) with the next flush: earlier coalesced
      // changes to these files are still to be written, and a flush may have caught this change in memory.
      for (const id of ids) this.dirty.add(id);
      this.scheduleFlush();
      // A full disk loses nothing acknowledged: the user is told this message was not recorded and to send it again.
      if (isOutOfSpace(error)) throw new StorageUnavailableError(`đĩa đầy (${(error as NodeJS.ErrnoException).code})`);
      throw error;
    }
    // A deletion on request: a previous copy of any file (a delivered notice, an older session) may still hold the person.
    if (changes.purge) await this.dropPreviousCopies();
  }

  /** The files a change set touches; keeps the record → file maps in step with it. */
  private filesOf(changes: ChangeSet): Set<FileId> {
    for (const [key, session] of changes.sessions) {
      const keys = this.shardSet(this.shardOf(key));
      if (session) keys.add(key);
      else keys.delete(key);
    }
    for (const [code, app] of changes.applications) {
      const codes = this.fileSet(applicationFileOf(code));
      if (app) codes.add(code);
      else codes.delete(code);
    }
    return this.fileIdsOf(changes);
  }

  /** The files a change set touches. */
  private fileIdsOf(changes: ChangeSet): Set<FileId> {
    const ids = new Set<FileId>();
    for (const key of changes.sessions.keys()) ids.add(`session:${this.shardOf(key)}`);
    for (const code of changes.applications.keys()) ids.add(`applications:${applicationFileOf(code)}`);
    if (changes.applications.size > 0 || changes.codes.size > 0) ids.add("application-index");
    if (changes.outbox.size > 0) ids.add("outbox");
    if (changes.contacts.size > 0) ids.add("contacts");
    if (changes.questionsAdded.length > 0 || changes.questionsReplaced) ids.add("questions");
    if (changes.tallies.size > 0) ids.add("tallies");
    return ids;
  }

  private async dropPreviousCopies(): Promise<void> {
    for (const name of readdirSync(this.root, { recursive: true, encoding: "utf8" })) if (name.endsWith(".prev")) await unlink(join(this.root, name));
    await syncDirectory(this.root);
  }

  private async writeFiles(ids: FileId[], options: { keepPrevious: boolean }): Promise<void> {
    await commitFiles(this.root, ids.map((id) => this.fileWrite(id)), options);
  }

  /** A file's content as memory has it now (taken at once: later changes mark the file again). */
  private fileWrite(id: FileId): FileWrite {
    return { file: this.lowFile(id).adapter as DurableJsonFile<unknown>, data: this.contentOf(id) };
  }

  /** Writes the coalesced changes (beside acknowledged writes; each file's writes in order, see withFiles). */
  private async flushLater(): Promise<void> {
    this.timer = undefined;
    await this.flushDirty().catch(() => {
      // Retried at the next flush: the changes stay in memory and marked.
    });
  }

  /**
   * Coalesced changes need no atomicity across files (each file's rename is
   * atomic), so they are written a few files at a time, outside the commit
   * chain: an acknowledged change waits only for a write of one of its own
   * files, never for the flush of other users' steps.
   */
  private async flushDirty(): Promise<void> {
    // The files marked now; those marked meanwhile wait for the next flush.
    const due = [...this.dirty];
    for (let start = 0; start < due.length; start += FLUSH_BATCH_FILES) {
      // An acknowledged commit may have written some of them since.
      const ids = due.slice(start, start + FLUSH_BATCH_FILES).filter((id) => this.dirty.delete(id));
      if (ids.length === 0) continue;
      try {
        await this.withFiles(ids, async () => {
          // After a decided but unfinished commit, the next start completes the files: writing them now would undo it.
          if (!this.halted) await writeEach(ids.map((id) => this.fileWrite(id)));
        });
      } catch (error) {
        for (const id of ids) this.dirty.add(id);
        throw error;
      }
    }
  }

  /**
   * Runs `write` once no earlier write of any of these files is under way,
   * and holds them until it is done: two writes of one file never overlap
   * (an older content renamed in last would win). Writes of different files
   * run side by side. The content is taken inside `write`, so it is memory's
   * latest.
   */
  private async withFiles<T>(ids: FileId[], write: () => Promise<T>): Promise<T> {
    const earlier = ids.map((id) => this.writing.get(id));
    let finished = () => {};
    const mine = new Promise<void>((resolve) => (finished = resolve));
    for (const id of ids) this.writing.set(id, mine);
    try {
      await Promise.all(earlier);
      return await write();
    } finally {
      finished();
      for (const id of ids) if (this.writing.get(id) === mine) this.writing.delete(id);
    }
  }

  private contentOf(id: FileId): unknown {
    const d = this.data;
    if (id.startsWith("session:")) {
      const n = Number(id.slice("session:".length));
      const sessions: Record<string, unknown> = {};
      for (const key of this.shardSet(n)) {
        const s = d.sessions.get(key);
        if (s) sessions[key] = s;
      }
      return { sessions };
    }
    if (id.startsWith("applications:")) {
      const name = id.slice("applications:".length);
      return { applications: [...this.fileSet(name)].sort().map((code) => d.applications.get(code)).filter((a): a is Application => a !== undefined) };
    }
    switch (id) {
      case "application-index":
        return {
          lastCodes: Object.fromEntries([...d.lastCodes].map(([y, n]) => [String(y), n])),
          // Counted from memory: a code noted for a file by a commit that then failed is not in it.
          files: Object.fromEntries(
            [...this.appFiles].map(([name, codes]) => [name, [...codes].filter((code) => d.applications.has(code)).length] as const).filter(([, n]) => n > 0),
          ),
        };
      case "outbox":
        return { items: [...d.outbox.values()] };
      case "contacts":
        return { contacts: [...d.contacts.values()] };
      case "questions":
        return { questions: d.questions };
      case "tallies":
        return { tallies: [...d.tallies].map(([key, n]) => tallyOfKey(key, n)) };
    }
    throw new Error(`unknown file ${id}`);
  }

  private lowFile(id: FileId): Low<unknown> {
    let file = this.files.get(id);
    if (!file) {
      const p = paths(this.root);
      const [path, schema, empty] = ((): [string, z.ZodType<unknown>, unknown] => {
        if (id.startsWith("session:")) return [this.shards.file(Number(id.slice(8))), sessionShardSchema, { sessions: {} }];
        if (id.startsWith("applications:")) return [p.applicationFile(id.slice(13)), applicationFileSchema, { applications: [] }];
        if (id === "application-index") return [p.applicationIndex, applicationIndexSchema, { lastCodes: {}, files: {} }];
        if (id === "outbox") return [p.outbox, outboxFileSchema, { items: [] }];
        if (id === "contacts") return [p.contacts, contactFileSchema, { contacts: [] }];
        if (id === "tallies") return [p.tallies, tallyFileSchema, { tallies: [] }];
        return [p.questions, questionFileSchema, { questions: [] }];
      })();
      file = new Low<unknown>(new DurableJsonFile(path, schema), empty);
      this.files.set(id, file);
    }
    return file;
  }

  private shardSet(n: number): Set<string> {
    let keys = this.shardKeys.get(n);
    if (!keys) this.shardKeys.set(n, (keys = new Set()));
    return keys;
  }

  private fileSet(name: string): Set<string> {
    let codes = this.appFiles.get(name);
    if (!codes) this.appFiles.set(name, (codes = new Set()));
    return codes;
  }

  /** Writes every pending change now (a backup, shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty.size > 0) await this.flushDirty();
    // A timer's flush may be writing files it took off `dirty` before this call: done only when they are.
    await Promise.all(this.writing.values());
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await super.close();
    this.closed = true;
    if (!this.options.readOnly) await this.flush();
    this.release();
  }

}

/** Why nothing is written after a commit decided but not finished on disk (`halted`). */
function haltedError(): StorageUnavailableError {
  return new StorageUnavailableError("một lần ghi trước chưa hoàn tất; bot cần khởi động lại để ghi nốt");
}

/** A data file's content; with `decided` (a reader's view), the content a decided commit gives it, if its temp file is still there. */
async function readFile<T>(path: string, schema: z.ZodType<T>, decided?: Map<string, string>): Promise<T | null> {
  const temp = decided?.get(path);
  const pending = temp === undefined ? null : await new DurableJsonFile(temp, schema).read();
  // A temp file gone meanwhile was renamed into place by the writer.
  return pending ?? new DurableJsonFile(path, schema).read();
}

/** Everything but the sessions (loaded when first needed). */
async function loadData(root: string, decided?: Map<string, string>): Promise<MemoryData> {
  const p = paths(root);
  const data = emptyData();
  const index = (await readFile(p.applicationIndex, applicationIndexSchema, decided)) ?? { lastCodes: {}, files: {} };
  for (const [year, seq] of Object.entries(index.lastCodes)) data.lastCodes.set(Number(year), seq);
  await loadApplications(root, index, data, decided);
  data.outbox = new Map(((await readFile(p.outbox, outboxFileSchema, decided))?.items ?? []).map((i) => [i.id, i]));
  data.contacts = new Map(((await readFile(p.contacts, contactFileSchema, decided))?.contacts ?? []).map((c) => [c.id, c]));
  data.questions = (await readFile(p.questions, questionFileSchema, decided))?.questions ?? [];
  data.tallies = new Map(((await readFile(p.tallies, tallyFileSchema, decided))?.tallies ?? []).map((t) => [tallyKey(t), t.count]));
  return data;
}

/**
 * A reader beside a live writer (or one killed mid-commit) takes no lock, so
 * it may read the application index before a submission and the application
 * file after it, which looks like damage. It reads through decided commits,
 * and when the files changed while it read, it reads again; damage found in
 * files that did not change is real.
 */
async function loadBesideWriter(root: string): Promise<MemoryData> {
  for (let attempt = 0; ; attempt++) {
    const before = applicationsVersion(root);
    try {
      return await loadData(root, decidedCommits(root));
    } catch (error) {
      if (!(error instanceof StorageError) || attempt >= 100 || applicationsVersion(root) === before) throw error;
      await sleep(5);
    }
  }
}

/** Which application files and commit markers exist, and which version of each (every write renames a new inode in). */
function applicationsVersion(root: string): string {
  const entries = [
    ...readdirSync(root).filter((n) => n.startsWith("commit-")),
    ...readdirSync(paths(root).applicationsDir).map((n) => join("applications", n)),
  ];
  return entries
    .sort()
    .map((name) => {
      try {
        return `${name}:${statSync(join(root, name)).ino}`;
      } catch {
        return `${name}:gone`;
      }
    })
    .join(" ");
}

/** Loads every application file and checks it against the index: a file emptied or replaced by an older copy stops start-up. */
async function loadApplications(root: string, index: z.infer<typeof applicationIndexSchema>, data: MemoryData, decided?: Map<string, string>): Promise<void> {
  const p = paths(root);
  const names = readdirSync(p.applicationsDir)
    .filter((n) => /^\d{4}-\d{3}\.json$/.test(n))
    .sort();
  for (const name of new Set([...names, ...Object.keys(index.files)])) {
    const path = p.applicationFile(name);
    const file = await readFile(path, applicationFileSchema, decided);
    const apps = file?.applications ?? [];
    const expected = index.files[name] ?? 0;
    if (apps.length !== expected) {
      throw new StorageError(path, `có ${apps.length} hồ sơ nhưng ${p.applicationIndex} ghi ${expected}: tệp bị thay bằng bản cũ hoặc bị xoá bớt.`);
    }
    for (const app of apps) {
      if (applicationFileOf(app.code) !== name) throw new StorageError(path, `hồ sơ ${app.code} không thuộc tệp này`);
      data.applications.set(app.code, app);
    }
  }
}

/** No room left for the write (disk or quota full): a fault an operator fixes while the bot waits, not damage. */
function isOutOfSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}
