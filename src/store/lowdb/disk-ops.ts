import { link, open, rename, unlink } from "node:fs/promises";

/**
 * The file system steps of a durable write that wait for the disk, as plain
 * data so that they can run on the disk thread (disk-thread.ts) or, where no
 * thread can start, here.
 */
export type DiskOp =
  /** A file just written (to the page cache) made durable: the temp file holding a data file's new content. */
  | { op: "syncFile"; path: string }
  /** The temp file renamed over the data file, the old one kept as `previous` (a hard link) unless dropped; the folder synced if asked. */
  | { op: "replace"; path: string; temp: string; previous: string; keepPrevious: boolean; syncDirectory?: string }
  /** A rename or unlink in `dir` made durable. */
  | { op: "syncDirectory"; dir: string };

export async function runDiskOp(op: DiskOp): Promise<void> {
  switch (op.op) {
    case "syncFile":
      return syncPath(op.path);
    case "replace":
      await unlink(op.previous).catch(ignoreMissing);
      if (op.keepPrevious) await link(op.path, op.previous).catch(ignoreMissing);
      await rename(op.temp, op.path);
      if (op.syncDirectory !== undefined) await syncPath(op.syncDirectory);
      return;
    case "syncDirectory":
      return syncPath(op.dir);
  }
}

/** fsync of a file or a folder (Linux syncs through a read-only descriptor too). */
async function syncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
