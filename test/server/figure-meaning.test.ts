/**
 * What every figure of /api/stats means, pinned over the shipped data/ (issue 11): each figure is
 * recomputed here, independently of the store's own code, from the public features that
 * `/api/layers/{id}/features` serves for the same filter — the features a user sees listed and drawn.
 * The three views show these figures (the screen's and the planner's are checked against
 * /api/stats in the browser suite), so pinning the API pins the views.
 *
 * Runs on both stores (test/server/stores.ts).
 */
import { area, length } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatsResponse } from '../../core/api';
import { STATUSES } from '../../core/contract';
import { readDataset } from '../../server/dataset/load';
import { testApp } from './app-factory';

interface Props {
  layer: string;
  status: string;
  precision: string;
  measures: number[];
  aims: { id: string }[];
  counties: string[];
  outside: boolean;
}
type F = Feature<Geometry, Props>;

const ds = await readDataset('data');
const app = await testApp(ds);
const LAYERS = ds.layers.map((l) => l.id);
const SECTION_OF = new Map(ds.measures.map((m) => [m.id, m.section]));

async function stats(q: string): Promise<StatsResponse> {
  const res = await app.request(`/api/stats${q}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** Every feature the API lists for the filter, layer by layer (the list and the map). */
async function listed(q: string): Promise<F[]> {
  const params = new URLSearchParams(q);
  const only = params.get('layers')?.split(',');
  params.delete('layers'); // the per-layer endpoint is the layer filter
  params.set('limit', '10000');
  const out: F[] = [];
  for (const id of LAYERS.filter((l) => !only || only.includes(l))) {
    const res = await app.request(`/api/layers/${id}/features?${params}`);
    expect(res.status, `${id}?${params}: ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
    const fc = await res.json();
    out.push(...(fc.features as F[]));
  }
  return out;
}

const byStatusOf = (fs: F[]) => Object.fromEntries(STATUSES.map((s) => [s, fs.filter((f) => f.properties.status === s).length]));
const isLine = (f: F) => f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString';
const isPolygon = (f: F) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon';
const drawnToScale = (f: F) => f.properties.precision !== 'schematic';
const km = (fs: F[]) => fs.filter((f) => isLine(f) && drawnToScale(f)).reduce((s, f) => s + length(f, { units: 'kilometers' }), 0);
const km2 = (fs: F[]) => fs.filter((f) => isPolygon(f) && drawnToScale(f)).reduce((s, f) => s + area(f) / 1e6, 0);

/** Within 0.5 % (the stores compute on the ellipsoid, turf on a sphere), or 0.01 absolute for rounding. */
function near(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(0.01, Math.abs(expected) * 0.005));
}

const FILTERS = ['', '?county=361127', '?county=361130,361181', '?measure=13', '?measure=5,14', '?status=planned', '?layers=bird-habitats,green-parks', '?q=湿地', '?county=361128&status=unknown'];

