import { describe, expect, it } from 'vitest';
import { makeT } from '../../web/src/i18n';
import { changeWords } from '../../web/src/screen/SincePanel';
import { changedFeatureIds, changedRings, pulse } from '../../web/src/screen/changed';

const cs = (id: string, changes: { op: string; feature?: string; target?: string }[]) =>
  ({ id, at: '2026-11-25T08:00:00Z', author: null, note: null, kind: 'edit', data_version: 'v', changes: changes.map((c) => ({ ...c, counties: [], measures: [], fields: [] })) }) as never;

describe('the screen: what changed since the briefing', () => {
  it('says the first change and how many more; a progress report by its target', () => {
    const t = makeT('en');
    expect(changeWords(cs('1', [{ op: 'update', feature: 'a' }, { op: 'update', feature: 'b' }]), t)).toBe('changed a +1');
    expect(changeWords(cs('2', [{ op: 'progress', target: 'm4-x' }]), t)).toBe('progress reported m4-x');
  });
});

describe('the screen: rings on the features changed since the briefing', () => {
  const feature = (id: string, layer: string, counties: string[], coordinates: [number, number]) =>
    ({ type: 'Feature', id, geometry: { type: 'Point', coordinates }, properties: { id, name: id, name_en: id, layer, counties, measures: [4], status: 'planned' } }) as never;
  const features = [feature('a', 'scenic-areas', ['361130'], [117.9, 29.3]), feature('b', 'scenic-areas', ['361181'], [117.6, 28.9]), feature('c', 'green-parks', ['361130'], [117.8, 29.2]), feature('d', 'green-parks', ['361102'], [117.9, 28.4])];
  const sets = [cs('3', [{ op: 'update', feature: 'a' }, { op: 'update', feature: 'b' }]), cs('4', [{ op: 'create', feature: 'c' }, { op: 'progress', target: 'm4-x' }]), cs('5', [{ op: 'delete', feature: 'd' }])];

  it('rings exactly the changed features the stop shown includes (deleted ones and progress reports not)', () => {
    const ids = changedFeatureIds(sets);
    expect([...ids].sort()).toEqual(['a', 'b', 'c']);
    expect(changedRings(features, ids, {}).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    // A county stop: only those in 婺源; a measure stop that no changed feature serves: none.
    expect(changedRings(features, ids, { counties: ['361130'] }).map((r) => r.id)).toEqual(['a', 'c']);
    expect(changedRings(features, ids, { measures: [5] })).toEqual([]);
    // Hidden layers are not ringed; a point's ring sits on the point.
    const rings = changedRings(features, ids, { layers: ['green-parks'] });
    expect(rings).toEqual([{ id: 'c', position: [117.8, 29.2] }]);
    expect(changedRings(features, new Set(), {})).toEqual([]);
  });

  it('breathes between 1× and 1.5× over two seconds, and is at rest at time 0 (the reduced-motion clock)', () => {
    expect(pulse(0)).toBe(1);
    expect(pulse(1)).toBeCloseTo(1.5);
    expect(pulse(2)).toBeCloseTo(1);
  });
});
