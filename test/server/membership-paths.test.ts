/**
 * The interior-grid fast path and turf's exact path give the same memberships: on random points,
 * lines and polygons over the real county polygons (data/counties.geojson), seeded, many of them
 * crossing or touching a border. The exact index never takes the fast path; the default one takes
 * it wherever a feature's box lies inside one county.
 */
import { readFileSync } from 'node:fs';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CountyIndex, type CountyFeature, type Membership } from '../../server/store/membership';
import { InteriorGrid } from '../../server/store/interior-grid';
import { prng as rng } from '../../scripts/data/synth';

const counties = (JSON.parse(readFileSync('data/counties.geojson', 'utf8')) as { features: CountyFeature[] }).features;
const fast = new CountyIndex(counties);
const exact = new CountyIndex(counties, { exactOnly: true });
const grid = new InteriorGrid(counties.map((c) => c.geometry));

const all = counties.flatMap((c) => (c.geometry.type === 'Polygon' ? c.geometry.coordinates : c.geometry.coordinates.flat()).flat());
const [minX, minY, maxX, maxY] = [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];

function randomFeatures(seed: number, n: number): Geometry[] {
  const r = rng(seed);
  const at = (): Position => [minX + r() * (maxX - minX), minY + r() * (maxY - minY)];
  // Sizes from 100 m to 30 km, so some sit well inside a county and some cross borders.
  const size = () => 0.001 * 300 ** r();
  const out: Geometry[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y] = at();
    const s = size();
    switch (i % 4) {
      case 0:
        out.push({ type: 'Point', coordinates: [x, y] });
        break;
      case 1: {
        const cs: Position[] = [[x, y]];
        for (let k = 0, m = 1 + Math.floor(r() * 3); k < m; k++) {
          const [px, py] = cs[cs.length - 1];
          cs.push([px + (r() - 0.5) * 2 * s, py + (r() - 0.5) * 2 * s]);
        }
        out.push({ type: 'LineString', coordinates: cs });
        break;
      }
      case 2:
        out.push({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s * 0.7], [x, y + s * 0.7], [x, y]]] });
        break;
      default:
        out.push({ type: 'Polygon', coordinates: [[[x, y], [x + s, y + s * 0.2], [x + s * 0.3, y + s], [x, y]]] });
    }
  }
  return out;
}

function expectSame(a: Membership, b: Membership, label: string) {
  expect(a.counties, label).toEqual(b.counties);
  expect(Object.keys(a.kmByCounty).sort(), label).toEqual(Object.keys(b.kmByCounty).sort());
  expect(Object.keys(a.km2ByCounty).sort(), label).toEqual(Object.keys(b.km2ByCounty).sort());
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
  for (const [k, v] of Object.entries(a.kmByCounty)) expect(close(v, b.kmByCounty[k]), `${label}: km in ${k} ${v} vs ${b.kmByCounty[k]}`).toBe(true);
  for (const [k, v] of Object.entries(a.km2ByCounty)) expect(close(v, b.km2ByCounty[k]), `${label}: km² in ${k} ${v} vs ${b.km2ByCounty[k]}`).toBe(true);
  expect(close(a.km, b.km) && close(a.km2, b.km2), label).toBe(true);
}

const bboxOf = (g: Geometry): [number, number, number, number] => {
  const ps = (g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.type === 'Polygon' ? g.coordinates.flat() : []) as Position[];
  return [Math.min(...ps.map((p) => p[0])), Math.min(...ps.map((p) => p[1])), Math.max(...ps.map((p) => p[0])), Math.max(...ps.map((p) => p[1]))];
};

describe('interior-grid fast path = exact path', () => {
  const features = randomFeatures(20221118, 240);

  it('the random set exercises both paths, and features in several counties', () => {
    const onFast = features.filter((g) => grid.regionOf(bboxOf(g)) !== undefined).length;
    expect(onFast).toBeGreaterThan(features.length * 0.3);
    expect(onFast).toBeLessThan(features.length * 0.95);
    const multi = features.filter((g) => exact.membershipOf(g).counties.length > 1).length;
    expect(multi).toBeGreaterThan(5);
  });

  it('gives the same counties, km and km² for every feature', () => {
    features.forEach((g, i) => expectSame(fast.membershipOf(g), exact.membershipOf(g), `feature ${i} ${JSON.stringify(g).slice(0, 200)}`));
  });
});
