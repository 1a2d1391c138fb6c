import { randomBytes } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Another live process holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`Thư mục dữ liệu ${dir} đang được một tiến trình khác sử dụng (PID ${pid}). Hãy dừng tiến trình đó trước, hoặc đặt DATA_DIR khác.`);
    this.name = "DataDirLockedError";
  }
}

interface LockOwner {
  pid: number;
  /** The process's start time (clock ticks since boot, /proc/<pid>/stat field 22): a reused PID has another. */
  start: string;
}

export const LOCK_FILE = ".lock";

/**
 * Takes `DATA_DIR/.lock` for this process: one writer per data folder.
 *
 * Taking is an atomic create: the content is written to a file of our own
 * first and hard-linked into place (link fails if the lock exists), so a lock
 * is never seen half-written. A lock whose process is gone, or whose
 * PID now belongs to a process started at another time, is stale: it is moved
 * aside by rename (only one contender's rename can succeed), and the moved
 * file is checked to be the very one judged stale (same inode) before it is
 * dropped; a fresh lock moved by mistake is linked back.
 */
export function lockDataDir(dir: string): { release: () => void } {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, start: processStart(process.pid) ?? "" };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createWithContent(path, JSON.stringify(me))) return { release: () => releaseIfMine(path, me) };
    const seen = readLock(path);
    if (!seen) continue; // gone meanwhile: try again
    if (isLive(seen.owner)) throw new DataDirLockedError(dir, seen.owner.pid);
    takeOverStale(path, seen);
  }
  throw new Error(`Không lấy được khoá ${path}`);
}

/** The live process holding `dir`, if any (the officer CLI asks before handing a change to it). */
export function lockHolder(dir: string): number | undefined {
  const seen = readLock(join(dir, LOCK_FILE));
  return seen && isLive(seen.owner) ? seen.owner.pid : undefined;
}

/** Links a fully written file to `path`; false if `path` exists. */
function createWithContent(path: string, content: string): boolean {
  const own = `${path}.${randomBytes(4).toString("hex")}.new`;
  const fd = openSync(own, "wx", 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(own, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    unlinkSync(own);
  }
}

function readLock(path: string): { owner: LockOwner; ino: number; text: string } | undefined {
  try {
    const ino = statSync(path).ino;
    const text = readFileSync(path, "utf8");
    let owner: LockOwner;
    try {
      const parsed = JSON.parse(text) as Partial<LockOwner>;
      owner = { pid: Number(parsed.pid), start: String(parsed.start ?? "") };
    } catch {
      // A lock of the old format holds the PID alone; a half-written one holds nothing yet.
      owner = { pid: Number(text.trim()), start: "" };
    }
    return { owner, ino, text };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * An inode number alone does not identify the stale file: once a contender
 * has dropped it, the number is free and the next lock created (by that
 * contender) may get it again. So the moved file must also hold the very
 * content judged stale (a live owner's PID and start time differ from it).
 */
function takeOverStale(path: string, stale: { ino: number; text: string }): void {
  const aside = `${path}.${randomBytes(4).toString("hex")}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // another process moved it first
    throw error;
  }
  if (statSync(aside).ino === stale.ino && readFileSync(aside, "utf8") === stale.text) {
    unlinkSync(aside);
    return;
  }
  // Between our read and our rename another process took the lock: give it back.
  try {
    linkSync(aside, path);
  } finally {
    unlinkSync(aside);
  }
}

function isLive(owner: LockOwner): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) {
    return false;
  }
  if (owner.pid === process.pid) return owner.start === (processStart(process.pid) ?? "");
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStart(owner.pid);
  // Where /proc is missing, a live PID counts as the owner.
  return start === undefined || owner.start === "" || start === owner.start;
}

/** Field 22 of /proc/<pid>/stat (start time), or undefined where /proc is missing. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function releaseIfMine(path: string, me: LockOwner): void {
  const seen = readLock(path);
  if (seen && seen.owner.pid === me.pid && seen.owner.start === me.start) unlinkSync(path);
}
