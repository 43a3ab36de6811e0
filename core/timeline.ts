/**
 * Progress over time (issue 19; `GET /api/stats/timeline`): the periods a timeline is cut into,
 * and each target's reported progress as a series. Pure; the server fills the periods' counts from
 * the store's "as of" reads (server/store/timeline.ts), the pages draw them (web/src/charts/).
 *
 * Nothing is invented: a target's series holds the progress reports and nothing else (no report,
 * no point), and a period's counts are those the store answers for the end of that period.
 */
import { endOfShanghaiDay } from './asof';
import { deadlineOf, goalOf } from './deadlines';
import type { ProgressReport } from './changes';
import type { Target } from './schema';

export const STEPS = ['month', 'quarter'] as const;
export type Step = (typeof STEPS)[number];

/** The plan's first day (上饶市绿色低碳发展 2022): a timeline never starts before it. */
export const PLAN_START = '2022-01-01';

export interface Period {
  /** `2025-Q3` or `2025-07`. */
  label: string;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD (today for the period still running). */
  end: string;
  /** Whether the period is still running (its end is today, not its last day). */
  partial: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of month `m` (1–12) of year `y`. */
function lastDay(y: number, m: number): string {
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The period of `step` that holds `day` (YYYY-MM-DD), uncut. */
export function periodOf(step: Step, day: string): Period {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (step === 'month') return { label: `${y}-${pad(m)}`, start: `${y}-${pad(m)}-01`, end: lastDay(y, m), partial: false };
  const q = Math.floor((m - 1) / 3);
  return { label: `${y}-Q${q + 1}`, start: `${y}-${pad(q * 3 + 1)}-01`, end: lastDay(y, q * 3 + 3), partial: false };
}

/** The day after `day`. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
}

/**
 * The periods of `step` from the one holding `from` (never before the plan's start) to the one
 * holding `today`, the last cut at today (partial).
 */
export function periodsBetween(step: Step, from: string, today: string): Period[] {
  const out: Period[] = [];
  let p = periodOf(step, from < PLAN_START ? PLAN_START : from > today ? today : from);
  for (;;) {
    if (p.end >= today) {
      out.push({ ...p, end: today, partial: p.end !== today });
      return out;
    }
    out.push(p);
    p = periodOf(step, nextDay(p.end));
  }
}

/** The instant a period ends (the end of its last day in Asia/Shanghai), as `asof` reads it. */
export const periodUntil = (p: Period) => endOfShanghaiDay(p.end);

export interface SeriesPoint {
  value: number;
  /** The day the figure describes. */
  as_of: string;
  source: string;
  note?: string;
  /** When it was recorded. */
  reported_at: string;
}

export interface TargetSeries {
  measure: number;
  target: string;
  what: string;
  what_en: string;
  unit: string;
  unit_en: string;
  /** The figure a report must reach (the plan's, or 100 — per cent done — where it gives none). */
  goal: number;
  /** Whether the goal is the plan's own figure (false: 100, per cent done). */
  goal_stated: boolean;
  /** The last day of the target's year; null where the plan states no year. */
  deadline: string | null;
  /** The reports, oldest as_of first; one per day (the one recorded last). Empty: none. */
  points: SeriesPoint[];
}

/**
 * Each target of `measures` (all, or those in `only`) with its reports up to `today` as a series.
 * Two reports describing the same day: the one recorded later stands (it corrects the first).
 */
export function progressSeries(
  measures: readonly { id: number; targets: readonly Target[] }[],
  reports: readonly ProgressReport[],
  today: string,
  only?: readonly number[],
): TargetSeries[] {
  const byTarget = new Map<string, Map<string, ProgressReport>>();
  for (const r of reports) {
    if (r.as_of > today) continue;
    const days = byTarget.get(r.target) ?? new Map<string, ProgressReport>();
    const seen = days.get(r.as_of);
    if (!seen || seen.reported_at < r.reported_at) days.set(r.as_of, r);
    byTarget.set(r.target, days);
  }
  const out: TargetSeries[] = [];
  for (const m of measures) {
    if (only && only.length > 0 && !only.includes(m.id)) continue;
    for (const t of m.targets) {
      const days = [...(byTarget.get(t.id)?.values() ?? [])].sort((a, b) => (a.as_of < b.as_of ? -1 : a.as_of > b.as_of ? 1 : 0));
      out.push({
        measure: m.id,
        target: t.id,
        what: t.what,
        what_en: t.what_en,
        unit: t.unit,
        unit_en: t.unit_en,
        goal: goalOf(t),
        goal_stated: t.value !== null,
        deadline: deadlineOf(t),
        points: days.map((r) => ({ value: r.value, as_of: r.as_of, source: r.source, ...(r.note ? { note: r.note } : {}), reported_at: r.reported_at })),
      });
    }
  }
  return out;
}
