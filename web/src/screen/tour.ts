/**
 * The tour: which stops it visits (restricted by the URL filters) and a pure state machine that
 * steps through them, pauses on a tap and resumes by itself. Time is passed in, never read, so the
 * machine is tested without clocks.
 */
import { COUNTY_CODES } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import type { TourMode } from './params';

/**
 * One thing the screen focuses on: the whole selection, one county, one measure, or (tour=time)
 * one period: the data as it stood at its end, the changes made within it.
 */
export type TourStop =
  | { kind: 'overview' }
  | { kind: 'county'; code: string }
  | { kind: 'measure'; id: number }
  | { kind: 'period'; label: string; start: string; end: string };

/** A period of /api/stats/timeline (core/api.ts TimelinePeriod), as far as the tour needs it. */
export interface TourPeriod {
  label: string;
  start: string;
  end: string;
}

/**
 * Stops for a mode. The first is always the overview of what the URL selects; then each county
 * (or measure) the URL allows. With a single county (measure) selected the overview is that one.
 */
export function tourStops(mode: TourMode, filters: Filters, measureIds: readonly number[], periods: readonly TourPeriod[] = []): TourStop[] {
  const overview: TourStop = { kind: 'overview' };
  if (mode === 'off') return [overview];
  // tour=time: one quarter after another (the timeline's periods, oldest first); the overview until they are known.
  if (mode === 'time') return periods.length ? periods.map((p): TourStop => ({ kind: 'period', label: p.label, start: p.start, end: p.end })) : [overview];
  if (mode === 'county') {
    const codes = filters.counties ?? [...COUNTY_CODES];
    if (codes.length <= 1) return [overview];
    return [overview, ...codes.map((code): TourStop => ({ kind: 'county', code }))];
  }
  const ids = filters.measures ?? [...measureIds];
  if (ids.length <= 1) return [overview];
  return [overview, ...ids.map((id): TourStop => ({ kind: 'measure', id }))];
}

/** The filter a stop shows: the URL filters narrowed to the stop's county or measure. */
export function stopFilters(stop: TourStop, filters: Filters): Filters {
  if (stop.kind === 'county') return { ...filters, counties: [stop.code] };
  if (stop.kind === 'measure') return { ...filters, measures: [stop.id] };
  return filters;
}

export function stopKey(stop: TourStop): string {
  if (stop.kind === 'period') return `period:${stop.label}`;
  return stop.kind === 'overview' ? 'overview' : stop.kind === 'county' ? `county:${stop.code}` : `measure:${stop.id}`;
}

/** The day a stop shows the data as of: a period's end; otherwise the page's own (`asof` in the address, or now). */
export function stopAsOf(stop: TourStop, pageAsOf: string | undefined): string | undefined {
  return stop.kind === 'period' ? stop.end : pageAsOf;
}

/** The changes a stop highlights: a period's own (from its first day to the end of its last), else since the page's `since`. */
export function stopChanges(stop: TourStop, since: string): { since: string; until?: string } {
  return stop.kind === 'period' ? { since: stop.start, until: stop.end } : { since };
}

/** A period's name in large type: 2025年第3季度 / 2025 Q3 (a month: 2025年7月 / 2025-07). */
export function periodTitle(label: string, lang: 'zh' | 'en'): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(label);
  if (q) return lang === 'en' ? `${q[1]} Q${q[2]}` : `${q[1]}年第${q[2]}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m) return lang === 'en' ? label : `${m[1]}年${Number(m[2])}月`;
  return label;
}

export interface TourState {
  index: number;
  /** When the current stop was entered (ms). */
  since: number;
  /** While paused: when the tour resumes (ms). */
  pausedUntil: number | null;
}

export interface TourTiming {
  /** Stops in the tour. */
  count: number;
  intervalMs: number;
}

/** How long a tap pauses the tour: three stops, at least 15 s, at most 2 min. */
export function resumeAfterMs(intervalMs: number): number {
  return Math.min(120_000, Math.max(15_000, 3 * intervalMs));
}

export function startTour(now: number): TourState {
  return { index: 0, since: now, pausedUntil: null };
}

/** Advance if the stop's time is up; resume when a pause has run out (the stop then gets a full interval). */
export function tickTour(s: TourState, now: number, t: TourTiming): TourState {
  if (s.pausedUntil !== null) {
    if (now < s.pausedUntil) return s;
    return { ...s, pausedUntil: null, since: now };
  }
  if (t.count <= 1 || now - s.since < t.intervalMs) return s;
  return { index: (s.index + 1) % t.count, since: now, pausedUntil: null };
}

/** Go to the next stop now (a test or a keyboard key). */
export function nextStop(s: TourState, now: number, t: TourTiming): TourState {
  if (t.count <= 1) return { ...s, since: now };
  return { index: (s.index + 1) % t.count, since: now, pausedUntil: s.pausedUntil };
}

/** A tap pauses (or extends the pause) for {@link resumeAfterMs}. */
export function pauseTour(s: TourState, now: number, t: TourTiming): TourState {
  return { ...s, pausedUntil: now + resumeAfterMs(t.intervalMs) };
}

/** Keep the index valid when the number of stops changes (e.g. data reloaded). */
export function clampTour(s: TourState, count: number): TourState {
  return s.index < count ? s : { ...s, index: 0 };
}
