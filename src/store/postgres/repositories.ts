import { randomUUID } from "node:crypto";
import type { QueryResult, QueryResultRow } from "pg";
import type { Application, QuestionTally } from "../../domain/records.ts";
import { formatCode, type ApplicationFilter, type Repositories } from "../../domain/storage.ts";
import {
  applicationOf,
  applicationRow,
  contactOf,
  contactRow,
  INSERT_CONTACTS,
  INSERT_OUTBOX,
  INSERT_QUESTIONS,
  jsonb,
  outboxRow,
  questionOf,
  questionRow,
  sessionOf,
  UPSERT_APPLICATIONS,
  SELECT_TALLIES,
  UPSERT_TALLIES,
} from "./rows.ts";

import { pageSql, queryWhere, statisticsSql, statusCountsOfRows, statusCountsSql } from "./application-page.ts";

/** The NOTIFY channel that wakes `delivery.onEnqueue` in every process; the payload is the bot channel. */
export const OUTBOX_NOTIFY_CHANNEL = "kc_outbox";

/** Where repository statements run: one transaction's client, or the pool (each statement on its own). */
export interface Scope {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Runs `work` in one transaction: this one inside a transaction, a new one on the pool. */
  atomic<T>(work: (scope: Scope) => Promise<T>): Promise<T>;
  /** Marks the transaction as holding something a reply acknowledges (committed synchronously). */
  durable(): void;
  now(): Date;
}


