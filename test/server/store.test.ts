import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store';
import { EAST, WEST, dataset, feature } from './factories';

const ids = (fs: { id?: string | number }[]) => fs.map((f) => f.id);

describe('MemoryStore.features', () => {
  const store = new MemoryStore(dataset());

  it('returns every feature of a layer with the counties its geometry touches', async () => {
    const page = await store.features({ layer: 'places' });
    expect(ids(page.features)).toEqual(['west-point', 'east-point', 'far-point']);
    expect(page.features.map((f) => f.properties.counties)).toEqual([[WEST], [EAST], []]);
  });

  it('filters by county: a feature counts in every county it touches', async () => {
    expect(ids((await store.features({ counties: [WEST] })).features)).toEqual(['west-point', 'cross-line', 'over-area']);
    expect(ids((await store.features({ counties: [EAST] })).features)).toEqual(['east-point', 'cross-line', 'over-area']);
  });

  it('filters by measure, status and text (Chinese or English, any case)', async () => {
    expect(ids((await store.features({ measures: [16] })).features)).toEqual(['east-point', 'over-area']);
    expect(ids((await store.features({ statuses: ['unknown'] })).features)).toEqual(['east-point']);
    expect(ids((await store.features({ q: '三清' })).features)).toEqual(['west-point']);
    expect(ids((await store.features({ q: 'SANQING' })).features)).toEqual(['west-point']);
  });

  it('combines criteria with AND and values within one with OR', async () => {
    const page = await store.features({ counties: [WEST, EAST], measures: [4], statuses: ['planned'] });
    expect(ids(page.features)).toEqual(['west-point']);
  });

  it('filters by bbox through the spatial index', async () => {
    expect(ids((await store.features({ bbox: [118.4, 28.4, 118.6, 28.6] })).features)).toEqual(['east-point', 'cross-line']);
    expect(ids((await store.features({ bbox: [100, 10, 101, 11] })).features)).toEqual([]);
  });

  it('pages with limit and offset and reports the matches before paging', async () => {
    const page = await store.features({ limit: 2, offset: 1 });
    expect(page.numberMatched).toBe(5);
    expect(ids(page.features)).toEqual(['east-point', 'cross-line']);
  });

  it('serves only the properties the layer declares public', async () => {
    const ds = dataset([feature('secret', { type: 'Point', coordinates: [117.2, 28.2] }, { internal_note: 'NOT-PUBLIC-42' })]);
    const s = new MemoryStore(ds);
    const f = await s.feature('secret');
    expect(f?.properties).not.toHaveProperty('internal_note');
    expect(JSON.stringify(await s.features({}))).not.toContain('NOT-PUBLIC-42');
  });
});

