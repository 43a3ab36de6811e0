/**
 * Where a target of the plan stands against its deadline (docs/contract.md; issue 19), from the
 * progress reports — never guessed. Pure; the server puts it into /api/stats, the pages sort and
 * colour by it.
 *
 * - deadline: the end of the target's year (`year`, e.g. 2025 → 2025-12-31); none when the plan
 *   states no year.
 * - the report judged: the latest progress report whose as_of is on or before the day (asof, or
 *   today in Asia/Shanghai).
 * - `met`: that report reaches the goal in the target's direction (at_least / exactly: value ≥
 *   the plan's figure; a target the plan states without a figure — all, complete — is met at 100,
 *   i.e. 100 % done).
 * - otherwise, with the deadline passed on that day: `missed` when there is a report (short of
 *   the goal), `not_reported` when there is none;
 * - otherwise `open` (the deadline has not passed), or `no_deadline` (the plan states no year).
 */
import type { Target } from './schema';

export const STANDINGS = ['missed', 'not_reported', 'open', 'met', 'no_deadline'] as const;
export type Standing = (typeof STANDINGS)[number];

/** The goal a report's value must reach: the plan's figure, or 100 (per cent done) where it states none. */
export function goalOf(target: Pick<Target, 'value'>): number {
  return target.value ?? 100;
}

/** The last day of the target's year, or null when the plan states no year. */
export function deadlineOf(target: Pick<Target, 'year'>): string | null {
  return target.year === null ? null : `${target.year}-12-31`;
}

/** Whether a reported value reaches the target. All comparators of the plan point upwards. */
export function reaches(target: Pick<Target, 'value' | 'comparator'>, value: number): boolean {
  return value >= goalOf(target);
}

/**
 * The standing of `target` on `day` (YYYY-MM-DD), given the latest report with as_of on or before
 * that day (or null).
 */
export function standingOf(target: Pick<Target, 'value' | 'comparator' | 'year'>, report: { value: number; as_of: string } | null | undefined, day: string): { deadline: string | null; standing: Standing } {
  const deadline = deadlineOf(target);
  if (report && report.as_of <= day && reaches(target, report.value)) return { deadline, standing: 'met' };
  if (deadline === null) return { deadline, standing: 'no_deadline' };
  if (day <= deadline) return { deadline, standing: 'open' };
  return { deadline, standing: report && report.as_of <= day ? 'missed' : 'not_reported' };
}

/** Sort key: the most pressing first (missed, not reported, open, met, no deadline). */
export function standingRank(s: Standing): number {
  return STANDINGS.indexOf(s);
}

interface StatsLike {
  measures: { targets: { target: Pick<Target, 'value' | 'comparator' | 'year'>; reported?: { value: number; as_of: string } | null; deadline?: string | null; standing?: Standing }[] }[];
}

/** /api/stats with each target's deadline and standing on `day` (the reports shown are those up to it). */
export function withStandings<S extends StatsLike>(stats: S, day: string): S {
  return {
    ...stats,
    measures: stats.measures.map((m) => ({ ...m, targets: m.targets.map((t) => ({ ...t, ...standingOf(t.target, t.reported, day) })) })),
  };
}
