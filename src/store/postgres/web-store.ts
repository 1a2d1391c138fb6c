import type { QueryResult, QueryResultRow } from "pg";
import { searchTextOf } from "../../domain/application-query.ts";
import { webAuditSchema, webSessionSchema, type WebStore } from "../../domain/web-records.ts";
import { applicationOf } from "./rows.ts";

type Query = <R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]) => Promise<QueryResult<R>>;

/** The web page's records in PostgreSQL (tables of migration 0003_web.sql); each call is one statement. */
export function postgresWebStore(query: Query): WebStore {
  return {
    useLink: async (tokenHash, expiresAt) => {
      await query("DELETE FROM web_used_links WHERE expires_at < now()");
      const { rowCount } = await query("INSERT INTO web_used_links (token_hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING", [tokenHash, expiresAt]);
      return rowCount === 1;
    },
    saveSession: async (session) => {
      await query("DELETE FROM web_sessions WHERE expires_at < now()");
      await query("INSERT INTO web_sessions (id_hash, expires_at, data) VALUES ($1, $2, $3) ON CONFLICT (id_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at, data = EXCLUDED.data", [
        session.idHash,
        session.expiresAt,
        JSON.stringify(session),
      ]);
    },
    session: async (idHash, now) => {
      const row = (await query<{ data: unknown }>("SELECT data FROM web_sessions WHERE id_hash = $1 AND expires_at > $2", [idHash, now])).rows[0];
      const parsed = row && webSessionSchema.safeParse(row.data);
      return parsed?.success ? parsed.data : undefined;
    },
    endSession: async (idHash) => void (await query("DELETE FROM web_sessions WHERE id_hash = $1", [idHash])),
    audit: async (entry) => void (await query("INSERT INTO web_audit (at, data) VALUES ($1, $2)", [entry.at, JSON.stringify(entry)])),
    recentAudit: async (limit) => (await query<{ data: unknown }>("SELECT data FROM web_audit ORDER BY n DESC LIMIT $1", [limit])).rows.flatMap((r) => {
      const parsed = webAuditSchema.safeParse(r.data);
      return parsed.success ? [parsed.data] : [];
    }),
    markHandled: async (ids, at) =>
      void (await query("INSERT INTO web_handled_questions (question_id, handled_at) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING", [ids, at])),
    handledQuestionIds: async () => new Set((await query<{ question_id: string }>("SELECT question_id FROM web_handled_questions")).rows.map((r) => r.question_id)),
  };
}

/** Fills search_text of applications stored before migration 0003 (the fold is done here, not in SQL), 500 at a time. */
export async function backfillSearchText(query: Query): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = (await query<{ code: string; data: unknown }>("SELECT code, data FROM applications WHERE search_text IS NULL LIMIT 500")).rows;
    if (rows.length === 0) return done;
    const values = rows.map((r) => ({ code: r.code, search_text: searchTextOf(applicationOf(r)) }));
    await query("UPDATE applications a SET search_text = v.search_text FROM jsonb_to_recordset($1::jsonb) AS v(code text, search_text text) WHERE a.code = v.code", [JSON.stringify(values)]);
    done += rows.length;
  }
}
