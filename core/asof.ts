/**
 * `asof=YYYY-MM-DD` (docs/contract.md): the data as it stood at the END of that day in Shangrao's
 * time zone, Asia/Shanghai (UTC+8 all year, no daylight saving). Shared by the API (validation) and
 * the pages (URL state). Pure.
 */

/** The zone a date names a day in. */
export const ASOF_TIME_ZONE = 'Asia/Shanghai';
const OFFSET_HOURS = 8;

export interface AsOf {
  /** The day, YYYY-MM-DD. */
  date: string;
  /** The first instant after that day (ISO 8601, UTC): change sets recorded before it count. */
  until: string;
}

/** Today's date in Asia/Shanghai. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + OFFSET_HOURS * 3600_000).toISOString().slice(0, 10);
}

/** The instant a Shanghai day ends (= the next day begins), as ISO 8601 UTC. */
export function endOfShanghaiDay(date: string): string {
  const start = Date.parse(`${date}T00:00:00+08:00`);
  return new Date(start + 24 * 3600_000).toISOString();
}

/** Whether `s` is a real calendar date written YYYY-MM-DD (no 2024-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Parse `asof`: the day and its end, or the reason it is refused (one sentence naming what is allowed). */
export function parseAsOf(raw: string, now: Date = new Date()): AsOf | string {
  const v = raw.trim();
  const today = shanghaiToday(now);
  if (!isCalendarDate(v))
    return `asof must be a date YYYY-MM-DD (a real calendar day, e.g. 2024-06-30), not "${v.slice(0, 40)}"; allowed: any day up to today (${today}, ${ASOF_TIME_ZONE}).`;
  if (v > today) return `asof ${v} is in the future; allowed: any day up to today (${today}, ${ASOF_TIME_ZONE}).`;
  return { date: v, until: endOfShanghaiDay(v) };
}
