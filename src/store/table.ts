import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import { JsonFile, StorageError } from "./json-file.ts";
import type { WalLine, WriteAheadLog } from "./wal.ts";

/** How one kind of record is laid out in snapshot files. */
export interface TableLayout<T, F> {
  /** The table's name in journal lines. */
  name: string;
  record: z.ZodType<T>;
  file: z.ZodType<F>;
  keyOf(record: T): string;
  /** The snapshot file (name only) a key belongs to. */
  fileOf(key: string): string;
  /** Whether a file name in the data directory is one of this table's snapshot files. */
  isFile(name: string): boolean;
  empty(): F;
  /**
   * The file's shape with its records left unchecked: each record is then
   * validated on its own by `record`, three times faster than one schema for
   * the whole file (measured on a 1.4 MB sessions shard: 8 against 22 ms).
   */
  container: z.ZodType;
  /** The records of a file that passed `container`, each with its path in the file (for the error message). */
  entriesIn(data: unknown): Iterable<[path: (string | number)[], raw: unknown]>;
  toFile(records: Iterable<T>): F;
}

/**
 * The snapshot files being loaded because a message needs them now, shared by
 * the tables of a store: loading in the background waits for them, so that a
 * message is not held up behind files nobody asked for yet (at start-up with
 * a large store, the first reply waited 150 ms behind application files).
 */
export class ForegroundLoads {
  private readonly inFlight = new Set<Promise<void>>();

  track(loading: Promise<void>): void {
    this.inFlight.add(loading);
    const done = () => this.inFlight.delete(loading);
    loading.then(done, done);
  }

  /** Resolves when no file is being loaded for a message. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

/**
 * One kind of record (sessions, applications…), kept in memory, stored as
 * lowdb snapshot files plus lines in the shared write-ahead journal.
 *
 * A change is applied in memory and journaled: `put`/`remove` within the
 * journal's flush delay, `putNow`/`removeNow` before they resolve. The
 * snapshot files it touched are marked, and rewritten only at the next
 * checkpoint (`writeChanged`).
 */
export class Table<T, F> {
  private readonly byFile = new Map<string, Map<string, T>>();
  private readonly files = new Map<string, JsonFile<F>>();
  private readonly changed = new Set<string>();
  /** Snapshot files on disk, each loaded (or being loaded) once. */
  private readonly loads = new Map<string, Promise<void>>();
  private readonly onDisk: string[];

  private constructor(
    private readonly dir: string,
    private readonly layout: TableLayout<T, F>,
    private readonly wal: WriteAheadLog,
    names: string[],
    private readonly foreground: ForegroundLoads,
  ) {
    this.onDisk = names;
  }

  /**
   * Opens the table. Eager (the default): every snapshot file is loaded and
   * validated, one after another, before this resolves. Lazy: nothing is read
   * yet; a file is loaded when one of its keys is fetched, or by `loadAll`.
   */
  static async open<T, F>(dir: string, layout: TableLayout<T, F>, wal: WriteAheadLog, options: { lazy?: boolean; foreground?: ForegroundLoads } = {}): Promise<Table<T, F>> {
    const names = (await readdir(dir)).filter((n) => layout.isFile(n)).sort();
    const table = new Table(dir, layout, wal, names, options.foreground ?? new ForegroundLoads());
    if (!options.lazy) await table.loadAll();
    return table;
  }

  /**
   * Loads every snapshot file not loaded yet, one at a time; other work runs
   * while each file is read. No extra pause between files: it waits for a
   * macrotask that a caller serving messages from memory alone (microtasks
   * only) never lets run, so `ready` would never resolve (found by bench/startup.ts).
   */
  async loadAll(): Promise<void> {
    for (const name of this.onDisk) {
      await this.foreground.idle();
      await this.load(name);
    }
  }

  /** The record of `key`, loading its snapshot file first if needed (ahead of the background loading). */
  async fetch(key: string): Promise<T | undefined> {
    const name = this.layout.fileOf(key);
    if (!this.loads.has(name)) this.foreground.track(this.load(name));
    await this.load(name);
    return this.get(key);
  }

  /** Loads one snapshot file (validated); records changed in memory before it was loaded are newer and kept. */
  private load(name: string): Promise<void> {
    let loading = this.loads.get(name);
    if (!loading) {
      loading = (async () => {
        const path = join(this.dir, name);
        // Read as bytes and decoded at once: readFile(path, "utf8") decodes chunk by chunk, and the
        // resulting string also parses slower (measured: 1.4 s against 0.9 s for 60 MB of data files).
        const text = this.onDisk.includes(name) ? (await readFile(path)).toString("utf8") : undefined;
        const records = this.recordsOf(name);
        if (text !== undefined) {
          const file = JsonFile.fromText(path, text, this.layout.container, this.layout.empty());
          for (const record of this.validRecords(path, file.data)) {
            const key = this.layout.keyOf(record);
            if (!records.has(key)) records.set(key, record);
          }
        }
        // The records now live in the table; the file's data is rebuilt from them at each write.
        this.fileFor(name);
      })();
      this.loads.set(name, loading);
    }
    return loading;
  }

