/**
 * `/api/stats` on PostGIS: one SQL query aggregates the matching features (counts, km, km² per
 * layer / status / precision, per county and layer, per section and measure, and what targets
 * need); `assembleStats` (pure) shapes those aggregates into the same JSON as the embedded store's
 * `computeStats`, key for key.
 */
import type { CountyStats, LayerStats, StatsResponse, TargetProgress } from '../../../core/api';
import { PRECISIONS, STATUSES, type CountyInfo, type Precision, type Status } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import type { Layer, Measure, Target } from '../../../core/schema';
import { whereClause } from './sql';

export interface StatsAggregates {
  /** Per layer, status, precision and whether the geometry has an extent (not a point). */
  groups: { layer: string; status: Status; precision: Precision; extent: boolean; n: number; km: number; km2: number }[];
  /** Per county (within the county filter) and layer. */
  counties: { county: string; layer: string; n: number; km: number; km2: number }[];
  sections: { section: number; n: number }[];
  measures: { id: number; n: number }[];
  /** Features per layer, status and aim. */
  aims: { layer: string; status: Status; aim: string; n: number }[];
  /** Matches counted in no county, per layer and whether they lie outside the city. */
  unplaced: { layer: string; outside: boolean; n: number }[];
  /** Distinct (layer, status, aim or null, county) of the matches, within the county filter. */
  reach: { layer: string; status: Status; aim: string | null; county: string }[];
}

