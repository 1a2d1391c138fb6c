/**
 * Dates as owners and officers in Vietnam read them. The server may run in UTC:
 * between 17:00 and 24:00 UTC it is already the next day in Vietnam, and on
 * 31 December the next year, so every date shown or used in a code goes through here.
 */
export const VN_TIME_ZONE = "Asia/Ho_Chi_Minh";

const PARTS = new Intl.DateTimeFormat("en-CA", { timeZone: VN_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** Year, month (1–12) and day of `date` in Vietnam. */
export function vnDateParts(date: Date): { year: number; month: number; day: number } {
  const parts = Object.fromEntries(PARTS.formatToParts(date).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** "2026-12-02": the date in Vietnam, for file names and sortable columns. */
export function vnIsoDate(date: Date): string {
  const { year, month, day } = vnDateParts(date);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "02/12/2026": the date in Vietnam as people write it. */
export function vnDate(date: Date): string {
  const { year, month, day } = vnDateParts(date);
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

/** Midnight of `date`'s day in Vietnam, as an instant: per-day limits (the question log) count from there. */
export function vnStartOfDay(date: Date): Date {
  const { year, month, day } = vnDateParts(date);
  // Vietnam keeps UTC+7 all year (no daylight saving).
  return new Date(Date.UTC(year, month - 1, day) - 7 * 3600_000);
}
