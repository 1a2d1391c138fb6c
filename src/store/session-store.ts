import { existsSync } from "node:fs";
import { open, readFile, rename, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { sessionSchema, type Session } from "../engine/session.ts";
import { JsonFile, StorageError } from "./json-file.ts";

const SHARDS = 32;
const shardSchema = z.object({ sessions: z.record(z.string(), sessionSchema) });
type Shard = z.infer<typeof shardSchema>;
const JOURNAL = "sessions-journal.jsonl";
const OLD_JOURNAL = "sessions-journal.old.jsonl";
/** Shards are rewritten (and the journal started afresh) once this much has been appended. */
const CHECKPOINT_BYTES = 8 * 1024 * 1024;
const deletionSchema = z.object({ deleted: z.string() });

/**
 * Sessions in 32 shard files (snapshots) plus an append-only journal.
 *
 * Every change appends the session as one JSON line to sessions-journal.jsonl:
 * `put` within SESSION_FLUSH_MS (one append for the burst), `putNow` before it
 * resolves (concurrent calls share one append). So a message costs the size of
 * its own session, not a rewrite of 1/32 of all sessions. Once the journal
 * passes CHECKPOINT_BYTES (and on flush/close) it is set aside, the shards
 * changed since are rewritten, and the old journal deleted. At open, the
 * shards are read and any journal replayed over them (a line torn by a crash
 * at the very end is ignored; it was never acknowledged).
 */
export class SessionStore {
  private lines: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private appending: Promise<void> = Promise.resolve();
  private pendingAppend: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private journalBytes = 0;
  private readonly dirty = new Set<JsonFile<Shard>>();
  private checkpointing: Promise<void> | undefined;

  private constructor(
    private readonly dir: string,
    private readonly shards: JsonFile<Shard>[],
    private readonly flushMs: number,
  ) {}

  static async open(dir: string, flushMs: number): Promise<SessionStore> {
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        JsonFile.open(join(dir, `sessions-${String(i).padStart(2, "0")}.json`), shardSchema, { sessions: {} }),
      ),
    );
    const store = new SessionStore(dir, shards, flushMs);
    await store.recover();
    return store;
  }

  get(key: string): Session | undefined {
    return this.shardOf(key).data.sessions[key];
  }

  /** Stores a session; journaled with the next coalesced append. */
  put(session: Session): void {
    this.apply(session);
    this.schedule();
  }

  /** Stores a session and waits until it is on disk (used where an answer must not be lost). */
  async putNow(session: Session): Promise<void> {
    this.apply(session);
    await this.append();
  }

  count(): number {
    return this.shards.reduce((n, s) => n + Object.keys(s.data.sessions).length, 0);
  }

  /** All sessions, for maintenance (draft expiry, data deletion). */
  *all(): Iterable<Session> {
    for (const shard of this.shards) yield* Object.values(shard.data.sessions);
  }

  delete(key: string): void {
    const shard = this.shardOf(key);
    delete shard.data.sessions[key];
    this.dirty.add(shard);
    this.lines.push(JSON.stringify({ deleted: key }));
    this.schedule();
  }

  /** Journals pending changes, rewrites the changed shards and empties the journal. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.append();
    while (this.checkpointing) await this.checkpointing.catch(() => undefined);
    await this.checkpoint();
  }

  files(): string[] {
    return [...this.shards.map((s) => s.path), join(this.dir, JOURNAL)];
  }

  private apply(session: Session): void {
    const shard = this.shardOf(session.key);
    shard.data.sessions[session.key] = session;
    this.dirty.add(shard);
    this.lines.push(JSON.stringify(session));
  }

  private schedule(): void {
    if (this.flushMs <= 0) {
      void this.append().catch(() => undefined);
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      // A failed coalesced append is retried with the next one; the shards still hold the change.
      void this.append().catch(() => undefined);
    }, this.flushMs);
  }

  /**
   * Appends every line buffered so far and resolves when they are in the
   * journal. An append waiting behind the one in progress takes the lines of
   * every caller meanwhile (group commit).
   */
  private append(): Promise<void> {
    if (this.pendingAppend) return this.pendingAppend;
    const run = this.appending.then(async () => {
      this.pendingAppend = undefined;
      if (this.lines.length === 0) return;
      const text = `${this.lines.join("\n")}\n`;
      this.lines = [];
      this.handle ??= await open(join(this.dir, JOURNAL), "a", 0o600);
      await this.handle.appendFile(text, "utf8");
      this.journalBytes += text.length;
      if (this.journalBytes >= CHECKPOINT_BYTES) void this.checkpoint().catch(() => undefined);
    });
    this.pendingAppend = run;
    this.appending = run.catch(() => undefined);
    return run;
  }

  /** Runs `task` in the journal's queue, so that no append happens meanwhile. */
  private exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.appending.then(task);
    this.appending = run.catch(() => undefined);
    return run;
  }

  /**
   * Sets the journal aside, rewrites the shards changed since the last
   * checkpoint, then deletes the old journal. Changes made meanwhile go to a
   * new journal. If a shard write fails, the old journal is kept (and the next
   * checkpoint writes the shards before deleting it).
   */
  private checkpoint(): Promise<void> {
    this.checkpointing ??= (async () => {
      try {
        await this.exclusive(async () => {
          if (existsSync(join(this.dir, OLD_JOURNAL))) return;
          await this.handle?.close();
          this.handle = undefined;
          this.journalBytes = 0;
          if (existsSync(join(this.dir, JOURNAL))) await rename(join(this.dir, JOURNAL), join(this.dir, OLD_JOURNAL));
        });
        const dirty = [...this.dirty];
        this.dirty.clear();
        for (let i = 0; i < dirty.length; i++) {
          try {
            await (dirty[i] as JsonFile<Shard>).write();
          } catch (error) {
            for (const shard of dirty.slice(i)) this.dirty.add(shard);
            throw error;
          }
        }
        await rm(join(this.dir, OLD_JOURNAL), { force: true });
      } finally {
        this.checkpointing = undefined;
      }
    })();
    return this.checkpointing;
  }

  /** Replays the journals left by a crash over the shards, writes the shards, deletes the journals. */
  private async recover(): Promise<void> {
    const names = [OLD_JOURNAL, JOURNAL].filter((n) => existsSync(join(this.dir, n)));
    if (names.length === 0) return;
    for (const name of names) await this.replay(join(this.dir, name));
    for (const shard of this.dirty) await shard.write();
    this.dirty.clear();
    for (const name of names) await rm(join(this.dir, name), { force: true });
  }

  private async replay(path: string): Promise<void> {
    const text = await readFile(path, "utf8");
    const lines = text.split("\n");
    // Without a final newline, the last line was cut by a crash while being appended: never acknowledged.
    lines.pop();
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw new StorageError(path, `dòng ${i + 1} không phải JSON hợp lệ (${(error as Error).message})`);
      }
      const deletion = deletionSchema.safeParse(raw);
      if (deletion.success) {
        const shard = this.shardOf(deletion.data.deleted);
        delete shard.data.sessions[deletion.data.deleted];
        this.dirty.add(shard);
        return;
      }
      const parsed = sessionSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StorageError(path, `dòng ${i + 1} sai cấu trúc tại ${issue?.path.join(".") || "gốc"}: ${issue?.message}`);
      }
      const shard = this.shardOf(parsed.data.key);
      shard.data.sessions[parsed.data.key] = parsed.data;
      this.dirty.add(shard);
    });
  }

  private shardOf(key: string): JsonFile<Shard> {
    let hash = 2166136261;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
    return this.shards[(hash >>> 0) % SHARDS] as JsonFile<Shard>;
  }
}