/** WHERE clause and parameters of an application filter. */
function where(filter: ApplicationFilter = {}): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined || value === "") return;
    params.push(value);
    clauses.push(`${column} = $${params.length}`);
  };
  add("status", filter.status);
  add("province", filter.province);
  add("support_id", filter.supportId);
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/** The port's repositories as SQL statements on `scope`. */
export function repositories(scope: Scope): Repositories {
  const apps = async (sql: string, params: unknown[]): Promise<Application[]> =>
    (await scope.query<{ code: string; data: unknown }>(sql, params)).rows.map(applicationOf);
  return {
    sessions: {
      get: async (key) => {
        const row = (await scope.query<{ key: string; data: unknown }>("SELECT key, data FROM sessions WHERE key = $1", [key])).rows[0];
        return row ? sessionOf(row) : undefined;
      },
      save: async (session, options) => {
        if (options?.durable) scope.durable();
        await scope.query(
          "INSERT INTO sessions (key, data, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at",
          [session.key, jsonb(session), scope.now()],
        );
      },
      delete: async (key) => {
        scope.durable();
        await scope.query("DELETE FROM sessions WHERE key = $1", [key]);
      },
      count: async () => (await scope.query<{ n: number }>("SELECT count(*)::integer AS n FROM sessions")).rows[0]?.n ?? 0,
    },
    applications: {
      nextCode: async (year) => {
        // The counter row stays locked until the transaction ends: concurrent submissions take codes in turn, none twice, none skipped.
        const { rows } = await scope.query<{ last: number }>(
          "INSERT INTO application_counters (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = application_counters.last + 1 RETURNING last",
          [year],
        );
        return formatCode(year, rows[0]?.last ?? 1);
      },
      save: async (app) => {
        scope.durable();
        await scope.query(UPSERT_APPLICATIONS, [jsonb([applicationRow(app)])]);
      },
      get: async (code) => (await apps("SELECT code, data FROM applications WHERE code = upper($1)", [code]))[0],
      ofUser: (channel, userId) => apps("SELECT code, data FROM applications WHERE channel = $1 AND user_id = $2 ORDER BY code", [channel, userId]),
      list: (filter) => {
        const w = where(filter);
        return apps(`SELECT code, data FROM applications ${w.sql} ORDER BY code`, w.params);
      },
      count: async (filter) => {
        const w = where(filter);
        return (await scope.query<{ n: number }>(`SELECT count(*)::integer AS n FROM applications ${w.sql}`, w.params)).rows[0]?.n ?? 0;
      },
      page: async (query) => {
        const q = pageSql(query);
        const w = queryWhere(query, true);
        // Outside a transaction the two statements run on two pooled connections at once.
        const [rows, count] = await Promise.all([scope.query<{ code: string; data: unknown }>(q.sql, q.params), scope.query<{ n: number }>(`SELECT count(*)::integer AS n FROM applications ${w.sql}`, w.params)]);
        return { items: rows.rows.map(applicationOf), total: count.rows[0]?.n ?? 0 };
      },
      statistics: async (query) => {
        const q = statisticsSql(query);
        const rows = (await scope.query<{ status: string | null; support_id: string | null; month: string | null; n: number; g: number }>(q.sql, q.params)).rows;
        // GROUPING's bits, left to right: status, support_id, month; a 0 bit is the column grouped on.
        const by = (bits: number) => rows.filter((r) => r.g === bits);
        return {
          byStatus: statusCountsOfRows(by(0b011).map((r) => ({ status: r.status ?? "", n: r.n }))),
          bySupport: Object.fromEntries(by(0b101).map((r) => [r.support_id ?? "", r.n])),
          byMonth: Object.fromEntries(by(0b110).flatMap((r) => (r.month ? [[r.month, r.n]] : []))),
        };
      },
      statusCounts: async (query) => {
        const q = statusCountsSql(query);
        return statusCountsOfRows((await scope.query<{ status: string; n: number }>(q.sql, q.params)).rows);
      },
    },
    questions: {
      add: (entry, limit) =>
        scope.atomic(async (tx) => {
          // One user's entries are counted and added one transaction at a time, so the cap holds across instances.
          await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`question-log:${entry.channel}:${entry.userId}`]);
          const id = randomUUID();
          const { rowCount } = await tx.query(
            `${INSERT_QUESTIONS}
             WHERE (SELECT count(*) FROM question_log WHERE channel = $2 AND user_id = $3 AND at >= $4) < $5`,
            [jsonb([questionRow({ id, ...entry }, id)]), entry.channel, entry.userId, limit.dayStart, limit.perUserPerDay],
          );
          return rowCount === 1;
        }),
      recent: async (limit) =>
        (await scope.query<{ id: string; data: unknown }>("SELECT id, data FROM (SELECT n, id, data FROM question_log ORDER BY n DESC LIMIT $1) newest ORDER BY n", [limit])).rows.map(questionOf),
      count: async () => (await scope.query<{ n: number }>("SELECT count(*)::integer AS n FROM question_log")).rows[0]?.n ?? 0,
      countOfUser: async (channel, userId) =>
        (await scope.query<{ n: number }>("SELECT count(*)::integer AS n FROM question_log WHERE channel = $1 AND user_id = $2", [channel, userId])).rows[0]?.n ?? 0,
      tally: async (entry) => {
        await scope.query(UPSERT_TALLIES, [jsonb([{ ...entry, count: 1 }])]);
      },
      tallies: async (sinceDay) =>
        (await scope.query<QuestionTally>(SELECT_TALLIES, [sinceDay ?? null])).rows,
    },
    contacts: {
      add: async (contact) => {
        scope.durable();
        // Short ids officers can type (time + 4 random hex digits); another instance may draw the same one in the same millisecond: draw again.
        for (let attempt = 1; ; attempt++) {
          const saved = { ...contact, id: `LH${Date.now().toString(36).toUpperCase()}${randomUUID().slice(0, 4).toUpperCase()}` };
          const { rowCount } = await scope.query(`${INSERT_CONTACTS} ON CONFLICT DO NOTHING`, [jsonb([contactRow(saved)])]);
          if (rowCount === 1) return saved;
          if (attempt === 5) throw new Error("no free contact id after 5 draws");
        }
      },
      get: async (id) => {
        const row = (await scope.query<{ id: string; data: unknown }>("SELECT id, data FROM contacts WHERE upper(id) = upper($1)", [id])).rows[0];
        return row ? contactOf(row) : undefined;
      },
      answer: async (id, answer, at) => {
        scope.durable();
        const row = (
          await scope.query<{ id: string; data: unknown }>(
            "UPDATE contacts SET answered_at = $3::timestamptz, data = data || jsonb_build_object('answer', $2::text, 'answeredAt', $4::text) WHERE upper(id) = upper($1) RETURNING id, data",
            [id, answer, at, at],
          )
        ).rows[0];
        return row ? contactOf(row) : undefined;
      },
      open: async () => (await scope.query<{ id: string; data: unknown }>("SELECT id, data FROM contacts WHERE answered_at IS NULL ORDER BY at, id")).rows.map(contactOf),
      countOfUser: async (channel, userId) =>
        (await scope.query<{ n: number }>("SELECT count(*)::integer AS n FROM contacts WHERE channel = $1 AND user_id = $2", [channel, userId])).rows[0]?.n ?? 0,
    },
    outbox: {
      enqueue: async (channel, chatId, replies) => {
        scope.durable();
        const item = { id: randomUUID(), channel, chatId, replies, createdAt: scope.now().toISOString(), attempts: 0 };
        // pg_notify in the same transaction: the other processes hear of it when (and only if) it commits.
        await scope.query(`WITH item AS (${INSERT_OUTBOX} RETURNING channel) SELECT pg_notify('${OUTBOX_NOTIFY_CHANNEL}', channel) FROM item`, [jsonb([outboxRow(item)])]);
        return item;
      },
    },
    updates: {
      firstTime: async (channel, id) => {
        // A concurrent duplicate waits on the primary key, then sees the conflict. A repeat after a day counts as new (ids are pruned then).
        const now = scope.now();
        const { rowCount } = await scope.query(
          `INSERT INTO processed_updates (channel, id, seen_at) VALUES ($1, $2, $3)
           ON CONFLICT (channel, id) DO UPDATE SET seen_at = EXCLUDED.seen_at WHERE processed_updates.seen_at < $4`,
          [channel, id, now, new Date(now.getTime() - UPDATE_ID_TTL_MS)],
        );
        return rowCount === 1;
      },
    },
  };
}

/** How long an update id is remembered. */
export const UPDATE_ID_TTL_MS = 24 * 3600_000;
