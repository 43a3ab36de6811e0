import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../../core/api';
import { buildLayerIndex, geometryBox, LayerIndexCache } from '../../../server/tiles/layer-index';
import { START_GRID, thinTile } from '../../../server/tiles/thin';

type Item = { id: number; bbox: [number, number, number, number] };
const tile = { z: 8, x: 211, y: 107 }; // holds lon 117.0–118.4, lat ~28.3–29.5
const pt = (id: number, lon: number, lat: number): Item => ({ id, bbox: [lon, lat, lon, lat] });

describe('thinning a dense tile', () => {
  it('keeps every feature of a tile within the budget, untouched', () => {
    const items = [pt(1, 117.5, 28.8), pt(2, 117.5, 28.8)];
    expect(thinTile(items, (i) => i.bbox, tile, 10)).toEqual({ kept: items, omitted: 0, grid: 0 });
  });

  it('over the budget: one point per grid cell, the first in order; counts what it left out', () => {
    // 30 points on the same spot and 5 spread apart: budget 10 → the spot keeps its first point.
    const same = Array.from({ length: 30 }, (_, i) => pt(i, 117.5, 28.8));
    const apart = Array.from({ length: 5 }, (_, i) => pt(100 + i, 117.1 + i * 0.2, 29.0));
    const out = thinTile([...same, ...apart], (i) => i.bbox, tile, 10);
    expect(out.kept.map((i) => i.id)).toEqual([0, 100, 101, 102, 103, 104]);
    expect(out.omitted).toBe(29);
    expect(out.grid).toBe(START_GRID);
  });

  it('never drops a feature larger than a cell (a long line), however dense the tile', () => {
    const line: Item = { id: -1, bbox: [117.1, 28.5, 118.2, 29.3] };
    const same = Array.from({ length: 50 }, (_, i) => pt(i, 117.5, 28.8));
    const out = thinTile([...same, line], (i) => i.bbox, tile, 5);
    expect(out.kept.map((i) => i.id)).toEqual([0, -1]);
    expect(out.omitted).toBe(50 - 1);
  });

  it('coarsens the grid until the tile fits the budget', () => {
    // a 100×100 lattice across the tile: 10,000 distinct cells at 256², fewer at coarser grids
    const items: Item[] = [];
    for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) items.push(pt(i * 100 + j, 117.0 + (1.4 * i) / 100, 28.35 + (1.1 * j) / 100));
    const out = thinTile(items, (i) => i.bbox, tile, 1000);
    expect(out.kept.length).toBeLessThanOrEqual(1000);
    expect(out.kept.length).toBeGreaterThan(100);
    expect(out.grid).toBeLessThan(START_GRID);
    expect(out.kept.length + out.omitted).toBe(items.length);
  });
});

describe('per-layer spatial index', () => {
  const f = (id: string, geometry: ApiFeature['geometry']) => ({ type: 'Feature', id, geometry, properties: { id } }) as unknown as ApiFeature;
  const a = f('a', { type: 'Point', coordinates: [117.5, 28.5] });
  const b = f('b', { type: 'LineString', coordinates: [[117.0, 28.0], [118.0, 29.0]] });
  const c = f('c', { type: 'Point', coordinates: [119.5, 27.0] });

  it('finds the features whose box meets a box, in the layer order', () => {
    const index = buildLayerIndex([a, b, c]);
    expect(index.search([117.4, 28.4, 117.6, 28.6])).toEqual([a, b]);
    expect(index.search([119, 26.5, 120, 27.5])).toEqual([c]);
    expect(index.search([100, 10, 101, 11])).toEqual([]);
    expect(index.bboxOf(b)).toEqual([117, 28, 118, 29]);
    expect(buildLayerIndex([]).search([0, 0, 1, 1])).toEqual([]);
  });

  it('boxes geometries of any depth', () => {
    expect(geometryBox({ type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 5], [1, 2]]] } as never)).toEqual([1, 2, 3, 5]);
  });

  it('builds an index once per key and drops the least recently used', async () => {
    const cache = new LayerIndexCache(2);
    let builds = 0;
    const build = async () => (builds++, buildLayerIndex([a]));
    await cache.get('x', build);
    await cache.get('x', build);
    await cache.get('y', build);
    await cache.get('x', build); // x is now the most recent
    await cache.get('z', build); // drops y
    await cache.get('x', build);
    expect(builds).toBe(3);
    await cache.get('y', build);
    expect(builds).toBe(4);
  });
});
