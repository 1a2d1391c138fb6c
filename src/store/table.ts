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
  recordsIn(data: F): Iterable<T>;
  toFile(records: Iterable<T>): F;
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
  ) {
    this.onDisk = names;
  }

  /**
   * Opens the table. Eager (the default): every snapshot file is loaded and
   * validated, one after another, before this resolves. Lazy: nothing is read
   * yet; a file is loaded when one of its keys is fetched, or by `loadAll`.
   */
  static async open<T, F>(dir: string, layout: TableLayout<T, F>, wal: WriteAheadLog, options: { lazy?: boolean } = {}): Promise<Table<T, F>> {
    const names = (await readdir(dir)).filter((n) => layout.isFile(n)).sort();
    const table = new Table(dir, layout, wal, names);
    if (!options.lazy) await table.loadAll();
    return table;
  }

  /** Loads every snapshot file not loaded yet, one at a time, letting other work run between files. */
  async loadAll(): Promise<void> {
    for (const name of this.onDisk) {
      await this.load(name);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The record of `key`, loading its snapshot file first if needed. */
  async fetch(key: string): Promise<T | undefined> {
    await this.load(this.layout.fileOf(key));
    return this.get(key);
  }

  /** Loads one snapshot file (validated); records changed in memory before it was loaded are newer and kept. */
  private load(name: string): Promise<void> {
    let loading = this.loads.get(name);
    if (!loading) {
      loading = (async () => {
        const path = join(this.dir, name);
        const text = this.onDisk.includes(name) ? await readFile(path, "utf8") : undefined;
        const file = JsonFile.fromText(path, text, this.layout.file, this.layout.empty());
        const records = this.recordsOf(name);
        for (const record of this.layout.recordsIn(file.data)) {
          const key = this.layout.keyOf(record);
          if (!records.has(key)) records.set(key, record);
        }
        // The records now live in the table; the file's data is rebuilt from them at each write.
        file.data = this.layout.empty();
        this.files.set(name, file);
      })();
      this.loads.set(name, loading);
    }
    return loading;
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
