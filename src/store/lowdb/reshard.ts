import { readdirSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Session } from "../../engine/session.ts";
import { DurableJsonFile, syncDirectory } from "./durable-file.ts";
import { writeEach } from "./file-commit.ts";
import { currentShards, FORMAT, formatFileSchema, paths, PREVIOUS_FORMAT, previousShards, sessionShardOf, sessionShardSchema, type ShardLayout } from "./layout.ts";

/** lowdb-2's session files and their previous copies. */
const PREVIOUS_SHARD_FILE = /^\d{3}\.json(\.prev)?$/;

/** Files written at once while migrating. */
const BATCH = 64;

/** The session files a folder's format.json says it has (a folder without one has none yet: the current layout). */
export async function shardLayoutOf(root: string): Promise<ShardLayout> {
  const format = (await new DurableJsonFile(paths(root).format, formatFileSchema).read())?.format;
  return format === PREVIOUS_FORMAT ? previousShards(root) : currentShards(root);
}

/**
 * Moves the sessions of a lowdb-2 folder (256 files) into the current layout's
 * 2,048 files, at a writer's start. Every old file is read and validated
 * first (a damaged one stops start-up naming it, with nothing changed); the
 * new files (other names) are written durably; only then does format.json
 * say lowdb-3, and the old files are removed after that. A crash before
 * format.json changes leaves the old files the truth, and the next start
 * migrates again from them; after it, the next start removes what is left of
 * them. Returns how many sessions were moved, or undefined when there was
 * nothing to migrate.
 */
export async function reshardSessions(root: string): Promise<number | undefined> {
  const p = paths(root);
  const format = (await new DurableJsonFile(p.format, formatFileSchema).read())?.format;
  if (format !== PREVIOUS_FORMAT) {
    if (format === FORMAT) await removePreviousShards(p.sessionsDir);
    return undefined;
  }
  const from = previousShards(root);
  const sessions: Session[] = [];
  for (let n = 0; n < from.shards; n++) sessions.push(...Object.values((await new DurableJsonFile(from.file(n), sessionShardSchema).read())?.sessions ?? {}));
  await writeSessionShards(root, sessions);
  await new DurableJsonFile(p.format, formatFileSchema).write({ format: FORMAT });
  await removePreviousShards(p.sessionsDir);
  return sessions.length;
}

/** Writes sessions into the current layout's files, each durably, a batch of files at a time (migrations). */
export async function writeSessionShards(root: string, sessions: Iterable<Session>): Promise<void> {
  const to = currentShards(root);
  const shards = new Map<number, Record<string, Session>>();
  for (const session of sessions) {
    const n = sessionShardOf(session.key, to.shards);
    const shard = shards.get(n) ?? {};
    shard[session.key] = session;
    shards.set(n, shard);
  }
  const writes = [...shards].map(([n, content]) => ({ file: new DurableJsonFile(to.file(n), sessionShardSchema) as DurableJsonFile<unknown>, data: { sessions: content } }));
  for (let i = 0; i < writes.length; i += BATCH) await writeEach(writes.slice(i, i + BATCH));
}

/** Removes lowdb-2's session files (and their previous copies) once the current ones hold every session. */
async function removePreviousShards(dir: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => PREVIOUS_SHARD_FILE.test(name));
  } catch {
    return; // no sessions folder yet
  }
  for (const name of names) await unlink(join(dir, name));
  if (names.length > 0) await syncDirectory(dir);
}
