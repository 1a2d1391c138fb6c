import { link, open, rename, unlink } from "node:fs/promises";

/**
 * The file system steps of a durable write, as plain data so that they can
 * run on the disk thread (disk-thread.ts) or, where no thread can start, here.
 */
export type DiskOp =
  /** The new content, fsync'd, in a temp file beside the data file. */
  | { op: "writeTemp"; temp: string; text: string }
  /** The temp file renamed over the data file, the old one kept as `previous` (a hard link) unless dropped; the folder synced if asked. */
  | { op: "replace"; path: string; temp: string; previous: string; keepPrevious: boolean; syncDirectory?: string }
  /** A rename or unlink in `dir` made durable. */
  | { op: "syncDirectory"; dir: string };

export async function runDiskOp(op: DiskOp): Promise<void> {
  switch (op.op) {
    case "writeTemp":
      return writeTemp(op.temp, op.text);
    case "replace":
      await unlink(op.previous).catch(ignoreMissing);
      if (op.keepPrevious) await link(op.path, op.previous).catch(ignoreMissing);
      await rename(op.temp, op.path);
      if (op.syncDirectory !== undefined) await syncDirectoryHere(op.syncDirectory);
      return;
    case "syncDirectory":
      return syncDirectoryHere(op.dir);
  }
}

async function writeTemp(temp: string, text: string): Promise<void> {
  const handle = await open(temp, "w", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectoryHere(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
