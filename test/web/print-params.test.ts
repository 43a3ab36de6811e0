import { describe, expect, it } from 'vitest';
import { parsePrintUrl, printHref } from '../../web/src/print/params';

const LAYERS = ['green-parks', 'scenic-areas', 'gas-pipelines'];

describe('/print parameters', () => {
  it('reads the shared parameters plus orient, each and since', () => {
    const p = parsePrintUrl('?county=361130&measure=13&lang=en&asof=2025-12-31&since=2025-10-01&orient=landscape&each=county', LAYERS);
    expect(p.problems).toEqual([]);
    expect(p.state.filters).toEqual({ counties: ['361130'], measures: [13] });
    expect(p.state.lang).toBe('en');
    expect(p.state.asof).toBe('2025-12-31');
    expect(p).toMatchObject({ orient: 'landscape', each: 'county', since: '2025-10-01' });
  });

  it('defaults to one portrait sheet', () => {
    const p = parsePrintUrl('', LAYERS);
    expect(p.orient).toBe('portrait');
    expect(p.each).toBeUndefined();
    expect(p.since).toBeUndefined();
    expect(p.problems).toEqual([]);
  });

  it('ignores bad values and unknown parameters, and lists them', () => {
    const p = parsePrintUrl('?orient=sideways&each=town&since=yesterday&county=999999&foo=1', LAYERS);
    expect(p.orient).toBe('portrait');
    expect(p.each).toBeUndefined();
    expect(p.since).toBeUndefined();
    expect(p.state.filters.counties).toBeUndefined();
    expect(p.problems.map((x) => x.parameter).sort()).toEqual(['county', 'each', 'foo', 'orient', 'since']);
    expect(p.problems.find((x) => x.parameter === 'orient')!.message).toMatch(/allowed: portrait, landscape/);
  });

  it('builds the print address from a page state (no feature, since kept)', () => {
    expect(printHref({ filters: { counties: ['361130'], measures: [13] }, lang: 'en', asof: '2025-12-31', feature: 'scenic-huangling' }, { since: '2025-10-01' })).toBe(
      '/print?county=361130&measure=13&lang=en&asof=2025-12-31&since=2025-10-01',
    );
    expect(printHref({ filters: {}, lang: 'zh' })).toBe('/print');
    // What the planner writes, /print reads back the same.
    const back = parsePrintUrl(printHref({ filters: { counties: ['361130'], statuses: ['planned'], q: '篁岭' }, lang: 'zh' }).slice('/print'.length), LAYERS);
    expect(back.problems).toEqual([]);
    expect(back.state.filters).toEqual({ counties: ['361130'], statuses: ['planned'], q: '篁岭' });
  });
});
