import { chmod, mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { ApplicationStore } from "./application-store.ts";
import { lockDataDir } from "./lock.ts";
import { ContactStore, OutboxStore, QuestionLog } from "./log-stores.ts";
import { SessionStore } from "./session-store.ts";

export interface Store {
  dir: string;
  sessions: SessionStore;
  applications: ApplicationStore;
  questions: QuestionLog;
  contacts: ContactStore;
  outbox: OutboxStore;
  /** Every data file, for benchmarks and checks. */
  files(): string[];
  flush(): Promise<void>;
  /** Flushes and releases the data directory lock. */
  close(): Promise<void>;
}

/**
 * Opens every data file under `dir` (created owner-only), validating each;
 * a damaged file stops here with a StorageError naming it.
 */
export async function openStore(dir: string, options: { sessionFlushMs: number; lock?: boolean }): Promise<Store> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700).catch(() => undefined);
  const lock = options.lock === false ? { release: () => {} } : lockDataDir(root);
  try {
    const [sessions, applications, questions, contacts, outbox] = await Promise.all([
      SessionStore.open(root, options.sessionFlushMs),
      ApplicationStore.open(root),
      QuestionLog.open(root, options.sessionFlushMs),
      ContactStore.open(root),
      OutboxStore.open(root),
    ]);
    const flush = async () => {
      await Promise.all([sessions.flush(), applications.flush(), questions.flush(), contacts.flush(), outbox.flush()]);
    };
    return {
      dir: root,
      sessions,
      applications,
      questions,
      contacts,
      outbox,
      files: () => [...sessions.files(), ...applications.files(), questions.path, contacts.path, outbox.path],
      flush,
      close: async () => {
        await flush();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
