/** web/src/charts/timeline-options.ts: progress over time as ECharts options and their text (pure). */
import { describe, expect, it } from 'vitest';
import type { TargetSeriesJson, TimelinePeriod } from '../../core/api';
import { niceMax, periodName, statusTimelineOption, statusTimelineSummary, targetProgressOption, targetProgressSummary } from '../../web/src/charts/timeline-options';
import { STATUS_COLORS } from '../../web/src/charts/options';

const series = (points: TargetSeriesJson['points'], over: Partial<TargetSeriesJson> = {}): TargetSeriesJson => ({
  measure: 4,
  target: 'm4-five-a',
  what: '5A级景区',
  what_en: '5A scenic areas',
  unit: '个',
  unit_en: '',
  goal: 3,
  goal_stated: true,
  deadline: '2025-12-31',
  points,
  ...over,
});
type MarkData = { yAxis?: number; xAxis?: string }[];
const marks = (o: { series: { markLine?: { data: MarkData } }[] }) => o.series[0].markLine!.data;

describe('targetProgressOption', () => {
  const s = series([
    { value: 3, as_of: '2025-09-30', source: '上饶市文旅局', reported_at: '2025-10-01T04:00:00Z' },
    { value: 2, as_of: '2025-12-31', source: '上饶市文旅局', reported_at: '2026-01-05T04:00:00Z' },
  ]);

  it('draws each report at the day it describes, the goal across and the deadline upright', () => {
    const o = targetProgressOption(s, 'zh', '2026-11-26');
    expect(o.series[0].data).toEqual([
      { value: ['2025-09-30', 3], name: '上饶市文旅局' },
      { value: ['2025-12-31', 2], name: '上饶市文旅局' },
    ]);
    expect(marks(o as never)).toEqual([expect.objectContaining({ yAxis: 3 }), expect.objectContaining({ xAxis: '2025-12-31' })]);
    expect((o.xAxis as { min: string; max: string }).min).toBe('2022-01-01');
    expect((o.xAxis as { max: string }).max).toBe('2026-11-26');
    const label = (marks(o as never)[1] as { label: { formatter: string } }).label.formatter;
    expect(label).toBe('期限 2025-12-31');
  });

  it('has no deadline line where the plan sets no year, and no point where nothing was reported', () => {
    const o = targetProgressOption(series([], { deadline: null, goal: 100, goal_stated: false }), 'en', '2026-11-26');
    expect(o.series[0].data).toEqual([]);
    expect(marks(o as never)).toHaveLength(1);
    expect((marks(o as never)[0] as { label: { formatter: string } }).label.formatter).toBe('Goal 100 %');
  });

  it('says in words what the chart shows (goal, deadline, each report and its source)', () => {
    expect(targetProgressSummary(s, 'zh')).toBe('5A级景区：目标 3个，期限 2025-12-31。 2025-09-30 报告 3（来源：上饶市文旅局）；2025-12-31 报告 2（来源：上饶市文旅局）');
    expect(targetProgressSummary(series([]), 'en')).toMatch(/^5A scenic areas: goal 3, deadline 2025-12-31\. No progress reported yet/);
  });

  it('keeps the goal inside the axis', () => {
    expect(niceMax(3)).toBeGreaterThanOrEqual(3.45);
    expect(niceMax(100)).toBe(120);
    expect(niceMax(0)).toBe(1);
  });
});

describe('statusTimelineOption', () => {
  const period = (label: string, end: string, by: [number, number, number, number], over: Partial<TimelinePeriod> = {}): TimelinePeriod => ({
    label,
    start: `${end.slice(0, 8)}01`,
    end,
    partial: false,
    change_set: 1,
    before_history: false,
    total: by.reduce((a, b) => a + b, 0),
    by_status: { planned: by[0], in_progress: by[1], completed: by[2], unknown: by[3] },
    ...over,
  });
  const periods = [period('2024-Q4', '2024-12-31', [2, 0, 0, 1], { before_history: true, change_set: 0 }), period('2025-Q1', '2025-03-31', [1, 0, 1, 1]), period('2025-Q2', '2025-05-20', [1, 1, 1, 0], { partial: true })];

  it('stacks one series per status in its colour, one bar per period, totals on top', () => {
    const o = statusTimelineOption(periods, 'zh');
    expect(o.series.map((s) => s.id)).toEqual(['status-planned', 'status-in_progress', 'status-completed', 'status-unknown', 'status-total']);
    expect(o.series[2].data).toEqual([0, 1, 1]);
    expect((o.series[2] as unknown as { itemStyle: { color: string } }).itemStyle.color).toBe(STATUS_COLORS.completed);
    const total = o.series[4] as unknown as { label: { formatter: (p: { dataIndex: number }) => string } };
    expect([0, 1, 2].map((i) => total.label.formatter({ dataIndex: i }))).toEqual(['3', '3', '3']);
    expect((o.xAxis as { data: string[] }).data).toEqual(['2024-Q4 首次载入', '2025-Q1', '2025-Q2（至今）']);
  });

  it('names the periods and counts in its text alternative', () => {
    expect(periodName(periods[0], 'en')).toBe('2024-Q4 as first loaded');
    const text = statusTimelineSummary(periods, 'en');
    expect(text).toContain('2025-Q1 (2025-03-31): Planned 1, In progress 0, Completed 1, Unknown 1');
    expect(statusTimelineOption(periods, 'en').aria).toMatchObject({ enabled: true, label: { description: text } });
  });
});
