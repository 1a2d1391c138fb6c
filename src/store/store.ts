import { readdirSync, statSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ApplicationStore } from "./application-store.ts";
import { StorageError } from "./json-file.ts";
import { lockDataDir } from "./lock.ts";
import { ContactStore, OutboxStore, QuestionLog } from "./log-stores.ts";
import { SessionStore } from "./session-store.ts";
import { ForegroundLoads } from "./table.ts";
import { WriteAheadLog } from "./wal.ts";

/**
 * The journal is set aside and the changed snapshot files rewritten once it
 * is as large as the snapshot files, and at least this large. Changes spread
 * over every file (new users hash into every sessions shard), so a checkpoint
 * rewrites nearly all the data: with a fixed 8 MB, the large-store benchmark
 * rewrote its 44 MB of sessions shards about 20 times in one run; tied to the
 * data size, once (measured in that step: slowest reply 546 → 274 ms, peak RSS
 * 719 → 501 MB). Replay after a crash reads at most as much again as the snapshots.
 */
const MIN_CHECKPOINT_CHARS = 8 * 1024 * 1024;

/** Total size of the snapshot files in `dir`, for the checkpoint threshold. */
function snapshotChars(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) if (name.endsWith(".json")) total += statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0;
  return total;
}

export interface Store {
  dir: string;
  sessions: SessionStore;
  applications: ApplicationStore;
  questions: QuestionLog;
  contacts: ContactStore;
  outbox: OutboxStore;
  /**
   * Resolves once every snapshot file is loaded and validated. openStore waits
   * for it unless asked to load sessions and applications in the background,
   * and then a damaged file rejects it (the bot stops, naming the file).
   */
  ready: Promise<void>;
  /** Every data file, for benchmarks and checks. */
  files(): string[];
  /** Journals every pending change, rewrites the changed snapshot files and empties the journal. */
  flush(): Promise<void>;
  /** Flushes and releases the data directory lock. */
  close(): Promise<void>;
}

/**
 * Opens the data directory (created owner-only): loads every snapshot file,
 * validating each, and replays the journal left by the last run over them.
 * A damaged file stops here with a StorageError naming it, and is left as it is.
 *
 * Layout: one lowdb snapshot file set per kind of record (sessions-NN.json,
 * applications-YYYY-NNN.json, question-log.json, contacts.json, outbox.json,
 * application-counter.json) and one append-only journal (journal.jsonl) of the
 * changes since the last checkpoint.
 */
export async function openStore(
  dir: string,
  options: {
    sessionFlushMs: number;
    lock?: boolean;
    /** Sessions and applications load after openStore resolves (see `ready`); the small files still load before. */
    sessionsInBackground?: boolean;
  },
): Promise<Store> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700).catch(() => undefined);
  const lock = options.lock === false ? { release: () => {} } : lockDataDir(root);
  try {
    let checkpoint: () => Promise<void> = async () => {};
    const threshold = () => Math.max(MIN_CHECKPOINT_CHARS, snapshotChars(root));
    const wal = new WriteAheadLog(root, options.sessionFlushMs, () => void checkpoint().catch(() => undefined), threshold());
    const journal = await WriteAheadLog.readAll(root);
    // One store after another: each loads its files one at a time, so the memory peak stays about one file.
    const lazy = options.sessionsInBackground === true;
    const foreground = new ForegroundLoads();
    const sessions = await SessionStore.open(root, wal, { lazy, foreground });
    const applications = await ApplicationStore.open(root, wal, { lazy, foreground });
    const questions = await QuestionLog.open(root, wal);
    const contacts = await ContactStore.open(root, wal);
    const outbox = await OutboxStore.open(root, wal);
    const tables = new Map([sessions.table, applications.table, questions.table, contacts.table, outbox.table].map((t) => [t.name as string, t]));
    const unknown = journal.find((line) => !tables.has(line.entry.t));
    if (unknown) throw new StorageError(unknown.file, `dòng ${unknown.line}: không có bảng "${unknown.entry.t}"`);
    for (const table of tables.values()) await table.replay(journal.filter((line) => line.entry.t === table.name));
    // Applications first: a submission waits for them, a session is fetched on demand.
    const loadRest = () => applications.loadAll().then(() => sessions.table.loadAll());
    // In the background, loading starts once the caller's start-up code has run: the first message's files come first.
    const ready = lazy ? new Promise<void>((resolve) => setImmediate(resolve)).then(loadRest) : loadRest();
    if (lazy) ready.catch(() => undefined);
    else await ready;
    checkpoint = singleFlight(async () => {
      await wal.rotate();
      for (const table of tables.values()) await table.writeChanged();
      await applications.writeCounter();
      await wal.dropOld();
      wal.limitBytes = threshold();
    });
    // What the journal brought back is written into the snapshots in the background, not before the first message.
    if (journal.length > 0) void ready.then(checkpoint).catch(() => undefined);
    const flush = async () => {
      await wal.flush();
      await checkpoint();
    };
    return {
      dir: root,
      sessions,
      applications,
      questions,
      contacts,
      outbox,
      ready,
      files: () => [...sessions.files(), ...applications.files(), questions.path, contacts.path, outbox.path, wal.path],
      flush,
      close: async () => {
        // A file still loading in the background is waited for (a damaged one is reported by `ready`, not here).
        await ready.catch(() => undefined);
        await flush();
        await wal.close();
        for (const table of tables.values()) table.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Runs `task` once at a time: a call while it runs waits for it and then runs it again, for the changes made meanwhile. */
function singleFlight(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  return () => {
    if (queued) return queued;
    if (!running) {
      running = task().finally(() => (running = undefined));
      return running;
    }
    queued = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        running = task().finally(() => (running = undefined));
        return running;
      });
    return queued;
  };
}
