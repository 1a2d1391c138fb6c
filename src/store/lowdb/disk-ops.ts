import { link, open, rename, unlink } from "node:fs/promises";

/**
 * The file system steps of a durable write that wait for the disk, as plain
 * data so that they can run on the disk thread (disk-thread.ts) or, where no
 * thread can start, here.
 */
export type DiskOp =
  /** Files just written (to the page cache) made durable, side by side: the temp files holding data files' new content. */
  | { op: "syncFiles"; paths: string[] }
  /**
   * The temp file made durable unless it already is (`syncTemp`), then renamed
   * over the data file, the old one kept as `previous` (a hard link) unless
   * dropped; the folder synced if asked. One step, so that an acknowledged
   * write waits for one message back from the disk thread, not three.
   */
  | { op: "replace"; path: string; temp: string; previous: string; keepPrevious: boolean; syncTemp: boolean; syncDirectory?: string }
  /** A file removed, and the removal made durable (a commit marker once its files are in place). */
  | { op: "remove"; path: string; syncDirectory: string }
  /** A rename or unlink in `dir` made durable. */
  | { op: "syncDirectory"; dir: string };

export async function runDiskOp(op: DiskOp): Promise<void> {
  switch (op.op) {
    case "syncFiles":
      await Promise.all(op.paths.map(syncPath));
      return;
    case "replace":
      if (op.syncTemp) await syncPath(op.temp);
      await unlink(op.previous).catch(ignoreMissing);
      if (op.keepPrevious) await link(op.path, op.previous).catch(ignoreMissing);
      await rename(op.temp, op.path);
      if (op.syncDirectory !== undefined) await syncPath(op.syncDirectory);
      return;
    case "remove":
      await unlink(op.path);
      return syncPath(op.syncDirectory);
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
