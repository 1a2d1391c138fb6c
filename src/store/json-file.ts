import { copyFile, readFile, rename } from "node:fs/promises";
import { existsSync } from "node:fs";
import { Low } from "lowdb";
import { DataFile } from "lowdb/node";
import type { z } from "zod";

/** A data file that cannot be read: start-up stops with this, naming the file; the file is left untouched. */
export class StorageError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Tệp dữ liệu ${file} bị hỏng: ${problem}. Tệp được giữ nguyên; bản sao tốt gần nhất (nếu có) là ${file}.bak.`);
    this.name = "StorageError";
  }
}

/**
 * One lowdb file, validated by zod on load, written atomically (lowdb writes
 * through steno: temp file + rename) as compact JSON.
 *
 * `scheduleWrite` coalesces a burst of changes into one write; `write` is for
 * data that must be on disk before the user is told (submissions). Before a
 * write replaces a file, the previous good content is kept as `.bak` at most
 * once per `backupEveryMs`, so a damaged file can be recovered by hand.
 */
export class JsonFile<T> {
  private readonly db: Low<T>;
  private timer: NodeJS.Timeout | undefined;
  /** The chain of writes, one at a time; never rejects, so one failed write does not stop the later ones. */
  private writing: Promise<void> = Promise.resolve();
  /** The latest write queued; flush reports its failure. */
  private last: Promise<void> = Promise.resolve();
  /** A queued write that has not read the data yet: a write asked for meanwhile joins it. */
  private pending: Promise<void> | undefined;
  private dirty = false;
  private lastBackup = 0;

  private constructor(
    readonly path: string,
    fallback: T,
    private readonly options: { backupEveryMs: number },
    serialize: (data: T) => string | Uint8Array = (d) => JSON.stringify(d),
  ) {
    // lowdb hands the serialised data to steno, which writes strings and bytes alike (fs.writeFile).
    this.db = new Low<T>(new DataFile<T>(path, { parse: JSON.parse, stringify: serialize as (data: T) => string }), fallback);
  }

  /**
   * A file whose data is its JSON text already encoded (a table's snapshot,
   * built from records kept serialised): written as it is, atomically and with
   * its .bak like any other.
   */
  static ofBytes(path: string): JsonFile<Uint8Array> {
    return new JsonFile<Uint8Array>(path, new Uint8Array(0), { backupEveryMs: 60_000 }, (bytes) => bytes);
  }

  /** Opens and validates a file; a missing file starts from `fallback`. */
  static async open<S extends z.ZodType>(
    path: string,
    schema: S,
    fallback: z.infer<S>,
    options: { backupEveryMs?: number } = {},
  ): Promise<JsonFile<z.infer<S>>> {
    return JsonFile.fromText(path, existsSync(path) ? (await readFile(path)).toString("utf8") : undefined, schema, fallback, options);
  }

  /** Validates a file's text already read (undefined: the file does not exist and starts from `fallback`). */
  static fromText<S extends z.ZodType>(
    path: string,
    text: string | undefined,
    schema: S,
    fallback: z.infer<S>,
    options: { backupEveryMs?: number } = {},
  ): JsonFile<z.infer<S>> {
    const file = new JsonFile<z.infer<S>>(path, fallback, { backupEveryMs: options.backupEveryMs ?? 60_000 });
    if (text === undefined) return file;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new StorageError(path, `không phải JSON hợp lệ (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StorageError(path, `sai cấu trúc tại ${issue?.path.join(".") || "gốc"}: ${issue?.message}`);
    }
    file.db.data = parsed.data;
    return file;
  }

  get data(): T {
    return this.db.data;
  }

  set data(value: T) {
    this.db.data = value;
  }

  /**
   * Writes now and resolves when the file is on disk with every change made
   * before the call (after any write in progress). Calls made while a write is
   * waiting for the one in progress share it (group commit): it reads the data
   * only when it starts, so it carries their changes too.
   */
  write(): Promise<void> {
    this.cancelTimer();
    this.dirty = false;
    if (this.pending) return this.pending;
    const run = this.writing.then(() => {
      this.pending = undefined;
      return this.writeNow();
    });
    this.pending = run;
    this.last = run;
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Marks the data changed; one write happens `delayMs` later for the whole burst. */
  scheduleWrite(delayMs: number): void {
    this.dirty = true;
    if (delayMs <= 0) {
      void this.write();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) void this.write();
    }, delayMs);
  }

  /** Writes pending changes, if any, and waits for all writes. */
  async flush(): Promise<void> {
    if (this.dirty) await this.write();
    await this.last;
  }

  private async writeNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastBackup >= this.options.backupEveryMs && existsSync(this.path)) {
      this.lastBackup = now;
      // Copied under a temporary name and renamed, so a crash mid-copy never leaves a half-written .bak.
      await copyFile(this.path, `${this.path}.bak.tmp`)
        .then(() => rename(`${this.path}.bak.tmp`, `${this.path}.bak`))
        .catch(() => undefined);
    }
    await this.db.write();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
