import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { z } from "zod";
import { JsonFile, StorageError } from "./json-file.ts";
import { SnapshotReader } from "./snapshot-reader.ts";
import { delLine, putLine, type WalLine, type WriteAheadLog } from "./wal.ts";

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
  toBytes(records: Map<string, RecordJson>): SnapshotBytes;
}

/** How long a file loading in the background validates records before it lets other work run. */
const LOAD_SLICE_MS = 8;

export interface TableOptions<T> {
  /** Nothing is loaded by `open`: files load when asked for, or by `loadAll`. */
  lazy?: boolean;
  foreground?: ForegroundLoads;
  /**
   * Called with each record the table takes from disk: from a snapshot file
   * as it loads, or from the journal when replayed (not with a version older
   * than one already in memory). For an index of the records: building it
   * from `values()` once loaded meant decoding every record again (20,000
   * applications: a 180–270 ms pause while the bot was serving messages).
   */
  onRead?: (record: T) => void;
}

/** A record's JSON, as text or as UTF-8 bytes. */
type RecordJson = string | Uint8Array;

/** A snapshot file's bytes, and where in them each record's JSON lies. */
export interface SnapshotBytes {
  bytes: Uint8Array;
  spans: Map<string, OnDisk>;
}

/** A record's JSON as a byte range of its snapshot file. */
class OnDisk {
  constructor(
    readonly at: number,
    readonly length: number,
  ) {}
}

/**
 * Where a record is: its JSON in memory (changed since the last checkpoint,
 * or its file was not exactly as this code writes it), or in its snapshot file.
 */
type Stored = Uint8Array | OnDisk;

/** `{"<field>":{"<key>":<record>,…}}` from serialised records. */
export function keyedFile(field: string, records: Map<string, RecordJson>): SnapshotBytes {
  const parts: Part[] = [`{${JSON.stringify(field)}:{`];
  let first = true;
  for (const [key, json] of records) {
    parts.push(`${first ? "" : ","}${JSON.stringify(key)}:`, { key, json });
    first = false;
  }
  parts.push("}}");
  return joinParts(parts);
}

/** `{"<field>":[<record>,…]}` from serialised records. */
export function listFile(field: string, records: Map<string, RecordJson>): SnapshotBytes {
  const parts: Part[] = [`{${JSON.stringify(field)}:[`];
  let first = true;
  for (const [key, json] of records) {
    if (!first) parts.push(",");
    parts.push({ key, json });
    first = false;
  }
  parts.push("]}");
  return joinParts(parts);
}

/** Text of the file's frame, or a record. */
type Part = string | { key: string; json: RecordJson };

const byteLength = (json: RecordJson) => (typeof json === "string" ? Buffer.byteLength(json) : json.byteLength);

/** One buffer from the parts, allocated once (a checkpoint's temporary memory stays one file's size), with each record's span. */
function joinParts(parts: Part[]): SnapshotBytes {
  let length = 0;
  for (const part of parts) length += byteLength(typeof part === "string" ? part : part.json);
  const bytes = Buffer.allocUnsafeSlow(length);
  const spans = new Map<string, OnDisk>();
  let at = 0;
  const put = (json: RecordJson) => {
    if (typeof json === "string") return bytes.write(json, at);
    bytes.set(json, at);
    return json.byteLength;
  };
  for (const part of parts) {
    if (typeof part === "string") {
      at += put(part);
      continue;
    }
    const n = put(part.json);
    spans.set(part.key, new OnDisk(at, n));
    at += n;
  }
  return { bytes, spans };
}

/**
 * A changed record's JSON as UTF-8 bytes in a buffer of its own: outside the
 * V8 heap, and about half the size of the same text as a string of
 * Vietnamese. Not from Buffer's shared pool, where one long-lived record
 * would keep a whole 8 KB slab of replaced ones alive.
 */
function encode(json: string): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
  bytes.write(json);
  return bytes;
}

function decode<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as T;
}

/** Equal as JSON values, the order of object keys aside (zod returns an object's keys in the schema's order). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => sameJson(value, b[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * The snapshot files being loaded because a message needs them now, shared by
 * the tables of a store: loading in the background waits for them, so that a
 * message is not held up behind files nobody asked for yet (at start-up with
 * a large store, the first reply waited 150 ms behind application files).
 */
export class ForegroundLoads {
  private readonly inFlight = new Set<Promise<void>>();

