/**
 * Headline figures, computed from the API's answers (never typed in): each target the plan states
 * beside what the map counts towards it, titles pursued by scenic areas, totals per layer.
 * Where no status says anything is done, the figure says "progress not reported" — never 0 %.
 */
import type { ApiFeature, LayerInfo, StatsResponse, ReportedProgress } from '../../../core/api';
import { COUNTY_CODES, type Lang, type Status } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import type { Standing } from '../../../core/deadlines';
import type { Measure, Target } from '../../../core/schema';
import { propsMatcher } from './match';

/** The contract's layers whose lengths and areas the figures single out. */
export const PIPELINE_LAYER = 'gas-pipelines';
export const HABITAT_LAYER = 'bird-habitats';
/** The titles scenic areas pursue (5A, resort…) are the screen's "titles pursued" card; other aims (sea outlets) are targets. */
export const SCENIC_LAYER = 'scenic-areas';

export type Progress = 'untracked' | 'unknown' | 'reported';

export interface TargetFigure {
  measureId: number;
  target: Target;
  /** What is counted towards the target on the map under the filter; null when not mapped. */
  current: number | null;
  completed: number | null;
  /** The number to reach, where one can be stated: the plan's value, or all counties for "县县通". */
  goal: number | null;
  progress: Progress;
  /** completed / goal, 0–100, only when progress is reported and the goal is a count. */
  percent: number | null;
  /** The latest progress report on the target (value, as-of date, source), if any. */
  reported?: ReportedProgress | null;
  /** The target's deadline and where it stands on the page's day (from /api/stats, core/deadlines.ts). */
  deadline?: string | null;
  standing?: Standing;
}

export function goalOf(t: Target, filters: Filters): number | null {
  if (t.value !== null) return t.value;
  if (t.comparator === 'all' && t.tracked_by?.unit === 'counties') return (filters.counties ?? COUNTY_CODES).length;
  return null;
}

/**
 * Every target of the measures in `stats` (only those of `filters.measures` when set), in measure order.
 * `measures` supplies targets the API omits for untracked ones.
 */
export function targetFigures(stats: StatsResponse, measures: readonly Measure[], filters: Filters): TargetFigure[] {
  const want = (id: number) => !filters.measures || filters.measures.includes(id);
  const byId = new Map(stats.measures.map((m) => [m.id, m]));
  const out: TargetFigure[] = [];
  for (const m of [...measures].sort((a, b) => a.id - b.id)) {
    if (!want(m.id)) continue;
    const ms = byId.get(m.id);
    for (const target of m.targets) {
      const tp = ms?.targets.find((x) => x.target.id === target.id);
      const tracked = !!tp?.tracked && tp.current !== null;
      const current = tracked ? tp!.current : null;
      const completed = tracked ? tp!.completed : null;
      const goal = goalOf(target, filters);
      const progress: Progress = !tracked ? 'untracked' : (completed ?? 0) > 0 ? 'reported' : 'unknown';
      const countable = goal !== null && goal > 0 && target.unit !== '%';
      const percent = progress === 'reported' && countable ? Math.min(100, Math.round((100 * completed!) / goal!)) : null;
      out.push({ measureId: m.id, target, current, completed, goal, progress, percent, reported: tp?.reported ?? null, deadline: tp?.deadline, standing: tp?.standing });
    }
  }
  return out;
}

export interface AimFigure {
  id: string;
  name: string;
  name_en: string;
  /** Places under the filter the plan asks to reach this title. */
  count: number;
  completed: number;
  unknown: number;
}

