import { foldVietnamese } from "../kb/normalize.ts";
import { statusSchema, type Application, type ApplicationStatus } from "./records.ts";

/**
 * What the officers' list asks of the applications: filters, a sort and a page.
 * The adapters answer it (memory and lowdb with the functions below, PostgreSQL
 * in SQL); `provinces` is where an officer's reach narrows the list (issue 17).
 */
export interface ApplicationQuery {
  status?: ApplicationStatus;
  supportId?: string;
  province?: string;
  /** Submitted on or after this day (YYYY-MM-DD, Vietnam time). */
  from?: string;
  /** Submitted on or before this day (YYYY-MM-DD, Vietnam time). */
  to?: string;
  /** Free text over code, representative's name, facility name and phone, with or without diacritics. */
  text?: string;
  /** Only these provinces (undefined: every province). */
  provinces?: string[];
  sort?: ApplicationSort;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

export type ApplicationSort = "submitted" | "code" | "facility" | "status";
export const APPLICATION_SORTS: readonly ApplicationSort[] = ["submitted", "code", "facility", "status"];

export interface ApplicationPage {
  items: Application[];
  /** How many match the query, over every page. */
  total: number;
}

export type StatusCounts = Record<ApplicationStatus, number>;

/** Vietnam is UTC+7 all year: a day's bounds as instants. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

export function dayEnd(day: string): Date {
  return new Date(dayStart(day).getTime() + 24 * 3600_000);
}

/**
 * Folded search texts of applications held in memory, by record: a stored
 * record is replaced on change, never edited, so each is folded once rather
 * than on every search (5,000 folds took about 100 ms a search).
 */
const folded = new WeakMap<Application, string>();

/** The text free-text search looks in: folded (no diacritics, lower case, punctuation as spaces). */
export function searchTextOf(app: Application): string {
  let text = folded.get(app);
  if (text === undefined) {
    text = foldSearchText(app);
    folded.set(app, text);
  }
  return text;
}

function foldSearchText(app: Application): string {
  const a = app.answers;
  const phone = typeof a.phone === "string" ? a.phone : "";
  return foldVietnamese([app.code, String(a.representative ?? ""), String(a.facilityName ?? ""), app.displayName ?? ""].join(" ")) + ` ${phone.replace(/\D/g, "")}`;
}

/** The typed search folded as the stored text is; a phone typed with spaces or dots becomes its digits. */
export function foldedSearch(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  if (/^[\d\s.+-]+$/.test(trimmed) && /\d{4}/.test(trimmed.replace(/\D/g, ""))) return trimmed.replace(/\D/g, "").replace(/^84/, "0");
  return foldVietnamese(trimmed) || undefined;
}

function passes(app: Application, q: ApplicationQuery, search: string | undefined, withStatus: boolean): boolean {
  const province = typeof app.answers.province === "string" ? app.answers.province : undefined;
  if (withStatus && q.status && app.status !== q.status) return false;
  if (q.supportId && app.supportId !== q.supportId) return false;
  if (q.province && province !== q.province) return false;
  if (q.provinces && !(province && q.provinces.includes(province))) return false;
  if (q.from && app.submittedAt < dayStart(q.from).toISOString()) return false;
  if (q.to && app.submittedAt >= dayEnd(q.to).toISOString()) return false;
  if (search && !searchTextOf(app).includes(search)) return false;
  return true;
}

const STATUS_ORDER = new Map(statusSchema.options.map((s, i) => [s, i]));

function compare(sort: ApplicationSort): (a: Application, b: Application) => number {
  switch (sort) {
    case "code":
      return (a, b) => a.code.localeCompare(b.code);
    case "facility":
      return (a, b) => String(a.answers.facilityName ?? "").localeCompare(String(b.answers.facilityName ?? ""), "vi") || a.code.localeCompare(b.code);
    case "status":
      return (a, b) => (STATUS_ORDER.get(a.status) ?? 0) - (STATUS_ORDER.get(b.status) ?? 0) || a.code.localeCompare(b.code);
    case "submitted":
      return (a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.code.localeCompare(b.code);
  }
}

/** One page of `apps` for `query`, for the adapters that hold applications in memory. */
export function pageOf(apps: Iterable<Application>, query: ApplicationQuery): ApplicationPage {
  const search = foldedSearch(query.text);
  const matching: Application[] = [];
  for (const app of apps) if (passes(app, query, search, true)) matching.push(app);
  const order = compare(query.sort ?? "submitted");
  matching.sort(query.descending === false ? order : (a, b) => order(b, a));
  const offset = query.offset ?? 0;
  return { items: matching.slice(offset, offset + (query.limit ?? 50)), total: matching.length };
}

/** How many applications of each status match the query's other filters (its status left out). */
export function statusCountsOf(apps: Iterable<Application>, query: ApplicationQuery): StatusCounts {
  const search = foldedSearch(query.text);
  const counts = emptyStatusCounts();
  for (const app of apps) if (passes(app, query, search, false)) counts[app.status]++;
  return counts;
}

export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(statusSchema.options.map((s) => [s, 0])) as StatusCounts;
}

/** Applications counted for the overview charts: by status, by kind of support, by month of submission (YYYY-MM, Vietnam time). */
export interface ApplicationStatistics {
  byStatus: StatusCounts;
  bySupport: Record<string, number>;
  byMonth: Record<string, number>;
}

/** The overview's counts over `apps` matching the query (status included), for the adapters holding applications in memory. */
export function statisticsOf(apps: Iterable<Application>, query: ApplicationQuery): ApplicationStatistics {
  const search = foldedSearch(query.text);
  const stats: ApplicationStatistics = { byStatus: emptyStatusCounts(), bySupport: {}, byMonth: {} };
  for (const app of apps) {
    if (!passes(app, query, search, true)) continue;
    stats.byStatus[app.status]++;
    stats.bySupport[app.supportId] = (stats.bySupport[app.supportId] ?? 0) + 1;
    // Vietnam is UTC+7: the month of the instant 7 hours later in UTC.
    const month = new Date(Date.parse(app.submittedAt) + 7 * 3600_000).toISOString().slice(0, 7);
    stats.byMonth[month] = (stats.byMonth[month] ?? 0) + 1;
  }
  return stats;
}
