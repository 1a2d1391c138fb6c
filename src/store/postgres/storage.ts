import { backfillSearchText, postgresWebStore } from "./web-store.ts";
import type { WebStore } from "../../domain/web-records.ts";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { parseCode, StorageError, StorageUnavailableError, type DeletedCounts, type Repositories, type Storage, type StorageDump } from "../../domain/storage.ts";
import { KeyedQueue } from "../../engine/keyed-queue.ts";
import type { Channel } from "../../engine/types.ts";
import type { QuestionTally } from "../../domain/records.ts";
import type { Logger } from "../../logger.ts";
import { isConnectionError, storageError } from "./errors.ts";
import { NotifyListener } from "./listener.ts";
import { applyMigrations, loadMigrations } from "./migrate.ts";
import { outboxDelivery } from "./outbox.ts";
import { OUTBOX_NOTIFY_CHANNEL, repositories, UPDATE_ID_TTL_MS, type Scope } from "./repositories.ts";
import {
  applicationOf,
  applicationRow,
  contactOf,
  contactRow,
  INSERT_OUTBOX,
  INSERT_QUESTIONS,
  jsonb,
  OUTBOX_COLUMNS,
  outboxOf,
  outboxRow,
  questionOf,
  questionRow,
  sessionOf,
  UPSERT_APPLICATIONS,
  UPSERT_CONTACTS,
  SELECT_TALLIES,
  UPSERT_TALLIES,
  type OutboxRow,
} from "./rows.ts";

export interface PostgresOptions {
  /** postgresql://user:password@host:port/database (the password never reaches a log or `description`). */
  url: string;
  /** Connections in the pool (DATABASE_POOL_SIZE). */
  poolSize: number;
  clock?: () => Date;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /** Apply pending migrations at open (default true); when false, open fails if any is missing. */
  migrate?: boolean;
}

/** "postgresql host:port/db", never the user's password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get("host") || "localhost";
    return `postgresql ${host}${u.port ? `:${u.port}` : ""}/${decodeURIComponent(u.pathname.replace(/^\//, ""))}`;
  } catch {
    return "postgresql (địa chỉ không đọc được)";
  }
}

const ROWS_PER_STATEMENT = 1000;
const PRUNE_EVERY_MS = 3600_000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) out.push(items.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/**
 * Storage in PostgreSQL, shared by any number of bot processes and the CLIs.
 * A transaction is one BEGIN…COMMIT on one pooled connection; with a lockKey
 * it first takes a transaction-scoped advisory lock on the key's hash, so one
 * user's messages are handled one after another across every instance.
 */
export class PostgresStorage implements Storage {
  readonly description: string;
  readonly delivery: ReturnType<typeof outboxDelivery>;
  readonly sessions: Repositories["sessions"];
  readonly applications: Repositories["applications"];
  readonly questions: Repositories["questions"];
  readonly contacts: Repositories["contacts"];
  readonly outbox: Repositories["outbox"];
  readonly updates: Repositories["updates"];
  readonly web: WebStore;
  private readonly pool: pg.Pool;
  private readonly clock: () => Date;
  private readonly logger: PostgresOptions["logger"];
  private down = false;
  private failures = 0;
  private lastDownLog = 0;
  private pruneTimer: NodeJS.Timeout | undefined;
  private closed: Promise<void> | undefined;
  /** Same-key transactions of this process queue here before taking a connection, so one busy user cannot hold the whole pool waiting on their lock. */
  private readonly localLocks = new KeyedQueue();

