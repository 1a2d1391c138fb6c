import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { z } from "zod";
import { CommitDecidedError, StorageError } from "../../domain/storage.ts";
import { DurableJsonFile, parseDataFile, removeDurably, syncDirectory, syncTemps } from "./durable-file.ts";

export interface FileWrite {
  file: DurableJsonFile<unknown>;
  data: unknown;
}

const markerSchema = z.object({ files: z.array(z.object({ file: z.string(), temp: z.string() })).min(1) });
const MARKER = /^commit-[0-9a-f]+\.json$/;

/**
 * Writes several data files as one: every new content is written and fsync'd
 * beside its file, then a commit marker naming them is made durable, then each
 * is renamed into place and the marker removed. A crash before the marker
 * leaves the old files (the temp files are swept at the next start); after it,
 * the next start finishes the renames (`finishInterruptedCommits`). So a
 * submission, its officer notification and the applicant's session are on disk
 * together or not at all. One file needs no marker: its rename is atomic.
 */
export async function commitFiles(root: string, writes: FileWrite[], options: { keepPrevious: boolean }): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1) {
    const [only] = writes as [FileWrite];
    await only.file.install(await only.file.prepare(only.data), options);
    return;
  }
  const temps = await Promise.all(writes.map((w) => w.file.prepare(w.data)));
  // Every new content is durable before the marker names it.
  await syncTemps(temps);
  const marker = join(root, `commit-${randomBytes(6).toString("hex")}.json`);
  await new DurableJsonFile(marker, markerSchema).write({ files: writes.map((w, i) => ({ file: relative(root, w.file.path), temp: relative(root, temps[i] as string) })) });
  try {
    await Promise.all(writes.map((w, i) => w.file.install(temps[i] as string, { ...options, syncDirectory: false, tempSynced: true })));
    // The renames are durable before the marker goes: a crash before this point finds the marker and redoes them.
    await syncDirectories(writes);
  } catch (error) {
    // Past the marker the change is decided: it cannot be taken back, only finished by the next start.
    throw new CommitDecidedError(marker, `lần ghi dừng giữa chừng (${(error as Error).message}); bot phải dừng, lần khởi động sau sẽ ghi nốt.`);
  }
  await removeDurably(marker);
}

/**
 * Writes files that need not change together (users' answers of one group
 * commit, coalesced changes): each is replaced atomically on its own, side by
 * side, each in one step on the disk thread (fsync, rename, folder sync): the
 * file system joins folder syncs made together, and one message back per
 * file costs the busy main thread less than three rounds for the group.
 */
export async function writeEach(writes: FileWrite[]): Promise<void> {
  const temps = await Promise.all(writes.map((w) => w.file.prepare(w.data)));
  await Promise.all(writes.map((w, i) => w.file.install(temps[i] as string)));
}

/** Each folder the files are in, synced once. */
function syncDirectories(writes: FileWrite[]): Promise<unknown> {
  return Promise.all([...new Set(writes.map((w) => dirname(w.file.path)))].map(syncDirectory));
}

/**
 * At start-up, before anything is read: finishes the multi-file commits a
 * crash interrupted (their marker is on disk), and removes temp files of
 * writes that never reached their marker. Returns how many commits it finished.
 */
export async function finishInterruptedCommits(root: string, dirs: string[]): Promise<number> {
  let finished = 0;
  for (const name of readdirSync(root).filter((n) => MARKER.test(n)).sort()) {
    const path = join(root, name);
    const marker = parseDataFile(path, await readFile(path, "utf8"), markerSchema);
    for (const entry of marker.files) {
      const temp = join(root, entry.temp);
      if (!existsSync(temp)) continue;
      if (relative(root, temp).startsWith("..")) throw new StorageError(path, `đường dẫn ngoài thư mục dữ liệu: ${entry.temp}`);
      await new DurableJsonFile(join(root, entry.file), z.unknown()).install(temp);
    }
    await unlink(path);
    finished++;
  }
  for (const dir of [root, ...dirs]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.startsWith(".") && name.endsWith(".tmp")) await unlink(join(dir, name));
    for (const name of readdirSync(dir)) if (/^commit-[0-9a-f]+\.json\.tmp$/.test(name)) await unlink(join(dir, name));
  }
  if (finished > 0) await syncDirectory(root);
  return finished;
}

/**
 * For a reader that writes nothing (the officer CLI, read-only): the data files
 * whose new content a commit has decided (its marker is durable) but not yet
 * put in place, each with the temp file holding that content. The writer may
 * still be at work, or was killed and finishes it at its next start; either
 * way the commit has happened, and the reader must see all of it or none.
 */
export function decidedCommits(root: string): Map<string, string> {
  const temps = new Map<string, string>();
  for (const name of readdirSync(root).filter((n) => MARKER.test(n)).sort()) {
    const path = join(root, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // finished meanwhile
      throw error;
    }
    for (const entry of parseDataFile(path, text, markerSchema).files) temps.set(join(root, entry.file), join(root, entry.temp));
  }
  return temps;
}