/** Titles the plan asks places to pursue (5A, resort, forest tourism…), counted over the filtered features. */
export function aimFigures(features: readonly ApiFeature[], filters: Filters, onlyLayer?: string): AimFigure[] {
  const byAim = new Map<string, AimFigure>();
  const matches = propsMatcher(filters);
  for (const f of features) {
    const p = f.properties;
    if (!p.aims?.length || !matches(p)) continue;
    if (onlyLayer !== undefined && p.layer !== onlyLayer) continue;
    if (filters.layers && !filters.layers.includes(p.layer)) continue;
    for (const aim of p.aims) {
      const row = byAim.get(aim.id) ?? { id: aim.id, name: aim.name, name_en: aim.name_en, count: 0, completed: 0, unknown: 0 };
      row.count += 1;
      if (p.status === 'completed') row.completed += 1;
      if (p.status === 'unknown') row.unknown += 1;
      byAim.set(aim.id, row);
    }
  }
  return [...byAim.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

export interface LayerFigure {
  id: string;
  name: string;
  name_en: string;
  color: string;
  count: number;
  line_km: number;
  polygon_km2: number;
  /** Features drawn as lines or polygons; 0 means km² is unknown, not none. */
  with_extent: number;
  /** Some of the features are schematic: their km measure a sketch. */
  schematic: boolean;
  by_status: Record<Status, number>;
}

/** Per-layer totals in registry order, for the layers the filter shows. */
export function layerFigures(stats: StatsResponse, layers: readonly LayerInfo[], filters: Filters): LayerFigure[] {
  const byId = new Map(stats.layers.map((l) => [l.id, l]));
  return layers
    .filter((l) => !filters.layers || filters.layers.includes(l.id))
    .map((l) => {
      const s = byId.get(l.id);
      return {
        id: l.id,
        name: l.name,
        name_en: l.name_en,
        color: l.color,
        count: s?.count ?? 0,
        line_km: s?.line_km ?? 0,
        polygon_km2: s?.polygon_km2 ?? 0,
        with_extent: s?.with_extent ?? 0,
        schematic: (s?.by_precision.schematic ?? 0) > 0,
        by_status: s?.by_status ?? { planned: 0, in_progress: 0, completed: 0, unknown: 0 },
      };
    });
}

/**
 * The big number of a target card. Only completed work is progress: where features (or counties)
 * are reported completed the card shows "completed / goal"; otherwise it shows the goal and says
 * "progress not reported" — the count of planned or unknown features on the map is not progress
 * (measure 13's six pipelines are the six counties that still lack trunk gas).
 */
export type Headline = { kind: 'progress'; value: number } | { kind: 'goal' };

/** A progress report in words: "已报告进展：12（截至 2025-12-31；来源：…）". */
export function reportedText(r: ReportedProgress, unit: string, t: (k: 'progress.reported', v: Record<string, string | number>) => string): string {
  return t('progress.reported', { value: `${r.value}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`, as_of: r.as_of, source: r.source });
}

export function targetHeadline(f: Pick<TargetFigure, 'progress' | 'completed'>): Headline {
  return f.progress === 'reported' ? { kind: 'progress', value: f.completed ?? 0 } : { kind: 'goal' };
}

/** How a layer's length reads: km only where some of its lines are drawn to scale (not schematic). */
export function lengthShown(l: Pick<LayerFigure, 'with_extent' | 'line_km'>): boolean {
  return l.with_extent > 0 && l.line_km > 0;
}

/** A target's goal split for display: a figure ("≥ 20", "98", "12"), its unit, or words when it has no number; and its year. */
export interface GoalParts {
  figure: string | null;
  unit: string;
  words: string | null;
  year: string;
}

export function goalParts(f: Pick<TargetFigure, 'target' | 'goal'>, lang: Lang): GoalParts {
  const t = f.target;
  const unit = lang === 'en' ? t.unit_en : t.unit;
  const year = t.year === null ? (lang === 'en' ? 'no date set' : '未定年限') : lang === 'en' ? `by ${t.year}` : `${t.year}年前`;
  if (t.comparator === 'complete') return { figure: null, unit: '', words: lang === 'en' ? 'complete' : '完成', year };
  if (t.comparator === 'all') {
    if (f.goal !== null) return { figure: String(f.goal), unit, words: null, year };
    return { figure: null, unit: '', words: lang === 'en' ? `every ${unit || 'one'}` : `${unit}全覆盖`, year };
  }
  if (t.value === null) return { figure: null, unit: '', words: lang === 'en' ? t.what_en : t.what, year };
  return { figure: `${t.comparator === 'at_least' ? '≥ ' : ''}${t.value}`, unit, words: null, year };
}

/** A target's goal in one line, e.g. "≥ 20 家 · 2025年前", "全部 12 县（市、区）", "≥ 98% · 2025年前". */
export function goalText(f: Pick<TargetFigure, 'target' | 'goal'>, lang: Lang): string {
  const g = goalParts(f, lang);
  const all = f.target.comparator === 'all' && g.figure !== null;
  const main = g.figure !== null ? `${all ? (lang === 'en' ? 'all ' : '全部 ') : ''}${g.figure}${g.unit === '%' ? '%' : g.unit ? ` ${g.unit}` : ''}` : g.words!;
  return f.target.year === null ? main : `${main} · ${g.year}`;
}
