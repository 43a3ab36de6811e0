/**
 * `GET /api/stats/timeline` (issue 19): the count by status for a filter at the end of each period,
 * read through the store's own "as of" (SQL over the feature versions on PostGIS, the journal's
 * change sets undone on the embedded store: server/store/asof.ts), and each target's reported
 * progress. Periods that end on the same change set share one read. Nothing is replayed in the
 * browser; the route caches the answer per data version and day.
 */
import type { TimelinePeriod, TimelineResponse } from '../../core/api';
import { endOfShanghaiDay, shanghaiToday } from '../../core/asof';
import { canonicalFilters, type Filters } from '../../core/filters';
import { PLAN_START, periodOf, periodsBetween, progressSeries, type Period, type Step } from '../../core/timeline';
import { viewAsOf } from './asof';
import { isWritable, type FeatureStore } from './types';

/** When the first change set was recorded (ISO 8601), or null when none was (or the store keeps no history). */
export async function historyStart(store: FeatureStore): Promise<string | null> {
  if (!isWritable(store)) return null;
  const newest = await store.changes({ limit: 1 });
  if (newest.numberMatched === 0) return null;
  const oldest = newest.numberMatched === 1 ? newest : await store.changes({ limit: 1, offset: newest.numberMatched - 1 });
  return oldest.changeSets[0]?.at ?? null;
}

/** The day before `day`. */
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10);

/**
 * The periods to count: the one before the history's (the baseline, the data as first loaded) when
 * it ends on or after the plan's start, then each from the history's start (today's when there is
 * none) to today.
 */
export function timelinePeriods(step: Step, historyDay: string | null, today: string): Period[] {
  const from = historyDay ?? today;
  const periods = periodsBetween(step, from, today);
  const before = dayBefore(periods[0].start);
  return before >= PLAN_START && historyDay !== null ? [periodOf(step, before), ...periods] : periods;
}

export async function timeline(store: FeatureStore, rawFilters: Filters, step: Step, now: Date = new Date()): Promise<TimelineResponse> {
  const filters = canonicalFilters(rawFilters);
  const today = shanghaiToday(now);
  const startAt = await historyStart(store);
  const historyDay = startAt === null ? null : shanghaiToday(new Date(startAt));
  const periods: TimelinePeriod[] = [];
  let last: { changeSet: number; total: number; by_status: TimelinePeriod['by_status']; dataVersion: string } | undefined;
  for (const p of timelinePeriods(step, historyDay, today)) {
    const view = await viewAsOf(store, { date: p.end, until: endOfShanghaiDay(p.end) });
    if (!last || last.changeSet !== view.changeSet) {
      const stats = await view.store.stats(filters);
      last = { changeSet: view.changeSet, total: stats.totals.features, by_status: stats.by_status, dataVersion: stats.data_version };
    }
    periods.push({ ...p, change_set: view.changeSet, before_history: view.beforeHistory, total: last.total, by_status: last.by_status });
  }
  const reports = isWritable(store) ? await store.progress() : [];
  const targets = progressSeries(await store.measures(), reports, today, filters.measures);
  return { filters, data_version: last?.dataVersion ?? store.version, step, today, history_start: historyDay, periods, targets };
}