  /** @param sliceMs how long a file loading in the background validates records before it gives way (tests set 0: after every record). */
  constructor(readonly sliceMs = LOAD_SLICE_MS) {}

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
 * One kind of record (sessions, applications…), stored as lowdb snapshot
 * files plus lines in the shared write-ahead journal. Only the keys stay in
 * memory: a record unchanged since the last checkpoint is read from its
 * snapshot file when asked for (each read returns a fresh object, a change is
 * a `put`), so memory does not grow with the number of users (measured on the
 * large store: the records in memory were 70 MB of buffers, and as much again
 * in the allocator's fragments).
 *
 * A change is applied in memory (see `encode`) and journaled: `put`/`remove`
 * within the journal's flush delay, `putNow`/`removeNow` before they resolve.
 * The snapshot files it touched are marked, and rewritten at the next
 * checkpoint (`writeChanged`), after which their records are read from disk again.
 */
export class Table<T, F> {
  private readonly byFile = new Map<string, Map<string, Stored>>();
  private readonly files = new Map<string, JsonFile<Uint8Array>>();
  /** The open snapshot file of each file name that records point into. */
  private readonly readers = new Map<string, SnapshotReader>();
  private readonly changed = new Set<string>();
  private closed = false;
  /** Snapshot files on disk, each loaded (or being loaded) once. */
  private readonly loads = new Map<string, Promise<void>>();
  /** Files a message is waiting for: their loading does not give way (see `giveWay`). */
  private readonly urgent = new Set<string>();
  private readonly onDisk: string[];

  private constructor(
    private readonly dir: string,
    private readonly layout: TableLayout<T, F>,
    private readonly wal: WriteAheadLog,
    names: string[],
    private readonly foreground: ForegroundLoads,
    private readonly onRead: (record: T) => void,
  ) {
    this.onDisk = names;
  }

  /**
   * Opens the table. Eager (the default): every snapshot file is loaded and
   * validated, one after another, before this resolves. Lazy: nothing is read
   * yet; a file is loaded when one of its keys is fetched, or by `loadAll`.
   */
  static async open<T, F>(dir: string, layout: TableLayout<T, F>, wal: WriteAheadLog, options: TableOptions<T> = {}): Promise<Table<T, F>> {
    const names = (await readdir(dir)).filter((n) => layout.isFile(n)).sort();
    const table = new Table(dir, layout, wal, names, options.foreground ?? new ForegroundLoads(), options.onRead ?? (() => {}));
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
    // A file already loading in the background stops giving way (it is not tracked: it would wait for itself).
    const loading = this.loads.has(name);
    this.urgent.add(name);
    if (!loading) this.foreground.track(this.load(name));
    await this.load(name);
    return this.get(key);
  }

  /** Loads one snapshot file (validated); records changed in memory before it was loaded are newer and kept. */
  private load(name: string): Promise<void> {
    let loading = this.loads.get(name);
    if (!loading) {
      loading = (async () => {
        if (this.onDisk.includes(name)) await this.loadFile(name);
        this.fileFor(name);
      })();
      this.loads.set(name, loading);
    }
    return loading;
  }

  private async loadFile(name: string): Promise<void> {
    const path = join(this.dir, name);
    // Read through the descriptor the records will be read from, so that both see the same file.
    const reader = SnapshotReader.open(path);
    try {
      const found = await this.recordsIn(name, path, await reader.readAll());
      const records = this.recordsOf(name);
      let kept = false;
      for (const [key, { stored, record }] of found.records) {
        if (records.has(key)) continue;
        records.set(key, stored);
        this.onRead(record);
        kept ||= stored instanceof OnDisk;
      }
      if (found.rewrite) this.changed.add(name);
      if (kept) this.readers.set(name, reader);
      else reader.close();
    } catch (error) {
      reader.close();
      throw error;
    }
  }

  /**
   * The records of a snapshot file, each validated. They stay on disk if the
   * file is exactly what `toBytes` would write from them (the offsets are then
   * known) and validation changed nothing (no default filled in, no unknown
   * field dropped); otherwise they are kept in memory as validated, and the
   * file is rewritten at the next checkpoint (a file edited by hand, or
   * written by an older version).
   */
  private async recordsIn(name: string, path: string, bytes: Buffer): Promise<{ records: Map<string, { stored: Stored; record: T }>; rewrite: boolean }> {
    const file = JsonFile.fromText(path, bytes.toString("utf8"), this.layout.container, this.layout.empty());
    const entries = new Map<string, { record: T; json: string; unchanged: boolean }>();
    let sliceStarted = performance.now();
    for (const [at, raw] of this.layout.entriesIn(file.data)) {
      const record = this.validRecord(path, at, raw);
      const key = this.layout.keyOf(record);
      if (!entries.has(key)) entries.set(key, { record, json: JSON.stringify(raw), unchanged: sameJson(record, raw) });
      if (performance.now() - sliceStarted >= this.foreground.sliceMs) {
        await this.giveWay(name);
        sliceStarted = performance.now();
      }
    }
    const expected = this.layout.toBytes(new Map([...entries].map(([key, e]) => [key, e.json])));
    const asWritten = Buffer.from(expected.bytes.buffer, expected.bytes.byteOffset, expected.bytes.byteLength).equals(bytes);
    const records = new Map<string, { stored: Stored; record: T }>();
    let rewrite = !asWritten;
    for (const [key, e] of entries) {
      const span = expected.spans.get(key);
      if (asWritten && e.unchanged && span) records.set(key, { stored: span, record: e.record });
      else {
        records.set(key, { stored: encode(JSON.stringify(e.record)), record: e.record });
        rewrite = true;
      }
    }
    return { records, rewrite };
  }

  /**
   * Between slices of a file loading in the background: lets messages in, and
   * waits while files they need load. A shard takes 50–140 ms to validate
   * (JIT still cold at start-up); done in one go, a message arriving meanwhile
   * waited for it and then for its own shard (302 ms, bench/startup.ts).
   */
  private async giveWay(name: string): Promise<void> {
    if (this.urgent.has(name)) return;
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.urgent.has(name)) await this.foreground.idle();
  }

  /** A record of a file, validated; a bad one stops start-up with its path in the file. */
  private validRecord(path: string, at: (string | number)[], raw: unknown): T {
    const parsed = this.layout.record.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StorageError(path, `sai cấu trúc tại ${[...at, ...(issue?.path ?? [])].join(".")}: ${issue?.message}`);
    }
    return parsed.data;
  }

