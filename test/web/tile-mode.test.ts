import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../core/api';
import { parseConfig } from '../../web/src/lib/api';
import { drawsFromTiles, listOf, pagesFor, tileFeature, tileUrl, type LayerRows } from '../../web/src/map/tile-mode';

const row = (id: string) => ({ properties: { id } }) as ApiFeature;
const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => row(`${prefix}${i}`));

describe('tile mode: the threshold decision', () => {
  it('draws from tiles only when all layers together hold more features than the threshold', () => {
    expect(drawsFromTiles([{ count: 30_000 }, { count: 20_000 }], 50_000)).toBe(false);
    expect(drawsFromTiles([{ count: 30_000 }, { count: 20_001 }], 50_000)).toBe(true);
    expect(drawsFromTiles([{ count: 1 }], 0)).toBe(true);
    expect(drawsFromTiles([{ count: 10 ** 9 }], Infinity)).toBe(false);
  });

  it('reads the threshold from /api/config; missing or malformed means never (GeoJSON as before)', () => {
    expect(parseConfig({ tiles: { threshold: 50_000 } }).tileThreshold).toBe(50_000);
    expect(parseConfig({ tiles: { threshold: 0 } }).tileThreshold).toBe(0);
    expect(parseConfig({}).tileThreshold).toBe(Infinity);
    expect(parseConfig({ tiles: { threshold: '5' } }).tileThreshold).toBe(Infinity);
    expect(parseConfig({ tiles: { threshold: -1 } }).tileThreshold).toBe(Infinity);
  });
});

describe('tile mode: data flow', () => {
  it('tile URLs carry the filter the server applies before thinning, never the layer list', () => {
    expect(tileUrl('green-parks', {})).toBe('/tiles/green-parks/{z}/{x}/{y}.mvt');
    expect(tileUrl('green-parks', { counties: ['361130', '361102'], measures: [4], statuses: ['planned'], q: '公园', layers: ['x'] }, '2024-06-30')).toBe(
      '/tiles/green-parks/{z}/{x}/{y}.mvt?county=361130,361102&measure=4&status=planned&q=%E5%85%AC%E5%9B%AD&asof=2024-06-30',
    );
  });

  it('turns a tile feature into the API shape the tooltip and the click read', () => {
    const f = tileFeature({ id: 'p1', name: '公园', name_en: 'Park', status: 'planned', precision: 'approximate', clause: '（四）', outside: false, measures: ',4,16,', counties: ',361102,' }, 'green-parks');
    expect(f.properties).toMatchObject({ id: 'p1', layer: 'green-parks', name: '公园', status: 'planned', precision: 'approximate', measures: [4, 16], counties: ['361102'], outside: false });
    expect(tileFeature({ id: 'p2', measures: ',,', counties: '' }, 'x').properties).toMatchObject({ measures: [], counties: [] });
  });

  it('pages the list through the layers in order, asking each only for what is missing', () => {
    const layers: LayerRows[] = [
      { layer: 'a', matched: 3, rows: [] },
      { layer: 'b', matched: 500, rows: [] },
      { layer: 'c', matched: 0, rows: [] },
    ];
    expect(pagesFor(layers, 200)).toEqual([
      { layer: 'a', offset: 0, limit: 3 },
      { layer: 'b', offset: 0, limit: 197 },
    ]);
    const after = [{ ...layers[0], rows: rows('a', 3) }, { ...layers[1], rows: rows('b', 197) }, layers[2]];
    expect(pagesFor(after, 200)).toEqual([]);
    expect(pagesFor(after, 400)).toEqual([{ layer: 'b', offset: 197, limit: 200 }]);
    expect(pagesFor(after, 10_000)).toEqual([{ layer: 'b', offset: 197, limit: 303 }]);
    expect(listOf(after).total).toBe(503);
    expect(listOf(after).rows.map((r) => r.properties.id).slice(2, 5)).toEqual(['a2', 'b0', 'b1']);
  });
});
