/**
 * Pure ECharts option builders for progress over time (GET /api/stats/timeline, core/api.ts
 * `TimelineResponse`): a target's reported progress against its goal (a horizontal mark line) and
 * deadline (a vertical one), and the count by status at the end of each period (stacked bars).
 * Every value is written on the chart, and each builder's text alternative (aria description, and
 * the tables the components render) says the same. No DOM, no echarts import: tested in node.
 */
import type { TimelinePeriod, TargetSeriesJson } from '../../../core/api';
import { STATUSES, type Lang } from '../../../core/contract';
import { PLAN_START } from '../../../core/timeline';
import { makeT } from '../i18n';
import { formatNumber } from '../lib/format';
import { STATUS_COLORS, type ChartOption, type ChartStyle } from './options';

const INK = {
  light: { text: '#263238', muted: '#455a64', line: '#1b5e20', goal: '#8e2a00', deadline: '#37474f', grid: '#d5dde2' },
  dark: { text: '#e3edf4', muted: '#b8c7d3', line: '#7df0b0', goal: '#ffb38a', deadline: '#e3edf4', grid: '#23384a' },
} as const;

const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** The unit as the plan words it, in the page's language. */
const unitOf = (s: Pick<TargetSeriesJson, 'unit' | 'unit_en' | 'goal_stated'>, lang: Lang) => (s.goal_stated ? (lang === 'en' ? s.unit_en : s.unit) : '%');

/** One sentence per target: its goal, deadline and every report (or that none was made). */
export function targetProgressSummary(s: TargetSeriesJson, lang: Lang): string {
  const t = makeT(lang);
  const unit = unitOf(s, lang);
  const goal = `${formatNumber(s.goal, lang)}${lang === 'en' && unit ? ' ' : ''}${unit}`;
  const head = t('timeline.targetGoal', { what: lang === 'en' ? s.what_en : s.what, goal, deadline: s.deadline ?? t('timeline.noDeadline') });
  if (s.points.length === 0) return `${head} ${t('timeline.noReports')}`;
  const points = s.points.map((p) => t('timeline.point', { as_of: p.as_of, value: formatNumber(p.value, lang), source: p.source }));
  return `${head} ${points.join(lang === 'en' ? '; ' : '；')}`;
}