  get name(): string {
    return this.layout.name;
  }

  /** The record of `key` if its file is loaded (always, in an eager table); see `fetch`. */
  get(key: string): T | undefined {
    const name = this.layout.fileOf(key);
    const stored = this.byFile.get(name)?.get(key);
    return stored && decode<T>(this.bytesOf(name, stored));
  }

  /** Every record, each snapshot file read once. */
  *values(): Iterable<T> {
    for (const name of this.byFile.keys()) {
      for (const bytes of this.jsonOf(name, this.recordsOf(name)).values()) yield decode<T>(bytes);
    }
  }

  count(): number {
    let n = 0;
    for (const records of this.byFile.values()) n += records.size;
    return n;
  }

  /** Records held in memory (changed since the last checkpoint), not read from their snapshot file: for tests and the benchmark. */
  countInMemory(): number {
    let n = 0;
    for (const records of this.byFile.values()) for (const stored of records.values()) if (!(stored instanceof OnDisk)) n++;
    return n;
  }

  put(record: T): void {
    this.wal.record(this.journalPut(record));
  }

  putNow(record: T): Promise<void> {
    return this.wal.commit(this.journalPut(record));
  }

  /** Removes a key of a loaded file (every file of an eager table), journaled within the flush delay. */
  remove(key: string): void {
    if (this.unapply(key)) this.wal.record(delLine(this.layout.name, key));
  }

  async removeNow(key: string): Promise<void> {
    await this.load(this.layout.fileOf(key));
    if (this.unapply(key)) await this.wal.commit(delLine(this.layout.name, key));
  }

  /** Applies the record and returns its journal line, the record serialised once for memory and journal. */
  private journalPut(record: T): string {
    const { key, json } = this.apply(record);
    return putLine(this.layout.name, key, json);
  }

  /**
   * Applies the journal left by the last run. Each line holds a whole
   * record, so only the last change of each key counts: only it is validated
   * (a bad one stops start-up, naming the journal and the line) and applied.
   * A put goes into memory without loading its snapshot file, which keeps it
   * when it loads (it is newer); only files with a deletion are loaded first.
   * After a crash the journal can be as large as the data: replaying every
   * line, and loading every file it touched before the first reply, took 9 s
   * on the large store.
   */
  async replay(lines: WalLine[]): Promise<void> {
    const changes = [...this.lastChanges(lines)].map((line): { del: string } | { put: T } => ("del" in line.entry ? { del: line.entry.del } : { put: this.validPut(line) }));
    for (const change of changes) if ("del" in change) await this.load(this.layout.fileOf(change.del));
    for (const change of changes) {
      if ("del" in change) this.unapply(change.del);
      else {
        this.apply(change.put);
        this.onRead(change.put);
      }
    }
  }

