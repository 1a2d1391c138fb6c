import { closeSync, fstatSync, openSync, readFile, readSync } from "node:fs";
import { promisify } from "node:util";

const readWhole = promisify(readFile);

/**
 * An open snapshot file that records point into (see Table). It is opened
 * when records are pointed at it and closed when they are pointed elsewhere:
 * a checkpoint replaces the file on disk by renaming a new one over it, and
 * until the records are moved to the new offsets this descriptor still reads
 * the old file, the very bytes their offsets were taken from.
 */
export class SnapshotReader {
  private constructor(private readonly fd: number) {}

  static open(path: string): SnapshotReader {
    return new SnapshotReader(openSync(path, "r"));
  }

  /** The whole file, read without blocking (loading in the background). */
  async readAll(): Promise<Buffer> {
    return readWhole(this.fd);
  }

  /** The whole file, at once (a listing of every record). */
  readAllNow(): Buffer {
    return this.read(0, fstatSync(this.fd).size);
  }

  /** `length` bytes at `at`: one record, from the OS page cache once read. */
  read(at: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, at + done);
      if (n === 0) throw new Error(`snapshot file ended at byte ${at + done} of a record ending at ${at + length}`);
      done += n;
    }
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}