describe('MemoryStore.stats', () => {
  const store = new MemoryStore(dataset());

  it('counts per layer and status for the whole city', async () => {
    const s = await store.stats({});
    expect(s.totals.features).toBe(5);
    expect(s.layers.find((l) => l.id === 'places')!.count).toBe(3);
    expect(s.by_status).toEqual({ planned: 4, in_progress: 0, completed: 0, unknown: 1 });
    expect(s.totals.line_km).toBeCloseTo(97.8, 0);
  });

  it('gives km and km² inside the selected county only', async () => {
    const all = await store.stats({});
    const west = await store.stats({ counties: [WEST] });
    expect(west.totals.line_km).toBeCloseTo(all.totals.line_km / 2, 0);
    expect(west.totals.polygon_km2).toBeCloseTo(all.totals.polygon_km2 / 4, 0);
    const westRow = west.counties.find((c) => c.code === WEST)!;
    expect(westRow.count).toBe(3);
    expect(west.counties.find((c) => c.code === EAST)!.count).toBe(0);
  });

  it('keeps each layer apart in the per-county km and km², so pipelines are not summed with other lines', async () => {
    const ds = dataset([feature('other-line', { type: 'LineString', coordinates: [[117.2, 28.8], [117.4, 28.8]] }, { layer: 'areas', measures: [16] })]);
    const s = await new MemoryStore(ds).stats({});
    const west = s.counties.find((c) => c.code === WEST)!;
    expect(west.by_layer_line_km.pipes).toBeCloseTo(97.8 / 2, 0);
    expect(west.by_layer_line_km.areas).toBeGreaterThan(15);
    expect(west.line_km).toBeCloseTo(west.by_layer_line_km.pipes + west.by_layer_line_km.areas, 1);
    expect(west.by_layer_polygon_km2.areas).toBeCloseTo(west.polygon_km2, 1);
    expect(west.by_layer_polygon_km2.places).toBe(0);
  });

  it('says how many features have a mapped extent, so a km² of 0 from points alone reads as unknown', async () => {
    const s = await store.stats({});
    const by = (id: string) => s.layers.find((l) => l.id === id)!;
    expect(by('places')).toMatchObject({ count: 3, with_extent: 0, polygon_km2: 0 });
    expect(by('pipes')).toMatchObject({ count: 1, with_extent: 1 });
    expect(by('areas')).toMatchObject({ count: 1, with_extent: 1 });
  });

  it('counts features per section of the plan once each', async () => {
    // Factory sections: measure 4 → 2, 5 → 2, 8 → 3, 13 → 5, 16 → 6. east-point serves 4 and 16
    // (sections 2 and 6); 'twin' serves 4 and 5, both in section 2, and counts there once.
    const twin = feature('twin', { type: 'Point', coordinates: [117.3, 28.3] }, { measures: [4, 5] });
    const s = await new MemoryStore(dataset([twin])).stats({});
    expect(s.sections).toEqual([
      { section: 1, count: 0 },
      { section: 2, count: 3 },
      { section: 3, count: 1 },
      { section: 4, count: 0 },
      { section: 5, count: 1 },
      { section: 6, count: 2 },
      { section: 7, count: 0 },
      { section: 8, count: 0 },
    ]);
  });

  it('tracks a target by distinct counties reached (县县通) and never claims completion without a status', async () => {
    const s = await store.stats({});
    const t = s.measures.find((m) => m.id === 13)!.targets[0];
    expect(t).toMatchObject({ tracked: true, current: 2, completed: 0, unknown: 0 });
  });

  it('tracks a target by features with an aim', async () => {
    const s = await store.stats({});
    const t = s.measures.find((m) => m.id === 4)!.targets[0];
    expect(t).toMatchObject({ tracked: true, current: 1, completed: 0 });
    expect(t.target.value).toBe(3);
  });

  it('marks untracked targets with null figures rather than 0', async () => {
    const ds = dataset();
    ds.measures[1].targets = [{ ...ds.measures[3].targets[0], id: 'm2-x', tracked_by: undefined }];
    const s = await new MemoryStore(ds).stats({});
    expect(s.measures[1].targets[0]).toMatchObject({ tracked: false, current: null, completed: null });
  });
});

describe('schematic features count where the plan says, not where they are drawn', () => {
  const sketch = (id: string, plan_counties: string[] | undefined) =>
    feature(id, { type: 'LineString', coordinates: [[117.5, 28.5], [118.5, 28.5]] }, { layer: 'pipes', measures: [13], clause: '（十三）', precision: 'schematic', plan_counties });

  it('counts a schematic line in the county the plan names only, with no length', async () => {
    const store = new MemoryStore(dataset([sketch('named-east', [EAST])]));
    const f = await store.feature('named-east');
    expect(f?.properties.counties).toEqual([EAST]);
    expect(ids((await store.features({ counties: [WEST] })).features)).not.toContain('named-east');
    const s = await store.stats({ layers: ['pipes'], counties: [EAST] });
    expect(s.counties.find((c) => c.code === EAST)!.by_layer.pipes).toBe(2);
    // the one approximate line has km in EAST; the sketch adds none
    const approx = await new MemoryStore(dataset()).stats({ layers: ['pipes'], counties: [EAST] });
    expect(s.layers.find((l) => l.id === 'pipes')!.line_km).toBe(approx.layers.find((l) => l.id === 'pipes')!.line_km);
    expect(s.layers.find((l) => l.id === 'pipes')!.with_extent).toBe(1);
  });

  it('counts a schematic feature whose county the plan does not name as city-wide, in no county', async () => {
    const store = new MemoryStore(dataset([sketch('nowhere', []), sketch('unset', undefined)]));
    expect((await store.feature('nowhere'))?.properties.counties).toEqual([]);
    expect(ids((await store.features({ counties: [WEST, EAST] })).features)).not.toContain('nowhere');
    const s = await store.stats({});
    expect(s.citywide).toEqual({ count: 2, by_layer: { places: 0, pipes: 2, areas: 0 } });
    expect(s.counties.reduce((n, c) => n + (c.by_layer.pipes ?? 0), 0)).toBe(2); // the approximate line, in WEST and EAST
    expect(s.outside.count).toBe(1); // the factory's far-point
  });

  it('counts a place outside the city under outside, not city-wide', async () => {
    const s = await new MemoryStore(dataset([feature('far-away', { type: 'Point', coordinates: [121.8, 29.9] }, { outside: true })])).stats({});
    // with the factory's far-point, also outside
    expect(s.outside).toEqual({ count: 2, by_layer: { places: 2, pipes: 0, areas: 0 } });
    expect(s.citywide.count).toBe(0);
  });
});
