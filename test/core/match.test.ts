import { describe, expect, it } from 'vitest';
import { filterMatcher, geometryBbox, normalizeText, searchTextOf, type Matchable } from '../../core/match';

const item = (over: Partial<Matchable> = {}): Matchable => ({
  layer: 'green-parks',
  counties: ['361130'],
  measures: [4],
  status: 'planned',
  searchText: searchTextOf({ id: 'park-wuyuan', name: '婺源工业园', name_en: 'Wuyuan Industrial Park' }),
  bbox: [117.8, 29.2, 117.9, 29.3],
  ...over,
});

describe('core/match', () => {
  it('normalises full-width letters, ideographic spaces, runs of white space and case', () => {
    expect(normalizeText(' ＡＢｃ\u3000\u3000d ')).toBe('abc d');
  });

  it('searches the Chinese name, the English name and the id, but never across two of them', () => {
    expect(filterMatcher({ q: '工业园' })(item())).toBe(true);
    expect(filterMatcher({ q: 'INDUSTRIAL  park' })(item())).toBe(true);
    expect(filterMatcher({ q: 'ｐａｒｋ-ｗｕ' })(item())).toBe(true);
    expect(filterMatcher({ q: 'park park' })(item())).toBe(false);
    expect(filterMatcher({ q: '园 wuyuan' })(item())).toBe(false);
  });

  it('combines parameters with AND and values within one with OR', () => {
    expect(filterMatcher({ layers: ['waterways', 'green-parks'], counties: ['361102', '361130'], measures: [4, 5], statuses: ['planned'] })(item())).toBe(true);
    expect(filterMatcher({ layers: ['waterways'] })(item())).toBe(false);
    expect(filterMatcher({ counties: ['361102'] })(item())).toBe(false);
    expect(filterMatcher({ measures: [5] })(item())).toBe(false);
    expect(filterMatcher({ statuses: ['completed'] })(item())).toBe(false);
  });

  it('matches a bbox that touches the item bbox, and never an item without one', () => {
    expect(filterMatcher({ bbox: [117.9, 29.3, 118, 29.4] })(item())).toBe(true);
    expect(filterMatcher({ bbox: [117.91, 29.3, 118, 29.4] })(item())).toBe(false);
    expect(filterMatcher({ bbox: [100, 0, 180, 90] })(item({ bbox: null }))).toBe(false);
  });

  it('geometryBbox covers every coordinate of nested and collected geometries', () => {
    expect(geometryBbox({ type: 'Point', coordinates: [1, 2] })).toEqual([1, 2, 1, 2]);
    expect(
      geometryBbox({
        type: 'GeometryCollection',
        geometries: [
          { type: 'LineString', coordinates: [[0, 5], [3, -1]] },
          { type: 'MultiPolygon', coordinates: [[[[10, 10], [11, 10], [11, 12], [10, 10]]]] },
        ],
      }),
    ).toEqual([0, -1, 11, 12]);
    expect(geometryBbox({ type: 'MultiPoint', coordinates: [] })).toBeNull();
  });
});
