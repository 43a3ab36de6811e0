import { describe, expect, it } from 'vitest';
import { countByLayer, matchesFilters, normalizeText, suggestNames } from '../../web/src/lib/match';
import { feature } from './factories';

describe('matchesFilters', () => {
  const f = feature().properties;
  it('matches county and measure by any shared value', () => {
    expect(matchesFilters(f, { counties: ['361130', '361102'], measures: [4] })).toBe(true);
    expect(matchesFilters(f, { counties: ['361102'] })).toBe(false);
    expect(matchesFilters(f, { measures: [16] })).toBe(false);
  });
  it('matches status by membership', () => {
    expect(matchesFilters(f, { statuses: ['planned'] })).toBe(true);
    expect(matchesFilters(f, { statuses: ['completed'] })).toBe(false);
  });
  it('searches Chinese and English names, case-insensitively', () => {
    expect(matchesFilters(f, { q: '篁' })).toBe(true);
    expect(matchesFilters(f, { q: 'HUANG' })).toBe(true);
    expect(matchesFilters(f, { q: '三清山' })).toBe(false);
  });
});

describe('normalizeText', () => {
  it('folds full-width letters and case', () => {
    expect(normalizeText(' ＡＢｃ  d ')).toBe('abc d');
  });
});

describe('countByLayer', () => {
  it('counts matches per layer and lists empty layers with 0', () => {
    const fs = [feature(), feature({ id: 'b', counties: ['361102'] }), feature({ id: 'c', layer: 'green-parks' })];
    expect(countByLayer(fs, { counties: ['361130'] }, ['scenic-areas', 'green-parks', 'bird-habitats'])).toEqual({
      'scenic-areas': 1,
      'green-parks': 1,
      'bird-habitats': 0,
    });
  });
});

describe('suggestNames', () => {
  it('puts names starting with the text first', () => {
    const fs = [feature({ id: 'a', name: '婺源篁岭' }), feature({ id: 'b', name: '篁岭' })];
    expect(suggestNames(fs, '篁', 'zh').map((s) => s.id)).toEqual(['b', 'a']);
    expect(suggestNames(fs, '', 'zh')).toEqual([]);
  });
});
