import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_S, parseScreenParams } from '../../web/src/screen/params';

const parse = (q: string) => parseScreenParams(new URLSearchParams(q));

describe('parseScreenParams', () => {
  it('defaults to a county tour every 20 s', () => {
    expect(parse('')).toEqual({ params: { tour: 'county', interval: DEFAULT_INTERVAL_S, refresh: 60 }, problems: [] });
  });

  it('reads tour and interval', () => {
    expect(parse('tour=measure&interval=5&refresh=2').params).toEqual({ tour: 'measure', interval: 5, refresh: 2 });
    expect(parse('tour=off').params.tour).toBe('off');
    expect(parse('interval=2.5').params.interval).toBe(2.5);
  });

  it('falls back and names the problem for bad values', () => {
    const r = parse('tour=sideways&interval=-3');
    expect(r.params).toEqual({ tour: 'county', interval: DEFAULT_INTERVAL_S, refresh: 60 });
    expect(parse('refresh=1').problems[0].parameter).toBe('refresh');
    expect(r.problems.map((p) => p.parameter)).toEqual(['tour', 'interval']);
    expect(r.problems[0].message).toContain('county, measure, time, off');
    expect(parse('interval=0').problems).toHaveLength(1);
    expect(parse('interval=abc').problems[0].message).toContain('seconds');
  });
});
