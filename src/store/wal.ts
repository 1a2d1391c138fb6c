import { appendFileSync, closeSync, existsSync, openSync, renameSync } from "node:fs";
import { readFile, rm, truncate } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { StorageError } from "./json-file.ts";

export const WAL_FILE = "journal.jsonl";
export const OLD_WAL_FILE = "journal.old.jsonl";

/**
 * One change, as one line of the journal: a whole record put into a table
 * (with its key, `k`, written first), or a key removed from it. Lines written
 * before `k` existed have none and are still read.
 */
const entrySchema = z.union([
  z.object({ t: z.string(), k: z.string().optional(), put: z.unknown() }).refine((e) => e.put !== undefined, { message: "put trống" }),
  z.object({ t: z.string(), del: z.string() }),
]);
export type WalEntry = { t: string; k?: string; put: unknown } | { t: string; del: string };

/** The journal line of a record put into `table`, around its JSON (already serialised). */
export function putLine(table: string, key: string, json: string): string {
  return `{"t":${JSON.stringify(table)},"k":${JSON.stringify(key)},"put":${json}}`;
}

export function delLine(table: string, key: string): string {
  return `{"t":${JSON.stringify(table)},"del":${JSON.stringify(key)}}`;
}

/** Where a journal line came from, so that a bad record is reported by file and line. */
export interface WalLine {
  entry: WalEntry;
  file: string;
  line: number;
}

/**
 * The write-ahead journal shared by every table of the store.
 *
 * Every change is appended as one JSON line: `commit` before it resolves,
 * `record` within `flushMs` (one append for a burst). So a message costs the
 * size of its own records, never the rewrite of a data file. The snapshot
 * files are rewritten only at checkpoints (see Store): the journal is set
 * aside (`rotate`), the tables write their changed files, and the old journal
 * is deleted (`dropOld`).
 *
 * Appends are synchronous: a line of a few hundred bytes reaches the OS in
 * microseconds, while an asynchronous append waited for a turn of a busy
 * event loop (the benchmark measured a median of 8 ms per form answer and
 * 41 ms per submission, which commits three records). A commit also carries
 * every line recorded before it, in order.
 */
export class WriteAheadLog {
  private lines: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private fd: number | undefined;
  private bytes = 0;

  constructor(
    private readonly dir: string,
    private readonly flushMs: number,
    /** Called (once per crossing) when the journal grows past `limitBytes`. */
    private readonly onFull: () => void,
    /** Set by the store after each checkpoint (see Store). */
    public limitBytes: number,
  ) {}

  get path(): string {
    return join(this.dir, WAL_FILE);
  }