/** A target's reports over time (points on a time axis), its goal and its deadline. */
export function targetProgressOption(s: TargetSeriesJson, lang: Lang, today: string, style: ChartStyle = {}): ChartOption {
  const t = makeT(lang);
  const ink = INK[style.theme ?? 'light'];
  const fs = style.fontSize ?? 12;
  const unit = unitOf(s, lang);
  const lastDay = [today, s.deadline ?? today, ...s.points.map((p) => p.as_of)].sort().at(-1)!;
  const maxValue = Math.max(s.goal, ...s.points.map((p) => p.value));
  const marks: unknown[] = [
    {
      yAxis: s.goal,
      lineStyle: { color: ink.goal, type: 'dashed', width: 1.5 },
      label: { formatter: t('timeline.goalMark', { goal: formatNumber(s.goal, lang), unit }), position: 'insideStartTop', color: ink.goal, fontSize: fs },
    },
  ];
  if (s.deadline)
    marks.push({
      xAxis: s.deadline,
      lineStyle: { color: ink.deadline, type: 'dotted', width: 1.5 },
      label: { formatter: t('timeline.deadlineMark', { deadline: s.deadline }), position: 'insideEndTop', color: ink.deadline, fontSize: fs },
    });
  return {
    backgroundColor: 'transparent',
    animation: false,
    aria: { enabled: true, label: { description: targetProgressSummary(s, lang) } },
    textStyle: { fontFamily: FONT, fontSize: fs, color: ink.text },
    grid: { left: 8, right: fs * 1.5, top: fs * 1.8, bottom: 4, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'time',
      min: PLAN_START,
      max: lastDay,
      axisLabel: { color: ink.muted, fontSize: fs, hideOverlap: true, formatter: '{yyyy}' },
      axisLine: { lineStyle: { color: ink.grid } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      // A number, not a function: with no report the series is empty and the axis (and the goal's line) must still be drawn.
      max: niceMax(maxValue),
      axisLabel: { color: ink.muted, fontSize: fs },
      splitLine: { lineStyle: { color: ink.grid } },
    },
    series: [
      {
        id: `progress-${s.target}`,
        type: 'line',
        name: lang === 'en' ? s.what_en : s.what,
        data: s.points.map((p) => ({ value: [p.as_of, p.value], name: p.source })),
        symbol: 'circle',
        symbolSize: fs * 0.7,
        lineStyle: { color: ink.line, width: 2 },
        itemStyle: { color: ink.line },
        label: { show: true, position: 'top', color: ink.text, fontSize: fs, fontWeight: 'bold', formatter: (p: { value: [string, number] }) => formatNumber(p.value[1], lang) },
        markLine: { symbol: 'none', silent: true, data: marks },
      },
    ],
  };
}

/** A round upper bound a little above `v` (so the goal's line and label stay inside). */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const m = v * 1.15;
  const p = 10 ** Math.floor(Math.log10(m));
  for (const k of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (k * p >= m) return k * p;
  return 10 * p;
}

/** The period's name on the axis; the baseline (before the history) is marked as the data first loaded. */
export function periodName(p: Pick<TimelinePeriod, 'label' | 'before_history' | 'partial'>, lang: Lang): string {
  const t = makeT(lang);
  if (p.before_history) return t('timeline.baseline', { label: p.label });
  return p.partial ? t('timeline.partial', { label: p.label }) : p.label;
}

/** One line per period: its end and the count of each status. */
export function statusTimelineSummary(periods: readonly TimelinePeriod[], lang: Lang): string {
  const t = makeT(lang);
  return periods
    .map((p) => `${periodName(p, lang)} (${p.end}): ${STATUSES.map((s) => `${t(`status.${s}`)} ${p.by_status[s]}`).join(', ')}`)
    .join(lang === 'en' ? '; ' : '；');
}

/** The count by status at the end of each period, stacked, with the total on top. */
export function statusTimelineOption(periods: readonly TimelinePeriod[], lang: Lang, style: ChartStyle = {}): ChartOption {
  const t = makeT(lang);
  const ink = INK[style.theme ?? 'light'];
  const fs = style.fontSize ?? 12;
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 400,
    aria: { enabled: true, label: { description: statusTimelineSummary(periods, lang) }, decal: { show: true } },
    textStyle: { fontFamily: FONT, fontSize: fs, color: ink.text },
    legend: { top: 0, left: 0, itemWidth: fs, itemHeight: fs, textStyle: { color: ink.text, fontSize: fs } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: fs * 3.2, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: periods.map((p) => periodName(p, lang)),
      axisLabel: { color: ink.muted, fontSize: fs, hideOverlap: true },
      axisLine: { lineStyle: { color: ink.grid } },
      axisTick: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: ink.muted, fontSize: fs }, splitLine: { lineStyle: { color: ink.grid } } },
    series: [
      ...STATUSES.map((s) => ({
        id: `status-${s}`,
        type: 'bar',
        stack: 'status',
        name: t(`status.${s}`),
        barMaxWidth: fs * 2.4,
        itemStyle: { color: STATUS_COLORS[s] },
        data: periods.map((p) => p.by_status[s]),
      })),
      {
        // The total, written above each stack (an invisible bar on the stack carries the label).
        id: 'status-total',
        type: 'bar',
        stack: 'status',
        name: t('timeline.total'),
        silent: true,
        itemStyle: { color: 'transparent' },
        tooltip: { show: false },
        label: { show: true, position: 'insideBottom', color: ink.text, fontSize: fs, fontWeight: 'bold', formatter: (p: { dataIndex: number }) => String(periods[p.dataIndex]?.total ?? '') },
        data: periods.map(() => 0),
      },
    ],
  };
}