  constructor(private readonly options: PostgresOptions) {
    this.description = describeUrl(options.url);
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger;
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, keepAlive: true });
    // An idle connection closed by the server (restart, network) must not crash the process; the pool drops it and opens new ones on demand.
    this.pool.on("error", (error) => this.logger?.warn("postgres", "idle connection lost; the pool opens new ones as needed", { database: this.description, error: error.message }));
    const auto = repositories(this.poolScope());
    this.sessions = auto.sessions;
    this.applications = auto.applications;
    this.questions = auto.questions;
    this.contacts = auto.contacts;
    this.outbox = auto.outbox;
    this.updates = auto.updates;
    this.web = postgresWebStore((text, params) => this.poolQuery(text, params));
    this.delivery = outboxDelivery({
      connect: () => this.connect(),
      query: (text, params) => this.poolQuery(text, params),
      now: this.clock,
      listener: (onNotify, onReady) =>
        new NotifyListener({
          config: { connectionString: options.url, connectionTimeoutMillis: 10_000 },
          channel: OUTBOX_NOTIFY_CHANNEL,
          onNotify,
          onReady,
          logger: this.logger,
          description: this.description,
        }),
    });
  }

  /** Migrates (or checks the schema), prunes old update ids, and schedules pruning. */
  async start(): Promise<void> {
    const { client, release } = await this.connect();
    try {
      if (this.options.migrate ?? true) await applyMigrations(client, this.logger);
      else {
        const { rows } = await client.query<{ name: string }>("SELECT name FROM schema_migrations").catch(() => ({ rows: [] as { name: string }[] }));
        const missing = loadMigrations().filter((m) => !rows.some((r) => r.name === m.name));
        if (missing.length) throw new StorageError(this.description, `Cơ sở dữ liệu chưa có các migration: ${missing.map((m) => m.name).join(", ")} (chạy npm run db:migrate).`);
      }
      release();
    } catch (error) {
      release(error);
      throw this.fail(error);
    }
    if (this.options.migrate ?? true) await backfillSearchText((text, params) => this.poolQuery(text, params));
    await this.pruneUpdates();
    this.pruneTimer = setInterval(() => void this.pruneUpdates().catch(() => undefined), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  // ---- connections and errors

  /** A pooled client with an error listener while it is checked out (else a dropped connection would crash the process). */
  private async connect(): Promise<{ client: pg.PoolClient; release(error?: unknown): void }> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.fail(error);
    }
    const onError = (error: Error) => this.logger?.warn("postgres", "connection lost during use", { database: this.description, error: error.message });
    client.on("error", onError);
    let released = false;
    return {
      client,
      release: (error?: unknown) => {
        if (released) return;
        released = true;
        client.removeListener("error", onError);
        const broken = error !== undefined && isConnectionError(error);
        client.release(broken ? (error instanceof Error ? error : new Error(String(error))) : undefined);
      },
    };
  }

  /** Maps a failure for the caller, and logs the database going away (then at most every 10 s while it stays away). */
  private fail(error: unknown): unknown {
    const mapped = storageError(error);
    if (mapped instanceof StorageUnavailableError) {
      this.failures++;
      const now = Date.now();
      if (!this.down || now - this.lastDownLog > 10_000) {
        this.logger?.warn("postgres", this.down ? "database still unreachable; reconnecting with each request" : "database unreachable; reconnecting with each request", {
          database: this.description,
          failedAttempts: this.failures,
          error: mapped.message,
        });
        this.lastDownLog = now;
      }
      this.down = true;
    }
    return mapped;
  }

  private up(): void {
    if (!this.down) return;
    this.down = false;
    this.logger?.info("postgres", "database reachable again", { database: this.description, failedAttempts: this.failures });
    this.failures = 0;
  }

  private async poolQuery<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      const result = await this.pool.query<R>(text, params);
      this.up();
      return result;
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Outside a transaction: each call is one statement (or, for a capped question, one short transaction). */
  private poolScope(): Scope {
    return {
      query: (text, params) => this.poolQuery(text, params),
      atomic: (work) => this.run(work),
      durable: () => undefined,
      now: this.clock,
    };
  }

  /**
   * One transaction on one pooled client. Only a transaction holding nothing
   * a reply acknowledges (menu navigation) commits without waiting for the
   * WAL flush (synchronous_commit off: atomic still, at most the last moment lost in a crash).
   */
  private async run<T>(work: (scope: Scope) => Promise<T>, options: { lockKey?: string; begin?: string } = {}): Promise<T> {
    const { client, release } = await this.connect();
    let durable = false;
    let broken: unknown;
    const scope: Scope = {
      query: (text, params) => client.query(text, params),
      atomic: (inner) => inner(scope),
      durable: () => {
        durable = true;
      },
      now: this.clock,
    };
    try {
      const begin = options.begin ?? "BEGIN";
      await client.query(options.lockKey ? `${begin}; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(options.lockKey)}, 0))` : begin);
      const result = await work(scope);
      await client.query(durable ? "COMMIT" : "SET LOCAL synchronous_commit TO off; COMMIT");
      this.up();
      return result;
    } catch (error) {
      if (isConnectionError(error)) broken = error;
      else await client.query("ROLLBACK").catch((rollbackError: unknown) => (broken = rollbackError));
      throw this.fail(error);
    } finally {
      release(broken);
    }
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>, options: { lockKey?: string } = {}): Promise<T> {
    const inScope = (scope: Scope) => work(repositories(scope));
    return options.lockKey ? this.runLocked(options.lockKey, inScope) : this.run(inScope);
  }

  /** A transaction holding `lockKey` in this process (queued) and then in the database (advisory lock), for every instance. */
  private runLocked<T>(lockKey: string, work: (scope: Scope) => Promise<T>): Promise<T> {
    return this.localLocks.run(lockKey, () => this.run(work, { lockKey }));
  }

  // ---- maintenance

  async dump(): Promise<StorageDump> {
    return this.run(
      async (scope) => {
        const rows = async <R extends pg.QueryResultRow>(sql: string) => (await scope.query<R>(sql)).rows;
        const counters = await rows<{ year: number; last: number }>("SELECT year, last FROM application_counters ORDER BY year");
        return {
          sessions: (await rows<{ key: string; data: unknown }>("SELECT key, data FROM sessions ORDER BY key")).map(sessionOf),
          applications: (await rows<{ code: string; data: unknown }>("SELECT code, data FROM applications ORDER BY code")).map(applicationOf),
          questions: (await rows<{ id: string; data: unknown }>("SELECT id, data FROM question_log ORDER BY n")).map(questionOf),
          contacts: (await rows<{ id: string; data: unknown }>("SELECT id, data FROM contacts ORDER BY at, id")).map(contactOf),
          outbox: (await rows<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM outbox ORDER BY created_at, n`)).map(outboxOf),
          lastCodes: Object.fromEntries(counters.map((c) => [String(c.year), c.last])),
          questionTallies: (await scope.query<QuestionTally>(SELECT_TALLIES, [null])).rows,
        };
      },
      { begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" },
    );
  }

  async restore(dump: StorageDump): Promise<void> {
    await this.run(async (scope) => {
      scope.durable();
      await scope.query("LOCK TABLE applications IN SHARE ROW EXCLUSIVE MODE");
      const { rows } = await scope.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM applications) AS any");
      if (rows[0]?.any) throw new Error("Kho đích đã có hồ sơ: chỉ sao chép vào kho trống.");
      const now = this.clock();
      for (const part of chunks(dump.sessions))
        await scope.query(
          "INSERT INTO sessions (key, data, updated_at) SELECT x->>'key', x, $2 FROM jsonb_array_elements($1::jsonb) AS x ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at",
          [jsonb(part), now],
        );
      for (const part of chunks(dump.applications)) await scope.query(UPSERT_APPLICATIONS, [jsonb(part.map(applicationRow))]);
      // As in the other adapters, the copied question log replaces this one.
      await scope.query("DELETE FROM question_log");
      for (const part of chunks(dump.questions)) await scope.query(INSERT_QUESTIONS, [jsonb(part.map((q) => questionRow(q, randomUUID())))]);
      for (const part of chunks(dump.questionTallies ?? [])) await scope.query(UPSERT_TALLIES, [jsonb(part)]);
      for (const part of chunks(dump.contacts)) await scope.query(UPSERT_CONTACTS, [jsonb(part.map(contactRow))]);
      for (const part of chunks(dump.outbox)) await scope.query(`${INSERT_OUTBOX} ON CONFLICT (id) DO NOTHING`, [jsonb(part.map(outboxRow))]);
      const last = new Map(Object.entries(dump.lastCodes).map(([year, seq]) => [Number(year), seq]));
      for (const app of dump.applications) {
        const { year, seq } = parseCode(app.code);
        last.set(year, Math.max(last.get(year) ?? 0, seq));
      }
      await scope.query(
        `INSERT INTO application_counters (year, last) SELECT key::integer, value::integer FROM jsonb_each_text($1::jsonb)
         ON CONFLICT (year) DO UPDATE SET last = GREATEST(application_counters.last, EXCLUDED.last)`,
        [jsonb(Object.fromEntries(last))],
      );
    });
  }

  deleteUser(channel: Channel, userId: string): Promise<DeletedCounts> {
    const key = `${channel}:${userId}`;
    return this.runLocked(key, async (scope) => {
      scope.durable();
      const apps = (await scope.query<{ code: string; chat_id: string }>("DELETE FROM applications WHERE channel = $1 AND user_id = $2 RETURNING code, chat_id", [channel, userId])).rows;
      const sessions = (await scope.query<{ chat_id: string | null }>("DELETE FROM sessions WHERE key = $1 RETURNING data->>'chatId' AS chat_id", [key])).rows;
      const contacts = await scope.query("DELETE FROM contacts WHERE channel = $1 AND user_id = $2", [channel, userId]);
      const questions = await scope.query("DELETE FROM question_log WHERE channel = $1 AND user_id = $2", [channel, userId]);
      const chats = new Set([userId, ...apps.map((a) => a.chat_id), ...sessions.map((s) => s.chat_id).filter((c): c is string => c !== null)]);
      const notices = await scope.query("DELETE FROM outbox WHERE channel = $1 AND chat_id = ANY($2::text[])", [channel, [...chats]]);
      return {
        applications: apps.map((a) => a.code).sort(),
        sessions: sessions.length,
        contacts: contacts.rowCount ?? 0,
        questions: questions.rowCount ?? 0,
        notifications: notices.rowCount ?? 0,
      };
    });
  }

  async trimQuestions(before: Date): Promise<number> {
    return (await this.poolQuery("DELETE FROM question_log WHERE at < $1", [before])).rowCount ?? 0;
  }

  /** Forgets update ids seen more than a day ago (a repeat that late counts as new anyway). */
  async pruneUpdates(): Promise<number> {
    return (await this.poolQuery("DELETE FROM processed_updates WHERE seen_at < $1", [new Date(this.clock().getTime() - UPDATE_ID_TTL_MS)])).rowCount ?? 0;
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.pruneTimer) clearInterval(this.pruneTimer);
      await this.delivery.stop();
      await this.pool.end();
    })();
    return this.closed;
  }
}
