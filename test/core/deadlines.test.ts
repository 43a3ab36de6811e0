import { describe, expect, it } from 'vitest';
import { deadlineOf, standingOf, standingRank, withStandings, STANDINGS } from '../../core/deadlines';
import { endOfShanghaiDay, isCalendarDate, parseAsOf, shanghaiToday } from '../../core/asof';

const t2025 = { value: 20, comparator: 'at_least' as const, year: 2025 };
const noFigure = { value: null, comparator: 'all' as const, year: 2025 };
const noYear = { value: 2, comparator: 'exactly' as const, year: null };

describe('standingOf', () => {
  it('is open on a day before the deadline, without or with a short report', () => {
    expect(standingOf(t2025, null, '2025-12-31')).toEqual({ deadline: '2025-12-31', standing: 'open' });
    expect(standingOf(t2025, { value: 5, as_of: '2024-12-31' }, '2025-06-30').standing).toBe('open');
  });

  it('is not_reported past the deadline with no report, missed with a report short of the goal', () => {
    expect(standingOf(t2025, null, '2026-01-01').standing).toBe('not_reported');
    expect(standingOf(t2025, { value: 19, as_of: '2025-12-31' }, '2026-11-26').standing).toBe('missed');
  });

  it('is met when the report reaches the goal, before or after the deadline', () => {
    expect(standingOf(t2025, { value: 20, as_of: '2025-12-31' }, '2026-11-26').standing).toBe('met');
    expect(standingOf(t2025, { value: 25, as_of: '2025-03-01' }, '2025-06-30').standing).toBe('met');
  });

  it('ignores a report describing a later day than the one asked', () => {
    expect(standingOf(t2025, { value: 25, as_of: '2026-03-01' }, '2026-01-15').standing).toBe('not_reported');
  });

  it('reads a target without a figure as met at 100 (per cent done), and says when the plan gives no year', () => {
    expect(standingOf(noFigure, { value: 99.5, as_of: '2025-12-31' }, '2026-02-01').standing).toBe('missed');
    expect(standingOf(noFigure, { value: 100, as_of: '2025-12-31' }, '2026-02-01').standing).toBe('met');
    expect(standingOf(noYear, null, '2030-01-01')).toEqual({ deadline: null, standing: 'no_deadline' });
    expect(standingOf(noYear, { value: 2, as_of: '2024-01-01' }, '2030-01-01').standing).toBe('met');
    expect(deadlineOf({ year: 2023 })).toBe('2023-12-31');
  });

  it('sorts the most pressing first', () => {
    const sorted = [...STANDINGS].reverse().sort((a, b) => standingRank(a) - standingRank(b));
    expect(sorted).toEqual(['missed', 'not_reported', 'open', 'met', 'no_deadline']);
  });

  it('adds deadline and standing to every target of a stats body', () => {
    const stats = { measures: [{ id: 2, targets: [{ target: t2025, reported: null }, { target: noYear, reported: { value: 2, as_of: '2024-01-01' } }] }] };
    const out = withStandings(stats, '2026-11-26');
    expect(out.measures[0].targets.map((t) => (t as { standing?: string }).standing)).toEqual(['not_reported', 'met']);
    expect(stats.measures[0].targets[0]).not.toHaveProperty('standing'); // the input is not changed
  });
});

describe('asof dates', () => {
  it('ends a day at midnight in Asia/Shanghai (16:00 UTC the day before the next)', () => {
    expect(endOfShanghaiDay('2025-03-10')).toBe('2025-03-10T16:00:00.000Z');
    expect(endOfShanghaiDay('2024-12-31')).toBe('2024-12-31T16:00:00.000Z');
  });

  it('takes today in Shanghai as today, refuses tomorrow and non-days', () => {
    const now = new Date('2026-11-26T17:30:00Z'); // 01:30 on the 27th in Shanghai
    expect(shanghaiToday(now)).toBe('2026-11-27');
    expect(parseAsOf('2026-11-27', now)).toEqual({ date: '2026-11-27', until: '2026-11-27T16:00:00.000Z' });
    expect(parseAsOf('2026-11-28', now)).toMatch(/future/);
    expect(parseAsOf('2026-02-29', now)).toMatch(/YYYY-MM-DD/);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2024-2-29')).toBe(false);
  });
});
