import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { PublicFeatureProperties } from '../../core/api';
import type { FilterExpr } from '../../server/store/filter';
import { likeToRegExp, matchesFilter } from '../../server/store/filter-match';

const subject = (props: Partial<PublicFeatureProperties>, geometry: Geometry = { type: 'Point', coordinates: [117.5, 28.5] }) => {
  const [x, y] = geometry.type === 'Point' ? geometry.coordinates : [0, 0];
  return {
    properties: { id: 'a', name: '三清山', name_en: 'Sanqingshan', status: 'planned', measures: [4, 16], counties: ['361102'], outside: false, ...props } as PublicFeatureProperties,
    geometry,
    bbox: [x, y, x, y] as [number, number, number, number],
  };
};
const m = (e: FilterExpr, props: Partial<PublicFeatureProperties> = {}) => matchesFilter(e, subject(props));

describe('matchesFilter: the memory store reading of the filter AST', () => {
  it('compares scalars; a null property matches neither = nor <> nor its NOT (three-valued logic)', () => {
    expect(m({ op: '=', property: 'status', value: 'planned' })).toBe(true);
    expect(m({ op: '<>', property: 'status', value: 'planned' })).toBe(false);
    expect(m({ op: '=', property: 'zone', value: 'x' })).toBe(false);
    expect(m({ op: '<>', property: 'zone', value: 'x' })).toBe(false);
    expect(m({ op: 'not', arg: { op: '=', property: 'zone', value: 'x' } })).toBe(false);
    expect(m({ op: 'or', args: [{ op: '=', property: 'zone', value: 'x' }, { op: '=', property: 'status', value: 'planned' }] })).toBe(true);
    expect(m({ op: '=', property: 'zone', value: 'sanqingshan' }, { zone: 'sanqingshan' })).toBe(true);
  });

  it('lists match when any element does; <> means none is equal', () => {
    expect(m({ op: '=', property: 'measure', value: 16 })).toBe(true);
    expect(m({ op: '=', property: 'measure', value: 5 })).toBe(false);
    expect(m({ op: '<>', property: 'measure', value: 16 })).toBe(false);
    expect(m({ op: '<>', property: 'measure', value: 5 })).toBe(true);
    expect(m({ op: '>', property: 'measure', value: 10 })).toBe(true);
    expect(m({ op: 'in', property: 'county', values: ['361130', '361102'] })).toBe(true);
    expect(m({ op: 'isNull', property: 'county' }, { counties: [] })).toBe(true);
    expect(m({ op: 'isNull', property: 'county' })).toBe(false);
  });

  it('LIKE: % and _ wildcards, \\ escapes, case-sensitive, regex characters literal', () => {
    expect(likeToRegExp('三清%').test('三清山')).toBe(true);
    expect(likeToRegExp('三_山').test('三清山')).toBe(true);
    expect(likeToRegExp('三_山').test('三清清山')).toBe(false);
    expect(likeToRegExp('a.c').test('abc')).toBe(false);
    expect(likeToRegExp('a-b/c~[d]').test('a-b/c~[d]')).toBe(true);
    expect(likeToRegExp('100\\%').test('100%')).toBe(true);
    expect(likeToRegExp('100\\%').test('1000')).toBe(false);
    expect(m({ op: 'like', property: 'name_en', pattern: 'sanq%' })).toBe(false);
  });

  it('TRUE and FALSE are an empty AND and an empty OR', () => {
    expect(m({ op: 'and', args: [] })).toBe(true);
    expect(m({ op: 'or', args: [] })).toBe(false);
  });

  it('intersects: exact geometry, not only bounding boxes', () => {
    const line = subject({}, { type: 'LineString', coordinates: [[117, 28], [118, 29]] });
    line.bbox = [117, 28, 118, 29];
    // A triangle inside the line's bbox but away from the diagonal.
    const away: Geometry = { type: 'Polygon', coordinates: [[[117.6, 28.1], [117.9, 28.1], [117.9, 28.3], [117.6, 28.1]]] };
    const across: Geometry = { type: 'Polygon', coordinates: [[[117.4, 28.4], [117.6, 28.4], [117.6, 28.6], [117.4, 28.6], [117.4, 28.4]]] };
    expect(matchesFilter({ op: 'intersects', geometry: away }, line)).toBe(false);
    expect(matchesFilter({ op: 'intersects', geometry: across }, line)).toBe(true);
  });
});
