/** Figures for a filter (`/api/stats`), computed from the matching records. Pure. */
import type { CountyStats, LayerStats, MeasureStats, ReportedProgress, StatsResponse, TargetProgress } from '../../core/api';
import type { ProgressReport } from '../../core/changes';
import { PRECISIONS, STATUSES, type CountyInfo, type Precision, type Status } from '../../core/contract';
import type { Filters } from '../../core/filters';
import type { Layer, Measure, Target } from '../../core/schema';
import type { FeatureRecord } from './records';

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const roundAll = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]));

function emptyByStatus(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

function emptyByPrecision(): Record<Precision, number> {
  return Object.fromEntries(PRECISIONS.map((p) => [p, 0])) as Record<Precision, number>;
}

/** km / km² of a record that count under the filter: inside the selected counties, or whole. */
function sizeUnder(r: FeatureRecord, counties: string[] | undefined): { km: number; km2: number } {
  if (!counties) return { km: r.membership.km, km2: r.membership.km2 };
  let km = 0;
  let km2 = 0;
  for (const c of counties) {
    km += r.membership.kmByCounty[c] ?? 0;
    km2 += r.membership.km2ByCounty[c] ?? 0;
  }
  return { km, km2 };
}

export interface StatsInput {
  filters: Filters;
  version: string;
  matches: FeatureRecord[];
  layers: Layer[];
  measures: Measure[];
  counties: CountyInfo[];
  /** Progress reports recorded on targets (any order); the latest `as_of` per target is shown. Absent for a read-only store: no `reported` at all. */
  progress?: readonly ProgressReport[];
}

export function computeStats({ filters, version, matches, layers, measures, counties, progress }: StatsInput): StatsResponse {
  const reported = progress ? latestReports(progress) : undefined;
  const byStatus = emptyByStatus();
  let lineKm = 0;
  let polyKm2 = 0;
  const layerStats = new Map<string, LayerStats>(
    layers.map((l) => [l.id, { id: l.id, count: 0, line_km: 0, polygon_km2: 0, with_extent: 0, by_status: emptyByStatus(), by_precision: emptyByPrecision() }]),
  );
  const perLayer = () => Object.fromEntries(layers.map((l) => [l.id, 0]));
  const countyStats = new Map<string, CountyStats>(
    counties.map((c) => [
      c.code,
      {
        code: c.code,
        name: c.name,
        name_en: c.name_en,
        count: 0,
        by_layer: perLayer(),
        line_km: 0,
        polygon_km2: 0,
        by_layer_line_km: perLayer(),
        by_layer_polygon_km2: perLayer(),
      },
    ]),
  );
  // features that count in no county: schematic ones whose county the plan does not name, and places outside the city
  const citywide = { count: 0, by_layer: perLayer() };
  const outside = { count: 0, by_layer: perLayer() };
  const sectionOf = new Map(measures.map((m) => [m.id, m.section]));
  const sectionCounts = new Map<number, number>();

  for (const r of matches) {
    const { km, km2 } = sizeUnder(r, filters.counties);
    byStatus[r.status]++;
    lineKm += km;
    polyKm2 += km2;
    const ls = layerStats.get(r.layer);
    if (ls) {
      ls.count++;
      ls.line_km += km;
      ls.polygon_km2 += km2;
      // a schematic line is a sketch: it has no length to count (precision rule, plan-membership.ts)
      if (!r.geometry.type.endsWith('Point') && r.precision !== 'schematic') ls.with_extent++;
      ls.by_status[r.status]++;
      ls.by_precision[r.precision]++;
    }
    if (r.membership.counties.length === 0) {
      const where = r.outside ? outside : citywide;
      where.count++;
      where.by_layer[r.layer] = (where.by_layer[r.layer] ?? 0) + 1;
    }
    for (const code of r.membership.counties) {
      if (filters.counties && !filters.counties.includes(code)) continue;
      const cs = countyStats.get(code);
      if (!cs) continue;
      cs.count++;
      cs.by_layer[r.layer] = (cs.by_layer[r.layer] ?? 0) + 1;
      const km = r.membership.kmByCounty[code] ?? 0;
      const km2 = r.membership.km2ByCounty[code] ?? 0;
      cs.line_km += km;
      cs.polygon_km2 += km2;
      cs.by_layer_line_km[r.layer] = (cs.by_layer_line_km[r.layer] ?? 0) + km;
      cs.by_layer_polygon_km2[r.layer] = (cs.by_layer_polygon_km2[r.layer] ?? 0) + km2;
    }
    for (const s of new Set(r.measures.map((m) => sectionOf.get(m)))) {
      if (s !== undefined) sectionCounts.set(s, (sectionCounts.get(s) ?? 0) + 1);
    }
  }

  const measureStats: MeasureStats[] = measures.map((m) => ({
    id: m.id,
    section: m.section,
    count: matches.filter((r) => r.measures.includes(m.id)).length,
    targets: m.targets.map((t) => (reported ? { ...targetProgress(t, matches, filters.counties), reported: reported.get(t.id) ?? null } : targetProgress(t, matches, filters.counties))),
  }));

  return {
    filters,
    data_version: version,
    totals: { features: matches.length, line_km: round(lineKm), polygon_km2: round(polyKm2) },
    by_status: byStatus,
    layers: [...layerStats.values()].map((l) => ({ ...l, line_km: round(l.line_km), polygon_km2: round(l.polygon_km2) })),
    counties: [...countyStats.values()].map((c) => ({
      ...c,
      line_km: round(c.line_km),
      polygon_km2: round(c.polygon_km2),
      by_layer_line_km: roundAll(c.by_layer_line_km),
      by_layer_polygon_km2: roundAll(c.by_layer_polygon_km2),
    })),
    citywide,
    outside,
    sections: Array.from({ length: 8 }, (_, i) => ({ section: i + 1, count: sectionCounts.get(i + 1) ?? 0 })),
    measures: measureStats,
  };
}

/** The latest report per target: by `as_of`, then by the order recorded. */
export function latestReports(progress: readonly ProgressReport[]): Map<string, ReportedProgress> {
  const out = new Map<string, ReportedProgress>();
  const best = new Map<string, ProgressReport>();
  for (const r of progress) {
    const b = best.get(r.target);
    if (!b || r.as_of > b.as_of || (r.as_of === b.as_of && Number(r.change_set) >= Number(b.change_set))) best.set(r.target, r);
  }
  for (const [t, r] of best)
    out.set(t, { value: r.value, as_of: r.as_of, source: r.source, ...(r.note ? { note: r.note } : {}), reported_at: r.reported_at, change_set: r.change_set });
  return out;
}

/** A target beside the mapped features that work towards it (or the counties they reach). */
export function targetProgress(target: Target, matches: FeatureRecord[], counties: string[] | undefined): TargetProgress {
  const by = target.tracked_by;
  if (!by) return { target, tracked: false, current: null, completed: null, unknown: null };
  const serving = matches.filter((r) => r.layer === by.layer && (by.aim === undefined || r.aims.includes(by.aim)));
  if (by.unit === 'counties') {
    const reached = (rs: FeatureRecord[]) =>
      new Set(rs.flatMap((r) => r.membership.counties).filter((c) => !counties || counties.includes(c))).size;
    return {
      target,
      tracked: true,
      current: reached(serving),
      completed: reached(serving.filter((r) => r.status === 'completed')),
      unknown: reached(serving.filter((r) => r.status === 'unknown')),
    };
  }
  return {
    target,
    tracked: true,
    current: serving.length,
    completed: serving.filter((r) => r.status === 'completed').length,
    unknown: serving.filter((r) => r.status === 'unknown').length,
  };
}
