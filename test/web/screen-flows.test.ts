import { describe, expect, it } from 'vitest';
import { cumulativeKm, distanceKm, flowPaths, flowTime } from '../../web/src/screen/flows';
import { feature } from './factories';

const pipe = (id: string, coords: [number, number][], over = {}) =>
  feature({ id, layer: 'gas-pipelines', precision: 'schematic', counties: ['361102'], ...over }, { type: 'LineString', coordinates: coords });

describe('distances', () => {
  it('measures one degree of latitude as about 111 km', () => {
    expect(distanceKm([117, 28], [117, 29])).toBeCloseTo(111.2, 0);
    expect(cumulativeKm([[117, 28], [117, 28.5], [117, 29]]).map((d) => Math.round(d))).toEqual([0, 56, 111]);
  });
});

describe('flowPaths', () => {
  it('gives each pipeline increasing timestamps and enough shifted copies to fill the loop', () => {
    const { paths, longestKm } = flowPaths([pipe('p1', [[117, 28], [117, 28.5]])], {}, 12);
    expect(longestKm).toBeCloseTo(55.6, 0);
    expect(paths).toHaveLength(Math.ceil(longestKm / 12) + 1);
    for (const p of paths) for (let i = 1; i < p.timestamps.length; i++) expect(p.timestamps[i]).toBeGreaterThan(p.timestamps[i - 1]);
    expect(paths[1].timestamps[0] - paths[0].timestamps[0]).toBe(12);
  });

  it('only flows along pipelines the filter shows', () => {
    const fs = [pipe('p1', [[117, 28], [117, 28.1]]), pipe('p2', [[118, 28], [118, 28.1]], { counties: ['361130'] }), feature({ id: 's', layer: 'scenic-areas' })];
    const ids = (f: object) => new Set(flowPaths(fs, f).paths.map((p) => p.id.split('#')[0]));
    expect(ids({})).toEqual(new Set(['p1', 'p2']));
    expect(ids({ counties: ['361130'] })).toEqual(new Set(['p2']));
    expect(ids({ layers: ['scenic-areas'] })).toEqual(new Set());
  });
});

describe('flowTime', () => {
  it('cycles within [longest, longest + spacing)', () => {
    for (const t of [0, 1, 2.9, 3, 100.5]) {
      const v = flowTime(t, 50, 12, 4);
      expect(v).toBeGreaterThanOrEqual(50);
      expect(v).toBeLessThan(62);
    }
    expect(flowTime(1, 50, 12, 4)).toBe(54);
  });
});