describe.each(FILTERS)('the figures for "%s" mean what they say', (q) => {
  let s: StatsResponse;
  let fs: F[];
  beforeAll(async () => {
    s = await stats(q);
    fs = await listed(q);
  });
  const counties = /county=([\d,]+)/.exec(q)?.[1]?.split(',');

  it('total: the features listed for the filter, each once', () => {
    expect(new Set(fs.map((f) => f.id)).size).toBe(fs.length);
    expect(s.totals.features).toBe(fs.length);
  });

  it('by status: the listed features by their status, summing to the total', () => {
    expect(s.by_status).toEqual(byStatusOf(fs));
    expect(Object.values(s.by_status).reduce((a, b) => a + b, 0)).toBe(s.totals.features);
  });

  it('per layer: count, by status, by precision and with_extent (non-schematic lines and polygons)', () => {
    for (const l of s.layers) {
      const mine = fs.filter((f) => f.properties.layer === l.id);
      expect(l.count, l.id).toBe(mine.length);
      expect(l.by_status, l.id).toEqual(byStatusOf(mine));
      expect(Object.values(l.by_precision).reduce((a, b) => a + b, 0), l.id).toBe(mine.length);
      for (const [p, n] of Object.entries(l.by_precision)) expect(n, `${l.id} ${p}`).toBe(mine.filter((f) => f.properties.precision === p).length);
      expect(l.with_extent, l.id).toBe(mine.filter((f) => (isLine(f) || isPolygon(f)) && drawnToScale(f)).length);
    }
    expect(s.layers.reduce((a, l) => a + l.count, 0)).toBe(s.totals.features);
  });

  it('km and km²: only geometry drawn to scale (schematic lines add nothing); without a county filter, the whole length and area', () => {
    if (counties) {
      // inside the selected counties only: never more than the whole extent of the listed features
      expect(s.totals.line_km).toBeLessThanOrEqual(km(fs) * 1.005 + 0.01);
      expect(s.totals.polygon_km2).toBeLessThanOrEqual(km2(fs) * 1.005 + 0.01);
    } else {
      near(s.totals.line_km, km(fs));
      near(s.totals.polygon_km2, km2(fs));
      for (const l of s.layers) {
        near(l.line_km, km(fs.filter((f) => f.properties.layer === l.id)));
        near(l.polygon_km2, km2(fs.filter((f) => f.properties.layer === l.id)));
      }
    }
    expect(s.layers.filter((l) => l.with_extent === 0).every((l) => l.line_km === 0 && l.polygon_km2 === 0)).toBe(true);
  });

  it('per county: the listed features that count in that county (by their `counties`), per layer; under a county filter, the selected counties only', () => {
    for (const c of s.counties) {
      const mine = counties && !counties.includes(c.code) ? [] : fs.filter((f) => f.properties.counties.includes(c.code));
      expect(c.count, c.code).toBe(mine.length);
      for (const id of LAYERS) expect(c.by_layer[id] ?? 0, `${c.code} ${id}`).toBe(mine.filter((f) => f.properties.layer === id).length);
    }
    if (counties) expect(s.counties.filter((c) => c.count > 0).every((c) => counties.includes(c.code))).toBe(true);
  });

  it('per county km and km²: the pieces inside each county add up to the length and area inside the city', () => {
    const sumKm = s.counties.reduce((a, c) => a + c.line_km, 0);
    const sumKm2 = s.counties.reduce((a, c) => a + c.polygon_km2, 0);
    // a piece on a shared border counts in one county, so the counties partition what lies in the city
    expect(sumKm).toBeLessThanOrEqual(s.totals.line_km + 0.01 * s.counties.length);
    expect(sumKm2).toBeLessThanOrEqual(s.totals.polygon_km2 + 0.01 * s.counties.length);
    if (counties) {
      near(sumKm, s.totals.line_km);
      near(sumKm2, s.totals.polygon_km2);
    }
  });

  it('city-wide and outside: listed features that count in no county, split by whether they lie outside the city', () => {
    const inNone = fs.filter((f) => f.properties.counties.length === 0);
    expect(s.citywide.count).toBe(inNone.filter((f) => !f.properties.outside).length);
    expect(s.outside.count).toBe(inNone.filter((f) => f.properties.outside).length);
    if (counties) expect(s.citywide.count + s.outside.count).toBe(0);
  });

  it('per section and per measure: listed features serving it, a feature counted once per section', () => {
    for (const sec of s.sections) {
      expect(sec.count, `section ${sec.section}`).toBe(fs.filter((f) => f.properties.measures.some((m) => SECTION_OF.get(m) === sec.section)).length);
    }
    for (const m of s.measures) expect(m.count, `measure ${m.id}`).toBe(fs.filter((f) => f.properties.measures.includes(m.id)).length);
  });

  it('targets: the features (or counties reached) that work towards each, of them completed and unknown — never a count where nothing is mapped', () => {
    for (const m of s.measures) {
      for (const t of m.targets) {
        const by = ds.measures.find((x) => x.id === m.id)!.targets.find((x) => x.id === t.target.id)!.tracked_by;
        if (!by) {
          expect(t, t.target.id).toMatchObject({ tracked: false, current: null, completed: null, unknown: null });
          continue;
        }
        const serving = fs.filter((f) => f.properties.layer === by.layer && (by.aim === undefined || f.properties.aims.some((a) => a.id === by.aim)));
        const measure = (xs: F[]) =>
          by.unit === 'counties' ? new Set(xs.flatMap((f) => f.properties.counties).filter((c) => !counties || counties.includes(c))).size : xs.length;
        expect(t.current, t.target.id).toBe(measure(serving));
        expect(t.completed, t.target.id).toBe(measure(serving.filter((f) => f.properties.status === 'completed')));
        expect(t.unknown, t.target.id).toBe(measure(serving.filter((f) => f.properties.status === 'unknown')));
        expect(t.completed!).toBeLessThanOrEqual(t.current!);
      }
    }
  });
});