/** The aggregate query and its parameters. */
export function statsQuery(filters: Filters): { sql: string; params: unknown[] } {
  const where = whereClause(filters);
  const params = [...where.params];
  let countyParam = '';
  if (filters.counties) {
    params.push(filters.counties);
    countyParam = `$${params.length}::text[]`;
  }
  const sizeUnder = (col: 'km' | 'km2') =>
    filters.counties ? `(SELECT COALESCE(sum(fc.${col}), 0) FROM feature_counties fc WHERE fc.feature_id = f.id AND fc.county = ANY(${countyParam}))` : `f.${col}`;
  const inCounties = filters.counties ? `WHERE fc.county = ANY(${countyParam})` : '';
  const agg = (select: string) => `(SELECT COALESCE(json_agg(x), '[]'::json) FROM (${select}) x)`;
  const sql = `
    WITH m AS MATERIALIZED (
      SELECT f.id, f.layer, f.status, f.precision, f.measures, f.aims, f.outside,
             f.geom_type NOT LIKE '%Point' AND f.precision <> 'schematic' AS extent,
             NOT EXISTS (SELECT 1 FROM feature_counties fc WHERE fc.feature_id = f.id) AS unplaced,
             ${sizeUnder('km')} AS km, ${sizeUnder('km2')} AS km2
      FROM features f WHERE ${where.sql}
    )
    SELECT json_build_object(
      'groups', ${agg('SELECT layer, status, precision, extent, count(*)::int AS n, sum(km) AS km, sum(km2) AS km2 FROM m GROUP BY 1, 2, 3, 4')},
      'counties', ${agg(`SELECT fc.county, m.layer, count(*)::int AS n, sum(fc.km) AS km, sum(fc.km2) AS km2 FROM m JOIN feature_counties fc ON fc.feature_id = m.id ${inCounties} GROUP BY 1, 2`)},
      'sections', ${agg('SELECT ms.section, count(DISTINCT m.id)::int AS n FROM m CROSS JOIN LATERAL unnest(m.measures) AS u(mid) JOIN measures ms ON ms.id = u.mid GROUP BY 1')},
      'measures', ${agg('SELECT u.mid AS id, count(DISTINCT m.id)::int AS n FROM m CROSS JOIN LATERAL unnest(m.measures) AS u(mid) GROUP BY 1')},
      'unplaced', ${agg('SELECT layer, outside, count(*)::int AS n FROM m WHERE unplaced GROUP BY 1, 2')},
      'aims', ${agg('SELECT m.layer, m.status, a.aim, count(DISTINCT m.id)::int AS n FROM m CROSS JOIN LATERAL unnest(m.aims) AS a(aim) GROUP BY 1, 2, 3')},
      'reach', ${agg(`SELECT DISTINCT m.layer, m.status, a.aim, fc.county FROM m JOIN feature_counties fc ON fc.feature_id = m.id LEFT JOIN LATERAL unnest(m.aims) AS a(aim) ON true ${inCounties}`)}
    ) AS stats`;
  return { sql, params };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const emptyByStatus = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
const emptyByPrecision = () => Object.fromEntries(PRECISIONS.map((p) => [p, 0])) as Record<Precision, number>;

export interface AssembleInput {
  filters: Filters;
  version: string;
  aggregates: StatsAggregates;
  layers: Layer[];
  measures: Measure[];
  counties: CountyInfo[];
}

/** The stats JSON from the aggregates: the same shape and key order as `computeStats`. Pure. */
export function assembleStats({ filters, version, aggregates: a, layers, measures, counties }: AssembleInput): StatsResponse {
  const byStatus = emptyByStatus();
  let features = 0;
  let lineKm = 0;
  let polyKm2 = 0;
  const layerStats = new Map<string, LayerStats>(
    layers.map((l) => [l.id, { id: l.id, count: 0, line_km: 0, polygon_km2: 0, with_extent: 0, by_status: emptyByStatus(), by_precision: emptyByPrecision() }]),
  );
  for (const g of a.groups) {
    features += g.n;
    byStatus[g.status] += g.n;
    lineKm += g.km;
    polyKm2 += g.km2;
    const ls = layerStats.get(g.layer);
    if (!ls) continue;
    ls.count += g.n;
    ls.line_km += g.km;
    ls.polygon_km2 += g.km2;
    if (g.extent) ls.with_extent += g.n;
    ls.by_status[g.status] += g.n;
    ls.by_precision[g.precision] += g.n;
  }

  const perLayer = () => Object.fromEntries(layers.map((l) => [l.id, 0]));
  const countyStats = new Map<string, CountyStats>(
    counties.map((c) => [
      c.code,
      { code: c.code, name: c.name, name_en: c.name_en, count: 0, by_layer: perLayer(), line_km: 0, polygon_km2: 0, by_layer_line_km: perLayer(), by_layer_polygon_km2: perLayer() },
    ]),
  );
  for (const r of a.counties) {
    const cs = countyStats.get(r.county);
    if (!cs) continue;
    cs.count += r.n;
    cs.by_layer[r.layer] = (cs.by_layer[r.layer] ?? 0) + r.n;
    cs.line_km += r.km;
    cs.polygon_km2 += r.km2;
    cs.by_layer_line_km[r.layer] = (cs.by_layer_line_km[r.layer] ?? 0) + r.km;
    cs.by_layer_polygon_km2[r.layer] = (cs.by_layer_polygon_km2[r.layer] ?? 0) + r.km2;
  }

  const citywide = { count: 0, by_layer: perLayer() };
  const outside = { count: 0, by_layer: perLayer() };
  for (const u of a.unplaced ?? []) {
    const where = u.outside ? outside : citywide;
    where.count += u.n;
    where.by_layer[u.layer] = (where.by_layer[u.layer] ?? 0) + u.n;
  }

  const sectionCounts = new Map(a.sections.map((s) => [s.section, s.n]));
  const measureCounts = new Map(a.measures.map((m) => [m.id, m.n]));
  const roundAll = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]));

  return {
    filters,
    data_version: version,
    totals: { features, line_km: round(lineKm), polygon_km2: round(polyKm2) },
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
    measures: measures.map((m) => ({
      id: m.id,
      section: m.section,
      count: measureCounts.get(m.id) ?? 0,
      targets: m.targets.map((t) => targetProgress(t, a)),
    })),
  };
}

function targetProgress(target: Target, a: StatsAggregates): TargetProgress {
  const by = target.tracked_by;
  if (!by) return { target, tracked: false, current: null, completed: null, unknown: null };
  if (by.unit === 'counties') {
    const rows = a.reach.filter((r) => r.layer === by.layer && (by.aim === undefined || r.aim === by.aim));
    const reached = (keep: (s: Status) => boolean) => new Set(rows.filter((r) => keep(r.status)).map((r) => r.county)).size;
    return { target, tracked: true, current: reached(() => true), completed: reached((s) => s === 'completed'), unknown: reached((s) => s === 'unknown') };
  }
  const count = (keep: (s: Status) => boolean) =>
    by.aim === undefined
      ? a.groups.filter((g) => g.layer === by.layer && keep(g.status)).reduce((n, g) => n + g.n, 0)
      : a.aims.filter((x) => x.layer === by.layer && x.aim === by.aim && keep(x.status)).reduce((n, x) => n + x.n, 0);
  return { target, tracked: true, current: count(() => true), completed: count((s) => s === 'completed'), unknown: count((s) => s === 'unknown') };
}
