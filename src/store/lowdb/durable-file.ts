import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Adapter } from "lowdb";
import type { z } from "zod";
import { StorageError } from "../../domain/storage.ts";
import { describeIssue, describeJsonError } from "../../domain/safe-detail.ts";
import { diskThread } from "./disk-thread.ts";

/** The previous good content of a data file, kept beside it. */
export function previousCopy(path: string): string {
  return `${path}.prev`;
}

/**
 * A lowdb adapter that makes a write durable: the new content goes to a temp
 * file, is fsync'd, the old file is kept as `<file>.prev` (a hard link, no copy),
 * the temp file is renamed over the file and the directory is fsync'd. lowdb's
 * own JSONFile (steno) renames without fsync, so a power cut could leave a
 * zero-filled file.
 *
 * Reading validates with zod: anything unparseable (zero bytes, a cut-off or
 * zero-filled file) or off-schema is a StorageError naming the file, and the
 * file is never written over until an operator has dealt with it.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return parseDataFile(this.path, text, this.schema);
  }

  async write(data: T): Promise<void> {
    await this.install(await this.prepare(data));
  }

  /**
   * Writes the new content beside the file, to the page cache (a fraction of
   * a millisecond, like the JSON.stringify before it); `install` makes it
   * durable and puts it in place, or `syncTemps` makes several durable first.
   */
  async prepare(data: T): Promise<string> {
    const temp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(4).toString("hex")}.tmp`);
    writeFileSync(temp, JSON.stringify(data), { mode: 0o600 });
    return temp;
  }

  /**
   * Replaces the file with a prepared temp file (fsync'd first unless
   * `tempSynced`), keeping the old one as `.prev` (or none, for a deletion on
   * request). One step on the disk thread.
   */
  async install(temp: string, options: { keepPrevious?: boolean; syncDirectory?: boolean; tempSynced?: boolean } = {}): Promise<void> {
    await diskThread.run({
      op: "replace",
      path: this.path,
      temp,
      previous: previousCopy(this.path),
      keepPrevious: options.keepPrevious !== false,
      syncTemp: options.tempSynced !== true,
      // Several files committed together sync each folder once, after the last rename.
      syncDirectory: options.syncDirectory === false ? undefined : dirname(this.path),
    });
  }
}

/** Parses and validates a data file's text, or throws a StorageError naming it. */
export function parseDataFile<T>(path: string, text: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    if (text.length === 0) throw new Error("tệp rỗng (0 byte)");
    if (text.charCodeAt(0) === 0) throw new Error("tệp toàn byte 0 (thường do mất điện khi đang ghi)");
    raw = JSON.parse(text);
  } catch (error) {
    throw new StorageError(path, `không đọc được JSON: ${describeJsonError(error)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StorageError(path, describeIssue(parsed.error));
  return parsed.data;
}

/** Makes prepared temp files durable, side by side (a commit marker may name them only then). */
export function syncTemps(temps: string[]): Promise<void> {
  return diskThread.run({ op: "syncFiles", paths: temps });
}

/** Removes a file and makes the removal durable. */
export function removeDurably(path: string): Promise<void> {
  return diskThread.run({ op: "remove", path, syncDirectory: dirname(path) });
}

/** Makes a rename or unlink in `dir` durable (on the disk thread: it waits for the disk). */
export function syncDirectory(dir: string): Promise<void> {
  return diskThread.run({ op: "syncDirectory", dir });
}
