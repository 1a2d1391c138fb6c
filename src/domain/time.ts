/** Vietnam keeps UTC+7 all year (no daylight saving), so the offset is a constant. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** Midnight of `now`'s day in Vietnam (Asia/Ho_Chi_Minh), as an instant: per-day limits count from there. */
export function startOfDayInVietnam(now: Date): Date {
  const local = now.getTime() + VIETNAM_OFFSET_MS;
  return new Date(local - (local % 86_400_000) - VIETNAM_OFFSET_MS);
}
