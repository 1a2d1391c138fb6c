import { join } from "node:path";
import { z } from "zod";
import { sessionSchema, type Session } from "../engine/session.ts";
import { JsonFile } from "./json-file.ts";

const SHARDS = 32;
const shardSchema = z.object({ sessions: z.record(z.string(), sessionSchema) });
type Shard = z.infer<typeof shardSchema>;

/**
 * Sessions in 32 shard files, so that a write rewrites 1/32 of them; writes are
 * coalesced per shard (SESSION_FLUSH_MS) and flushed on shutdown.
 */
export class SessionStore {
  private constructor(
    private readonly shards: JsonFile<Shard>[],
    private readonly flushMs: number,
  ) {}

  static async open(dir: string, flushMs: number): Promise<SessionStore> {
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        JsonFile.open(join(dir, `sessions-${String(i).padStart(2, "0")}.json`), shardSchema, { sessions: {} }),
      ),
    );
    return new SessionStore(shards, flushMs);
  }

  get(key: string): Session | undefined {
    return this.shardOf(key).data.sessions[key];
  }

  /** Stores a session; written with the next coalesced write of its shard. */
  put(session: Session): void {
    const shard = this.shardOf(session.key);
    shard.data.sessions[session.key] = session;
    shard.scheduleWrite(this.flushMs);
  }

  /** Stores a session and waits until it is on disk (used where an answer must not be lost). */
  async putNow(session: Session): Promise<void> {
    const shard = this.shardOf(session.key);
    shard.data.sessions[session.key] = session;
    await shard.write();
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
    shard.scheduleWrite(this.flushMs);
  }

  async flush(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.flush()));
  }

  files(): string[] {
    return this.shards.map((s) => s.path);
  }

  private shardOf(key: string): JsonFile<Shard> {
    let hash = 2166136261;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
    return this.shards[(hash >>> 0) % SHARDS] as JsonFile<Shard>;
  }
}