  /**
   * The lines of the journals left by the last run that still count, the
   * set-aside journal first. A last line without its newline was being
   * appended when the process died and was never acknowledged: it is cut off
   * the file, so that the next append does not land after half a line.
   *
   * Each line holds a whole record, so a line followed by another of the same
   * table and key counts for nothing: it is skipped unread, told apart by the
   * table and key at its start, as `putLine` and `delLine` write them. After a
   * crash nine lines in ten were such (a session is written at every step),
   * and decoding and parsing them all held up the first reply (3.7 s for the
   * benchmark's 80 MB journal). Lines not starting so are all read.
   */
  static async readAll(dir: string): Promise<WalLine[]> {
    const spans: LineSpan[] = [];
    for (const name of [OLD_WAL_FILE, WAL_FILE]) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      const bytes = await readFile(path);
      const end = bytes.lastIndexOf(0x0a) + 1;
      if (end < bytes.length) await truncate(path, end);
      // One by one: spreading them into push() overflows the stack past about 500,000 lines.
      for (const span of lineSpans(path, bytes.subarray(0, end))) spans.push(span);
    }
    const lastOfKey = new Map<string, LineSpan>();
    for (const span of spans) if (span.key !== undefined) lastOfKey.set(span.key, span);
    return spans.filter((span) => span.key === undefined || lastOfKey.get(span.key) === span).map(parseLine);
  }

  /** Appends a line (a serialised WalEntry) within flushMs; for changes the user has not been promised are on disk. */
  record(line: string): void {
    this.lines.push(line);
    if (this.flushMs <= 0) {
      this.tryAppend();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.tryAppend();
    }, this.flushMs);
  }

  /** Appends now (with every line recorded before it) and resolves once it is in the journal. */
  commit(line: string): Promise<void> {
    this.lines.push(line);
    try {
      this.append();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Appends every buffered line. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.append();
  }

  /**
   * Starts a new journal: the current one becomes the old one, to be deleted
   * once the snapshots hold its changes. If an old journal is still there (a
   * checkpoint failed or was cut short), the current one is kept growing:
   * replaying it over newer snapshots is harmless, each line holds a whole record.
   */
  async rotate(): Promise<void> {
    if (existsSync(join(this.dir, OLD_WAL_FILE))) return;
    this.closeFile();
    this.bytes = 0;
    if (existsSync(this.path)) renameSync(this.path, join(this.dir, OLD_WAL_FILE));
  }

  async dropOld(): Promise<void> {
    await rm(join(this.dir, OLD_WAL_FILE), { force: true });
  }

  async close(): Promise<void> {
    await this.flush();
    this.closeFile();
  }

  /** A failed coalesced append is retried with the next one: the lines stay buffered. */
  private tryAppend(): void {
    try {
      this.append();
    } catch {
      /* retried with the next append */
    }
  }

  /** Appends every line buffered so far; on failure the lines stay buffered for the next append. */
  private append(): void {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join("\n")}\n`;
    this.fd ??= openSync(this.path, "a", 0o600);
    appendFileSync(this.fd, text, "utf8");
    this.lines = [];
    const before = this.bytes;
    this.bytes += text.length;
    if (before < this.limitBytes && this.bytes >= this.limitBytes) this.onFull();
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A line of a journal, not decoded yet, with its table and key when its start gives them. */
interface LineSpan {
  file: string;
  bytes: Buffer;
  line: number;
  key: string | undefined;
}

/** The non-blank lines of a journal (complete lines only). */
function* lineSpans(file: string, bytes: Buffer): Iterable<LineSpan> {
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const text = bytes.subarray(start, end);
    start = end + 1;
    if (isBlank(text)) continue;
    yield { file, bytes: text, line, key: tableAndKey(text) };
  }
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LINE_START = Buffer.from('{"t":"');
const KEY_FIELDS = [Buffer.from('","k":"'), Buffer.from('","del":"')];

/**
 * `table` and `key` (joined by a newline) of a line as `putLine` and
 * `delLine` write it, read off its first bytes; undefined for any other line
 * (written before `k`, edited by hand, or a string with an escape in it).
 * Only compared with each other: the bytes stand for themselves (latin1).
 */
function tableAndKey(line: Buffer): string | undefined {
  if (!startsWith(line, LINE_START, 0)) return undefined;
  const tableEnd = plainStringEnd(line, LINE_START.length);
  if (tableEnd < 0) return undefined;
  const field = KEY_FIELDS.find((f) => startsWith(line, f, tableEnd));
  if (!field) return undefined;
  const keyStart = tableEnd + field.length;
  const keyEnd = plainStringEnd(line, keyStart);
  if (keyEnd < 0) return undefined;
  return `${line.toString("latin1", LINE_START.length, tableEnd)}\n${line.toString("latin1", keyStart, keyEnd)}`;
}

function startsWith(line: Buffer, prefix: Buffer, at: number): boolean {
  return line.length >= at + prefix.length && line.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

/** Where a JSON string's closing quote is, if no escape comes before it; -1 otherwise. */
function plainStringEnd(line: Buffer, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === QUOTE) return i;
    if (line[i] === BACKSLASH) return -1;
  }
  return -1;
}

/**
 * A journal line decoded, parsed and checked. Each line is decoded on its
 * own: decoding a whole journal of Vietnamese text into one string took four
 * times as long (measured on 52 MB: 389 against 114 ms).
 */
function parseLine(span: LineSpan): WalLine {
  let raw: unknown;
  try {
    raw = JSON.parse(span.bytes.toString("utf8"));
  } catch (error) {
    throw new StorageError(span.file, `dòng ${span.line} không phải JSON hợp lệ (${(error as Error).message})`);
  }
  const parsed = entrySchema.safeParse(raw);
  if (!parsed.success) throw new StorageError(span.file, `dòng ${span.line} không phải một thay đổi hợp lệ`);
  return { entry: parsed.data as WalEntry, file: span.file, line: span.line };
}
