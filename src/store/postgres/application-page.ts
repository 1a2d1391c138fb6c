import { dayEnd, dayStart, emptyStatusCounts, foldedSearch, type ApplicationQuery, type ApplicationSort, type StatusCounts } from "../../domain/application-query.ts";
import { statusSchema } from "../../domain/records.ts";

/** ORDER BY of each sort, newest (or last) first when descending; the code breaks ties. */
const ORDER: Record<ApplicationSort, (dir: string) => string> = {
  submitted: (d) => `submitted_at ${d}, code ${d}`,
  code: (d) => `year ${d}, seq ${d}`,
  facility: (d) => `data->'answers'->>'facilityName' ${d}, code ${d}`,
  status: (d) => `array_position($STATUSES::text[], status) ${d}, code ${d}`,
};

/** WHERE clause of the officers' list query (status left out for the counts per status). */
export function queryWhere(query: ApplicationQuery, withStatus: boolean): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (withStatus && query.status) add((p) => `status = ${p}`, query.status);
  if (query.supportId) add((p) => `support_id = ${p}`, query.supportId);
  if (query.province) add((p) => `province = ${p}`, query.province);
  if (query.provinces) add((p) => `province = ANY(${p}::text[])`, query.provinces);
  if (query.from) add((p) => `submitted_at >= ${p}`, dayStart(query.from));
  if (query.to) add((p) => `submitted_at < ${p}`, dayEnd(query.to));
  const search = foldedSearch(query.text);
  if (search) add((p) => `search_text LIKE ${p}`, `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/**
 * One page, in the sort's index order with LIMIT (the total is counted apart:
 * a count(*) OVER () here would make PostgreSQL read and sort every match,
 * jsonb included, before taking 50 — 70–150 ms at 20,000 applications).
 */
export function pageSql(query: ApplicationQuery): { sql: string; params: unknown[] } {
  const w = queryWhere(query, true);
  const params = [...w.params];
  const dir = query.descending === false ? "ASC" : "DESC";
  let order = ORDER[query.sort ?? "submitted"](dir);
  if (order.includes("$STATUSES")) {
    params.push(statusSchema.options);
    order = order.replace("$STATUSES", `$${params.length}`);
  }
  params.push(query.limit ?? 50, query.offset ?? 0);
  return {
    sql: `SELECT code, data FROM applications ${w.sql} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  };
}

export function statusCountsSql(query: ApplicationQuery): { sql: string; params: unknown[] } {
  const w = queryWhere(query, false);
  return { sql: `SELECT status, count(*)::integer AS n FROM applications ${w.sql} GROUP BY status`, params: w.params };
}

export function statusCountsOfRows(rows: { status: string; n: number }[]): StatusCounts {
  const counts = emptyStatusCounts();
  for (const row of rows) {
    const status = statusSchema.safeParse(row.status);
    if (status.success) counts[status.data] = row.n;
  }
  return counts;
}

/** The overview's counts in one statement: GROUPING SETS over status, kind of support and month (Vietnam time). */
export function statisticsSql(query: ApplicationQuery): { sql: string; params: unknown[] } {
  const w = queryWhere(query, true);
  return {
    sql: `SELECT status, support_id, to_char(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS month, count(*)::integer AS n, GROUPING(status, support_id, to_char(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')) AS g
      FROM applications ${w.sql}
      GROUP BY GROUPING SETS ((status), (support_id), (to_char(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')))`,
    params: w.params,
  };
}
