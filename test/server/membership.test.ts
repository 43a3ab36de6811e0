import { describe, expect, it } from 'vitest';
import { CountyIndex } from '../../server/store/membership';
import { InteriorGrid } from '../../server/store/interior-grid';
import { EAST, WEST, dataset } from './factories';

const index = new CountyIndex(dataset().counties);

/** The interior grid over the same squares: says whether a geometry takes the fast path. */
class InteriorGridProbe {
  private readonly grid = new InteriorGrid(dataset().counties.map((c) => c.geometry));
  regionOfLine(cs: number[][]) {
    const xs = cs.map((p) => p[0]);
    const ys = cs.map((p) => p[1]);
    return this.grid.regionOf([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
  }
}

describe('CountyIndex.membershipOf', () => {
  it('puts a point in the county that contains it', () => {
    expect(index.membershipOf({ type: 'Point', coordinates: [118.5, 28.5] }).counties).toEqual([EAST]);
  });

  it('puts a point outside every county in none', () => {
    expect(index.membershipOf({ type: 'Point', coordinates: [120, 30] }).counties).toEqual([]);
  });

  it('splits a line crossing the border into km per county', () => {
    const m = index.membershipOf({ type: 'LineString', coordinates: [[117.5, 28.5], [118.5, 28.5]] });
    expect(m.counties).toEqual([WEST, EAST]);
    // 1° of longitude at 28.5°N is about 97.8 km; half of it lies on each side.
    expect(m.km).toBeCloseTo(97.8, 0);
    expect(m.kmByCounty[WEST]).toBeCloseTo(m.km / 2, 0);
    expect(m.kmByCounty[EAST]).toBeCloseTo(m.km / 2, 0);
  });

  it('counts a line that reaches a border and runs along it in its own county only', () => {
    // In WEST up to the shared border lon 118, then 0.3° north along it: the exact path runs
    // (the box meets the border), and the part along the border is not in EAST.
    const coordinates = [[117.5, 28.5], [118, 28.5], [118, 28.8]];
    expect(new InteriorGridProbe().regionOfLine(coordinates)).toBeUndefined();
    const m = index.membershipOf({ type: 'LineString', coordinates });
    expect(m.counties).toEqual([WEST]);
    expect(m.kmByCounty[WEST]).toBeCloseTo(m.km, 6);
    expect(m.kmByCounty[EAST]).toBeUndefined();
  });

  it('counts a line lying on a shared border once, in the first county of GB/T order', () => {
    const m = index.membershipOf({ type: 'LineString', coordinates: [[118, 28.2], [118, 28.8]] });
    expect(m.counties).toEqual([WEST]);
    expect(m.kmByCounty).toEqual({ [WEST]: m.km });
  });

  it('splits a polygon over the border into km² per county', () => {
    const m = index.membershipOf({
      type: 'Polygon',
      coordinates: [[[117.9, 28.1], [118.3, 28.1], [118.3, 28.2], [117.9, 28.2], [117.9, 28.1]]],
    });
    expect(m.counties).toEqual([WEST, EAST]);
    expect(m.kmByCounty).toEqual({});
    expect(m.km2ByCounty[EAST] / m.km2ByCounty[WEST]).toBeCloseTo(3, 1);
    expect(m.km2ByCounty[WEST] + m.km2ByCounty[EAST]).toBeCloseTo(m.km2, 0);
  });

  it('does not count a polygon that only shares a border with a county', () => {
    expect(new InteriorGridProbe().regionOfLine([[117.2, 28.2], [118, 28.8]])).toBeUndefined();
    const m = index.membershipOf({
      type: 'Polygon',
      coordinates: [[[117.2, 28.2], [118, 28.2], [118, 28.8], [117.2, 28.8], [117.2, 28.2]]],
    });
    expect(m.counties).toEqual([WEST]);
  });
});