  /** The last line of each key, in the order of those last lines. */
  private lastChanges(lines: WalLine[]): Iterable<WalLine> {
    const last = new Map<string, WalLine>();
    for (const line of lines) {
      const { entry } = line;
      let key: unknown;
      try {
        key = "del" in entry ? entry.del : this.layout.keyOf(entry.put as T);
      } catch {
        key = undefined;
      }
      if (typeof key !== "string") {
        // No key to find it by: a damaged record, reported as such.
        this.validPut(line);
        throw new StorageError(line.file, `dòng ${line.line} (${this.layout.name}) không có khoá`);
      }
      // The key written beside the record must be its own: lines were told apart by it (see WriteAheadLog.readAll).
      if ("k" in entry && entry.k !== undefined && entry.k !== key) throw new StorageError(line.file, `dòng ${line.line} (${this.layout.name}) ghi khoá "${entry.k}" nhưng bản ghi có khoá "${key}"`);
      last.delete(key);
      last.set(key, line);
    }
    return last.values();
  }

  private validPut(line: WalLine): T {
    const parsed = this.layout.record.safeParse((line.entry as { put: unknown }).put);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StorageError(line.file, `dòng ${line.line} (${this.layout.name}) sai cấu trúc tại ${issue?.path.join(".") || "gốc"}: ${issue?.message}`);
    }
    return parsed.data;
  }

  /** Whether a checkpoint has files of this table to write. */
  hasChanges(): boolean {
    return this.changed.size > 0;
  }

  /**
   * Rewrites every snapshot file changed since the last checkpoint, then
   * points its records at the new file: those changed while it was being
   * written stay in memory. A file that fails stays marked.
   */
  async writeChanged(): Promise<void> {
    const names = [...this.changed];
    this.changed.clear();
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      try {
        await this.load(name);
        const written = new Map(this.recordsOf(name));
        const snapshot = this.layout.toBytes(this.jsonOf(name, written));
        const file = this.fileFor(name);
        file.data = snapshot.bytes;
        await file.write();
        file.data = new Uint8Array(0);
        this.pointAt(name, written, snapshot.spans);
      } catch (error) {
        for (const rest of names.slice(i)) this.changed.add(rest);
        throw error;
      }
    }
  }

  /** Moves the records written to a new snapshot file onto it, unless they changed meanwhile, and reads from it from now on. */
  private pointAt(name: string, written: Map<string, Stored>, spans: Map<string, OnDisk>): void {
    const reader = SnapshotReader.open(join(this.dir, name));
    const records = this.recordsOf(name);
    for (const [key, stored] of written) {
      const span = spans.get(key);
      if (span && records.get(key) === stored) records.set(key, span);
    }
    this.readers.get(name)?.close();
    this.readers.set(name, reader);
  }

  /** Closes the snapshot files; the table is not read after this. */
  close(): void {
    for (const reader of this.readers.values()) reader.close();
    this.readers.clear();
    this.closed = true;
  }

  paths(): string[] {
    return [...new Set([...this.files.keys(), ...this.byFile.keys()])].map((n) => join(this.dir, n));
  }

  /** A record's JSON, read from its snapshot file if it is not in memory. */
  private bytesOf(name: string, stored: Stored): Uint8Array {
    if (!(stored instanceof OnDisk)) return stored;
    return this.readerOf(name).read(stored.at, stored.length);
  }

  /** The JSON of some records of one file, the snapshot file read once (not once per record) if any is on disk. */
  private jsonOf(name: string, records: Map<string, Stored>): Map<string, Uint8Array> {
    let file: Buffer | undefined;
    const out = new Map<string, Uint8Array>();
    for (const [key, stored] of records) {
      if (stored instanceof OnDisk) {
        file ??= this.readerOf(name).readAllNow();
        out.set(key, file.subarray(stored.at, stored.at + stored.length));
      } else out.set(key, stored);
    }
    return out;
  }

  private readerOf(name: string): SnapshotReader {
    const reader = this.readers.get(name);
    if (!reader) throw new Error(this.closed ? `${this.layout.name}: read after the store was closed` : `${this.layout.name}: ${name} has records on disk but is not open`);
    return reader;
  }

  /** Keeps the record (serialised) and returns its key and JSON. */
  private apply(record: T): { key: string; json: string } {
    const key = this.layout.keyOf(record);
    const name = this.layout.fileOf(key);
    const json = JSON.stringify(record);
    this.recordsOf(name).set(key, encode(json));
    this.changed.add(name);
    return { key, json };
  }

  private unapply(key: string): boolean {
    const name = this.layout.fileOf(key);
    const removed = this.byFile.get(name)?.delete(key) ?? false;
    if (removed) this.changed.add(name);
    return removed;
  }

  private recordsOf(name: string): Map<string, Stored> {
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
