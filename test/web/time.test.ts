import { describe, expect, it } from 'vitest';
import { asofOf, monthEnd, monthStops, quarterStops } from '../../web/src/time/asof';
import { parseUrlState, serializeUrlState } from '../../web/src/lib/urlState';
import { filterQuery, statsQuery } from '../../web/src/lib/api';

describe('the time slider stops', () => {
  it('are the month ends from the plan (March 2022) to the last ended month, then today', () => {
    const stops = monthStops('2022-06-15');
    expect(stops).toEqual(['2022-03-31', '2022-04-30', '2022-05-31', '2022-06-15']);
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthStops('2026-11-26')).toHaveLength(10 + 36 + 10 + 1); // 2022-03…12, 2023–2025, 2026-01…10, then today
  });

  it('put a day asked that is not a month end in its place, so the slider shows exactly that day', () => {
    expect(monthStops('2022-06-15', '2022-04-10')).toEqual(['2022-03-31', '2022-04-10', '2022-04-30', '2022-05-31', '2022-06-15']);
  });

  it('quarters end in March, June, September and December, up to the last ended one', () => {
    expect(quarterStops('2023-01-10')).toEqual(['2022-03-31', '2022-06-30', '2022-09-30', '2022-12-31']);
  });
});

describe('asof in the address', () => {
  it('is parsed, kept and written back; a bad one is a problem the page shows, never used', () => {
    expect(parseUrlState('?asof=2024-06-30', { layerIds: [] }).state.asof).toBe('2024-06-30');
    const bad = parseUrlState('?asof=2024-06-31', { layerIds: [] });
    expect(bad.state.asof).toBeUndefined();
    expect(bad.problems[0].parameter).toBe('asof');
    expect(serializeUrlState({ filters: { counties: ['361130'] }, lang: 'zh', asof: '2024-06-30' })).toBe('county=361130&asof=2024-06-30');
    expect(asofOf('?asof=2099-01-01')).toBeUndefined();
    expect(asofOf('county=1&asof=2023-01-31')).toBe('2023-01-31');
  });

  it('goes into the API queries', () => {
    expect(statsQuery({ measures: [4] }, '2024-06-30')).toBe('?measure=4&asof=2024-06-30');
    expect(filterQuery({}, '2024-06-30')).toBe('?asof=2024-06-30');
    expect(statsQuery({})).toBe('');
  });
});
