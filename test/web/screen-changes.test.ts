import { describe, expect, it } from 'vitest';
import { makeT } from '../../web/src/i18n';
import { changedFeatureIds, changedPoints } from '../../web/src/screen/changes';
import { changeWords } from '../../web/src/screen/SincePanel';

const cs = (id: string, changes: { op: string; feature?: string; target?: string }[]) =>
  ({ id, at: '2026-11-25T08:00:00Z', author: null, note: null, kind: 'edit', data_version: 'v', changes: changes.map((c) => ({ ...c, counties: [], measures: [], fields: [] })) }) as never;

describe('the screen: what changed since the briefing', () => {
  it('rings the features created, edited or restored, not deleted ones or progress reports', () => {
    const ids = changedFeatureIds([cs('3', [{ op: 'update', feature: 'a' }, { op: 'delete', feature: 'b' }]), cs('2', [{ op: 'progress', target: 'm4-x' }]), cs('1', [{ op: 'restore', feature: 'c' }])]);
    expect([...ids].sort()).toEqual(['a', 'c']);
  });

  it('puts each ring at the middle of the feature’s extent, only for features on the map', () => {
    const f = (id: string, geometry: unknown) => ({ type: 'Feature', id, geometry, properties: { id } }) as never;
    const features = [f('a', { type: 'Point', coordinates: [117.9, 28.4] }), f('c', { type: 'LineString', coordinates: [[117, 28], [118, 29]] }), f('z', { type: 'Point', coordinates: [1, 1] })];
    expect(changedPoints(features, new Set(['a', 'c', 'gone']))).toEqual([
      { id: 'a', position: [117.9, 28.4] },
      { id: 'c', position: [117.5, 28.5] },
    ]);
    expect(changedPoints(features, new Set())).toEqual([]);
  });

  it('says a change by the feature’s name where it is known, by its id otherwise', () => {
    const t = makeT('en');
    const names = (id: string) => (id === 'a' ? 'Sanqingshan' : undefined);
    expect(changeWords(cs('1', [{ op: 'update', feature: 'a' }, { op: 'update', feature: 'b' }]), t, names)).toBe('changed Sanqingshan +1');
    expect(changeWords(cs('1', [{ op: 'update', feature: 'b' }]), t, names)).toBe('changed b');
  });
});