  /** Validates every record of a file's data; the first bad one stops with its path in the file. */
  private *validRecords(path: string, data: unknown): Iterable<T> {
    for (const [at, raw] of this.layout.entriesIn(data)) {
      const parsed = this.layout.record.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StorageError(path, `sai cấu trúc tại ${[...at, ...(issue?.path ?? [])].join(".")}: ${issue?.message}`);
      }
      yield parsed.data;
    }
  }

  get name(): string {
    return this.layout.name;
  }

  /** The record of `key` if its file is loaded (always, in an eager table); see `fetch`. */
  get(key: string): T | undefined {
    return this.byFile.get(this.layout.fileOf(key))?.get(key);
  }

  *values(): Iterable<T> {
    for (const records of this.byFile.values()) yield* records.values();
  }

  count(): number {
    let n = 0;
    for (const records of this.byFile.values()) n += records.size;
    return n;
  }

  put(record: T): void {
    this.apply(record);
    this.wal.record({ t: this.layout.name, put: record });
  }

  putNow(record: T): Promise<void> {
    this.apply(record);
    return this.wal.commit({ t: this.layout.name, put: record });
  }

  /** Removes a key of a loaded file (every file of an eager table), journaled within the flush delay. */
  remove(key: string): void {
    if (this.unapply(key)) this.wal.record({ t: this.layout.name, del: key });
  }

  async removeNow(key: string): Promise<void> {
    await this.load(this.layout.fileOf(key));
    if (this.unapply(key)) await this.wal.commit({ t: this.layout.name, del: key });
  }

  /**
   * Applies the lines of the journal left by the last run, in order, after
   * loading the files they touch; a record that does not validate stops start-up.
   */
  async replay(lines: WalLine[]): Promise<void> {
    const changes = lines.map((line) => {
      const { entry } = line;
      if ("del" in entry) return { del: entry.del };
      const parsed = this.layout.record.safeParse(entry.put);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StorageError(line.file, `dòng ${line.line} (${this.layout.name}) sai cấu trúc tại ${issue?.path.join(".") || "gốc"}: ${issue?.message}`);
      }
      return { put: parsed.data };
    });
    const touched = new Set(changes.map((c) => this.layout.fileOf("del" in c ? (c.del as string) : this.layout.keyOf(c.put as T))));
    for (const name of touched) await this.load(name);
    for (const change of changes) {
      if ("put" in change) this.apply(change.put as T);
      else this.unapply(change.del as string);
    }
  }

  /** Whether a checkpoint has files of this table to write. */
  hasChanges(): boolean {
    return this.changed.size > 0;
  }

  /** Rewrites every snapshot file changed since the last checkpoint; a file that fails stays marked. */
  async writeChanged(): Promise<void> {
    const names = [...this.changed];
    this.changed.clear();
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      try {
        await this.load(name);
        const file = this.fileFor(name);
        file.data = this.layout.toFile(this.recordsOf(name).values());
        await file.write();
        file.data = this.layout.empty();
      } catch (error) {
        for (const rest of names.slice(i)) this.changed.add(rest);
        throw error;
      }
    }
  }

  paths(): string[] {
    return [...new Set([...this.files.keys(), ...this.byFile.keys()])].map((n) => join(this.dir, n));
  }

  private apply(record: T): void {
    const key = this.layout.keyOf(record);
    const name = this.layout.fileOf(key);
    this.recordsOf(name).set(key, record);
    this.changed.add(name);
  }

  private unapply(key: string): boolean {
    const name = this.layout.fileOf(key);
    const removed = this.byFile.get(name)?.delete(key) ?? false;
    if (removed) this.changed.add(name);
    return removed;
  }

  private recordsOf(name: string): Map<string, T> {
    let records = this.byFile.get(name);
    if (!records) {
      records = new Map();
      this.byFile.set(name, records);
    }
    return records;
  }

  private fileFor(name: string): JsonFile<F> {
    let file = this.files.get(name);
    if (!file) {
      file = JsonFile.fromText(join(this.dir, name), undefined, this.layout.file, this.layout.empty());
      this.files.set(name, file);
    }
    return file;
  }
}
