import { describe, expect, it } from 'vitest';
import { CountyIndex } from '../../server/store/membership';
import { EAST, WEST, dataset } from './factories';

const index = new CountyIndex(dataset().counties);

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

  it('does not count a line that runs only along a border as being in both counties', () => {
    const m = index.membershipOf({ type: 'LineString', coordinates: [[117.2, 28.5], [117.4, 28.5]] });
    expect(m.counties).toEqual([WEST]);
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
    const m = index.membershipOf({
      type: 'Polygon',
      coordinates: [[[117.2, 28.2], [118, 28.2], [118, 28.8], [117.2, 28.8], [117.2, 28.2]]],
    });
    expect(m.counties).toEqual([WEST]);
  });
});
