/**
 * The page's `asof` (docs/contract.md): every view reads it from its address and passes it to
 * every API call (lib/api.ts), so the map, figures and targets are those of that day. Pure helpers
 * plus one reader of `location`.
 */
import { parseAsOf, shanghaiToday } from '../../../core/asof';

/** The plan's date (上饶市人民政府, 2022 年 3 月 27 日): the time slider starts at the end of that month. */
export const PLAN_DATE = '2022-03-27';

/** A valid `asof` in a query string, or undefined (a bad one is reported by parseUrlState). */
export function asofOf(search: string | URLSearchParams): string | undefined {
  const params = typeof search === 'string' ? new URLSearchParams(search.startsWith('?') ? search.slice(1) : search) : search;
  const all = params.getAll('asof');
  if (all.length === 0) return undefined;
  const r = parseAsOf(all[all.length - 1]);
  return typeof r === 'string' ? undefined : r.date;
}

/** The current page's `asof` (undefined outside a browser or when absent). */
export function asofFromLocation(): string | undefined {
  return typeof window === 'undefined' ? undefined : asofOf(window.location.search);
}

/** The last day of a month (`YYYY-MM`). */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The slider's stops: the end of every month from the plan's month up to the last month that has
 * ended, then today (= no asof, "now"). A day asked that is not a stop is put in its place, so the
 * slider always shows exactly the day the page shows.
 */
export function monthStops(today: string = shanghaiToday(), asked?: string, start: string = PLAN_DATE): string[] {
  const stops: string[] = [];
  let [y, m] = start.slice(0, 7).split('-').map(Number);
  for (;;) {
    const end = monthEnd(`${y}-${String(m).padStart(2, '0')}`);
    if (end >= today) break;
    stops.push(end);
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  stops.push(today);
  if (asked && !stops.includes(asked)) {
    stops.push(asked);
    stops.sort();
  }
  return stops;
}

/** The quarter ends from the plan's quarter up to the last quarter that has ended (the screen's time tour). */
export function quarterStops(today: string = shanghaiToday(), start: string = PLAN_DATE): string[] {
  return monthStops(today, undefined, start).filter((d) => d !== today && /-(03-31|06-30|09-30|12-31)$/.test(d));
}
