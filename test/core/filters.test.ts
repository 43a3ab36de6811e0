import { describe, expect, it } from 'vitest';
import { filterKey, parseBbox, parseFilters, serializeFilters } from '../../core/filters';
import { normalizeCountyCode } from '../../core/contract';

const layerIds = ['green-parks', 'scenic-areas', 'gas-pipelines'];
const parse = (qs: string, allowBbox = true) => parseFilters(new URLSearchParams(qs), { layerIds, allowBbox });

describe('normalizeCountyCode', () => {
  it('keeps current codes', () => {
    expect(normalizeCountyCode('361130')).toBe('361130');
  });
  it('maps the retired 上饶县 code and name to 广信区', () => {
    expect(normalizeCountyCode('361121')).toBe('361104');
    expect(normalizeCountyCode('上饶县')).toBe('361104');
  });
  it('accepts current Chinese and English names', () => {
    expect(normalizeCountyCode('婺源县')).toBe('361130');
    expect(normalizeCountyCode('wuyuan county')).toBe('361130');
  });
  it('rejects codes of other prefectures and inherited object keys', () => {
    expect(normalizeCountyCode('360102')).toBeUndefined();
    expect(normalizeCountyCode('__proto__')).toBeUndefined();
    expect(normalizeCountyCode('toString')).toBeUndefined();
  });
});

describe('parseFilters', () => {
  it('returns no filters and no problems for an empty query', () => {
    expect(parse('')).toEqual({ filters: {}, problems: [] });
  });

  it('parses every contract parameter', () => {
    const { filters, problems } = parse(
      'layers=scenic-areas,green-parks&county=361130,361121&measure=16,4&status=planned&q=%E4%B8%89%E6%B8%85%E5%B1%B1&bbox=117,28,119,30',
    );
    expect(problems).toEqual([]);
    expect(filters).toEqual({
      layers: ['scenic-areas', 'green-parks'],
      counties: ['361130', '361104'],
      measures: [4, 16],
      statuses: ['planned'],
      q: '三清山',
      bbox: [117, 28, 119, 30],
    });
  });

  it('keeps good values and reports each bad one with its parameter', () => {
    const { filters, problems } = parse('county=361130,999999&measure=4,0,24,abc,4.5&status=done&layers=roads');
    expect(filters.counties).toEqual(['361130']);
    expect(filters.measures).toEqual([4]);
    expect(filters.statuses).toBeUndefined();
    expect(filters.layers).toBeUndefined();
    expect(problems.map((p) => [p.parameter, p.value])).toEqual([
      ['layers', 'roads'],
      ['county', '999999'],
      ['measure', '0'],
      ['measure', '24'],
      ['measure', 'abc'],
      ['measure', '4.5'],
      ['status', 'done'],
    ]);
    expect(problems.find((p) => p.parameter === 'measure')!.message).toMatch(/1 to 23/);
    expect(problems.find((p) => p.parameter === 'status')!.message).toMatch(/planned, in_progress, completed, unknown/);
  });

  it('rejects a repeated parameter instead of picking one', () => {
    const { filters, problems } = parse('county=361130&county=361102');
    expect(filters.counties).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0].parameter).toBe('county');
    expect(problems[0].message).toMatch(/2 times/);
  });

  it('rejects over-long search text', () => {
    const { filters, problems } = parse(`q=${'山'.repeat(201)}`);
    expect(filters.q).toBeUndefined();
    expect(problems[0].parameter).toBe('q');
    expect(problems[0].value.length).toBeLessThan(50);
  });

  it('ignores bbox where it is not allowed (the pages)', () => {
    expect(parse('bbox=1,2,3', false)).toEqual({ filters: {}, problems: [] });
  });

  it('treats empty values and empty list items as absent', () => {
    expect(parse('county=&measure=4,,&q=%20')).toEqual({ filters: { measures: [4] }, problems: [] });
  });
});

describe('parseBbox', () => {
  it.each([
    ['1,2,3', /3 number/],
    ['1,2,3,4,5', /5 number/],
    ['NaN,1,2,3', /finite/],
    ['Infinity,1,2,3', /finite/],
    ['1e2,1,2,3', /finite/],
    ['119,28,117,30', /reversed/],
    ['117,28,117,30', /reversed/],
    ['-200,28,117,30', /out of range/],
    ['117,-95,118,30', /out of range/],
  ])('rejects %s', (raw, why) => {
    const result = parseBbox(raw);
    expect(typeof result).toBe('string');
    expect(result).toMatch(why);
    expect(result).toMatch(/minLon,minLat,maxLon,maxLat/);
  });
});

describe('serializeFilters / filterKey', () => {
  it('round-trips through parseFilters', () => {
    const qs = 'layers=scenic-areas&county=361130&measure=4,16&status=planned,unknown&q=%E7%AF%81%E5%B2%AD';
    const { filters } = parse(qs);
    expect(parse(serializeFilters(filters).toString()).filters).toEqual(filters);
  });

  it('gives the same key for the same filter in any order or case', () => {
    const a = parse('county=361130,361102&measure=16,4&q=Wuyuan').filters;
    const b = parse('measure=4,16&county=361102,361130&q=wuyuan').filters;
    expect(filterKey(a)).toBe(filterKey(b));
    expect(filterKey(a)).not.toBe(filterKey(parse('county=361130').filters));
  });
});
