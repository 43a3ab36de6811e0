import * as turf from '@turf/turf';
import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readDataset } from '../../server/dataset/load';
import { UNMAPPED_PLACES } from '../../scripts/data/named-places';

const ds = await readDataset('data');
const counties = ds.counties;
const MEASURE_TEXT = (id: number) => ds.measures.find((m) => m.id === id)?.text ?? '';

/** Counties a feature's geometry touches (vertices; enough for points and the short lines here). */
function countiesOf(id: string): string[] {
  const f = ds.features.find((x) => x.properties.id === id);
  if (!f) throw new Error(`no feature ${id}`);
  const g = f.geometry;
  const pts = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : [turf.pointOnFeature(f as Feature).geometry.coordinates];
  return [...new Set(pts.flatMap((p) => counties.filter((c) => turf.booleanPointInPolygon(p, c)).map((c) => c.properties.code)))].sort();
}

describe('named places lie in their counties', () => {
  it.each([
    ['scenic-huangling', ['361130']],
    ['scenic-guifeng', ['361126']],
    ['scenic-lingshan', ['361104']],
    ['scenic-gexianshan', ['361124']],
    ['scenic-gexiancun', ['361124']],
    ['scenic-damaoshan', ['361181']],
    ['scenic-dazhangshan', ['361130']],
    ['scenic-tongboshan', ['361103']],
    ['scenic-yunbifeng', ['361102']],
    ['scenic-shennongyuan', ['361129']],
    ['habitat-yanshan-wuyishan', ['361124']],
    ['habitat-raohe-source-wetland', ['361130']],
    ['habitat-wuyuan-forest', ['361130']],
    ['gas-poyang-industrial-park-to-county-town', ['361128']],
    ['gas-yugan-hitech-zone-to-county-town', ['361127']],
    ['gas-guangfeng-provincial-connection', ['361103']],
    ['gas-yushan-provincial-connection', ['361123']],
    ['gas-dexing-provincial-connection', ['361181']],
    ['gas-wuyuan-provincial-connection', ['361130']],
  ])('%s is in %j', (id, codes) => {
    expect(countiesOf(id)).toEqual(codes);
  });

  it('三清山 is on the 玉山/德兴 border (within 10 km of both)', () => {
    const p = ds.features.find((f) => f.properties.id === 'scenic-sanqingshan')!.geometry as Point;
    for (const code of ['361123', '361181']) {
      const c = counties.find((x) => x.properties.code === code)!;
      const d = turf.booleanPointInPolygon(p.coordinates, c) ? 0 : turf.pointToPolygonDistance(p.coordinates, c, { units: 'kilometers' });
      expect(d).toBeLessThan(10);
    }
  });

  it('鄱阳湖湿地 lies in 鄱阳县 or 余干县', () => {
    expect(['361127', '361128']).toEqual(expect.arrayContaining(countiesOf('habitat-poyang-lake-wetland')));
  });

  it('the ports marked outside are in Fujian / Zhejiang, not in the city', () => {
    expect(countiesOf('logistics-ningde-port-shangrao-terminal')).toEqual([]);
    expect(countiesOf('logistics-ningbo-sea-outlet')).toEqual([]);
  });
});

describe('named places that are not mapped', () => {
  const readme = readFileSync('data/README.md', 'utf8');
  it('are each listed in data/README.md and named by the plan', () => {
    for (const p of UNMAPPED_PLACES) {
      expect(readme, p.name).toContain(p.name);
      expect(MEASURE_TEXT(p.measure), p.name).toContain(p.name);
    }
  });
});
