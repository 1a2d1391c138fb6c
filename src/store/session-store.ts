import { z } from "zod";
import { sessionSchema, type Session } from "../engine/session.ts";
import type { TableLayout } from "./table.ts";
import { keyedFile, Table, type ForegroundLoads } from "./table.ts";
import type { WriteAheadLog } from "./wal.ts";

const SHARDS = 32;
const shardSchema = z.object({ sessions: z.record(z.string(), sessionSchema) });
type Shard = z.infer<typeof shardSchema>;

/** Sessions in 32 snapshot files by a hash of the key (sessions-00.json … sessions-31.json). */
export const sessionLayout: TableLayout<Session, Shard> = {
  name: "sessions",
  record: sessionSchema,
  file: shardSchema,
  keyOf: (s) => s.key,
  fileOf: (key) => `sessions-${String(shardIndex(key)).padStart(2, "0")}.json`,
  isFile: (name) => /^sessions-\d{2}\.json$/.test(name),
  empty: () => ({ sessions: {} }),
  container: z.object({ sessions: z.record(z.string(), z.unknown()) }),
  entriesIn: (data) => Object.entries((data as { sessions: Record<string, unknown> }).sessions).map(([key, raw]) => [["sessions", key], raw]),
  toBytes: (records) => keyedFile("sessions", records),
};

function shardIndex(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % SHARDS;
}

/**
 * Conversation state per user. `put` is journaled within SESSION_FLUSH_MS
 * (one append for a burst); `putNow` before it resolves, for an answer the
 * user is about to be told was kept.
 */
export class SessionStore {
  private constructor(readonly table: Table<Session, Shard>) {}

  static async open(dir: string, wal: WriteAheadLog, options: { lazy?: boolean; foreground?: ForegroundLoads } = {}): Promise<SessionStore> {
    return new SessionStore(await Table.open(dir, sessionLayout, wal, options));
  }

  /** The session, loading its shard first if the store is still loading in the background. */
  fetch(key: string): Promise<Session | undefined> {
    return this.table.fetch(key);
  }

  /** The session if its shard is loaded: always once the store is ready (see Store.ready). */
  get(key: string): Session | undefined {
    return this.table.get(key);
  }

  put(session: Session): void {
    this.table.put(session);
  }

  putNow(session: Session): Promise<void> {
    return this.table.putNow(session);
  }

  /** Sessions loaded: all of them once the store is ready. */
  count(): number {
    return this.table.count();
  }

  /** All sessions, for maintenance (draft expiry, data deletion). */
  all(): Iterable<Session> {
    return this.table.values();
  }

  delete(key: string): Promise<void> {
    return this.table.removeNow(key);
  }

  files(): string[] {
    return this.table.paths();
  }
}
