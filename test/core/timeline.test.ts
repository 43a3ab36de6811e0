/** core/timeline.ts: periods of a timeline and targets' reported progress as series (pure). */
import { describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../core/changes';
import type { Target } from '../../core/schema';
import { periodOf, periodsBetween, progressSeries } from '../../core/timeline';
import { timelinePeriods } from '../../server/store/timeline';

describe('periods', () => {
  it('finds the quarter and the month of a day', () => {
    expect(periodOf('quarter', '2025-08-15')).toEqual({ label: '2025-Q3', start: '2025-07-01', end: '2025-09-30', partial: false });
    expect(periodOf('month', '2024-02-10')).toEqual({ label: '2024-02', start: '2024-02-01', end: '2024-02-29', partial: false });
    expect(periodOf('quarter', '2025-12-31').label).toBe('2025-Q4');
  });

  it('runs from the period holding the start to the one holding today, cut at today', () => {
    const ps = periodsBetween('quarter', '2025-03-11', '2026-01-05');
    expect(ps.map((p) => p.label)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
    expect(ps.at(-1)).toEqual({ label: '2026-Q1', start: '2026-01-01', end: '2026-01-05', partial: true });
    expect(ps[0].end).toBe('2025-03-31');
    // a period ending today is whole
    expect(periodsBetween('month', '2025-11-02', '2025-11-30')).toEqual([{ label: '2025-11', start: '2025-11-01', end: '2025-11-30', partial: false }]);
  });

  it('never starts before the plan (2022), and counts every month to today', () => {
    const ps = periodsBetween('month', '2019-05-01', '2022-03-02');
    expect(ps.map((p) => p.label)).toEqual(['2022-01', '2022-02', '2022-03']);
  });

  it('puts the baseline (the period before the history) first, only when it is within the plan', () => {
    expect(timelinePeriods('quarter', '2025-03-11', '2025-07-01').map((p) => p.label)).toEqual(['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3']);
    expect(timelinePeriods('quarter', '2022-02-01', '2022-04-01').map((p) => p.label)).toEqual(['2022-Q1', '2022-Q2']);
    // no history: today's period alone
    expect(timelinePeriods('month', null, '2026-11-26')).toEqual([{ label: '2026-11', start: '2026-11-01', end: '2026-11-26', partial: true }]);
  });
});

describe('progressSeries', () => {
  const target = (id: string, value: number | null, year: number | null): Target =>
    ({ id, what: `目标 ${id}`, what_en: `target ${id}`, value, unit: '个', unit_en: '', comparator: value === null ? 'all' : 'at_least', year, scope: '全市', scope_en: 'city', quote: '…' }) as Target;
  const measures = [
    { id: 4, targets: [target('m4-a', 3, 2025), target('m4-b', null, null)] },
    { id: 5, targets: [target('m5-a', 10, 2023)] },
  ];
  const report = (t: string, value: number, as_of: string, reported_at: string, source = '上饶市文旅局'): ProgressReport => ({
    measure: Number(t.slice(1, 2)),
    target: t,
    value,
    as_of,
    source,
    change_set: '1',
    reported_at,
  });

  it('orders each target\'s reports by the day they describe, with goal and deadline, and invents no point', () => {
    const s = progressSeries(measures, [report('m4-a', 2, '2025-12-31', '2026-01-05T00:00:00Z'), report('m4-a', 3, '2025-09-30', '2025-10-01T00:00:00Z')], '2026-11-26');
    expect(s.map((t) => t.target)).toEqual(['m4-a', 'm4-b', 'm5-a']);
    expect(s[0]).toMatchObject({ measure: 4, goal: 3, goal_stated: true, deadline: '2025-12-31' });
    expect(s[0].points.map((p) => [p.as_of, p.value])).toEqual([
      ['2025-09-30', 3],
      ['2025-12-31', 2],
    ]);
    expect(s[1]).toMatchObject({ goal: 100, goal_stated: false, deadline: null, points: [] });
    expect(s[2].points).toEqual([]);
  });

  it('keeps the report recorded last for a day, leaves out days after today, and filters by measure', () => {
    const s = progressSeries(
      measures,
      [
        report('m5-a', 4, '2023-06-30', '2023-07-01T00:00:00Z', '第一稿'),
        report('m5-a', 5, '2023-06-30', '2023-08-01T00:00:00Z', '更正'),
        report('m5-a', 9, '2027-01-01', '2023-08-01T00:00:00Z'),
      ],
      '2026-11-26',
      [5],
    );
    expect(s).toHaveLength(1);
    expect(s[0].points).toEqual([{ value: 5, as_of: '2023-06-30', source: '更正', reported_at: '2023-08-01T00:00:00Z' }]);
  });
});
