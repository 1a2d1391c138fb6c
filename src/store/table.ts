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
  /** The file's JSON text from its records, each already serialised (see `keyedFile`, `listFile`). */
  toBytes(records: Map<string, Uint8Array>): Uint8Array;
}

/** `{"<field>":{"<key>":<record>,…}}` from serialised records. */
export function keyedFile(field: string, records: Map<string, Uint8Array>): Uint8Array {
  const parts: (string | Uint8Array)[] = [`{${JSON.stringify(field)}:{`];
  let first = true;
  for (const [key, bytes] of records) {
    parts.push(`${first ? "" : ","}${JSON.stringify(key)}:`, bytes);
    first = false;
  }
  parts.push("}}");
  return joinParts(parts);
}

/** `{"<field>":[<record>,…]}` from serialised records. */
export function listFile(field: string, records: Map<string, Uint8Array>): Uint8Array {
  const parts: (string | Uint8Array)[] = [`{${JSON.stringify(field)}:[`];
  let first = true;
  for (const bytes of records.values()) {
    if (!first) parts.push(",");
    parts.push(bytes);
    first = false;
  }
  parts.push("]}");
  return joinParts(parts);
}

/** One buffer from text and byte parts, allocated once: a checkpoint's temporary memory stays one file's size. */
function joinParts(parts: (string | Uint8Array)[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += typeof part === "string" ? Buffer.byteLength(part) : part.byteLength;
  const out = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === "string") at += out.write(part, at);
    else {
      out.set(part, at);
      at += part.byteLength;
    }
  }
  return out;
}

/**
 * A record's JSON as UTF-8 bytes in a buffer of its own: outside the V8 heap,
 * about half the size of the same text as a string of Vietnamese, and a third
 * of the parsed objects (measured: 150 MB of heap for the 82,000 records of the
 * large store, so the heap grew past 500 MB between collections). Not from
 * Buffer's shared pool, where one long-lived record would keep a whole 8 KB
 * slab of replaced ones alive.
 */
function encode(json: string): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
  bytes.write(json);
  return bytes;
}

function decode<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as T;
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
 * One kind of record (sessions, applications…), kept in memory as serialised
 * JSON (see `encode`; each read returns a fresh object, a change is a `put`),
 * stored as lowdb snapshot files plus lines in the shared write-ahead journal.
 *
 * A change is applied in memory and journaled: `put`/`remove` within the
 * journal's flush delay, `putNow`/`removeNow` before they resolve. The
 * snapshot files it touched are marked, and rewritten only at the next
 * checkpoint (`writeChanged`).
 */
export class Table<T, F> {
  private readonly byFile = new Map<string, Map<string, Uint8Array>>();
  private readonly files = new Map<string, JsonFile<Uint8Array>>();
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
      // A message already waiting for its turn gets it first, and with it its files (ForegroundLoads).
      await new Promise((resolve) => setImmediate(resolve));
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
            if (!records.has(key)) records.set(key, encode(JSON.stringify(record)));
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
    const bytes = this.byFile.get(this.layout.fileOf(key))?.get(key);
    return bytes && decode<T>(bytes);
  }

  *values(): Iterable<T> {
    for (const records of this.byFile.values()) for (const bytes of records.values()) yield decode<T>(bytes);
  }

  count(): number {
    let n = 0;
    for (const records of this.byFile.values()) n += records.size;
    return n;
  }

  put(record: T): void {
    this.wal.record(this.putLine(this.apply(record)));
  }

  putNow(record: T): Promise<void> {
    return this.wal.commit(this.putLine(this.apply(record)));
  }

  /** Removes a key of a loaded file (every file of an eager table), journaled within the flush delay. */
  remove(key: string): void {
    if (this.unapply(key)) this.wal.record(this.delLine(key));
  }

  async removeNow(key: string): Promise<void> {
    await this.load(this.layout.fileOf(key));
    if (this.unapply(key)) await this.wal.commit(this.delLine(key));
  }

  /** A journal line (see WalEntry) around the record's JSON, serialised once for memory and journal. */
  private putLine(json: string): string {
    return `{"t":${JSON.stringify(this.layout.name)},"put":${json}}`;
  }

  private delLine(key: string): string {
    return JSON.stringify({ t: this.layout.name, del: key });
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
        file.data = this.layout.toBytes(this.recordsOf(name));
        await file.write();
        file.data = new Uint8Array(0);
      } catch (error) {
        for (const rest of names.slice(i)) this.changed.add(rest);
        throw error;
      }
    }
  }

  paths(): string[] {
    return [...new Set([...this.files.keys(), ...this.byFile.keys()])].map((n) => join(this.dir, n));
  }

  /** Keeps the record (serialised) and returns its JSON. */
  private apply(record: T): string {
    const key = this.layout.keyOf(record);
    const name = this.layout.fileOf(key);
    const json = JSON.stringify(record);
    this.recordsOf(name).set(key, encode(json));
    this.changed.add(name);
    return json;
  }

  private unapply(key: string): boolean {
    const name = this.layout.fileOf(key);
    const removed = this.byFile.get(name)?.delete(key) ?? false;
    if (removed) this.changed.add(name);
    return removed;
  }

  private recordsOf(name: string): Map<string, Uint8Array> {
    let records = this.byFile.get(name);
    if (!records) {
      records = new Map();
      this.byFile.set(name, records);
    }
    return records;
  }

  private fileFor(name: string): JsonFile<Uint8Array> {
    let file = this.files.get(name);
    if (!file) {
      file = JsonFile.ofBytes(join(this.dir, name));
      this.files.set(name, file);
    }
    return file;
  }
}
