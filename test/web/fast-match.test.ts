import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../core/api';
import { COUNTIES, STATUSES, type Status } from '../../core/contract';
import type { Filters } from '../../core/filters';
import { aimFigures } from '../../web/src/lib/figures';
import { countByLayer } from '../../web/src/lib/match';
import { matchingFeatures } from '../../web/src/planner/derive';
import { fastAims, fastMatch, featureIndex, searchFlags } from '../../web/src/planner/fast-match';
import { visibleResults } from '../../web/src/planner/ResultsList';
import { feature, layer } from './factories';
import { prng as rng } from '../../scripts/data/synth';

const LAYER_IDS = ['green-parks', 'scenic-areas', 'gas-pipelines'];
const layers = LAYER_IDS.map((id) => layer({ id }));
const AIMS = [
  { id: '5a', name: '国家5A级旅游景区', name_en: 'National 5A scenic area' },
  { id: 'resort', name: '国家级旅游度假区', name_en: 'National tourist resort' },
  { id: 'forest', name: '森林旅游地', name_en: 'Forest tourism site' },
];

function randomData(seed: number, n: number) {
  const r = rng(seed);
  const some = <T>(xs: readonly T[], p: number) => xs.filter(() => r() < p);
  const names = ['篁岭', '三清山', 'Poyang Lake', '婺源 江湾', 'Green park', 'ＡＢＣ 公园', '灵山'];
  // A layer the registry does not list as well: its features count, as countByLayer counts them.
  const layerIds = [...LAYER_IDS, 'stray-layer'];
  const features: ApiFeature[] = Array.from({ length: n }, (_, i) =>
    feature({
      id: `f-${i}`,
      name: names[Math.floor(r() * names.length)],
      name_en: r() < 0.2 ? null : names[Math.floor(r() * names.length)],
      layer: layerIds[Math.floor(r() * (r() < 0.05 ? 4 : 3))],
      counties: some(
        COUNTIES.map((c) => c.code),
        0.15,
      ),
      measures: some(
        Array.from({ length: 23 }, (_, k) => k + 1),
        0.1,
      ),
      status: STATUSES[Math.floor(r() * STATUSES.length)] as Status,
      aims: some(AIMS, 0.2),
    } as Partial<ApiFeature['properties']>),
  );
  const filters: Filters[] = Array.from({ length: 250 }, () => {
    const f: Filters = {};
    if (r() < 0.5) f.counties = some(COUNTIES.map((c) => c.code), 0.2);
    if (r() < 0.5) f.measures = some(Array.from({ length: 23 }, (_, i) => i + 1), 0.15);
    if (r() < 0.4) f.statuses = some(STATUSES, 0.5) as Status[];
    if (r() < 0.35) f.q = ['岭', 'lake', 'F-1', '江湾', 'zzz', 'abc', ' ', 'green park'][Math.floor(r() * 8)];
    if (r() < 0.35) f.layers = some([...LAYER_IDS, 'stray-layer'], 0.5);
    return f;
  });
  return { features, filters };
}

describe('fastMatch answers as core/match does (lib/match, derive, figures)', () => {
  it('on 600 random features × 250 random filters: the list, the layer counts and the aims', () => {
    const { features, filters } = randomData(18, 600);
    const index = featureIndex(features, layers);
    const wrong: string[] = [];
    let listed = 0;
    let empty = 0;
    let aimRows = 0;
    for (const f of filters) {
      const fast = fastMatch(index, f);
      const ids = fast.rows.slice().map((x) => x.properties.id);
      const expected = matchingFeatures(features, f, layers).map((x) => x.properties.id);
      if (JSON.stringify(ids) !== JSON.stringify(expected)) wrong.push(`list under ${JSON.stringify(f)}: ${ids.length} vs ${expected.length}`);
      expect(fast.rows.length).toBe(ids.length);
      const counts = countByLayer(features, f, LAYER_IDS);
      if (JSON.stringify(sortKeys(fast.counts)) !== JSON.stringify(sortKeys(counts))) wrong.push(`counts under ${JSON.stringify(f)}: ${JSON.stringify(fast.counts)} vs ${JSON.stringify(counts)}`);
      const aims = fastAims(index, f, fast.matched);
      const expectedAims = aimFigures(features, f);
      if (JSON.stringify(aims) !== JSON.stringify(expectedAims)) wrong.push(`aims under ${JSON.stringify(f)}`);
      listed += ids.length;
      if (ids.length === 0) empty++;
      aimRows += aims.length;
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // The comparison means something only if matches, empty lists and aims all occur often.
    expect(listed).toBeGreaterThan(10_000);
    expect(empty).toBeGreaterThan(20);
    expect(aimRows).toBeGreaterThan(200);
  });

  it('counts a layer the registry does not list only when something in it matches, as countByLayer does', () => {
    const features = [feature({ id: 'a', layer: 'green-parks' }), feature({ id: 'b', layer: 'elsewhere', measures: [9] })];
    const index = featureIndex(features, layers);
    expect(fastMatch(index, { measures: [9] }).counts).toEqual(countByLayer(features, { measures: [9] }, LAYER_IDS));
    expect(fastMatch(index, { measures: [4] }).counts).toEqual({ 'green-parks': 1, 'scenic-areas': 0, 'gas-pipelines': 0 });
  });

  it('matches nothing for a filter list given but empty, everything without a filter', () => {
    const { features } = randomData(7, 50);
    const index = featureIndex(features, layers);
    expect(fastMatch(index, { counties: [] }).rows.length).toBe(0);
    expect(fastMatch(index, { statuses: [] }).rows.length).toBe(0);
    expect(fastMatch(index, {}).rows.length).toBe(features.length);
    expect(fastMatch(index, { layers: [] }).rows.length).toBe(0);
  });
});

describe('featureIndex and searchFlags', () => {
  it('is built once per features array and layer list', () => {
    const { features } = randomData(3, 20);
    expect(featureIndex(features, layers)).toBe(featureIndex(features, layers));
    expect(featureIndex(features, [...layers])).not.toBe(featureIndex(features, layers));
  });
  it('makes the search flags once per normalised search text', () => {
    const features = [feature({ id: 'x-1', name: '篁岭', name_en: 'Huangling' }), feature({ id: 'x-2', name: '三清山', name_en: 'Sanqing' })];
    const index = featureIndex(features, layers);
    expect(searchFlags(index, undefined)).toBeNull();
    expect(searchFlags(index, '\u3000')).toBeNull();
    const flags = searchFlags(index, 'ＨＵＡＮＧ');
    expect(index.sorted.filter((_, i) => flags![i] === 1).map((f) => f.properties.id)).toEqual(['x-1']);
    expect(searchFlags(index, ' huang ')).toBe(flags);
    expect([...searchFlags(index, 'x-')!]).toEqual([1, 1]);
  });
});

describe('MatchRows in the results list', () => {
  it('gives the page and the selected feature as an array of the same features would', () => {
    const { features } = randomData(5, 400);
    const index = featureIndex(features, layers);
    const { rows } = fastMatch(index, { statuses: ['planned', 'completed'] });
    const array = rows.slice();
    expect(array.length).toBeGreaterThan(150);
    const last = array[array.length - 1].properties.id;
    expect(visibleResults(rows, 100, last)).toEqual(visibleResults(array, 100, last));
    expect(visibleResults(rows, 100)).toEqual(array.slice(0, 100));
    expect(rows.slice(10, 20)).toEqual(array.slice(10, 20));
    expect(rows.find((f) => f.properties.id === 'nope')).toBeUndefined();
  });
});

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
