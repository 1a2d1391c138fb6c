import { readdirSync, statSync } from "node:fs";
import { chmod, mkdir, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Low } from "lowdb";
import type { z } from "zod";
import type { Application } from "../../domain/records.ts";
import { StorageError } from "../../domain/storage.ts";
import { MemoryStorage, emptyData, tallyKey, tallyOfKey, type ChangeSet, type MemoryData } from "../memory/memory-storage.ts";
import { DurableJsonFile, syncDirectory } from "./durable-file.ts";
import { commitFiles, decidedCommits, finishInterruptedCommits, type FileWrite } from "./file-commit.ts";
import {
  FORMAT,
  SESSION_SHARDS,
  applicationFileOf,
  applicationFileSchema,
  applicationIndexSchema,
  contactFileSchema,
  formatFileSchema,
  outboxFileSchema,
  paths,
  questionFileSchema,
  tallyFileSchema,
  sessionShardOf,
  sessionShardSchema,
} from "./layout.ts";
import { migrateLegacyLayout } from "./legacy.ts";
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
export class LowdbStorage extends MemoryStorage {
  override readonly description: string;
  private readonly files = new Map<FileId, Low<unknown>>();
  private readonly shardLoads = new Map<number, Promise<void>>();
  private readonly shardKeys = new Map<number, Set<string>>();
  private readonly appFiles = new Map<string, Set<string>>();
  private readonly dirty = new Set<FileId>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    readonly root: string,
    data: MemoryData,
    private readonly options: LowdbOptions,
    private readonly release: () => void,
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
    try {
      if (!options.readOnly) {
        await mkdir(p.sessionsDir, { recursive: true, mode: 0o700 });
        await mkdir(p.applicationsDir, { recursive: true, mode: 0o700 });
        await finishInterruptedCommits(root, [p.sessionsDir, p.applicationsDir]);
        await migrateLegacyLayout(root);
        await new Low(new DurableJsonFile(p.format, formatFileSchema), { format: FORMAT }).write();
      }
      const data = options.readOnly ? await loadBesideWriter(root) : await loadData(root);
      return new LowdbStorage(root, data, options, lock.release);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  // ---- loading sessions on demand

  protected override loadSessionsOf(key: string): Promise<void> {
    return this.loadShard(sessionShardOf(key));
  }

  protected override async loadEverything(): Promise<void> {
    for (let n = 0; n < SESSION_SHARDS; n++) await this.loadShard(n);
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
    const content = await readFile(paths(this.root).sessionShard(n), sessionShardSchema, this.options.readOnly ? decidedCommits(this.root) : undefined);
    const keys = this.shardSet(n);
    const sessions = this.data.sessions;
    for (const [key, session] of Object.entries(content?.sessions ?? {})) {
      // A session changed in memory before its shard loaded is newer than the file's.
      if (!sessions.has(key)) sessions.set(key, session);
      keys.add(key);
    }
  }

  // ---- writing

  protected override async persist(changes: ChangeSet): Promise<void> {
    if (this.options.readOnly) throw new Error("Kho dữ liệu đang mở ở chế độ chỉ đọc.");
    const ids = new Set<FileId>();
    for (const key of changes.sessions.keys()) {
      const n = sessionShardOf(key);
      await this.loadShard(n);
      if (changes.sessions.get(key)) this.shardSet(n).add(key);
      else this.shardSet(n).delete(key);
      ids.add(`session:${n}`);
    }
    for (const [code, app] of changes.applications) {
      const name = applicationFileOf(code);
      if (app) this.fileSet(name).add(code);
      else this.fileSet(name).delete(code);
      ids.add(`applications:${name}`);
    }
    if (changes.applications.size > 0 || changes.codes.size > 0) ids.add("application-index");
    if (changes.outbox.size > 0) ids.add("outbox");
    if (changes.contacts.size > 0) ids.add("contacts");
    if (changes.questionsAdded.length > 0 || changes.questionsReplaced) ids.add("questions");
    if (changes.tallies.size > 0) ids.add("tallies");
    if (!changes.durable && !this.closed) {
      for (const id of ids) this.dirty.add(id);
      this.timer ??= setTimeout(() => void this.flushLater(), this.options.flushMs);
      return;
    }
    for (const id of ids) this.dirty.delete(id);
    try {
      await this.writeFiles([...ids], { keepPrevious: !changes.purge });
    } catch (error) {
      // A commit decided but not finished on disk: serving on would write over files the next start must finish.
      if (error instanceof StorageError) this.options.onDamaged?.(error);
      throw error;
    }
    // A deletion on request: a previous copy of any file (a delivered notice, an older session) may still hold the person.
    if (changes.purge) await this.dropPreviousCopies();
  }

  private async dropPreviousCopies(): Promise<void> {
    for (const name of readdirSync(this.root, { recursive: true, encoding: "utf8" })) if (name.endsWith(".prev")) await unlink(join(this.root, name));
    syncDirectory(this.root);
  }

  private async writeFiles(ids: FileId[], options: { keepPrevious: boolean }): Promise<void> {
    const writes: FileWrite[] = ids.map((id) => ({ file: this.lowFile(id).adapter as DurableJsonFile<unknown>, data: this.contentOf(id) }));
    await commitFiles(this.root, writes, options);
  }

  /** Writes the coalesced changes (through the commit chain, so after any commit in progress). */
  private async flushLater(): Promise<void> {
    this.timer = undefined;
    await this.flushDirty().catch(() => {
      // Retried at the next flush: the changes stay in memory and marked.
    });
  }

  private flushDirty(): Promise<void> {
    return this.serialized(async () => {
      const ids = [...this.dirty];
      this.dirty.clear();
      try {
        await this.writeFiles(ids, { keepPrevious: true });
      } catch (error) {
        for (const id of ids) this.dirty.add(id);
        throw error;
      }
    });
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
          files: Object.fromEntries([...this.appFiles].filter(([, codes]) => codes.size > 0).map(([name, codes]) => [name, codes.size])),
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
        if (id.startsWith("session:")) return [p.sessionShard(Number(id.slice(8))), sessionShardSchema, { sessions: {} }];
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
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await super.close();
    this.closed = true;
    if (!this.options.readOnly) await this.flush();
    this.release();
  }

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
