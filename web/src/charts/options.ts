/**
 * Pure ECharts option builders for the figures of a filter (StatsResponse, core/api.ts). Every value
 * is written on its bar, so nothing is available only on hover. No DOM, no echarts import: tested in node.
 */
import type { StatsResponse } from '../../../core/api';
import { COUNTIES, SECTION_NUMERALS, STATUSES, type Lang, type Status } from '../../../core/contract';
import type { Measure } from '../../../core/schema';
import { makeT } from '../i18n';

export type ChartTheme = 'light' | 'dark';

/** The subset of an ECharts option these builders produce (kept loose: ECharts' own type is huge). */
export interface ChartOption {
  [key: string]: unknown;
  series: { id: string; type: string; data: unknown[]; [key: string]: unknown }[];
}

export interface ChartStyle {
  theme?: ChartTheme;
  /** Base font size in px (the screen passes a share of its height). Default 12. */
  fontSize?: number;
}

export const STATUS_COLORS: Readonly<Record<Status, string>> = {
  planned: '#4f9cf0',
  in_progress: '#f2b632',
  completed: '#3ccf8e',
  unknown: '#8c99a6',
};

const INK: Record<ChartTheme, { text: string; muted: string; bar: string; focus: string; grid: string }> = {
  light: { text: '#263238', muted: '#607d8b', bar: '#5c9e6e', focus: '#1b5e20', grid: '#d5dde2' },
  dark: { text: '#e3edf4', muted: '#9fb3c2', bar: '#3f8f6a', focus: '#7df0b0', grid: '#23384a' },
};

function base(style: ChartStyle) {
  const theme = style.theme ?? 'light';
  const fs = style.fontSize ?? 12;
  const ink = INK[theme];
  return { theme, fs, ink };
}

/** Horizontal bars, one per category, value labels at the bar ends. */
function horizontalBars(
  id: string,
  rows: { name: string; value: number; color: string }[],
  style: ChartStyle,
  description: string,
): ChartOption {
  const { fs, ink } = base(style);
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 600,
    aria: { enabled: true, label: { description } },
    textStyle: { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif', fontSize: fs, color: ink.text },
    grid: { left: 8, right: fs * 3.2, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(1, v.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: ink.grid } },
      axisLabel: { color: ink.text, fontSize: fs, margin: fs * 0.6, interval: 0 },
    },
    series: [
      {
        id,
        type: 'bar',
        barMaxWidth: fs * 1.4,
        data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color, borderRadius: [0, 3, 3, 0] } })),
        label: { show: true, position: 'right', color: ink.text, fontSize: fs, fontWeight: 'bold' },
      },
    ],
  };
}

export interface ByCountyOptions extends ChartStyle {
  /** County codes drawn in the focus colour. */
  highlight?: readonly string[];
}

/** Features per county, in GB/T 2260 order, for the counties the stats cover. */
export function byCountyBarOption(stats: Pick<StatsResponse, 'counties'>, lang: Lang, opts: ByCountyOptions = {}): ChartOption {
  const { ink } = base(opts);
  const order = new Map(COUNTIES.map((c, i) => [c.code, i]));
  const counties = [...stats.counties].sort((a, b) => (order.get(a.code) ?? 99) - (order.get(b.code) ?? 99));
  const rows = counties.map((c) => ({
    name: lang === 'en' ? c.name_en.replace(/ (District|County|City)$/, '') : c.name,
    value: c.count,
    color: opts.highlight?.includes(c.code) ? ink.focus : ink.bar,
  }));
  const description = counties.map((c) => `${lang === 'en' ? c.name_en : c.name} ${c.count}`).join(lang === 'en' ? '; ' : '；');
  return horizontalBars('by-county', rows, opts, description);
}

/** Features per status (planned, in progress, completed, unknown) — all four always shown. */
export function byStatusBarOption(stats: Pick<StatsResponse, 'by_status'>, lang: Lang, opts: ChartStyle = {}): ChartOption {
  const t = makeT(lang);
  const rows = STATUSES.map((s) => ({ name: t(`status.${s}`), value: stats.by_status[s] ?? 0, color: STATUS_COLORS[s] }));
  return horizontalBars('by-status', rows, opts, rows.map((r) => `${r.name} ${r.value}`).join(', '));
}

/** Features per section of the plan, 一 to 八, labelled with the section's short title. */
export function bySectionBarOption(
  stats: Pick<StatsResponse, 'sections'>,
  measures: readonly Pick<Measure, 'section' | 'section_title' | 'section_title_en'>[],
  lang: Lang,
  opts: ChartStyle & { maxLabel?: number } = {},
): ChartOption {
  const { ink } = base(opts);
  const titles = new Map<number, string>();
  for (const m of measures) if (!titles.has(m.section)) titles.set(m.section, lang === 'en' ? m.section_title_en : m.section_title);
  const counts = new Map(stats.sections.map((s) => [s.section, s.count]));
  const max = opts.maxLabel ?? (lang === 'en' ? 24 : 10);
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  const rows = SECTION_NUMERALS.map((numeral, i) => {
    const title = shortSectionTitle(titles.get(i + 1) ?? '', lang);
    const prefix = lang === 'en' ? `${i + 1}` : numeral;
    return { name: cut(title ? `${prefix} ${title}` : prefix), value: counts.get(i + 1) ?? 0, color: ink.bar };
  });
  return horizontalBars('by-section', rows, opts, rows.map((r) => `${r.name} ${r.value}`).join(', '));
}

/**
 * A section title short enough for an axis label: the words that tell sections apart. Several titles
 * share "健全绿色低碳循环发展的…" / "A green, low-carbon, circular …"; keep what follows.
 */
export function shortSectionTitle(title: string, lang: Lang): string {
  if (lang === 'en') {
    const s = title.replace(/^(an?|the)\s+/i, '').replace(/^green, low-carbon, circular\s+/i, '');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }
  const i = title.lastIndexOf('的');
  return i >= 0 && i < title.length - 2 ? title.slice(i + 1) : title;
}
